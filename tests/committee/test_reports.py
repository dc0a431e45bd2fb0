"""A department's implementation report: structured by the targets it owns, self-assessed in the
plan's mid-term year, submitted, accepted or returned by the office — and what each persona may do."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lianggang.audit.models import AuditEntry
from lianggang.committee import services
from lianggang.committee.errors import CommitteeError
from lianggang.committee.models import ImplementationReport, ReportState
from lianggang.committee.services import ReportInput
from lianggang.plans.models import Target
from tests.committee.conftest import YEAR, docx_bytes
from tests.factories import make_user


def health_blocks(w):
    return services.owned_targets(w.county_a, YEAR, w.departments["health"])


def full_input(w) -> ReportInput:
    blocks = health_blocks(w)
    results = blocks[0].results
    return ReportInput(
        summary="全年开展孕产妇健康管理。", problems="基层人员不足。", next_steps="加强培训。",
        goals={g.goal.pk: f"{g.goal.code}落实情况" for g in blocks[0].goals},
        verdicts={r.target.pk: ("on_track", "年度数据稳步下降") for r in results})


def test_a_department_owns_exactly_the_targets_it_is_responsible_for(cworld):
    w = cworld
    names = {r.indicator.name for b in health_blocks(w) for r in b.results}
    assert names == {"婴儿死亡率", "孕产妇死亡率", "出生人口数"}   # 出生人口数: a watched indicator
    edu = services.owned_targets(w.county_a, YEAR, w.departments["edu"])
    assert {r.indicator.name for b in edu for r in b.results} == {"学前教育毛入园率", "幼儿园数"}
    assert health_blocks(w)[0].evaluation == "midterm"
    assert services.owned_targets(w.county_a, 2024, w.departments["health"])[0].evaluation is None


def test_evaluation_years_are_the_middle_and_the_last_year_of_the_plan(cworld):
    plan = cworld.plan
    assert [services.evaluation_kind(plan, y) for y in (2024, 2025, 2029, 2030)] == [None, "midterm", None, "final"]


def test_the_filler_writes_submits_and_the_office_accepts(cworld):
    w = cworld
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], full_input(w))
    assert report.self_assessments.count() == 3
    assert {s.engine_status for s in report.self_assessments.all()} <= set(dict(services.VERDICTS))
    services.submit_report(w.filler_health, report)
    services.accept_report(w.committee, report, "同意")
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.reviewed_by == w.committee
    verbs = list(AuditEntry.objects.filter(object_id=str(report.pk)).values_list("verb", flat=True))
    assert {"implreport.created", "implreport.submitted", "implreport.accepted"} <= set(verbs)


def test_a_mid_term_report_without_every_self_assessment_is_refused_naming_the_target(cworld):
    w = cworld
    data = full_input(w)
    data.verdicts.pop(next(iter(data.verdicts)))
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], data)
    with pytest.raises(CommitteeError, match="缺少自评结论和理由"):
        services.submit_report(w.filler_health, report)
    assert ImplementationReport.objects.get().state == ReportState.DRAFT


def test_a_verdict_without_a_reason_saves_nothing(cworld):
    w = cworld
    data = full_input(w)
    target = next(iter(data.verdicts))
    data.verdicts[target] = ("achieved", " ")
    with pytest.raises(CommitteeError, match="请写明自评理由"):
        services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], data)
    assert not ImplementationReport.objects.exists()


def test_a_department_cannot_self_assess_another_departments_target(cworld):
    w = cworld
    enrol = Target.objects.get(indicator=w.indicators["enrol"])
    data = ReportInput(summary="x", verdicts={enrol.pk: ("achieved", "理由")})
    with pytest.raises(CommitteeError, match="不需要本单位自评"):
        services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], data)


def test_return_needs_a_comment_and_reopens_the_report_for_editing(cworld):
    w = cworld
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], full_input(w))
    services.submit_report(w.filler_health, report)
    with pytest.raises(CommitteeError, match="修改意见"):
        services.return_report(w.committee, report, "")
    services.return_report(w.committee, report, "请补充数据来源")
    assert report.editable
    services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], full_input(w))
    services.submit_report(w.filler_health, report)
    assert ImplementationReport.objects.get().state == ReportState.SUBMITTED


def test_a_submitted_report_cannot_be_changed(cworld):
    w = cworld
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], full_input(w))
    services.submit_report(w.filler_health, report)
    with pytest.raises(CommitteeError, match="不能再修改"):
        services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], full_input(w))


@pytest.mark.parametrize("persona, may", [
    ("filler_health", True), ("committee", True), ("admin", True),
    ("filler_edu", False), ("statistics", False), ("reader_city", False), ("filler_b", False)])
def test_who_may_write_the_health_report(cworld, persona, may):
    w = cworld
    call = lambda: services.save_report(getattr(w, persona), w.county_a, YEAR, w.departments["health"],  # noqa: E731
                                        ReportInput(summary="工作情况"))
    if may:
        assert call().pk
    else:
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.parametrize("persona, may", [
    ("committee", True), ("admin", True), ("filler_health", False), ("statistics", False), ("reader_city", False)])
def test_who_may_accept_a_department_report(cworld, persona, may):
    w = cworld
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"], full_input(w))
    services.submit_report(w.filler_health, report)
    if may:
        services.accept_report(getattr(w, persona), report)
    else:
        with pytest.raises(PermissionDenied):
            services.accept_report(getattr(w, persona), report)


def test_a_county_committee_reports_to_the_city_committee_not_to_itself(cworld):
    w = cworld
    city_office = make_user("shi_gongwei", "committee", w.city)
    report = services.save_report(w.committee, w.county_a, YEAR, None, ReportInput(summary="甲区全年工作"))
    assert report.is_committee_report
    services.submit_report(w.committee, report)
    with pytest.raises(CommitteeError, match="上级妇儿工委审阅"):
        services.accept_report(w.committee, report)
    services.accept_report(city_office, report)
    assert ImplementationReport.objects.get().state == ReportState.ACCEPTED


def test_a_word_report_is_read_into_its_parts_and_kept_as_an_attachment(cworld):
    from lianggang.committee.attachments import NamedBytes
    w = cworld
    data = docx_bytes("一、主要工作", "开展妇幼健康促进行动。", "二、存在的问题", "基层人员不足。", "三、下一步工作打算",
                      "加强基层培训。")
    report = services.upload_report_docx(w.filler_health, w.county_a, YEAR, w.departments["health"],
                                         NamedBytes(data, "卫健委2025年实施情况报告.docx"))
    assert "开展妇幼健康促进行动" in report.summary
    assert report.problems == "基层人员不足。"
    assert report.next_steps == "加强基层培训。"
    assert report.attachments.get().name == "卫健委2025年实施情况报告.docx"


def test_a_pdf_is_not_taken_as_the_word_report(cworld):
    from lianggang.committee.attachments import NamedBytes
    from tests.committee.conftest import PDF
    w = cworld
    with pytest.raises(CommitteeError, match="Word"):
        services.upload_report_docx(w.filler_health, w.county_a, YEAR, w.departments["health"], NamedBytes(PDF, "r.pdf"))
    assert not ImplementationReport.objects.exists()
