from types import SimpleNamespace

import pytest

from lianggang.assessment import summarise
from lianggang.evaluation.results import PlanAssessment
from lianggang.reports import content, render_docx
from tests.reports.helpers import docx_text


def test_the_annual_docx_holds_counts_sentences_and_warnings(assessment):
    text = docx_text(render_docx.render(content.annual(assessment)))
    assert "某市妇女发展规划（2021—2025年）2023年统计监测报告" in text
    assert "纲要共设3项目标" in text and "达标率33.3%" in text
    assert "2023年，孕产妇死亡率为15.1/10万，比上年下降0.9/10万（5.6%）" in text
    assert "宫颈癌筛查率为96.5%，比上年提高1.2个百分点" in text
    assert "妇女肥胖率" in text.split("需要关注的指标")[1]
    assert "示例数据" in text


def test_a_plan_without_data_says_so_plainly():
    empty = PlanAssessment(SimpleNamespace(title="某纲要"), None, 2023, [], summarise([]), [], [])
    assert "本年度尚无已审核的监测数据" in docx_text(render_docx.render(content.annual(empty)))


def test_two_targets_of_one_indicator_share_its_section_and_chart(assessment):
    from dataclasses import replace

    first = assessment.results[0]
    twin = replace(first, indicator=SimpleNamespace(name=first.indicator.name, unit=first.indicator.unit, pk=7),
                   target="≤14/10万")
    first = replace(first, indicator=SimpleNamespace(name=first.indicator.name, unit=first.indicator.unit, pk=7))
    pa = replace(assessment, results=[first, twin, *assessment.results[1:]])
    domain = content.annual(pa).sections[1].children[0]
    assert [c.heading for c in domain.children] == ["1. 孕产妇死亡率", "2. 宫颈癌筛查率", "3. 妇女肥胖率"]
    paragraphs = domain.children[0].paragraphs
    assert len(domain.children[0].charts) == 1
    # the indicator's value is said once; each target gets its own judgment
    assert sum("孕产妇死亡率为15.1/10万" in p for p in paragraphs) == 1
    assert [p.split("；")[0] for p in paragraphs if p.startswith("目标：")] == ["目标：≥95%", "目标：≤14/10万"]


@pytest.mark.parametrize("n, expected", [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三")])
def test_chinese_numbers_for_headings(n, expected):
    assert content.chinese_number(n) == expected


@pytest.mark.parametrize("level, expected", [(0, "三、总体情况"), (1, "（三）总体情况"), (2, "3. 总体情况")])
def test_headings_are_numbered_as_official_documents_are(level, expected):
    assert content.heading(level, 3, "总体情况") == expected
