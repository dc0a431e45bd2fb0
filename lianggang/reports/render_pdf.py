"""PDF from the same HTML, with print CSS, by WeasyPrint."""
from __future__ import annotations

from lianggang.reports import render_html
from lianggang.reports.content import Document


def render(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html.render(document, png=True).decode()).write_pdf()
