"""The committee's records in the annual, mid-term and final reports: a department's accepted
self-assessment stands where the placeholder was; unaccepted ones do not; funds show the shortfall."""
from __future__ import annotations

import datetime as dt

from lianggang.committee import services
from lianggang.committee.services import ReportInput
from lianggang.reports.build import build_report
from tests.committee.conftest import YEAR
from tests.reports.helpers import docx_text


def _health_report(w, submit=True, accept=True):
    blocks = services.owned_targets(w.county_a, YEAR, w.departments["health"])
    results = blocks[0].results
    data = ReportInput(summary="卫健委全年推进母婴安全行动。", problems="乡镇助产人员不足。", next_steps="开展助产培训。",
                       goals={blocks[0].goals[0].goal.pk: "新建产科质控中心一个。"},
                       verdicts={r.target.pk: ("achieved", f"{r.indicator.name}自评理由甲乙丙") for r in results})
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], data)
    if submit:
        services.submit_report(w.filler_health, report)
    if accept:
        services.accept_report(w.committee, report)
    return report


def midterm_text(w, fmt="docx") -> str:
    data, name, _type = build_report("midterm", w.plan, w.county_a, YEAR, fmt)
    return docx_text(data) if fmt == "docx" else data.decode()


def test_the_midterm_report_holds_the_accepted_self_assessment_instead_of_a_placeholder(cworld):
    w = cworld
    _health_report(w)
    text = midterm_text(w)
    assert "各成员单位自评情况" in text
    assert "（待" not in text
    assert "婴儿死亡率自评理由甲乙丙" in text and "孕产妇死亡率自评理由甲乙丙" in text
    assert "卫生健康委员会对承担的3项目标作了自评" in text
    assert "教育局尚未报送自评" in text           # the department that has not reported is named
    assert "乡镇助产人员不足" in text and "新建产科质控中心一个" in text


def test_a_submitted_but_not_accepted_report_stays_out(cworld):
    w = cworld
    _health_report(w, accept=False)
    text = midterm_text(w)
    assert "自评理由甲乙丙" not in text
    assert "卫生健康委员会、教育局尚未报送自评" in text


def test_the_html_report_carries_it_too(cworld):
    w = cworld
    _health_report(w)
    assert "自评理由甲乙丙" in midterm_text(w, "html")


def test_the_annual_report_gets_the_departments_work_and_the_funds_shortfall(cworld):
    w = cworld
    _health_report(w)
    w.plan.source_text = "县区级每年不少于5万元。"
    w.plan.save()
    services.read_fund_minimums(w.committee, w.plan)
    services.record_funds(w.committee, w.county_a, YEAR, budgeted="3", spent="2.5")
    services.record_meeting(w.committee, w.county_a, kind="liaison", date=dt.date(YEAR, 4, 2), title="联络员会议",
                            attendees="各单位联络员", decisions="部署年度监测")
    data, _name, _type = build_report("annual", w.plan, w.county_a, YEAR, "docx")
    text = docx_text(data)
    assert "成员单位实施情况" in text and "卫健委全年推进母婴安全行动" in text
    assert "经费保障、会议和督导检查" in text
    assert f"{YEAR}年预算低于纲要规定的最低标准" in text
    assert "部署年度监测" in text


def test_an_accepted_county_committee_report_appears_in_the_citys_report(cworld):
    from tests.factories import make_user
    w = cworld
    city_office = make_user("shi_gongwei", "committee", w.city)
    report = services.save_report(w.committee, w.county_a, YEAR, None, ReportInput(summary="甲区妇儿工委全年工作要点"))
    services.submit_report(w.committee, report)
    services.accept_report(city_office, report)
    from lianggang.reports import committee
    from lianggang.evaluation.services import assess_plan
    pa = assess_plan(w.plan, w.city, YEAR)
    section = committee.lower_committees(pa)
    assert section is not None and "甲区妇儿工委全年工作要点" in section.children[0].paragraphs[0]


def test_a_plans_report_shows_only_the_work_on_its_own_goals(cworld):
    from tests.factories import make_plan
    from lianggang.plans.models import Domain, Goal
    from lianggang.committee.models import GoalEntry
    w = cworld
    report = _health_report(w)
    other = make_plan(w.county_a, "甲区妇女发展规划（2021—2030年）")
    goal = Goal.objects.create(domain=Domain.objects.create(plan=other, code="1", name="妇女与健康"), code="9",
                               text="另一规划的目标。")
    GoalEntry.objects.create(report=report, goal=goal, text="另一规划的工作丁戊")
    text = midterm_text(w)
    assert "新建产科质控中心一个" in text and "另一规划的工作丁戊" not in text
