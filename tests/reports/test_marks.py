"""Flagged values in reports: marked in tables (5.2*), named in sentences, explained in a note; charts keyed."""
from __future__ import annotations

import io
from dataclasses import replace
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from lianggang.evaluation.results import YearValue
from lianggang.reports import charts, content, marks, render_docx, render_html, render_xlsx, tables
from tests.reports.conftest import make_result
from tests.reports.helpers import docx_text, table_after


@pytest.fixture
def flagged(assessment):
    """The conftest assessment with 孕产妇死亡率 provisional and 妇女肥胖率 estimated and revised, every year."""
    health = assessment.by_domain[0][0]
    results = [
        make_result(health, "孕产妇死亡率", "1/10万", {2022: 16.0, 2023: 15.1}, "on_track", flags={"provisional"}),
        assessment.results[1],
        make_result(health, "妇女肥胖率", "%", {2022: 10.0, 2023: 11.2}, "off_track", flags={"estimated", "revised"}),
    ]
    results = [replace(r, indicator=SimpleNamespace(**vars(r.indicator), pk=n)) for n, r in enumerate(results, 1)]
    return replace(assessment, plan=SimpleNamespace(title=assessment.plan.title, start_year=2023),
                   results=results, warnings=[results[2]])


NOTE = "注：数值后标*为初步数，标#为估计数，标r为修订数。"


@pytest.mark.parametrize("flags, expected", [
    ({"provisional"}, "*"),
    ({"revised", "provisional", "estimated"}, "*#r"),
    ({"series_break", "sample"}, "b"),        # sample data is said once per report, not per value
    (set(), ""),
])
def test_a_values_marks_follow_the_flags_table(flags, expected):
    assert marks.marks(flags) == expected


def test_the_annual_report_marks_its_tables_names_flags_in_sentences_and_explains_the_marks(flagged):
    doc = content.annual(flagged, charts=False)
    appendix = doc.sections[-1].tables[0]
    assert [row[3:5] for row in appendix.rows] == [["16*", "15.1*"], ["95.3", "96.5"], ["10#r", "11.2#r"]]
    assert table_after(doc, "（一）退步").rows == [["妇女肥胖率", "≥95%", "退步", "卫生健康委"]]
    sentence = doc.sections[1].children[0].children[0].paragraphs[0]
    assert sentence.startswith("2023年，孕产妇死亡率为15.1/10万（初步数），比上年")
    assert doc.notes[0] == NOTE and content.SAMPLE_NOTE in doc.notes
    text = docx_text(render_docx.render(doc))
    assert "11.2#r" in text and NOTE in text
    assert NOTE in render_html.render(doc).decode()


def test_a_report_without_flagged_values_has_no_note_on_marks(assessment):
    doc = content.annual(assessment, charts=False)
    assert not [n for n in doc.notes if "标*" in n or n.startswith("注：数值后")]


def test_the_evaluation_tables_mark_the_baseline_now_and_the_values_needing_action(flagged):
    doc = content.midterm(flagged)
    progress = doc.sections[1].children[0].tables[0].rows
    assert [row[2:4] for row in progress] == [["16*（2022年）", "15.1*"], ["95.3（2022年）", "96.5"],
                                              ["10#r（2022年）", "11.2#r"]]
    assert table_after(doc, "五、").rows[0][2] == "11.2%#r"
    assert doc.notes[0] == NOTE


def test_the_statistical_tables_mark_numbers_by_their_format_and_explain_the_marks(flagged):
    wb = render_xlsx.workbook(tables.sheets(flagged, []))
    ws = wb[flagged.by_domain[0][0].name]
    cells = {ws.cell(r, 2).value: (ws.cell(r, 4).value, ws.cell(r, 4).number_format)
             for r in range(render_xlsx.HEADER_ROW + 1, render_xlsx.HEADER_ROW + 4)}
    assert cells == {"孕产妇死亡率": (15.1, '0.0"*"'), "宫颈癌筛查率": (96.5, "0.0"), "妇女肥胖率": (11.2, '0.0"#r"')}
    assert ws.cell(ws.max_row, 1).value == NOTE
    out = io.BytesIO()
    wb.save(out)                                     # Excel takes the formats as written
    assert load_workbook(out)[ws.title].cell(render_xlsx.HEADER_ROW + 1, 4).number_format == '0.0"*"'


def test_a_trend_chart_keys_the_marks_it_draws():
    points = [YearValue(2021, 6.0), YearValue(2022, 5.7, frozenset({"revised"})),
              YearValue(2023, 5.1, frozenset({"provisional", "estimated"}))]
    chart = charts.trend("婴儿死亡率", points, 5.0, "‰")
    drawn = charts._template("trend")
    assert chart.png.startswith(b"\x89PNG")
    assert [t.get_text() for t in drawn.marks] == ["r", "*#"]
    assert drawn.key.get_text() == "注：*初步数　#估计数　r修订数"
    charts.trend("婴儿死亡率", points[:1], 5.0, "‰")        # the figure is reused: nothing of the last is left
    assert drawn.marks == [] and drawn.key.get_text() == ""
