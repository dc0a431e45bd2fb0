"""``lianggang report annual|midterm|final|tables --plan ID --region CODE --year YEAR --format F -o FILE``.

Bad arguments print one Chinese line on stderr and exit with code 2.
"""
from __future__ import annotations

import sys


from lianggang.cli import DataCommand
from lianggang.reports.build import FORMATS, KINDS, ReportError, build_report


class Command(DataCommand):
    help = ("生成年度监测报告、中期/终期评估报告或统计资料 "
            "Build the annual monitoring report, a midterm/final evaluation report or the statistical tables")

    def add_arguments(self, parser):
        parser.add_argument("kind", help="报告类型：annual 统计监测报告，midterm 中期评估报告，final 终期评估报告，"
                                         "tables 统计资料 report kind: " + "|".join(KINDS))
        parser.add_argument("--plan", type=int, required=True, help="纲要编号 plan id (lianggang plans)")
        parser.add_argument("--region", required=True, help="区划代码 region code")
        parser.add_argument("--year", type=int, required=True, help="监测年度 year")
        parser.add_argument("--format", dest="fmt", default=None,
                            help="文件格式 " + "|".join(FORMATS) + "（默认：统计资料 xlsx，其余 docx）"
                                 " file format (default: xlsx for tables, docx otherwise)")
        parser.add_argument("-o", "--output", required=True, help="输出文件 output file")

    def handle(self, *args, kind, plan, region, year, fmt, output, **opts):
        from lianggang.plans.models import Plan
        from lianggang.regions.models import Region

        plan_obj = Plan.objects.filter(pk=plan).first()
        if plan_obj is None:
            self._fail(f"report：找不到编号为 {plan} 的纲要")
        region_obj = Region.objects.filter(code=region).first()
        if region_obj is None:
            self._fail(f"report：找不到区划代码 {region}")
        fmt = fmt or ("xlsx" if kind == "tables" else "docx")
        try:
            data, _name, _type = build_report(kind, plan_obj, region_obj, year, fmt)
        except ReportError as e:
            self._fail(f"report：{e}")
        with open(output, "wb") as f:
            f.write(data)
        self.stdout.write(f"已生成 {output}")

    def _fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
