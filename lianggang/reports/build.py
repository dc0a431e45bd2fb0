"""build_report(kind, plan, region, year, fmt) → (bytes, filename, content type): what the web and command call.

Every report is content plus a renderer: a kind in REPORTS builds its content from the evaluation
service (a text Document, or the statistical tables' Sheets) and names the formats it comes in;
RENDERERS turns content into bytes, one function per format. To add a report: CONTRIBUTING.md,
"How to add a report".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.utils.translation import gettext_noop

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = CONTENT_TYPES      # the formats any report comes in
DOCUMENT_FORMATS = ("docx", "pdf", "html")


class ReportError(ValueError):
    """A report that cannot be built as asked; the message is one Chinese line."""


class ReportUnavailable(ReportError):
    """The request is fine but this server cannot draw reports (no CJK font): the web answers 503."""


def _assessments(plan, region, year: int):
    """The region's assessment and its sub-regions' (for the comparisons)."""
    from lianggang.evaluation.services import assess_plan, assess_subregions
    pa = assess_plan(plan, region, year)
    return pa, (assess_subregions(plan, region, year) if pa.has_data else [])


def _equity(plan, region, year: int):
    """The gaps by sex and by town/country of the plan's indicators (缩小差距)."""
    from lianggang.monitoring.equity import plan_equity
    return plan_equity(plan, region, year)


def _annual(plan, region, year: int):
    from lianggang.reports import alignment, committee, content
    pa, subregions = _assessments(plan, region, year)
    annual = content.annual(pa, subregions=subregions, equity=_equity(plan, region, year))
    return alignment.add_to(committee.weave(annual, pa, "annual"), plan)


def _evaluation(final: bool) -> Callable:
    def build(plan, region, year: int):
        from lianggang.reports import committee, content
        pa, subregions = _assessments(plan, region, year)
        return committee.weave(content.evaluation(pa, final=final, subregions=subregions), pa,
                               "final" if final else "midterm")
    return build


def _tables(plan, region, year: int):
    from lianggang.reports import tables
    return tables.sheets(*_assessments(plan, region, year), equity=_equity(plan, region, year))


def _render(module: str) -> Callable[[object], bytes]:
    """A renderer imported when used: python-docx, WeasyPrint and openpyxl are not loaded by every command."""
    def render(content) -> bytes:
        from importlib import import_module
        return import_module(f"lianggang.reports.{module}").render(content)
    return render


RENDERERS: dict[str, Callable[[object], bytes]] = {
    "docx": _render("render_docx"), "pdf": _render("render_pdf"), "html": _render("render_html"),
    "xlsx": _render("render_xlsx"),
}


@dataclass(frozen=True)
class ReportKind:
    code: str
    name: str                                   # 统计监测报告 …: in titles and file names
    formats: tuple[str, ...]
    build: Callable                             # (plan, region, year) → content for RENDERERS
    dated_in_name: bool = True                  # 2024年统计监测报告 rather than 中期评估报告（2024年）

    @property
    def label(self) -> str:
        """The kind's name in the page's language (the name itself stays Chinese in reports)."""
        from django.utils.translation import gettext

        return gettext(self.name)


REPORTS: dict[str, ReportKind] = {k.code: k for k in (
    ReportKind("annual", gettext_noop("统计监测报告"), DOCUMENT_FORMATS, _annual),
    ReportKind("midterm", gettext_noop("中期评估报告"), DOCUMENT_FORMATS, _evaluation(final=False), dated_in_name=False),
    ReportKind("final", gettext_noop("终期评估报告"), DOCUMENT_FORMATS, _evaluation(final=True), dated_in_name=False),
    ReportKind("tables", gettext_noop("统计资料"), ("xlsx",), _tables),
)}
KINDS = tuple(REPORTS)
KIND_NAMES = {code: k.name for code, k in REPORTS.items()}


def kind_labels() -> dict[str, str]:
    """code → the kind's name in the page's language, for the 报告 page's choice."""
    return {code: k.label for code, k in REPORTS.items()}


def check_request(kind: str, fmt: str) -> ReportKind:
    """The kind asked for, refusing unknown kinds and formats and a format the kind does not come in."""
    if kind not in REPORTS:
        raise ReportError(f"未知的报告类型 {kind}：可选 {'、'.join(KINDS)}")
    if fmt not in CONTENT_TYPES:
        raise ReportError(f"未知的格式 {fmt}：可选 {'、'.join(CONTENT_TYPES)}")
    report = REPORTS[kind]
    if fmt not in report.formats:
        others = "、".join(k.name + f"（{'、'.join(k.formats)}）" for k in REPORTS.values() if fmt in k.formats)
        raise ReportError(f"{report.name}只提供 {'、'.join(report.formats)} 格式（不提供 {fmt}）；"
                          f"{fmt} 格式的有：{others}")
    return report


def check_year(kind: str, plan, year: int) -> None:
    """Refuse a mid-term or final evaluation for a year it cannot be of (see titles.year_problem)."""
    from lianggang.reports.titles import year_problem

    problem = year_problem(kind, plan, year)
    if problem:
        raise ReportError(problem)


def build_report(kind: str, plan, region, year: int, fmt: str,
                 progress: Callable[[int, str], None] | None = None) -> tuple[bytes, str, str]:
    """`progress(percent, step)`, when given, hears how far the build is (a background job's page shows it)."""
    report = check_request(kind, fmt)
    check_year(kind, plan, year)
    from django.utils import translation

    from lianggang.evaluation.services import EvaluationError
    from lianggang.reports.fonts import FontNotFound

    say = progress or (lambda percent, step: None)
    try:
        # Official documents are Chinese, whatever language the page that asked for one shows.
        with translation.override("zh-hans"):
            say(5, "正在评估各项目标")
            content = report.build(plan, region, year)
            say(40, f"正在生成 {fmt} 文件")
            data = RENDERERS[fmt](content)
            say(95, "正在保存")
    except EvaluationError as e:
        raise ReportError(str(e)) from e
    except FontNotFound as e:
        raise ReportUnavailable(str(e)) from e
    return data, filename_of(report, plan, region, year, fmt), CONTENT_TYPES[fmt]


def filename_of(report: ReportKind, plan, region, year: int, fmt: str) -> str:
    """The file name: the report's title (with the region's own name, see titles.py), and the year."""
    from lianggang.reports.titles import file_name

    return file_name(plan, region, year, report.name, fmt, report.dated_in_name)
