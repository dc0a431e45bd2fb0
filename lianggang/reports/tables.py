"""统计资料: the plan's approved values as sheets of rows — the content; render_xlsx writes them.

One sheet per domain — rows are indicators, columns the years with approved values up to the
report year, then 单位, 数据来源, 责任单位 — and one sheet 分地区 with every indicator's value in
the region and each sub-region for the report year. A value is its YearValue (the renderer writes
the number and marks its flags through the cell's format); a note under each table says what the
marks used mean, and a 示例数据 line heads every sheet when any value is sample data.

The values are the headline series the assessment reads (approved, total, all ages), taken from
the same PlanAssessment objects so the tables and the reports never disagree. Indicators without
a target are not in the assessment and so not in these tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lianggang.evaluation.results import PlanAssessment, TargetResult, YearValue
from lianggang.reports import marks
from lianggang.reports.content import NO_DATA, is_sample, point_in

SAMPLE_LINE = "示例数据：本表数值为演示用生成数据，不是真实统计。"


@dataclass
class Sheet:
    """One worksheet: a title, a note line, a header and rows (text, numbers, or YearValues to be
    written as marked numbers); `freeze_col` name columns stay in view; `closing` follows the rows."""
    name: str
    title: str
    note: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    freeze_col: int = 0
    closing: str = ""
    unit_col: int | None = None      # the column (0-based) holding each row's unit: its values' decimals follow it

    def flags(self) -> set[str]:
        return {f for row in self.rows for cell in row if isinstance(cell, YearValue) for f in cell.flags}

    def finish(self) -> "Sheet":
        """The marks note under the table, for the flags its values carry."""
        self.closing = self.closing or marks.note(self.flags())
        return self


def _data_source(indicator) -> str:
    """数据来源: the indicator's own, else its catalogue entry's (Indicator.explained)."""
    explained = getattr(indicator, "explained", None)
    return (explained("data_source") if explained else getattr(indicator, "data_source", "")) or ""


def indicator_results(results: list[TargetResult]) -> list[TargetResult]:
    """One result per indicator (the first of its targets), in plan order."""
    seen: dict[int, TargetResult] = {}
    for r in results:
        seen.setdefault(r.indicator.pk, r)
    return list(seen.values())


def report_years(pa: PlanAssessment) -> list[int]:
    """Every year with an approved value of any indicator, up to the report year."""
    return sorted({y for r in pa.results for y in r.series if y <= pa.year})


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or "领域"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:27]}{n}", n + 1
    taken.add(title)
    return title


def domain_sheet(pa: PlanAssessment, domain, years: list[int], note: str, taken: set[str]) -> Sheet:
    sheet = Sheet(sheet_name(domain.name, taken), f"{pa.plan.title}统计资料　{domain.name}（{pa.region.name}）", note,
                  ["序号", "指标", *[f"{y}年" for y in years], "单位", "数据来源", "责任单位"], freeze_col=2,
                  unit_col=2 + len(years))
    for n, r in enumerate(indicator_results([r for r in pa.results if r.domain == domain]), 1):
        sheet.rows.append([n, r.indicator.name, *(point_in(r, year) for year in years), r.indicator.unit or "",
                           _data_source(r.indicator), getattr(r.department, "name", "") or ""])
    return sheet.finish()


def region_sheet(pa: PlanAssessment, subregions: list[PlanAssessment], note: str) -> Sheet:
    """分地区: indicators × (the region and each sub-region reporting), for the report year."""
    reporting = [s for s in subregions if any(pa.year in r.series for r in s.results)]
    sheet = Sheet("分地区", f"{pa.plan.title}统计资料　{pa.year}年分地区（{pa.region.name}）", note,
                  ["领域", "指标", "单位", pa.region.name, *[s.region.name for s in reporting]], freeze_col=3,
                  unit_col=2)
    if not reporting:
        sheet.rows.append([f"下级地区尚无{pa.year}年已审核的监测数据。"])
        return sheet
    # Results are in plan order in every assessment of one plan: index i is the same target.
    firsts = {id(r): i for i, r in enumerate(pa.results)}
    for r in indicator_results(pa.results):
        i = firsts[id(r)]
        sheet.rows.append([r.domain.name, r.indicator.name, r.indicator.unit or "", point_in(r, pa.year),
                           *(point_in(sub.results[i], pa.year) for sub in reporting)])
    return sheet.finish()


def sheets(pa: PlanAssessment, subregions: list[PlanAssessment], equity=()) -> list[Sheet]:
    """The workbook's content; `equity` (monitoring.equity's results) adds the sheets 分性别 and 分城乡."""
    from lianggang.reports import equity as gaps
    title = f"{pa.plan.title}统计资料"
    if not pa.has_data:
        return [Sheet("说明", title, f"{pa.region.name}截至{pa.year}年：{NO_DATA}", [])]
    note = SAMPLE_LINE if is_sample(pa) else f"截至{pa.year}年已审核的监测数据（合计、全年龄组）。"
    years = report_years(pa)
    taken: set[str] = {"分地区", *gaps.SHEET_NAMES.values()}
    return [*(domain_sheet(pa, domain, years, note, taken) for domain, _summary in pa.by_domain),
            region_sheet(pa, subregions, note), *gaps.sheets(list(equity), title, note)]
