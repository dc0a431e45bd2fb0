"""build_report(kind, plan, region, year, fmt) → (bytes, filename, content type): what the web and command call."""
from __future__ import annotations

from lianggang.reports import content, render_docx, render_html, render_pdf

KINDS = ("annual", "midterm", "final", "tables")
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
RENDERERS = {"docx": render_docx.render, "pdf": render_pdf.render, "html": render_html.render}
KIND_NAMES = {"annual": "统计监测报告", "midterm": "中期评估报告", "final": "终期评估报告", "tables": "统计资料"}
DOCUMENT_FORMATS = ("docx", "pdf", "html")


class ReportError(ValueError):
    """A report that cannot be built as asked; the message is one Chinese line."""


def check_request(kind: str, fmt: str) -> None:
    """Refuse unknown kinds and formats, and the combinations no renderer writes."""
    if kind not in KINDS:
        raise ReportError(f"未知的报告类型 {kind}：可选 {'、'.join(KINDS)}")
    if fmt not in FORMATS:
        raise ReportError(f"未知的格式 {fmt}：可选 {'、'.join(FORMATS)}")
    if kind == "tables" and fmt != "xlsx":
        raise ReportError(f"统计资料是数据表，只提供 xlsx 格式（不提供 {fmt}）")
    if kind != "tables" and fmt == "xlsx":
        raise ReportError(f"{KIND_NAMES[kind]}是文字报告，请选择 {'、'.join(DOCUMENT_FORMATS)} 格式；"
                          f"xlsx 格式请选择“统计资料”（tables）")


def document_for(kind: str, plan, region, year: int) -> content.Document:
    """The content of a text report: the region's assessment and, for comparisons, its sub-regions'."""
    from lianggang.evaluation.services import assess_plan, assess_subregions

    pa = assess_plan(plan, region, year)
    subregions = assess_subregions(plan, region, year) if pa.has_data else []
    if kind == "annual":
        return content.annual(pa, subregions=subregions)
    return content.evaluation(pa, final=kind == "final", subregions=subregions)


def build_report(kind: str, plan, region, year: int, fmt: str) -> tuple[bytes, str, str]:
    check_request(kind, fmt)
    from django.utils import translation

    from lianggang.evaluation.services import EvaluationError

    try:
        # Official documents are Chinese, whatever language the page that asked for one shows.
        with translation.override("zh-hans"):
            if kind == "tables":
                from lianggang.reports import tables
                data = tables.render(plan, region, year)
            else:
                data = RENDERERS[fmt](document_for(kind, plan, region, year))
    except EvaluationError as e:
        raise ReportError(str(e)) from e
    return data, filename_of(kind, plan, year, fmt), FORMATS[fmt]


def filename_of(kind: str, plan, year: int, fmt: str) -> str:
    if kind in ("midterm", "final"):
        return f"{plan.title}{KIND_NAMES[kind]}（{year}年）.{fmt}"
    return f"{plan.title}{year}年{KIND_NAMES[kind]}.{fmt}"
