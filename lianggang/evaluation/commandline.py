"""Shared lookups of the evaluation commands: plan, region, year → one Chinese line and exit 2 on bad input."""
from __future__ import annotations

import sys


from lianggang.cli import DataCommand
from lianggang.evaluation.services import EvaluationError, latest_year
from lianggang.plans.models import Plan
from lianggang.regions.models import Region


class Refused(Exception):
    pass


def plan_region_year(plan_id, region_code: str | None, year: int | None) -> tuple[Plan, Region, int]:
    try:
        plan = Plan.objects.select_related("region").get(pk=int(plan_id))
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Refused(f"没有编号为 {plan_id} 的纲要（lianggang plans 列出全部）")
    region = plan.region
    if region_code:
        try:
            region = Region.objects.get(code=region_code)
        except Region.DoesNotExist:
            raise Refused(f"没有代码为 {region_code} 的区划")
    if year is None:
        year = latest_year(plan, region)
        if year is None:
            raise Refused(f"{region.name}尚无《{plan.title}》指标的已审核数据；请用 --year 指定年度")
    return plan, region, year


class EvaluationCommand(DataCommand):
    def handle(self, *args, **opts):
        try:
            self.act(**opts)
        except (Refused, EvaluationError) as e:
            name = self.__module__.rsplit(".", 1)[-1].replace("_", "-")
            self.stderr.write(f"{name}: {e}")
            sys.exit(2)
