"""Scanned plans (a sealed PDF with no text layer, or a photographed page): text by OCR.

    page image := pdftoppm (poppler) at DPI            a PDF's pages; an image file is one page
    words      := tesseract -l chi_sim … tsv           each recognised word with its box
    text       := words joined line by line            no space between Han characters (the
                                                       recogniser spaces them), one between Latin

Debian's tesseract-ocr with tesseract-ocr-chi-sim does the recognition (dev.sh installs
both).  Every word keeps its page and box, so a target's evidence can say where on the
scan it stands; boxes are in PDF points (1/72 inch) from the page's top-left corner.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

DPI = 300
LANGUAGE = "chi_sim"
_TIMEOUT = 300  # seconds per page: a page that takes longer is no page a person could read either


class OcrUnavailable(Exception):
    """The machine lacks what OCR needs; the message says what to install."""


class OcrFailed(Exception):
    """The renderer or the recogniser gave up on a page (a damaged image); one line saying which."""


@dataclass
class Word:
    start: int   # offset in the recognised text
    end: int
    page: int    # 1-based
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points from the top-left


@dataclass
class Recognised:
    text: str
    words: list[Word] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # offset where each page's text starts

    def where(self, start: int, end: int) -> tuple[int, list[float]] | None:
        """(page, box) of the words covering text[start:end] on the page where it starts."""
        hit = [w for w in self.words if w.start < end and start < w.end]
        if not hit:
            return None
        page = hit[0].page
        boxes = [w.box for w in hit if w.page == page]
        return page, [round(min(b[0] for b in boxes), 1), round(min(b[1] for b in boxes), 1),
                      round(max(b[2] for b in boxes), 1), round(max(b[3] for b in boxes), 1)]


def available() -> str | None:
    """None when OCR can run here, else what is missing (in Chinese, with the Debian package)."""
    if shutil.which("tesseract") is None:
        return "未安装文字识别程序（apt-get install tesseract-ocr tesseract-ocr-chi-sim）"
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "文字识别程序无法运行（tesseract --list-langs 失败）"
    if LANGUAGE not in langs.split():
        return "未安装简体中文识别数据（apt-get install tesseract-ocr-chi-sim）"
    return None


def recognise_pdf(data: bytes) -> Recognised:
    """Every page of a PDF rendered at DPI and recognised."""
    missing = available() or (None if shutil.which("pdftoppm") else "未安装 PDF 渲染程序（apt-get install poppler-utils）")
    if missing:
        raise OcrUnavailable(missing)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "scan.pdf")
        with open(pdf, "wb") as f:
            f.write(data)
        done = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", pdf, os.path.join(tmp, "page")],
                              capture_output=True, timeout=_TIMEOUT)
        if done.returncode != 0:
            raise OcrFailed("PDF 页面无法渲染为图像")
        # pdftoppm numbers pages with as many digits as the last one needs: sort by number
        pages = sorted((p for p in os.listdir(tmp) if p.startswith("page") and p.endswith(".png")),
                       key=lambda p: int(p[5:-4]))
        return _recognise([os.path.join(tmp, p) for p in pages], DPI)


def recognise_image(data: bytes) -> Recognised:
    """One image (a photographed or scanned page); its boxes in points at the image's own DPI, else 300."""
    missing = available()
    if missing:
        raise OcrUnavailable(missing)
    dpi = DPI
    try:
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(data)) as image:
            dpi = int(round(float((image.info.get("dpi") or (DPI, DPI))[0]))) or DPI
    except Exception:  # Pillow cannot read it: tesseract may still
        pass
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page")
        with open(path, "wb") as f:
            f.write(data)
        return _recognise([path], dpi)


def _recognise(images: list[str], dpi: int) -> Recognised:
    out = Recognised("")
    parts: list[str] = []
    size = 0
    for number, image in enumerate(images, 1):
        out.pages.append(size)
        result = subprocess.run(["tesseract", image, "stdout", "-l", LANGUAGE, "tsv"],
                                capture_output=True, text=True, timeout=_TIMEOUT,
                                env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        if result.returncode != 0:
            raise OcrFailed(f"第{number}页的图像无法读取")
        for line in _lines(result.stdout):
            text = ""
            for word, left, top, width, height in line:
                if text and (text[-1].isascii() and text[-1].isalnum()) and (word[0].isascii() and word[0].isalnum()):
                    text += " "  # Latin words and numbers keep their space; Han characters take none
                scale = 72 / dpi
                out.words.append(Word(size + len(text), size + len(text) + len(word), number,
                                      (left * scale, top * scale, (left + width) * scale, (top + height) * scale)))
                text += word
            parts.append(text + "\n")
            size += len(text) + 1
    out.text = "".join(parts)
    return out


def _lines(tsv: str) -> list[list[tuple[str, int, int, int, int]]]:
    """tesseract's TSV → lines (block, paragraph, line) of (word, left, top, width, height)."""
    lines: dict[tuple[str, str, str], list] = {}
    for row in csv.DictReader(tsv.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        key = (row["block_num"], row["par_num"], row["line_num"])
        lines.setdefault(key, []).append((word, int(row["left"]), int(row["top"]), int(row["width"]),
                                          int(row["height"])))
    return list(lines.values())
