"""The annual, mid-term and final reports of a seed plan with sample values, read back and checked
against the database and the assessment — never against numbers copied from the seed text."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from lianggang.evaluation.services import assess_plan, assess_subregions, latest_year
from lianggang.monitoring.services import responsible_departments
from lianggang.monitoring.sample import load_sample_values
from lianggang.plans.models import Indicator, Target
from lianggang.reports import content, render_docx
from lianggang.reports.build import ReportError, build_report
from lianggang.reports.numbers import change_phrase, fmt_number, fmt_value
from tests.reports.helpers import all_sections, approved, docx_pictures, docx_text, table_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def sampled(seed_plans):
    """A seed plan whose region has sub-regions, with sample values; and its latest year."""
    plan = next(p for p in seed_plans if p.region.children.exists())
    load_sample_values(plans=[plan])
    return plan, latest_year(plan, plan.region)


def annual_of(plan, year, charts=False):
    pa = assess_plan(plan, plan.region, year)
    subs = assess_subregions(plan, plan.region, year)
    return pa, subs, content.annual(pa, charts=charts, subregions=subs)


def known_result(pa):
    """The first target whose indicator has values this year and last year."""
    return next(r for r in pa.results if r.current and r.previous and r.current.year == pa.year)


# -- annual ----------------------------------------------------------------------

def test_the_annual_report_numbers_its_headings_one_paren_one_and_arabic(sampled):
    plan, year = sampled
    pa, _subs, doc = annual_of(plan, year)
    assert [s.heading for s in doc.sections[:3]] == ["一、总体情况", "二、各领域进展情况", "三、需要关注的指标"]
    assert doc.sections[3].heading.startswith("附表")
    domains = doc.sections[1].children
    assert [d.heading for d in domains] == [f"（{content.chinese_number(i)}）{d.name}"
                                            for i, (d, _s) in enumerate(pa.by_domain, 1)]
    for d in domains:
        assert [c.heading.split(". ")[0] for c in d.children] == [str(i) for i in range(1, len(d.children) + 1)]


def test_the_annual_sentence_of_an_indicator_comes_from_its_approved_values(sampled):
    plan, year = sampled
    pa, _subs, doc = annual_of(plan, year)
    r = known_result(pa)
    now, before = approved(r.indicator, plan.region, year), approved(r.indicator, plan.region, year - 1)
    unit = r.indicator.unit
    text = docx_text(render_docx.render(doc))
    assert f"{year}年，{r.indicator.name}为{fmt_value(now, unit)}，{change_phrase(now, before, unit)}。" in text
    assert f"评估：{r.status.zh}" in text


def test_the_annual_overview_counts_every_target_of_the_plan(sampled):
    plan, year = sampled
    pa, _subs, doc = annual_of(plan, year)
    targets = Target.objects.filter(goal__domain__plan=plan).count()
    s = pa.summary
    rate = fmt_number(round(100 * s.met / s.assessable, 1))
    overview = doc.sections[0].paragraphs[0]
    assert overview.startswith(f"纲要共设{targets}项目标，其中") and f"可评估{s.assessable}项" in overview
    assert f"达标率{rate}%" in overview
    assert "未实现" in overview or not s.count("not_achieved")
    assert sum(s.counts.values()) == targets


def test_the_annual_warning_list_names_each_warning_with_its_department(sampled):
    plan, year = sampled
    pa, _subs, doc = annual_of(plan, year)
    warned = next(sec for sec in doc.sections if sec.heading.endswith("需要关注的指标"))
    expected = [r for r in pa.results if r.status in ("at_risk", "off_track", "not_achieved") or r.volatile]
    assert expected and len(warned.children) == len(pa.warning_groups)
    named = set()
    for group, sec in zip(pa.warning_groups, warned.children):
        assert sec.heading.endswith(f"{group.kind.zh}（{len(group.rows)}个指标）")
        rows = sec.tables[0].rows
        names = [row[0] for row in rows]
        assert len(names) == len(set(names)) == len(group.rows)      # an indicator once per group
        for row, item in zip(rows, group.rows):
            r = item.lead
            assert row[0] == r.indicator.name and row[3] == (r.department.name if r.department else "")
        named |= set(names)
    assert named == {r.indicator.name for r in expected}


def test_the_appendix_has_a_row_per_target_with_last_year_this_year_and_status(sampled):
    plan, year = sampled
    pa, _subs, doc = annual_of(plan, year)
    table = table_after(doc, "附表")
    assert table.header == ["指标", "单位", "基期值", "上年", "本年", "目标值", "状态", "责任单位"]
    assert len(table.rows) == Target.objects.filter(goal__domain__plan=plan).count()
    r = known_result(pa)
    row = table.rows[pa.results.index(r)]
    assert row[0] == r.indicator.name and row[1] == r.indicator.unit
    assert row[3] == fmt_number(approved(r.indicator, plan.region, year - 1))
    assert row[4] == fmt_number(approved(r.indicator, plan.region, year))
    assert row[6].startswith(r.status.zh)
    baseline = approved(r.indicator, plan.region, plan.start_year - 1)
    if r.target.baseline_value is None and baseline is not None:
        assert row[2] == fmt_number(baseline)


def test_each_indicator_compares_the_sub_regions_values_of_the_year(sampled):
    plan, year = sampled
    pa, _subs, doc = annual_of(plan, year)
    r = known_result(pa)
    sec = next(s for s in all_sections(doc.sections) if s.heading.endswith(f". {r.indicator.name}"))
    # the comparison is a block of its own under the trend: regions side by side, names over values
    tables = sec.children[0].tables
    shown = [(name, value) for t in tables for name, value in zip(t.header[1:], t.rows[0][1:])]
    expected = [(plan.region.name, fmt_number(approved(r.indicator, plan.region, year)))]
    for child in plan.region.children.order_by("code"):
        value = approved(r.indicator, child, year)
        if value is not None:
            expected.append((child.name, fmt_number(value)))
    assert len(expected) > 1 and shown == expected
    assert all(len(t.header) <= content.COMPARISON_COLUMNS + 1 for t in tables)


def test_the_annual_docx_with_charts_holds_a_trend_and_a_bar_chart_per_indicator(seed_plans):
    # The smallest seed plan with sub-regions keeps this end-to-end run short.
    plans = [p for p in seed_plans if p.region.children.exists()]
    plan = min(plans, key=lambda p: Indicator.objects.of_plan(p).count())
    load_sample_values(plans=[plan])
    year = latest_year(plan, plan.region)
    pa, _subs, doc = annual_of(plan, year, charts=True)
    data, name, _type = build_report("annual", plan, plan.region, year, "docx")
    charts = [c for s in all_sections(doc.sections) for c in s.charts]
    assert charts and all(c.png.startswith(b"\x89PNG") for c in charts)
    assert docx_pictures(data) == len(charts)
    assert name == f"{plan.title}{year}年统计监测报告.docx"
    assert "示例数据" in docx_text(data)


# -- mid-term and final ---------------------------------------------------------

def test_the_midterm_report_has_its_chapters_and_the_half_time_sentence(sampled):
    plan, year = sampled
    pa = assess_plan(plan, plan.region, year)
    doc = content.midterm(pa, assess_subregions(plan, plan.region, year))
    assert doc.title == f"{plan.title}中期评估报告"
    assert [s.heading for s in doc.sections] == [
        "一、总体情况", "二、各领域目标进展情况", "三、各领域达标情况", "四、各地区达标情况",
        "五、需要采取措施的目标", "六、各成员单位自评情况"]
    with_path = sum(r.on_path is not None for r in pa.results)
    on_path = sum(r.on_path is True for r in pa.results)
    assert with_path
    assert f"在有基期值的{with_path}项目标中，{on_path}项达到或超过序时进度" in doc.sections[0].paragraphs[1]


def test_the_midterm_tables_run_from_baseline_to_now_to_target_per_domain(sampled):
    plan, year = sampled
    pa = assess_plan(plan, plan.region, year)
    doc = content.midterm(pa)
    per_domain = doc.sections[1].children
    assert [c.heading for c in per_domain] == [f"（{content.chinese_number(i)}）{d.name}"
                                               for i, (d, _s) in enumerate(pa.by_domain, 1)]
    table = per_domain[0].tables[0]
    assert table.header == ["指标", "单位", "基期值", "最新值", "目标值", "状态", "序时进度"]
    first = pa.results[0]
    assert table.rows[0][0] == first.indicator.name
    # the value the status was judged on, with its year when that is not the report's year
    latest = first.current
    if latest is None:
        assert table.rows[0][3] == "—"
    elif latest.year == year:
        assert table.rows[0][3] == fmt_number(approved(first.indicator, plan.region, year))
    else:
        assert table.rows[0][3] == f"{fmt_number(latest.value)}（{latest.year}年）"
    rates = doc.sections[2].tables[0]
    assert [row[0] for row in rates.rows] == [d.name for d, _s in pa.by_domain] + ["合计"]
    assert rates.rows[-1][1:4] == [str(pa.summary.total), str(pa.summary.assessable), str(pa.summary.met)]


def test_the_sub_regions_are_ranked_by_attainment_rate(sampled):
    plan, year = sampled
    subs = assess_subregions(plan, plan.region, year)
    doc = content.midterm(assess_plan(plan, plan.region, year), subs)
    rows = doc.sections[3].tables[0].rows
    rates = {s.region.name: s.summary.attainment_rate for s in subs}
    assert [row[1] for row in rows] == sorted(rates, key=lambda n: -rates[n]) or \
        [rates[row[1]] for row in rows] == sorted(rates.values(), reverse=True)
    assert [row[0] for row in rows] == [str(i) for i in range(1, len(subs) + 1)]


def test_targets_needing_action_and_departments_yet_to_self_assess_are_named(sampled):
    plan, year = sampled
    pa = assess_plan(plan, plan.region, year)
    doc = content.midterm(pa)
    text = docx_text(render_docx.render(doc))
    needing = [r for r in pa.results if r.status in ("at_risk", "off_track", "not_achieved")]
    rows = table_after(doc, "五、").rows
    assert needing and len(rows) == len(needing)
    assert [row[0] for row in rows] == [r.indicator.name for r in needing]
    assert [row[4] for row in rows] == [r.department.name if r.department else "" for r in needing]
    departments = {d.name for d in responsible_departments(plan.region, plan.indicators).values() if d}
    assert departments
    # Without the committee's records the content names who has not yet self-assessed; no placeholder
    # for someone to fill in (reports/committee.py weaves the accepted self-assessments in).
    assert "尚未报送自评" in text and "（待" not in text
    for name in departments:
        assert name in text


def test_the_final_report_says_achieved_and_not_achieved(sampled):
    plan, _year = sampled
    pa = assess_plan(plan, plan.region, plan.end_year)
    doc = content.final(pa)
    assert doc.title == f"{plan.title}终期评估报告"
    assert doc.sections[1].heading == "二、各领域目标实现情况" and doc.sections[4].heading == "五、未实现的目标"
    s = pa.summary
    assert f"已实现{s.met}项" in doc.sections[0].paragraphs[1]
    assert f"未实现{s.assessable - s.met}项" in doc.sections[0].paragraphs[1]
    assert "序时进度" not in doc.sections[1].children[0].tables[0].header


@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_evaluation_reports_render_as_html_and_docx(sampled, kind):
    plan, year = sampled
    year = plan.end_year if kind == "final" else year     # a final evaluation is of the plan's last year
    html, name, content_type = build_report(kind, plan, plan.region, year, "html")
    assert content_type.startswith("text/html") and name.endswith(".html")
    assert "各成员单位自评情况" in html.decode() and "https://" not in html.decode()
    docx, _n, _t = build_report(kind, plan, plan.region, year, "docx")
    assert "各地区达标情况" in docx_text(docx)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_midterm_pdf_holds_its_chapters(sampled, tmp_path):
    plan, year = sampled
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(build_report("midterm", plan, plan.region, year, "pdf")[0])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "中期评估报告" in text and "各成员单位自评情况" in text


# -- no data and refusals -----------------------------------------------------------

@pytest.mark.parametrize("kind", ["annual", "midterm", "final"])
def test_a_plan_without_values_says_so_plainly(seed_plans, kind):
    plan = seed_plans[0]
    year = plan.end_year if kind == "final" else plan.start_year + 2
    text = docx_text(build_report(kind, plan, plan.region, year, "docx")[0])
    assert content.NO_DATA in text


def test_a_year_before_any_value_says_so_plainly(sampled):
    plan, _year = sampled
    html = build_report("annual", plan, plan.region, plan.start_year - 3, "html")[0].decode()
    assert content.NO_DATA in html


@pytest.mark.parametrize("kind, fmt, words", [
    ("annual", "xlsx", "统计资料"), ("midterm", "xlsx", "只提供 docx、pdf、html"), ("tables", "docx", "只提供 xlsx"),
    ("tables", "pdf", "只提供 xlsx"), ("weekly", "docx", "未知的报告类型"), ("annual", "odt", "未知的格式"),
])
def test_impossible_combinations_are_refused_in_chinese(seed_plans, kind, fmt, words):
    plan = seed_plans[0]
    with pytest.raises(ReportError, match=words):
        build_report(kind, plan, plan.region, plan.start_year, fmt)


def test_a_year_far_from_the_plan_is_a_report_error(seed_plans):
    plan = seed_plans[0]
    with pytest.raises(ReportError, match="监测期"):
        build_report("annual", plan, plan.region, plan.end_year + 40, "docx")
