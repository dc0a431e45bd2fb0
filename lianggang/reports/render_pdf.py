"""PDF from the same HTML, with print CSS, by WeasyPrint.

Charts reach WeasyPrint through a URL fetcher (chart:N → the PNG bytes) rather
than as base64 in the page: a 200-chart page is otherwise megabytes of text
that WeasyPrint parses, scans and decodes again.
"""
from __future__ import annotations

from lianggang.reports import render_html
from lianggang.reports.content import Document

SCHEME = "chart:"


def _fetcher(images: dict[str, bytes]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ChartFetcher(URLFetcher):
        """Serves chart:N from memory; anything else as WeasyPrint would."""

        def fetch(self, url, headers=None):
            if url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/png"})
            return super().fetch(url, headers)

    return ChartFetcher()


def render(document: Document) -> bytes:
    from weasyprint import HTML

    images: dict[str, bytes] = {}

    def src(chart) -> str:
        address = f"{SCHEME}{len(images)}"
        images[address] = chart.png
        return address

    from lianggang.reports.fonts import pdf_font_css

    html = render_html.render(document, src=src, font_css=pdf_font_css()).decode()
    return HTML(string=html, url_fetcher=_fetcher(images)).write_pdf()
