"""``lianggang export-dictionary FILE.xlsx [--plan ID]``: the data dictionary (指标解释) as a workbook."""
from __future__ import annotations

import sys

from lianggang.cli import DataCommand


class Command(DataCommand):
    help = "导出数据字典（指标定义、计算方法、单位、数据来源） Export the data dictionary (definition, method, unit, source)"

    def add_arguments(self, parser):
        parser.add_argument("output", help="输出的 xlsx 文件 output .xlsx file")
        parser.add_argument("--plan", type=int, default=None,
                            help="只导出该纲要的指标（默认：标准指标目录） only this plan's indicators (default: the catalogue)")

    def handle(self, *args, output, plan, **opts):
        from lianggang.plans.models import Plan
        from lianggang.reports import dictionary
        from lianggang.reports.render_xlsx import render

        if not output.lower().endswith(".xlsx"):
            self.stderr.write(f"export-dictionary：输出文件应以 .xlsx 结尾：{output}")
            sys.exit(2)
        if plan is None:
            sheets = dictionary.catalogue_dictionary()
        else:
            plan_obj = Plan.objects.filter(pk=plan).first()
            if plan_obj is None:
                self.stderr.write(f"export-dictionary：找不到编号为 {plan} 的纲要")
                sys.exit(2)
            sheets = dictionary.plan_dictionary(plan_obj)
        with open(output, "wb") as f:
            f.write(render(sheets))
        self.stdout.write(f"已导出 {len(sheets[0].rows)} 项指标的解释到 {output}")
