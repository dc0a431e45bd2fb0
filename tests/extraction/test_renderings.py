"""The held-out fragments as offices have them as files: .docx, .pdf with a text layer, and a scan.

The files are made here from fragments/*.txt (python-docx; WeasyPrint for the PDF; poppler's
pdftoppm and Pillow turn that PDF into page images for the scan), scored pooled with the shared
scorer against the same expectations as the text (issue 18: ≥ 0.85 on the renderings).
"""
from __future__ import annotations

import io
import shutil
import subprocess
from html import escape

import pytest

from lianggang.extraction import REVIEW_OCR, extract_file
from lianggang.extraction.ocr import available as ocr_missing
from lianggang.planformat import validate_document
from tests.extraction.test_fragments import EXPECTED, HERE, RENDERING_BAR, gold_document, pooled

LINES = {name: (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines() for name in EXPECTED}


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(lines: list[str], css: str = "") -> bytes:
    weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint makes a PDF with a text layer")
    from pypdf import PdfReader

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    data = weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body></html>").write_pdf()
    if not any(ch in (PdfReader(io.BytesIO(data)).pages[0].extract_text() or "") for ch in "妇儿婦兒"):
        pytest.skip("no CJK font installed (fonts-noto-cjk): the PDF's text layer has no Chinese")
    return data


@pytest.fixture(scope="module")
def scorer():
    from tests.extraction.test_fragments import load_scorer

    return load_scorer()


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_renderings_meet_the_bar(tmp_path, scorer, kind):
    documents = {}
    for name, lines in LINES.items():
        path = tmp_path / f"{name}.{kind}"
        path.write_bytes(_docx(lines) if kind == "docx" else _pdf(lines, "@page { size: A4; margin: 2cm }"))
        extraction = extract_file(path)
        documents[name] = extraction.document
        for plan in extraction.document["plans"]:
            for domain in plan["domains"]:
                for item in domain["goals"] + domain["measures"]:
                    for t in item["targets"]:
                        ev = t["evidence"]
                        assert extraction.text[ev["start"]:ev["end"]] == ev["text"]
                        assert kind == "docx" or ev["page"] >= 1
    scores = pooled(scorer, documents)
    assert all(f1 >= RENDERING_BAR for f1 in scores.values()), scores


# --- scans: a PDF of page images, as offices keep the sealed copy
def _scan(pdf: bytes, tmp_path, dpi: int = 150) -> bytes:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed: no page images to make a scan of")
    from PIL import Image

    (tmp_path / "layer.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", tmp_path / "layer.pdf", tmp_path / "page"], check=True)
    pages = [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page*.png"))]
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


needs_ocr = pytest.mark.skipif(bool(ocr_missing()), reason=f"OCR unavailable: {ocr_missing()} (dev.sh installs it)")


@needs_ocr
@pytest.mark.slow
def test_a_scanned_plan_is_read_by_ocr_every_target_flagged_with_page_and_box(tmp_path, scorer):
    name = "17_scan_source"
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scan(_pdf(LINES[name], "@page { size: A4 } body { font-size: 14pt }"), tmp_path))
    extraction = extract_file(path)
    document = extraction.document
    [plan] = document["plans"]
    assert plan["subject"] == "women" and [d["name"] for d in plan["domains"]] == ["妇女与健康", "妇女与教育"]
    targets = [t for d in plan["domains"] for g in d["goals"] for t in g["targets"]]
    assert targets
    for t in targets:
        ev = t["evidence"]
        assert REVIEW_OCR in t["review"]
        assert extraction.text[ev["start"]:ev["end"]] == ev["text"]
        x0, y0, x1, y1 = ev["box"]
        assert ev["page"] == 1 and 0 <= x0 < x1 <= 595.3 and 0 <= y0 < y1 <= 841.9  # on the A4 page, in points
    assert validate_document({**document, "plans": [{**plan, "region": "南江县"}]}) == []
    result, _ = scorer.score(gold_document(name), document)
    assert result["quantitative"]["f1"] >= RENDERING_BAR and result["direction"]["f1"] >= RENDERING_BAR, result


@needs_ocr
def test_a_photographed_page_is_read_by_ocr(tmp_path):
    pdf = _pdf(LINES["17_scan_source"][:4], "@page { size: A5 } body { font-size: 14pt }")
    _scan(pdf, tmp_path)  # leaves page-1.png
    [image] = sorted(tmp_path.glob("page*.png"))
    extraction = extract_file(image)
    [target] = [t for d in extraction.document["plans"][0]["domains"] for g in d["goals"] for t in g["targets"]]
    assert (target["op"], target["value"], target["unit"]) == ("<=", 10, "1/10万") and REVIEW_OCR in target["review"]
