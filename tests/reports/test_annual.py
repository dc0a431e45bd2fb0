import io
from types import SimpleNamespace

from docx import Document

from lianggang.evaluation.results import PlanAssessment, Summary
from lianggang.reports import content, render_docx


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


def test_the_annual_docx_holds_counts_sentences_and_warnings(assessment):
    text = _text(render_docx.render(content.annual(assessment)))
    assert "某市妇女发展规划（2021—2025年）2023年统计监测报告" in text
    assert "纲要共设3项目标" in text and "达标率33.3%" in text
    assert "2023年，孕产妇死亡率为15.1/10万，比上年下降0.9/10万（5.6%）" in text
    assert "宫颈癌筛查率为96.5%，比上年提高1.2个百分点" in text
    assert "妇女肥胖率" in text.split("需要关注的指标")[1]
    assert "示例数据" in text


def test_a_plan_without_data_says_so_plainly():
    empty = PlanAssessment(SimpleNamespace(title="某纲要"), None, 2023, [], Summary({}, 0, 0, 0), [], [])
    assert "本年度尚无已审核的监测数据" in _text(render_docx.render(content.annual(empty)))
