"""Write a content.Document as .docx in the style of Chinese official documents (GB/T 9704).

Body text takes its font from the Normal style, set once; runs carry only what
differs (table cells). Headings are Word's own Heading 1–3 styles (so the navigation pane and a
table of contents work) set to the official faces: 一、 黑体, （一） 楷体, 1. 仿宋 bold, all 三号 (16 pt),
black. A chart keeps with the sentence above it, a heading with what follows; tables span the
text width and repeat their header row; the footer numbers the pages "— 1 —". Pictures get their shape ids from a counter:
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
TEXT_WIDTH_MM = 210 - 28 - 26          # A4 less the left and right margins
CHART_WIDTH_MM = TEXT_WIDTH_MM
HEADING_STYLES = (("Heading 1", HEADING_FONT, False), ("Heading 2", SUBHEADING_FONT, False),
                  ("Heading 3", BODY_FONT, True))


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


def _heading_styles(doc) -> None:
    """Heading 1–3 in the official faces, 三号, black, upright, kept with the next paragraph."""
    from docx.shared import Pt, RGBColor

    for style_name, face, bold in HEADING_STYLES:
        style = doc.styles[style_name]
        style.font.name = face
        style.font.size = Pt(BODY_SIZE)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian(style.element, face)
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        fmt.space_before, fmt.space_after = Pt(6), Pt(3)
        fmt.first_line_indent = Pt(2 * BODY_SIZE)


def _page_numbers(section) -> None:
    """The footer: — PAGE — centred, 四号 (14 pt), as a PAGE field Word fills in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str | None = None, field: str | None = None, instr: str | None = None):
        r = p.add_run(text or "")
        r.font.size = Pt(14)
        if field is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), field)
            r._r.append(el)
        if instr is not None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)
        return r

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


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
        p = self.doc.add_paragraph()
        p.paragraph_format.keep_together = True
        p.add_run()._r.add_drawing(inline)


def _full_width(t) -> None:
    """The table spans the text width (w:tblW 100 %), its header row repeated on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = t._tbl.tblPr
    width = props.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        props.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    header = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)


def _table(doc, header: list[str], rows: list[list[str]], keep_with_next: bool = False) -> None:
    t = doc.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
    t.autofit = True
    _full_width(t)
    for cell, text in zip(t.rows[0].cells, header):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, TABLE_SIZE)
    for tr, row in zip(t.rows[1:], rows):
        for cell, text in zip(tr.cells, row):
            _font(cell.paragraphs[0].add_run(text), None, TABLE_SIZE)
    if keep_with_next:       # a small table stays with the chart under it
        for tr in t.rows:
            for cell in tr.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True


def _section(doc, sec: Section, level: int, pictures: _Pictures) -> None:
    from docx.shared import Pt

    if sec.heading:
        doc.add_paragraph(sec.heading, style=HEADING_STYLES[min(level, 2)][0])
    for n, text in enumerate(sec.paragraphs, 1):
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(2 * BODY_SIZE)
        if sec.charts and n == len(sec.paragraphs):
            para.paragraph_format.keep_with_next = True    # the sentence stays with its chart (or table and chart)
        para.add_run(text)
    for table in sec.tables:
        _table(doc, table.header, table.rows, keep_with_next=bool(sec.charts) and len(table.rows) <= 15)
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
    _heading_styles(doc)
    s = doc.sections[0]
    s.page_height, s.page_width = Mm(297), Mm(210)
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _page_numbers(s)
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
