"""缩小差距 in the reports: the annual report's section per domain and the tables' 分性别 / 分城乡 sheets."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lianggang.evaluation.services import latest_year
from lianggang.monitoring.equity import plan_equity
from lianggang.monitoring.models import Value, ValueState
from lianggang.monitoring.sample import load_sample_values
from lianggang.reports import equity as gaps
from lianggang.reports.build import REPORTS, build_report
from lianggang.reports.render_xlsx import HEADER_ROW

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled(seed_plans):
    plan = next(p for p in seed_plans if p.region.children.exists() and p.indicators.filter(by_area=True).exists())
    load_sample_values(plans=[plan])
    return plan, latest_year(plan, plan.region)


def section_titled(document, title):
    return next((s for s in document.sections if title in s.heading), None)


def test_the_annual_report_has_a_gap_section_with_a_part_per_domain(sampled):
    plan, year = sampled
    document = REPORTS["annual"].build(plan, plan.region, year)
    section = section_titled(document, gaps.TITLE)
    assert section is not None
    found = plan_equity(plan, plan.region, year)
    domains = {e.domain for e in found}
    assert len(section.children) == len(domains) and all(c.tables for c in section.children)
    names = {row[0] for c in section.children for row in c.tables[0].rows}
    assert names == {e.indicator.name for e in found}
    # after the domains' progress, before the warnings
    headings = [s.heading for s in document.sections]
    assert headings.index(section.heading) == 2 and "需要关注" in headings[3]


def test_without_disaggregated_values_there_is_no_gap_section(sampled):
    plan, year = sampled
    Value.objects.exclude(sex="total", area="total").delete()
    document = REPORTS["annual"].build(plan, plan.region, year)
    assert section_titled(document, gaps.TITLE) is None
    assert build_report("annual", plan, plan.region, year, "html")[0]


def test_the_tables_have_sheets_by_sex_and_by_area_equal_to_the_approved_cells(sampled):
    plan, year = sampled
    data, _name, _type = build_report("tables", plan, plan.region, year, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert "分城乡" in wb.sheetnames
    ws = wb["分城乡"]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header[:3] == ["领域", "指标", "单位"] and header[-4:] == ["差值（城镇−乡村）", "比值（城镇/乡村）", "趋势",
                                                                  "差距最大的下级地区"]
    checked = 0
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if not row[1]:
            continue
        for col, title in enumerate(header):
            if title and title.endswith("年城镇") and row[col] is not None:
                y = int(title[:4])
                v = Value.objects.get(indicator__name=row[1], indicator__in=plan.indicators, region=plan.region,
                                      year=y, sex="total", area="urban", state=ValueState.APPROVED)
                assert Decimal(str(row[col])) == v.value
                checked += 1
    assert checked > 0
    if plan.indicators.filter(by_sex=True).exists():
        assert "分性别" in wb.sheetnames
