"""Document readers: each file kind gives the same plan; bad files give one clear line.

Fixture files are generated here (python-docx, WeasyPrint for a PDF with a text
layer, pypdf for one without), never committed.
"""
from __future__ import annotations

import io

import pytest

from lianggang.extraction import ExtractionError, extract_file
from lianggang.extraction.normalise import normalise

LINES = ["某县妇女发展纲要（2021—2030年）", "（一）妇女与健康", "主要目标：",
         "1.孕产妇死亡率控制在15/10万以下。", "2.妇女常见病筛查率达到80%以上。"]
TEXT = "\n".join(LINES) + "\n"


def shape(path) -> tuple:
    [plan] = extract_file(path).document["plans"]
    return (plan["title"], plan["region"], plan["subject"], [d["name"] for d in plan["domains"]],
            [g["code"] for d in plan["domains"] for g in d["goals"]])


EXPECTED = ("某县妇女发展纲要（2021—2030年）", "某县", "women", ["妇女与健康"], ["1.1", "1.2"])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_files_in_any_common_encoding(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert shape(path) == EXPECTED


def test_windows_line_ends_keep_line_numbers(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    ex = extract_file(path)
    goal = ex.document["plans"][0]["domains"][0]["goals"][0]
    for target in goal["targets"]:
        evidence = target["evidence"]
        assert ex.text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert evidence["line"] == 4


def test_html_page(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in LINES)
    html = f"<html><head><title>x</title><script>var a=1;</script></head><body><div>首页 &gt; 政策</div>{body}</body></html>"
    path = tmp_path / "plan.html"
    path.write_text(html, encoding="utf-8")
    assert shape(path) == EXPECTED


def test_docx_paragraphs_and_a_real_table(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("某县妇女发展纲要（2021—2030年）")
    document.add_paragraph("某县妇女发展纲要重点指标目标表")
    table = document.add_table(rows=3, cols=5)
    cells = [["领域", "序号", "主要统计指标", "2020年", "2025年"],
             ["妇女与健康", "1", "孕产妇死亡率(1/10万)", "8.5", "<7"],
             ["妇女与健康", "2", "婚前医学检查率(%)", "90", ">85"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for line in LINES[1:]:
        document.add_paragraph(line)
    path = tmp_path / "plan.docx"
    document.save(path)
    [plan] = extract_file(path).document["plans"]
    goals = [g["code"] for d in plan["domains"] for g in d["goals"]]
    assert plan["subject"] == "women" and sorted(goals) == ["1.1", "1.2", "T1", "T2"]
    rows = {g["code"]: g["text"] for d in plan["domains"] for g in d["goals"]}
    assert rows["T2"] == "妇女与健康 | 2 | 婚前医学检查率(%) | 90 | >85"


def _pdf(html: str) -> bytes:
    """A PDF with a text layer, made by WeasyPrint; skipped where it or a CJK font is missing."""
    weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint makes a PDF with a text layer")
    from pypdf import PdfReader

    data = weasyprint.HTML(string=html).write_pdf()
    if "妇女" not in (PdfReader(io.BytesIO(data)).pages[0].extract_text() or ""):
        pytest.skip("no CJK font installed: the PDF's text layer has no Chinese")
    return data


@pytest.fixture(scope="module")
def pdf_with_text():
    return _pdf("<html><body>" + "".join(f"<p>{line}</p>" for line in LINES) + "</body></html>")


def test_pdf_text_layer(tmp_path, pdf_with_text):
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_with_text)
    assert shape(path) == EXPECTED


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "文件为空"),
    ("blank.txt", b"  \n\r\n ", "文件为空"),
    ("image.bin", bytes(range(256)) * 4, "二进制"),
    ("scan.pdf", None, "没有文字层"),
    ("broken.pdf", b"%PDF-1.4 not really", "PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip", "Word"),
    ("letter.txt", "今天天气很好。\n我们去公园散步。\n".encode(), "未找到"),
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", ".doc"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "图片"),
    ("scan.txt", b"\xff\xd8\xff\xe0" + bytes(64), "图片"),       # a JPEG whatever its name
])
def test_bad_files_raise_one_clear_line(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(_blank_pdf() if data is None else data)
    with pytest.raises(ExtractionError) as err:
        extract_file(path)
    assert message in str(err.value) and name in str(err.value) and "\n" not in str(err.value)


def test_missing_file_is_an_extraction_error(tmp_path):
    with pytest.raises(ExtractionError, match="无法打开文件"):
        extract_file(tmp_path / "nowhere.txt")


# --- the normalised text and its map back to the original lines
@pytest.mark.parametrize("raw, clean", [
    ("保持在 90% 以上", "保持在90%以上"),            # spaces beside Chinese go
    ("（ 2021 — 2030 年）", "（2021—2030年）"),
    ("HPV 16 型", "HPV 16型"),                       # a space between Latin words stays
    ("　　全角缩进", "全角缩进"),
    ("达到９０％以上，１．５‰", "达到90%以上，1.5‰"),   # full-width digits and signs read as ASCII
])
def test_spaces_beside_chinese_are_dropped(raw, clean):
    assert normalise(raw).text == clean


def test_every_normalised_offset_maps_to_its_original_line():
    raw = "第一行\n\n  第 三 行\n- 2 -\n第五行"
    norm = normalise(raw)
    assert norm.text == "第一行\n第三行\n第五行"
    assert [norm.line(norm.text.index(s)) for s in ("第一行", "第三行", "第五行")] == [1, 3, 5]


def test_a_gbk_html_page_that_declares_its_charset(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in LINES)
    html = f'<html><head><meta charset="gb2312"></head><body>{body}</body></html>'
    path = tmp_path / "plan.htm"
    path.write_bytes(html.encode("gbk"))
    assert shape(path) == EXPECTED


def test_docx_automatic_list_numbering_is_written_out(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("某县妇女发展纲要（2021—2030年）")
    document.add_paragraph("（一）妇女与健康")
    document.add_paragraph("主要目标：")
    document.add_paragraph("孕产妇死亡率控制在15/10万以下。", style="List Number")
    document.add_paragraph("妇女常见病筛查率达到80%以上。", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(path)
    assert shape(path) == EXPECTED


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_chinese_list_numerals(n, text):
    from lianggang.extraction.docx_numbering import chinese

    assert chinese(n) == text


def test_a_narrow_pdf_with_wrapped_goals_and_page_numbers_reads_whole_goals(tmp_path):
    goals = [f"{n}.新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、4.0‰和6.0‰以下，地区和城乡差距逐步缩小。"
             for n in range(1, 25)]
    body = "".join(f"<p>{line}</p>" for line in LINES[:3] + goals)
    css = "@page { size: A6; @bottom-center { content: '- ' counter(page) ' -' } } p { margin: 0 0 .8em 0 }"
    path = tmp_path / "narrow.pdf"
    path.write_bytes(_pdf(f"<html><head><style>{css}</style></head><body>{body}</body></html>"))
    extraction = extract_file(path)
    [plan] = extraction.document["plans"]
    assert len([g for d in plan["domains"] for g in d["goals"]]) == 24
    # each goal is one line of the normalised text: wraps and page numbers are gone, not just hidden
    sentence = "新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、4.0‰和6.0‰以下，地区和城乡差距逐步缩小。"
    assert extraction.normalised.count(sentence) == 24


def test_a_line_wrapped_early_before_a_number_that_did_not_fit_is_joined():
    full = "妇女就业比例保持在合理水平并且逐步提高城乡差距进一步缩小。"  # 28 characters: the page width
    lines = [full] * 30 + ["1.新生儿、婴儿和5岁以下儿童死亡率分别降至", "3.0‰以下，城乡差距缩小。", "2.婴儿死亡率下降。"]
    text = normalise("\n".join(lines)).text
    assert "1.新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰以下，城乡差距缩小。\n2.婴儿死亡率下降。" in text


@pytest.mark.parametrize("cell, after", [
    ("已就业残疾妇女占劳动年龄段残疾妇女的比例(%)", "60.2"),      # a cell ending with its unit
    ("换届后当年达到100%，平时保持在85%以上并逐步提高比例", "15"),   # the next row's number
    ("新增省示范家长学校和家庭教育指导服务站点数量", "-"),          # an empty value cell
])
def test_table_cells_in_wrapped_text_stay_apart(cell, after):
    full = "妇女就业比例保持在合理水平并且逐步提高城乡差距进一步缩小。"  # 28 characters: the page width
    text = normalise("\n".join([full] * 30 + [cell, after, "提高"])).text
    assert f"\n{after}\n" in text
