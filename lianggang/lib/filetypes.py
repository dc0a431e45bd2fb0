"""What a file really is, from its first bytes (pure): the attachment allow-list.

An extension says what a file claims to be; its magic bytes say what it is. An HTML page named
minutes.pdf, or a script named scan.png, is refused because its bytes name no allowed type or
another type than its extension. docx and xlsx are both ZIP files: the member that makes one a
Word document (word/document.xml) or a workbook (xl/workbook.xml) tells them apart."""
from __future__ import annotations

import io
import zipfile

#: kind → the extensions a file of that kind may carry
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "jpg": (".jpg", ".jpeg"),
    "png": (".png",),
}
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
ZIP_MAGIC = b"PK\x03\x04"
OOXML_MEMBERS: tuple[tuple[str, str], ...] = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"))


def kind_of_name(filename: str) -> str | None:
    """The kind an allowed extension names (case-insensitive); None for any other."""
    lower = filename.lower()
    return next((kind for kind, exts in EXTENSIONS.items() if lower.endswith(exts)), None)


def sniff(data: bytes) -> str | None:
    """The kind the bytes are, or None when they are none of the allowed kinds."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(ZIP_MAGIC):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        return next((kind for member, kind in OOXML_MEMBERS if member in names), None)
    return None
