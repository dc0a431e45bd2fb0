"""统计资料: the plan's approved values as an .xlsx workbook (openpyxl).

One sheet per domain — rows are indicators, columns the years with approved
values up to the report year, then 单位, 数据来源, 责任单位 — and one sheet 分地区
with every indicator's value in the region and each sub-region for the report
year. Values are numbers (never text), headers frozen, a title row on top, and a
示例数据 line when any value is sample data. A flagged value (初步数 …) shows its mark
through the cell's number format (5.2* stays the number 5.2), and a note under the
table says what the marks used mean.

The values are the headline series the assessment reads (approved, total, all
ages), taken from the same PlanAssessment objects so the tables and the reports
never disagree. Indicators without a target are not in the assessment and so
not in these tables.
"""
from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lianggang.evaluation.results import PlanAssessment, TargetResult, YearValue
from lianggang.reports import marks
from lianggang.reports.content import NO_DATA, is_sample, point_in
from lianggang.reports.numbers import decimals_of

SAMPLE_LINE = "示例数据：本表数值为演示用生成数据，不是真实统计。"
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)


def indicator_results(results: list[TargetResult]) -> list[TargetResult]:
    """One result per indicator (the first of its targets), in plan order."""
    seen: dict[int, TargetResult] = {}
    for r in results:
        seen.setdefault(r.indicator.pk, r)
    return list(seen.values())


def report_years(pa: PlanAssessment) -> list[int]:
    """Every year with an approved value of any indicator, up to the report year."""
    return sorted({y for r in pa.results for y in r.series if y <= pa.year})


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or "领域"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:27]}{n}", n + 1
    taken.add(title)
    return title


def number_format(value: float, mark: str = "") -> str:
    """The value's own decimals, and its flags' marks shown after it ("0.0" → 5.2, '0.0"*"' → 5.2*)."""
    places = decimals_of(value)
    digits = "0" if places == 0 else "0." + "0" * places
    return f'{digits}"{mark}"' if mark else digits


def put_number(ws, row: int, col: int, point: YearValue | None) -> frozenset[str]:
    """Write the value as a number, marked by its format; the flags it carries (for the note)."""
    if point is None:
        return frozenset()
    cell = ws.cell(row, col, point.value)
    cell.number_format = number_format(point.value, marks.marks(point.flags))
    return point.flags


def write_marks_note(ws, flags: set[str]) -> None:
    """注：数值后标*为初步数 … one line under the table, when any value shown is flagged."""
    text = marks.note(flags)
    if text:
        ws.cell(ws.max_row + 2, 1, text)


def write_frame(ws, title: str, note: str, header: list[str], freeze_col: int) -> None:
    """Title, note line, bold header; panes frozen below the header and right of the name columns."""
    ws.cell(TITLE_ROW, 1, title).font = TITLE_FONT
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=max(len(header), 1))
    ws.cell(NOTE_ROW, 1, note)
    for col, text in enumerate(header, 1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, freeze_col + 1)
    ws.column_dimensions["B"].width = 36


def domain_sheet(wb: Workbook, pa: PlanAssessment, domain, years: list[int], note: str, taken: set[str]) -> None:
    ws = wb.create_sheet(sheet_title(domain.name, taken))
    header = ["序号", "指标", *[f"{y}年" for y in years], "单位", "数据来源", "责任单位"]
    write_frame(ws, f"{pa.plan.title}统计资料　{domain.name}（{pa.region.name}）", note, header, freeze_col=2)
    rows = indicator_results([r for r in pa.results if r.domain == domain])
    flags: set[str] = set()
    for n, r in enumerate(rows, 1):
        row = HEADER_ROW + n
        ws.cell(row, 1, n)
        ws.cell(row, 2, r.indicator.name)
        for col, year in enumerate(years, 3):
            flags |= put_number(ws, row, col, point_in(r, year))
        after = 3 + len(years)
        ws.cell(row, after, r.indicator.unit or "")
        ws.cell(row, after + 1, getattr(r.indicator, "data_source", "") or "")
        ws.cell(row, after + 2, getattr(r.department, "name", "") or "")
    write_marks_note(ws, flags)


def region_sheet(wb: Workbook, pa: PlanAssessment, subregions: list[PlanAssessment], note: str) -> None:
    """分地区: indicators × (the region and each sub-region reporting), for the report year."""
    ws = wb.create_sheet("分地区")
    reporting = [s for s in subregions if any(pa.year in r.series for r in s.results)]
    header = ["领域", "指标", "单位", pa.region.name, *[s.region.name for s in reporting]]
    write_frame(ws, f"{pa.plan.title}统计资料　{pa.year}年分地区（{pa.region.name}）", note, header, freeze_col=3)
    if not reporting:
        ws.cell(HEADER_ROW + 1, 1, f"下级地区尚无{pa.year}年已审核的监测数据。")
        return
    # Results are in plan order in every assessment of one plan: index i is the same target.
    firsts = {id(r): i for i, r in enumerate(pa.results)}
    flags: set[str] = set()
    for n, r in enumerate(indicator_results(pa.results), 1):
        i, row = firsts[id(r)], HEADER_ROW + n
        ws.cell(row, 1, r.domain.name)
        ws.cell(row, 2, r.indicator.name)
        ws.cell(row, 3, r.indicator.unit or "")
        flags |= put_number(ws, row, 4, point_in(r, pa.year))
        for col, sub in enumerate(reporting, 5):
            flags |= put_number(ws, row, col, point_in(sub.results[i], pa.year))
    write_marks_note(ws, flags)


def workbook(pa: PlanAssessment, subregions: list[PlanAssessment]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    title = f"{pa.plan.title}统计资料"
    if not pa.has_data:
        ws = wb.create_sheet("说明")
        ws.cell(TITLE_ROW, 1, title).font = TITLE_FONT
        ws.cell(NOTE_ROW, 1, f"{pa.region.name}截至{pa.year}年：{NO_DATA}")
        return wb
    note = SAMPLE_LINE if is_sample(pa) else f"截至{pa.year}年已审核的监测数据（合计、全年龄组）。"
    years = report_years(pa)
    taken: set[str] = {"分地区"}
    for domain, _summary in pa.by_domain:
        domain_sheet(wb, pa, domain, years, note, taken)
    region_sheet(wb, pa, subregions, note)
    return wb


def render(plan, region, year: int) -> bytes:
    from lianggang.evaluation.services import assess_plan, assess_subregions

    pa = assess_plan(plan, region, year)
    subregions = assess_subregions(plan, region, year) if pa.has_data else []
    out = io.BytesIO()
    workbook(pa, subregions).save(out)
    return out.getvalue()
