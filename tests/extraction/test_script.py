"""Traditional script and romanisation noise: read as simplified, evidence kept in the original."""
from __future__ import annotations

import pytest

from lianggang.extraction import extract_text
from lianggang.extraction.normalise import normalise
from lianggang.extraction.script import to_simplified

TRADITIONAL = "某縣兒童發展規劃（2021—2030年）\n（一）兒童與健康\n主要目標：\n1.嬰兒死亡率控制在4.5‰以下，兒童生長(cháng)遲緩率逐步降低。\n"


@pytest.mark.parametrize("raw, clean", [
    ("服務(wù)能力", "服务能力"),                  # tone marks
    ("生長（cháng）遲緩率", "生长迟缓率"),          # full-width brackets
    ("義務 (yì wù) 教育", "义务教育"),              # two syllables, spaces before
    ("覆蓋率(fu4 gai4)", "覆盖率"),                 # tone digits
])
def test_romanisation_noise_is_dropped(raw, clean):
    assert normalise(raw * 50).text == clean * 50


@pytest.mark.parametrize("text", [
    "宫颈癌筛查率(HPV)达到70%",       # a Latin abbreviation
    "孕产妇死亡率(1/10万)",             # a unit
    "比例(%)",
    "学校(含幼儿园)",
    "儿童之家(wu)",                     # lower case without a tone is no pinyin we can tell
])
def test_brackets_that_are_no_pinyin_stay(text):
    assert normalise(text).text == text


def test_simplified_text_is_left_as_it_is():
    # characters OpenCC would still touch in a simplified text (乾, 著) do not make it traditional
    assert to_simplified("乾隆年间著名的儿童医院，妇女发展纲要。" * 20) is None


def test_a_traditional_plan_is_read_and_its_evidence_points_into_the_original():
    extraction = extract_text(TRADITIONAL, "t.txt")
    [plan] = extraction.document["plans"]
    assert (plan["title"], plan["subject"], plan["domains"][0]["name"]) == ("某县儿童发展规划（2021—2030年）", "children", "儿童与健康")
    targets = plan["domains"][0]["goals"][0]["targets"]
    assert [(t["indicator"], t.get("op"), t.get("direction")) for t in targets] == [
        ("婴儿死亡率", "<=", None), ("儿童生长迟缓率", None, "decrease")]
    assert extraction.text == TRADITIONAL
    for t in targets:
        ev = t["evidence"]
        assert extraction.text[ev["start"]:ev["end"]] == ev["text"] and ev["line"] == 4
    assert targets[0]["evidence"]["text"].startswith("嬰兒死亡率")
    assert "生長(cháng)遲緩率" in targets[1]["evidence"]["text"]
