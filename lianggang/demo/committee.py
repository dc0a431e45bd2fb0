"""The committee's work in the demo (示例): around the showcase plan's region and its 2025 round —
one department's implementation report with its self-assessment accepted, another's waiting for
review, the first county's committee report waiting for the city, a plenary meeting with its
minutes, five years of funds against the plans' minimums (read from every plan's text; one year
short), and a supervision visit with one correction closed and one open. Idempotent."""
from __future__ import annotations

import datetime as dt

from lianggang.assessment.model import Status
from lianggang.committee import services
from lianggang.committee.attachments import NamedBytes, attach
from lianggang.committee.models import FundMinimum, ImplementationReport, Meeting, SupervisionVisit
from lianggang.demo.people import SHOWCASE_YEAR, open_showcase_round, showcase_plan
from lianggang.monitoring.sample import sample_user
from lianggang.plans.models import Plan

MARK = "（示例）"
# The smallest well-formed PDF: the minutes' scan stands in for a real one.
MINUTES_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
               b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _department_report(user, region, department, *, accept: bool) -> None:
    if services.report_for(region, SHOWCASE_YEAR, department) is not None:
        return
    blocks = services.owned_targets(region, SHOWCASE_YEAR, department)
    if not blocks:
        return
    verdicts = {}
    for block in blocks:
        if not block.evaluation:
            continue
        for i, r in enumerate(block.results):
            # a department judges what the engine cannot yet (no data, awaiting the year's data)
            verdict = r.status if Status(r.status).judged else Status.BASICALLY_ACHIEVED
            reason = (f"{MARK}本单位统计与监测结论一致：{r.status_label}。" if verdict == r.status else
                      f"{MARK}监测数据不足，据部门年报测算已基本实现。")
            verdicts[r.target.pk] = (verdict, reason)
    goals = {g.goal.pk: f"{MARK}围绕“{g.results[0].indicator.name}”开展专项行动，完成年度任务。"
             for b in blocks for g in b.goals[:3]}
    data = services.ReportInput(summary=f"{MARK}{department.name}{SHOWCASE_YEAR}年认真落实规划任务，各项工作有序推进。",
                                problems=f"{MARK}基层专业人员不足，部分指标数据口径不一。",
                                next_steps=f"{MARK}加强部门协作，完善统计口径，开展基层培训。", goals=goals, verdicts=verdicts)
    report = services.save_report(user, region, SHOWCASE_YEAR, department, data, blocks=blocks)
    services.submit_report(user, report, blocks=blocks)
    if accept:
        services.accept_report(user, report, f"{MARK}同意。")


def load_committee_demo(report) -> None:
    user = sample_user()
    for plan in Plan.objects.exclude(source_text=""):
        services.read_fund_minimums(user, plan)
    found = open_showcase_round(report) if showcase_plan() else None
    if found is None:
        return
    plan, depts = found
    region = plan.region
    if len(depts) > 2:
        _department_report(user, region, depts[1], accept=True)
        _department_report(user, region, depts[2], accept=False)
    child = region.children.order_by("code").first()
    if child is not None and services.report_for(child, SHOWCASE_YEAR, None) is None:
        county = services.save_report(user, child, SHOWCASE_YEAR, None, services.ReportInput(
            summary=f"{MARK}{child.name}妇儿工委{SHOWCASE_YEAR}年工作总结：召开全体会议2次，开展督导1次。",
            problems=f"{MARK}乡镇工作力量薄弱。", next_steps=f"{MARK}推动乡镇妇儿工作站建设。"))
        services.submit_report(user, county)
    if not FundMinimum.objects.filter(plan=plan, level=region.level).exists():
        services.set_fund_minimum(user, plan, region.level, "20", f"{MARK}市级每年不少于20万元")
    for year, budgeted, spent in ((2021, "22", "21.5"), (2022, "22", "22"), (2023, "18", "17.2"),
                                  (2024, "25", "24.1"), (2025, "26", "")):
        services.record_funds(user, region, year, budgeted=budgeted, spent=spent, note=MARK)
    if not Meeting.objects.filter(region=region).exists():
        meeting = services.record_meeting(
            user, region, kind="plenary", date=dt.date(SHOWCASE_YEAR, 3, 18), title=f"{MARK}妇儿工委全体会议",
            attendees="工委主任、副主任，各成员单位分管领导", decisions="审议年度工作要点；部署规划终期评估。")
        attach(user, meeting, NamedBytes(MINUTES_PDF, "会议纪要（示例）.pdf"))
        services.record_meeting(user, region, kind="liaison", date=dt.date(SHOWCASE_YEAR, 6, 5),
                                title=f"{MARK}成员单位联络员会议", attendees="各成员单位联络员",
                                decisions="布置年度监测数据报送。")
    if child is not None and not SupervisionVisit.objects.filter(region=region).exists():
        visit = services.record_visit(user, region, visited=child, date=dt.date(SHOWCASE_YEAR, 5, 20),
                                      place="妇幼保健院", inspectors=f"{MARK}工委办 督导组三人",
                                      findings="孕产妇健康管理台账不全；宣传阵地更新不及时。",
                                      corrections=[("补齐孕产妇健康管理台账", dt.date(SHOWCASE_YEAR, 7, 31)),
                                                   ("更新宣传栏内容", dt.date(SHOWCASE_YEAR, 6, 30))])
        first = visit.corrections.order_by("pk").first()
        services.follow_up_correction(user, first, "done", "已补齐并报送照片")
        services.follow_up_correction(user, first, "closed", "工委办复查属实，销号")
    n = ImplementationReport.objects.filter(year=SHOWCASE_YEAR).count()
    report.notes.append(f"工委工作示例：{SHOWCASE_YEAR}年实施情况报告{n}份（一份已审阅通过并写入终期评估报告），"
                        "会议2次，经费5年，督导检查1次（工委工作页 /committee/）。")
