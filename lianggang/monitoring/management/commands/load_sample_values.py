"""``lianggang load-sample-values [--plan ID] [--seed N]``: approved 示例数据 for the demo (never for real use)."""
from __future__ import annotations

import sys

from lianggang.cli import DataCommand
from lianggang.plans.models import Plan


class Command(DataCommand):
    help = "为纲要生成示例数据（已审核、标为示例数据，仅供演示） Load deterministic sample values for the demo"

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="只为此纲要生成（默认：全部纲要） plan id (default: every plan)")
        parser.add_argument("--seed", type=int, default=2021,
                            help="随机种子：同一种子总得到同样的数据 random seed: the same seed gives the same values")

    def handle(self, *args, **opts):
        # The sample writer brings the bulk loader and its PostgreSQL driver: loaded when it runs,
        # not whenever `lianggang --help` reads this command's help.
        from lianggang.monitoring.sample import load_sample_values

        plans = None
        if opts["plan"] is not None:
            plans = list(Plan.objects.filter(pk=opts["plan"]))
            if not plans:
                self.stderr.write(f"load-sample-values: 没有编号为 {opts['plan']} 的纲要（lianggang plans 列出全部）")
                sys.exit(2)
        report = load_sample_values(plans, seed=opts["seed"])
        self.stdout.write(f"示例数据：新写入 {report.values} 个数值，已有 {report.skipped} 个未改动"
                          f"（{report.series} 条序列）。示例数据仅供演示，非真实统计数据。")
