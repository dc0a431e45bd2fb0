"""The committee's part of the annual, mid-term and final reports: the member departments' accepted
implementation reports and self-assessments (in place of the old placeholders), the lower
committees' reports, funds held against the plan's minimum, meetings and supervision visits.

`weave(document, pa, kind)` is what reports/build.py calls, once per report; it reads the
committee's records of the assessment's region and year (accepted reports only) and adds its
sections to the content, so every renderer writes them."""
from __future__ import annotations

from lianggang.assessment.model import Status
from lianggang.evaluation.results import PlanAssessment
from lianggang.reports.content import Document, Section, Table, heading, numbered, target_text, value_cell

SELF_ASSESSMENT_TITLE = "各成员单位自评情况"


def _reports(pa: PlanAssessment):
    from lianggang.committee.models import ImplementationReport, ReportState

    return list(ImplementationReport.objects.filter(region=pa.region, year=pa.year, state=ReportState.ACCEPTED)
                .select_related("department").prefetch_related("goal_entries__goal__domain", "self_assessments"))


def _work_paragraphs(report, plan=None) -> list[str]:
    """The report's summary, its work on each goal of `plan` (a department's report covers every
    plan in force), its problems and next steps."""
    out = []
    if report.summary:
        out += [p for p in report.summary.splitlines() if p.strip()]
    for entry in report.goal_entries.all():
        if plan is not None and entry.goal.domain.plan_id != plan.pk:
            continue
        label = (entry.goal.title or entry.goal.text[:40]).rstrip("。；;，, ")
        out.append(f"{entry.goal.code} {label}：{entry.text}")
    if report.problems:
        out.append("存在的问题：" + report.problems.replace("\n", "；"))
    if report.next_steps:
        out.append("下一步工作打算：" + report.next_steps.replace("\n", "；"))
    return out or ["（报告正文见附件）"]


def department_work(pa: PlanAssessment, reports) -> Section:
    """成员单位实施情况: each accepted department report, in the order the results name departments."""
    by_department = {r.department_id: r for r in reports if r.department_id}
    named = list(dict.fromkeys(r.department for r in pa.results if r.department is not None))
    named += [r.department for r in reports if r.department_id and r.department not in named]
    parts, missing = [], []
    for department in named:
        report = by_department.get(department.pk)
        if report is None:
            missing.append(department.name)
        else:
            parts.append((department.name, Section("", _work_paragraphs(report, pa.plan))))
    sec = Section("", children=numbered(1, parts))
    if missing:
        sec.paragraphs.append(f"{'、'.join(missing)}的{pa.year}年实施情况报告尚未报送或尚未审阅通过。")
    return sec


def self_assessment(pa: PlanAssessment, reports) -> Section:
    """Per department: its verdict on each target it owns beside the monitoring's, with its reasons."""
    by_department = {r.department_id: r for r in reports if r.department_id}
    names = list(dict.fromkeys(r.department for r in pa.results if r.department is not None))
    if not names:
        return Section("", ["各项指标均未明确责任单位。"])
    parts, missing = [], []
    for department in names:
        report = by_department.get(department.pk)
        verdicts = {s.target_id: s for s in report.self_assessments.all()} if report else {}
        own = [r for r in pa.results if r.department is not None and r.department.pk == department.pk]
        if not verdicts:
            missing.append(department.name)
            continue
        rows, differ = [], 0
        for r in own:
            s = verdicts.get(r.target.pk)
            if s is not None and s.verdict != r.status:
                differ += 1
            rows.append([r.indicator.name, target_text(r), value_cell(r.current, r.indicator.unit or ""),
                         Status(r.status).zh, Status(s.verdict).zh if s else "—",
                         s.reason if s else "未自评"])
        agree = len([r for r in own if r.target.pk in verdicts]) - differ
        sec = Section("", [f"{department.name}对承担的{len(own)}项目标作了自评，{agree}项与监测评估结论一致"
                           + (f"，{differ}项不一致（理由见下表）。" if differ else "。")],
                      [Table(["指标", "目标值", "最新值", "监测评估", "单位自评", "理由"], rows)])
        if report.summary:
            sec.paragraphs.append(report.summary.splitlines()[0])
        parts.append((department.name, sec))
    out = Section("", children=numbered(1, parts))
    if missing:
        out.paragraphs.append(f"{'、'.join(missing)}尚未报送自评或自评尚未审阅通过。")
    return out


def lower_committees(pa: PlanAssessment) -> Section | None:
    from lianggang.committee.models import ImplementationReport, ReportState

    reports = list(ImplementationReport.objects.filter(region__parent=pa.region, year=pa.year, department=None,
                                                       state=ReportState.ACCEPTED).select_related("region")
                   .order_by("region__code"))
    if not reports:
        return None
    return Section("", children=numbered(1, [(r.region.name, Section("", _work_paragraphs(r))) for r in reports]))


def funds_and_meetings(pa: PlanAssessment) -> Section | None:
    """经费保障、会议和督导: funds against the stated minimum (with the shortfall), meetings and visits of the year."""
    from lianggang.committee.models import Meeting, SupervisionVisit
    from lianggang.committee.services import fund_lines

    start = getattr(pa.plan, "start_year", pa.year)
    lines = [f for f in fund_lines(pa.region, list(range(max(start, pa.year - 4), pa.year + 1)))
             if f.budgeted is not None]
    meetings = list(Meeting.objects.filter(region=pa.region, date__year=pa.year).order_by("date"))
    visits = list(SupervisionVisit.objects.filter(region=pa.region, date__year=pa.year).select_related("visited")
                  .prefetch_related("corrections").order_by("date"))
    if not (lines or meetings or visits):
        return None
    parts = []
    if lines:
        rows = [[str(f.year), _wan(f.budgeted), _wan(f.spent), _wan(f.minimum),
                 "—" if f.shortfall is None else _wan(f.shortfall)] for f in lines]
        short = [f for f in lines if f.shortfall]
        text = (f"{'、'.join(f'{f.year}年' for f in short)}预算低于纲要规定的最低标准。" if short
                else "各年度预算均达到纲要规定的最低标准。" if any(f.minimum is not None for f in lines)
                else "纲要未规定本级经费最低标准。")
        parts.append(("工作经费", Section("", [text], [Table(["年度", "预算（万元）", "支出（万元）",
                                                              "规定每年不少于（万元）", "缺口（万元）"], rows)])))
    if meetings:
        parts.append(("会议", Section("", [f"{pa.year}年召开会议{len(meetings)}次。"], [Table(
            ["日期", "类别", "会议", "议定事项"],
            [[f"{m.date:%Y-%m-%d}", m.get_kind_display(), m.title, m.decisions.replace("\n", "；")] for m in meetings])])))
    if visits:
        rows = []
        for v in visits:
            corrections = list(v.corrections.all())
            closed = sum(c.state == "closed" for c in corrections)
            rows.append([f"{v.date:%Y-%m-%d}", v.visited.name + v.place, v.findings.replace("\n", "；"),
                         f"{closed}/{len(corrections)}"])
        parts.append(("督导检查", Section("", [f"{pa.year}年开展督导检查{len(visits)}次。"],
                                          [Table(["日期", "地点", "发现的问题", "整改销号"], rows)])))
    return Section("", children=numbered(1, parts))


def _wan(amount) -> str:
    """An amount of 万元 as written: 20, 17.2; "—" when not recorded."""
    return "—" if amount is None else format(amount.normalize(), "f")


def _insert(document: Document, titled: list[tuple[str, Section | None]]) -> None:
    """Add top-level sections after the numbered ones (before an appendix), continuing the numbering."""
    numbered_count = sum(1 for s in document.sections if not s.heading.startswith("附表"))
    at = numbered_count
    for title, sec in titled:
        if sec is None:
            continue
        numbered_count += 1
        sec.heading = heading(0, numbered_count, title)
        document.sections.insert(at, sec)
        at += 1


def weave(document: Document, pa: PlanAssessment, kind: str) -> Document:
    """The committee's sections in a report of `kind` (annual, midterm, final); a report without
    data (no assessment) is returned as it is."""
    if not pa.has_data:
        return document
    reports = _reports(pa)
    if kind == "annual":
        _insert(document, [("成员单位实施情况", department_work(pa, reports)),
                           ("下级妇儿工委工作情况", lower_committees(pa)),
                           ("经费保障、会议和督导检查", funds_and_meetings(pa))])
        return document
    for sec in document.sections:
        if sec.heading.endswith(SELF_ASSESSMENT_TITLE):
            filled = self_assessment(pa, reports)
            sec.paragraphs, sec.tables, sec.children = filled.paragraphs, filled.tables, filled.children
    _insert(document, [("成员单位实施情况", department_work(pa, reports)),
                       ("下级妇儿工委工作情况", lower_committees(pa)),
                       ("经费保障、会议和督导检查", funds_and_meetings(pa))])
    return document
