"""Write a content.Document as .docx in the style of Chinese official documents (GB/T 9704)."""
from __future__ import annotations

import io

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lianggang.reports.content import Document, Section

BODY_FONT, TITLE_FONT, HEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), "Times New Roman" if name == BODY_FONT else name)


def _section(doc, sec: Section, level: int) -> None:
    p = doc.add_paragraph()
    _font(p.add_run(sec.heading), HEADING_FONT if level == 0 else "楷体_GB2312", 16, bold=level > 0)
    for text in sec.paragraphs:
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(32)
        _font(para.add_run(text), BODY_FONT, 16)
    for table in sec.tables:
        t = doc.add_table(rows=1, cols=len(table.header), style="Table Grid")
        for cell, text in zip(t.rows[0].cells, table.header):
            _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 12)
        for row in table.rows:
            for cell, text in zip(t.add_row().cells, row):
                _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)
    for chart in sec.charts:
        doc.add_picture(io.BytesIO(chart.png), width=Mm(150))
    for child in sec.children:
        _section(doc, child, level + 1)


def render(document: Document) -> bytes:
    doc = DocxDocument()
    s = doc.sections[0]
    s.page_height, s.page_width = Mm(297), Mm(210)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    if document.sample:
        _font(s.header.paragraphs[0].add_run("示例数据"), HEADING_FONT, 12, bold=True)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(document.title), TITLE_FONT, 22, bold=True)
    for sec in document.sections:
        _section(doc, sec, 0)
    for note in document.notes:
        _font(doc.add_paragraph().add_run(note), BODY_FONT, 12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
