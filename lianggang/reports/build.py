"""build_report(kind, plan, region, year, fmt) → (bytes, filename, content type): what the web calls."""
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


class ReportError(ValueError):
    """A report that cannot be built as asked; the message is one Chinese line."""


def build_report(kind: str, plan, region, year: int, fmt: str) -> tuple[bytes, str, str]:
    if kind not in KINDS:
        raise ReportError(f"未知的报告类型 {kind}：可选 {'、'.join(KINDS)}")
    if fmt not in FORMATS:
        raise ReportError(f"未知的格式 {fmt}：可选 {'、'.join(FORMATS)}")
    if kind != "annual" or fmt == "xlsx":
        raise ReportError(f"{KIND_NAMES[kind]}的 {fmt} 格式尚未实现")
    try:
        from lianggang.evaluation.services import assess_plan
    except ImportError as e:
        raise ReportError("评估服务（lianggang.evaluation.services）尚不可用") from e
    document = content.annual(assess_plan(plan, region, year))
    filename = f"{plan.title}{year}年{KIND_NAMES[kind]}.{fmt}"
    return RENDERERS[fmt](document), filename, FORMATS[fmt]
