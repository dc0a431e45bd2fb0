"""``lianggang warnings --plan ID [--region CODE] [--year YEAR] [--department NAME] [--format table|json]``.

The early-warning list (未实现、退步、预计达标困难、波动较大): targets at risk, off track, not
achieved or volatile, most severe first, with the responsible department and the reason.
"""
from __future__ import annotations

import json

from lianggang.evaluation.commandline import EvaluationCommand, plan_region_year
from lianggang.evaluation.services import assess_plan


def warning_rows(pa, department: str | None = None) -> list[dict]:
    rows = []
    for r in pa.warnings:
        dept = r.department
        if department and not (dept and department in (dept.name, dept.short_name)):
            continue
        rows.append({
            "target_id": r.target.pk, "indicator": r.indicator.name, "domain": r.domain.name,
            "department": dept.short_name or dept.name if dept else "",
            "status": str(r.status), "status_label": r.status.zh, "volatile": r.volatile,
            "reason": r.reason,
        })
    return rows


class Command(EvaluationCommand):
    help = "预警清单：预计达标困难、退步、未实现或波动较大的目标 (early warnings of a plan in a region and year)"

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="纲要编号 plan id (lianggang plans)")
        parser.add_argument("--region", help="区划代码（默认：纲要所属区划） region code (default: the plan's region)")
        parser.add_argument("--year", type=int, help="年度（默认：有已审核数据的最近年度） year (default: the latest with approved data)")
        parser.add_argument("--department", help="只列此成员单位（名称或简称） only this member department (name or short name)")
        parser.add_argument("--format", choices=("table", "json"), default="table",
                            help="输出格式：table 表格（默认）或 json output format: table (default) or json")

    def act(self, **opts):
        plan, region, year = plan_region_year(opts["plan"], opts["region"], opts["year"])
        pa = assess_plan(plan, region, year)
        rows = warning_rows(pa, opts["department"])
        if opts["format"] == "json":
            self.stdout.write(json.dumps({"plan": plan.pk, "region": region.code, "year": year,
                                          "warnings": rows}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"《{plan.title}》{region.name} {year}年 预警 {len(rows)} 项")
        for i, row in enumerate(rows, 1):
            flag = "（波动较大）" if row["volatile"] else ""
            self.stdout.write(f"{i}. [{row['status_label']}{flag}] {row['indicator']}"
                              f"（{row['department'] or '未明确责任单位'}）：{row['reason']}")
