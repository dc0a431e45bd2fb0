import shutil
import subprocess

import pytest

from lianggang.reports import content, render_html, render_pdf


def test_the_html_is_self_contained_and_holds_the_sentence(assessment):
    html = render_html.render(content.annual(assessment)).decode()
    assert "比上年提高1.2个百分点" in html and "data:image/png" in html and "https://" not in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_pdf_text_layer_holds_chinese_headings_and_numbers(assessment, tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf.render(content.annual(assessment)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "总体情况" in text and "15.1/10万" in text and "示例数据" in text
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p*.png"))
