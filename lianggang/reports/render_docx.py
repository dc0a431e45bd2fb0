"""Write a content.Document as .docx in the style of Chinese official documents (GB/T 9704).

Body text takes its font from the Normal style, set once; runs carry only what
differs (headings, table cells). Pictures get their shape ids from a counter:
python-docx would scan the whole document for the highest id before each
picture, which made a 200-chart report quadratic (see docs/reports.md).
python-docx is imported where it is used: only a docx report pays for it.
"""
from __future__ import annotations

import io
import itertools

from lianggang.reports.content import Document, Section

BODY_FONT, TITLE_FONT, HEADING_FONT, SUBHEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
BODY_SIZE, TABLE_SIZE = 16, 12
CHART_WIDTH_MM = 150


def _east_asian(element, name: str) -> None:
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), "Times New Roman" if name == BODY_FONT else name)
    fonts.set(qn("w:hAnsi"), "Times New Roman" if name == BODY_FONT else name)


def _font(run, name: str | None, size: float | None = None, bold: bool = False) -> None:
    """Only what differs from the Normal style (仿宋 16 pt)."""
    from docx.shared import Pt

    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if name is not None and name != BODY_FONT:
        run.font.name = name
        _east_asian(run._element, name)


def _body_style(doc) -> None:
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    _east_asian(normal.element, BODY_FONT)


class _Pictures:
    """Adds pictures with shape ids from a counter (python-docx rescans the document for each)."""

    def __init__(self, doc):
        self.doc = doc
        self.ids = itertools.count(doc.part.next_id)

    def add(self, png: bytes) -> None:
        from docx.oxml.shape import CT_Inline
        from docx.shared import Mm

        part = self.doc.part
        rel_id, image = part.get_or_add_image(io.BytesIO(png))
        cx, cy = image.scaled_dimensions(Mm(CHART_WIDTH_MM), None)
        inline = CT_Inline.new_pic_inline(next(self.ids), rel_id, image.filename, cx, cy)
        self.doc.add_paragraph().add_run()._r.add_drawing(inline)


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    t = doc.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
    for cell, text in zip(t.rows[0].cells, header):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_SIZE)
    for tr, row in zip(t.rows[1:], rows):
        for cell, text in zip(tr.cells, row):
            _font(cell.paragraphs[0].add_run(text), None, TABLE_SIZE)


def _section(doc, sec: Section, level: int, pictures: _Pictures) -> None:
    from docx.shared import Pt

    p = doc.add_paragraph()
    _font(p.add_run(sec.heading), HEADING_FONT if level == 0 else SUBHEADING_FONT, bold=level > 0)
    for text in sec.paragraphs:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        para.add_run(text)
    for table in sec.tables:
        _table(doc, table.header, table.rows)
    for chart in sec.charts:
        pictures.add(chart.png)
    for child in sec.children:
        _section(doc, child, level + 1, pictures)


def render(document: Document) -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = DocxDocument()
    _body_style(doc)
    s = doc.sections[0]
    s.page_height, s.page_width = Mm(297), Mm(210)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    if document.sample:
        _font(s.header.paragraphs[0].add_run("示例数据"), HEADING_FONT, 12, bold=True)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(document.title), TITLE_FONT, 22, bold=True)
    pictures = _Pictures(doc)
    for sec in document.sections:
        _section(doc, sec, 0, pictures)
    for note in document.notes:
        _font(doc.add_paragraph().add_run(note), None, TABLE_SIZE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
