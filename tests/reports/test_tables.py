"""统计资料 (xlsx): a sheet per domain and one by region, numbers as numbers, equal to the approved values."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from lianggang.evaluation.services import assess_plan, latest_year
from lianggang.monitoring.models import Value
from lianggang.monitoring.sample import load_sample_values
from lianggang.reports.build import build_report
from lianggang.reports.content import NO_DATA
from lianggang.reports.render_xlsx import HEADER_ROW
from lianggang.reports.tables import SAMPLE_LINE
from tests.reports.helpers import headline_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook_of(seed_plans):
    plan = next(p for p in seed_plans if p.region.children.exists())
    load_sample_values(plans=[plan])
    year = latest_year(plan, plan.region)
    data, name, content_type = build_report("tables", plan, plan.region, year, "xlsx")
    assert name == f"{plan.title}{year}年统计资料.xlsx" and content_type.endswith("spreadsheetml.sheet")
    return plan, year, load_workbook(io.BytesIO(data))


def header(ws) -> list:
    return [c.value for c in ws[HEADER_ROW]]


def rows_by_indicator(ws) -> dict[str, list]:
    return {row[1].value: row for row in ws.iter_rows(min_row=HEADER_ROW + 1) if row[1].value}


def test_there_is_a_sheet_per_domain_and_one_by_region(workbook_of):
    plan, year, wb = workbook_of
    domains = [d for d, _s in assess_plan(plan, plan.region, year).by_domain]
    assert wb.sheetnames[:len(domains) + 1] == [d.name[:28] for d in domains] + ["分地区"]
    assert set(wb.sheetnames[len(domains) + 1:]) <= {"分性别", "分城乡"}   # tests/reports/test_equity.py
    for ws in wb.worksheets:
        assert plan.title in ws.cell(1, 1).value
        assert ws.cell(2, 1).value == SAMPLE_LINE


def test_domain_sheets_have_years_unit_and_source_columns_and_frozen_headers(workbook_of):
    plan, year, wb = workbook_of
    years = sorted(set(Value.objects.filter(indicator__in=plan.indicators, region=plan.region, year__lte=year)
                       .values_list("year", flat=True)))
    ws = wb.worksheets[0]
    assert header(ws) == ["序号", "指标", *[f"{y}年" for y in years], "单位", "数据来源", "责任单位"]
    assert ws.freeze_panes == "C4"


def test_every_approved_value_is_in_its_cell_as_a_number(workbook_of):
    plan, year, wb = workbook_of
    checked = 0
    for v in headline_values(plan, plan.region, up_to=year):
        ws = next(ws for ws in wb.worksheets if ws.title not in ('分地区', '分性别', '分城乡')
                  and v.indicator.name in rows_by_indicator(ws))
        row = rows_by_indicator(ws)[v.indicator.name]
        cell = row[header(ws).index(f"{v.year}年")]
        assert cell.data_type == "n" and isinstance(cell.value, (int, float))
        assert cell.value == pytest.approx(float(v.value))
        unit_col = header(ws).index("单位")
        assert row[unit_col].value == (v.indicator.unit or None) or row[unit_col].value == v.indicator.unit
        checked += 1
    assert checked > 100


def test_the_region_sheet_holds_each_sub_regions_value_of_the_year(workbook_of):
    plan, year, wb = workbook_of
    ws = wb["分地区"]
    children = list(plan.region.children.order_by("code"))
    assert header(ws)[:4] == ["领域", "指标", "单位", plan.region.name]
    assert header(ws)[4:] == [c.name for c in children]
    assert ws.freeze_panes == "D4"
    rows = rows_by_indicator(ws)
    for child in children:
        col = header(ws).index(child.name)
        for v in headline_values(plan, child).filter(year=year):
            assert rows[v.indicator.name][col].value == pytest.approx(float(v.value))


def test_tables_without_values_say_so(seed_plans):
    plan = seed_plans[0]
    wb = load_workbook(io.BytesIO(build_report("tables", plan, plan.region, plan.start_year, "xlsx")[0]))
    assert wb.sheetnames == ["说明"]
    assert NO_DATA in wb["说明"].cell(2, 1).value
