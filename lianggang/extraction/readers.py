"""Document readers: a file's text, whatever it was saved as.

    .txt         UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)
    .docx        paragraphs (with Word's automatic numbering written out) and tables in
                 document order; a table cell per line, as web pages and PDF tools
                 flatten them, so one layout parser reads all
    .pdf         the text layer (pypdf); a PDF without one is a scan, read by OCR (ocr.py)
    .html/.htm   the visible text, block elements on their own lines (stdlib html.parser)
    images       a photographed or scanned page (.png .jpg .tif …), read by OCR

Every failure is an ExtractionError with one Chinese line (and its English).
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from . import ocr
from .docx_numbering import Numbering


@dataclass
class Document:
    """A file's text and where it came from: the start of each PDF page, and for a scan the
    recognised words with their boxes (evidence then names page and box)."""
    text: str
    pages: list[int] = field(default_factory=list)   # offset where each page starts
    recognised: ocr.Recognised | None = None         # set when the text is OCR's


class ExtractionError(Exception):
    """A document that cannot be read as a plan; the message is one line for a person."""


def decode(data: bytes, name: str) -> str:
    """Bytes of a text file → str: UTF-8 first, else GB18030; NUL bytes mean a binary file."""
    if not data.strip():
        raise ExtractionError(f"文件为空：{name}（empty file）")
    if b"\x00" in data[:4096]:
        raise ExtractionError(f"不是文本文件（二进制内容）：{name}（binary file, not text）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError(f"无法识别文件编码（应为 UTF-8 或 GBK）：{name}（unknown text encoding）")


def read_docx(data: bytes, name: str) -> str:
    """Paragraphs and table rows in body order; each table cell on its own line."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise ExtractionError(f"无法打开 Word 文件：{name}（cannot open .docx: {exc.__class__.__name__}）") from None
    numbering = Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            lines.append(numbering.label(paragraph) + paragraph.text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                seen = None
                for cell in row.cells:
                    if cell._tc is seen:  # a horizontally merged cell is listed once per grid column
                        continue
                    seen = cell._tc
                    lines.extend(cell.text.split("\n"))
    return "\n".join(lines)


def read_pdf(data: bytes, name: str) -> Document:
    """The text layer, page by page; a PDF without one is a scan: OCR."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise ExtractionError(f"无法读取 PDF 文件：{name}（cannot read PDF: {exc.__class__.__name__}）") from None
    if not "".join(pages).strip():
        return _recognised(ocr.recognise_pdf, data, name, "PDF 没有文字层（扫描件）")
    starts, at = [], 0
    for page in pages:
        starts.append(at)
        at += len(page) + 1
    return Document("\n".join(pages), starts)


def read_image(data: bytes, name: str) -> Document:
    return _recognised(ocr.recognise_image, data, name, "是图片文件")


def _recognised(recognise, data: bytes, name: str, what: str) -> Document:
    try:
        found = recognise(data)
    except ocr.OcrUnavailable as exc:
        raise ExtractionError(f"{what}，需要文字识别，但{exc}：{name}（OCR unavailable）") from None
    except ocr.OcrFailed as exc:
        raise ExtractionError(f"{what}，文字识别失败（{exc}）：{name}（OCR failed）") from None
    except (OSError, ocr.subprocess.SubprocessError) as exc:  # a recogniser that hangs or cannot start
        raise ExtractionError(f"{what}，文字识别失败：{name}（OCR failed: {exc.__class__.__name__}）") from None
    if not found.text.strip():
        raise ExtractionError(f"{what}，文字识别没有认出文字：{name}（OCR found no text）")
    return Document(found.text, found.pages, found)


_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.I)


class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
              "article", "title", "dt", "dd"}
    HIDDEN = {"script", "style", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data.replace("\n", " "))


def read_html(data: bytes, name: str) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared and declared.group(1).lower().startswith(b"gb"):  # gb2312/gbk pages: decode as their superset
        text = data.decode("gb18030", errors="replace")
    else:
        text = decode(data, name)
    parser = _TextOfHtml()
    parser.feed(text)
    return "".join(parser.parts)


_IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
READERS = {".docx": read_docx, ".pdf": read_pdf, ".html": read_html, ".htm": read_html}


def read_file(path: str | os.PathLike) -> str:
    """The text of a plan document, by its file extension (anything else is read as text)."""
    return read_document(path).text


def read_document(path: str | os.PathLike) -> Document:
    """A plan document's text and layout, by its file extension (anything else is read as text)."""
    name = os.path.basename(os.fspath(path))
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise ExtractionError(f"无法打开文件：{name}（{exc.strerror or 'cannot open file'}）") from None
    if not data.strip():
        raise ExtractionError(f"文件为空：{name}（empty file）")
    ext = os.path.splitext(name)[1].lower()
    if ext in _IMAGE_EXTENSIONS or data.startswith(_IMAGE_MAGIC):
        return read_image(data, name)
    if ext == ".doc":
        raise ExtractionError(f"不支持旧版 Word（.doc）文件，请另存为 .docx：{name}（.doc not supported, save as .docx）")
    reader = READERS.get(ext)
    if reader is None and data[:4] == b"%PDF":
        reader = read_pdf
    if reader is None and data[:2] == b"PK":
        reader = read_docx
    text = reader(data, name) if reader else decode(data, name)
    return text if isinstance(text, Document) else Document(text)
