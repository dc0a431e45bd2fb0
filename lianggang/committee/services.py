"""The committee's use cases, one function each: every one checks permission in the one table,
writes inside one transaction, logs to the audit log and raises CommitteeError (nothing saved)
when the input is wrong. Pages, the admin's users and the demo all call these."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.permissions import Action, require
from lianggang.audit.services import record
from lianggang.committee.errors import CommitteeError
from lianggang.committee.models import (CORRECTION_MOVES, VERDICTS, Correction, CorrectionState, FundMinimum,
                                        FundRecord, GoalEntry, ImplementationReport, Meeting, MeetingKind,
                                        ReportState, SelfAssessment, SupervisionVisit)
from lianggang.evaluation.results import TargetResult
from lianggang.plans.models import Plan
from lianggang.regions.models import Department, Region

VERDICT_CODES = {code for code, _label in VERDICTS}


# -- what a department owns -------------------------------------------------------------------

def evaluation_kind(plan: Plan, year: int) -> str | None:
    """"midterm" in the plan's middle year (2021—2030: 2025; 2021—2025: 2023), "final" in its last
    year, else None: the years a self-assessment per target is asked for."""
    if year == plan.end_year:
        return "final"
    if year == plan.start_year + (plan.end_year - plan.start_year) // 2:
        return "midterm"
    return None


@dataclass
class GoalBlock:
    """One goal or measure the author owns, with its targets' results (figures and status)."""
    goal: object
    results: list[TargetResult] = field(default_factory=list)
    entry: str = ""
    rows: list = field(default_factory=list)      # what a page shows beside each result (its self-assessment)

    @property
    def figures(self) -> list[tuple[TargetResult, str]]:
        """Each result with its latest value as written (5.4‰（2022）), or "—"."""
        from lianggang.lib.units import format_value

        return [(r, f"{format_value(r.current.value, r.indicator.unit)}（{r.current.year}）" if r.current else "—")
                for r in self.results]


@dataclass
class PlanBlock:
    plan: Plan
    evaluation: str | None            # midterm / final / None
    goals: list[GoalBlock] = field(default_factory=list)

    @property
    def results(self) -> list[TargetResult]:
        return [r for g in self.goals for r in g.results]


def owned_targets(region: Region, year: int, department: Department | None) -> list[PlanBlock]:
    """The plans in force in `region` in `year`, and in each the goals whose targets `department`
    is responsible for (责任单位), with every such target's result. A committee's own report
    (department None) owns the region's own plans' goals."""
    from lianggang.evaluation.services import assess_plan_cached

    blocks = []
    for plan in Plan.objects.in_force(region, year).order_by("subject", "pk"):
        if department is None and plan.region_id != region.pk:
            continue
        pa = assess_plan_cached(plan, region, year)
        # Self-assessment per target is the departments' (a committee's report tells its work).
        block = PlanBlock(plan, evaluation_kind(plan, year) if department is not None else None)
        goals: dict[int, GoalBlock] = {}
        for r in pa.results:
            if department is not None and getattr(r.department, "pk", None) != department.pk:
                continue
            goal = r.target.goal
            goals.setdefault(goal.pk, GoalBlock(goal)).results.append(r)
        block.goals = list(goals.values())
        if block.goals:
            blocks.append(block)
    return blocks


def report_for(region: Region, year: int, department: Department | None) -> ImplementationReport | None:
    return ImplementationReport.objects.filter(region=region, year=year, department=department).first()


# -- writing a report -------------------------------------------------------------------------

@dataclass
class ReportInput:
    summary: str = ""
    problems: str = ""
    next_steps: str = ""
    goals: dict[int, str] = field(default_factory=dict)                      # goal id → what was done
    verdicts: dict[int, tuple[str, str]] = field(default_factory=dict)       # target id → (verdict, reason)


def save_report(user, region: Region, year: int, department: Department | None, data: ReportInput,
                *, blocks: list[PlanBlock] | None = None) -> ImplementationReport:
    """Create or update the draft (or returned) report; every problem refused at once, nothing saved."""
    report = report_for(region, year, department) or ImplementationReport(region=region, year=year,
                                                                          department=department)
    require(user, Action.WRITE_IMPL_REPORT, report)
    if not report.editable:
        raise CommitteeError(_("该报告%(state)s，不能再修改") % {"state": report.get_state_display()})
    blocks = owned_targets(region, year, department) if blocks is None else blocks
    goal_ids = {g.goal.pk for b in blocks for g in b.goals}
    targets = {r.target.pk: r for b in blocks if b.evaluation for r in b.results}
    errors = []
    for goal_id in data.goals:
        if goal_id not in goal_ids:
            errors.append(_("目标（编号%(id)s）不是本单位承担的目标") % {"id": goal_id})
    for target_id, (verdict, reason) in data.verdicts.items():
        r = targets.get(target_id)
        if r is None:
            errors.append(_("目标值（编号%(id)s）不需要本单位自评") % {"id": target_id})
        elif verdict and verdict not in VERDICT_CODES:
            errors.append(_("%(indicator)s：自评结论“%(verdict)s”无效") % {"indicator": r.indicator.name,
                                                                       "verdict": verdict})
        elif verdict and not reason.strip():
            errors.append(_("%(indicator)s：请写明自评理由") % {"indicator": r.indicator.name})
    if errors:
        raise CommitteeError("；".join(errors))
    with transaction.atomic():
        report.summary, report.problems, report.next_steps = (data.summary.strip(), data.problems.strip(),
                                                              data.next_steps.strip())
        created = report.pk is None
        report.save()
        for goal_id, text in data.goals.items():
            if text.strip():
                GoalEntry.objects.update_or_create(report=report, goal_id=goal_id, defaults={"text": text.strip()})
            else:
                GoalEntry.objects.filter(report=report, goal_id=goal_id).delete()
        for target_id, (verdict, reason) in data.verdicts.items():
            if verdict:
                SelfAssessment.objects.update_or_create(
                    report=report, target_id=target_id,
                    defaults={"verdict": verdict, "reason": reason.strip(), "engine_status": targets[target_id].status})
            else:
                SelfAssessment.objects.filter(report=report, target_id=target_id).delete()
        record(user, "implreport.created" if created else "implreport.saved", report)
    return report


def missing_for_submission(report: ImplementationReport, blocks: list[PlanBlock]) -> list[str]:
    """What a report lacks before it can be submitted, one located line each."""
    missing = []
    if not (report.summary or report.source_text or report.goal_entries.exists()):
        missing.append(_("请填写总体工作情况或各目标的工作情况，或上传报告文件"))
    assessed = set(report.self_assessments.values_list("target_id", flat=True))
    for block in blocks:
        if not block.evaluation:
            continue
        for r in block.results:
            if r.target.pk not in assessed:
                missing.append(_("《%(plan)s》%(indicator)s：缺少自评结论和理由") % {
                    "plan": block.plan.title, "indicator": r.indicator.name})
    return missing


def submit_report(user, report: ImplementationReport, *, blocks: list[PlanBlock] | None = None) -> ImplementationReport:
    require(user, Action.WRITE_IMPL_REPORT, report)
    if not report.editable:
        raise CommitteeError(_("该报告%(state)s，不能重复报送") % {"state": report.get_state_display()})
    blocks = owned_targets(report.region, report.year, report.department) if blocks is None else blocks
    missing = missing_for_submission(report, blocks)
    if missing:
        raise CommitteeError(_("报告尚不完整：") + "；".join(missing))
    with transaction.atomic():
        report.state, report.submitted_at, report.submitted_by = ReportState.SUBMITTED, timezone.now(), user
        report.save()
        record(user, "implreport.submitted", report)
    return report


def _require_review(user, report: ImplementationReport) -> None:
    require(user, Action.REVIEW_IMPL_REPORT, report)
    own_region = getattr(getattr(user, "profile", None), "region_id", None)
    if report.is_committee_report and own_region == report.region_id:
        # An office reports to the level above; it does not accept its own report.
        raise CommitteeError(_("本级妇儿工委的报告由上级妇儿工委审阅"))
    if report.state != ReportState.SUBMITTED:
        raise CommitteeError(_("该报告%(state)s，没有待审阅的内容") % {"state": report.get_state_display()})


def accept_report(user, report: ImplementationReport, comment: str = "") -> ImplementationReport:
    _require_review(user, report)
    with transaction.atomic():
        report.state, report.reviewed_at, report.reviewed_by = ReportState.ACCEPTED, timezone.now(), user
        report.review_comment = comment.strip()
        report.save()
        record(user, "implreport.accepted", report, comment=report.review_comment)
    return report


def return_report(user, report: ImplementationReport, comment: str) -> ImplementationReport:
    _require_review(user, report)
    if not comment.strip():
        raise CommitteeError(_("退回时请写明修改意见"))
    with transaction.atomic():
        report.state, report.reviewed_at, report.reviewed_by = ReportState.RETURNED, timezone.now(), user
        report.review_comment = comment.strip()
        report.save()
        record(user, "implreport.returned", report, comment=report.review_comment)
    return report


# -- a report uploaded as Word ------------------------------------------------------------------

PROBLEM_HEADING = re.compile(r"(存在的?(主要)?问题|问题与不足|困难和问题)")
NEXT_HEADING = re.compile(r"(下一步|工作打算|工作计划|工作思路)")


def docx_sections(data: bytes) -> tuple[str, str, str, str]:
    """(full text, summary, problems, next steps) of a Word report: paragraphs and table cells in
    order; a heading line naming 存在的问题 or 下一步 starts that part, the rest is the summary."""
    import io

    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except Exception as e:   # python-docx raises several kinds for a damaged file
        raise CommitteeError(_("无法读取该 Word 文件：%(error)s") % {"error": e}) from e
    lines = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append("　".join(dict.fromkeys(cells)))
    parts = {"summary": [], "problems": [], "next": []}
    current = "summary"
    for line in lines:
        if len(line) <= 30 and NEXT_HEADING.search(line):
            current = "next"
            continue
        if len(line) <= 30 and PROBLEM_HEADING.search(line):
            current = "problems"
            continue
        parts[current].append(line)
    return ("\n".join(lines), "\n".join(parts["summary"]), "\n".join(parts["problems"]), "\n".join(parts["next"]))


def upload_report_docx(user, region: Region, year: int, department: Department | None, uploaded
                       ) -> ImplementationReport:
    """A report written in Word: the file is kept as an attachment and its text read into the
    report (summary, problems, next steps), replacing what the page held; all or nothing."""
    from lianggang.committee.attachments import attach, read_upload, check_file

    report = report_for(region, year, department) or ImplementationReport(region=region, year=year,
                                                                          department=department)
    require(user, Action.WRITE_IMPL_REPORT, report)
    if not report.editable:
        raise CommitteeError(_("该报告%(state)s，不能再修改") % {"state": report.get_state_display()})
    name, data = read_upload(uploaded)
    if check_file(name, data) != "docx":
        raise CommitteeError(_("请上传 Word（.docx）格式的报告；其他文件可作为附件上传"))
    text, summary, problems, next_steps = docx_sections(data)
    if not text:
        raise CommitteeError(_("Word 文件“%(name)s”中没有文字") % {"name": name})
    from lianggang.committee.attachments import NamedBytes
    again = NamedBytes(data, name)
    with transaction.atomic():
        report.source_text, report.summary, report.problems, report.next_steps = text, summary, problems, next_steps
        report.save()
        attach(user, report, again)
        record(user, "implreport.uploaded", report, name=name)
    return report


# -- meetings ------------------------------------------------------------------------------------

def record_meeting(user, region: Region, *, kind: str, date: dt.date | None, title: str, attendees: str,
                   decisions: str = "", minutes=None) -> Meeting:
    """A committee meeting with its minutes file (optional); refused whole when a field is missing."""
    meeting = Meeting(region=region, kind=kind, date=date, title=title.strip(), attendees=attendees.strip(),
                      decisions=decisions.strip(), recorded_by=user)
    require(user, Action.MANAGE_COMMITTEE, meeting)
    errors = []
    if kind not in MeetingKind.values:
        errors.append(_("会议类别应为%(kinds)s") % {"kinds": "、".join(str(k.label) for k in MeetingKind)})
    if date is None:
        errors.append(_("请填写会议日期"))
    if not meeting.title:
        errors.append(_("请填写会议名称"))
    if not meeting.attendees:
        errors.append(_("请填写出席人员"))
    if errors:
        raise CommitteeError("；".join(errors))
    from lianggang.committee.attachments import attach
    with transaction.atomic():
        meeting.save()
        if minutes is not None:
            attach(user, meeting, minutes)
        record(user, "meeting.recorded", meeting)
    return meeting


# -- funds ------------------------------------------------------------------------------------

def parse_amount(text: str, label: str) -> Decimal | None:
    text = (text or "").strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CommitteeError(_("%(label)s“%(text)s”不是数字（单位：万元）") % {"label": label, "text": text}) from None
    if amount < 0 or amount.as_tuple().exponent < -2:
        raise CommitteeError(_("%(label)s应为不小于0、至多两位小数的数（万元）") % {"label": label})
    return amount


def record_funds(user, region: Region, year: int, *, budgeted: str, spent: str = "", note: str = "") -> FundRecord:
    """The year's budgeted and spent funds of `region`'s committee (万元), replacing an earlier entry."""
    require(user, Action.MANAGE_COMMITTEE, FundRecord(region=region, year=year))
    budget = parse_amount(budgeted, _("预算"))
    if budget is None:
        raise CommitteeError(_("请填写预算（万元）"))
    paid = parse_amount(spent, _("支出"))
    with transaction.atomic():
        fund, created = FundRecord.objects.update_or_create(region=region, year=year, defaults={
            "budgeted": budget, "spent": paid, "note": note.strip()[:300]})
        record(user, "funds.recorded", fund, budgeted=str(budget), spent=str(paid) if paid is not None else None)
    return fund


def set_fund_minimum(user, plan: Plan, level: str, amount: str, source: str = "") -> FundMinimum:
    from lianggang.regions.models import RegionLevel

    require(user, Action.MANAGE_COMMITTEE, plan.region)
    if level not in RegionLevel.values:
        raise CommitteeError(_("区划层级“%(level)s”无效") % {"level": level})
    value = parse_amount(amount, _("最低标准"))
    if value is None:
        raise CommitteeError(_("请填写每年不少于多少万元"))
    with transaction.atomic():
        minimum, _created = FundMinimum.objects.update_or_create(plan=plan, level=level,
                                                                 defaults={"amount": value, "source": source[:300]})
        record(user, "funds.minimum_set", minimum, region=plan.region, level=level, amount=str(value))
    return minimum


def read_fund_minimums(user, plan: Plan) -> list[FundMinimum]:
    """The minimums the plan's text states (盟级每年不少于20万元 …), stored for the plan."""
    from lianggang.committee.funds import find_minimums

    return [set_fund_minimum(user, plan, m.level, str(m.amount), m.text) for m in find_minimums(plan.source_text)]


@dataclass
class FundLine:
    region: Region
    year: int
    budgeted: Decimal | None
    spent: Decimal | None
    minimum: Decimal | None
    source: str = ""

    @property
    def shortfall(self) -> Decimal | None:
        """How far the budget falls below the stated minimum (0 when it meets it; None: no minimum)."""
        if self.minimum is None:
            return None
        return max(Decimal(0), self.minimum - (self.budgeted or Decimal(0)))


def minimum_for(region: Region, year: int) -> FundMinimum | None:
    """The minimum the plans in force in `region` state for its level (the highest, if several)."""
    plans = Plan.objects.in_force(region, year)
    return (FundMinimum.objects.filter(plan__in=plans, level=region.level).order_by("-amount").first())


def fund_lines(region: Region, years) -> list[FundLine]:
    """Per year: budgeted, spent, the minimum for the region's level and the shortfall."""
    records = {f.year: f for f in FundRecord.objects.filter(region=region, year__in=list(years))}
    out = []
    for year in years:
        fund, minimum = records.get(year), minimum_for(region, year)
        out.append(FundLine(region, year, fund.budgeted if fund else None, fund.spent if fund else None,
                            minimum.amount if minimum else None, minimum.source if minimum else ""))
    return out


# -- supervision -----------------------------------------------------------------------------------

def record_visit(user, region: Region, *, visited: Region, date: dt.date | None, place: str, inspectors: str,
                 findings: str, corrections: list[tuple[str, dt.date | None]]) -> SupervisionVisit:
    """A supervision visit to `visited` (the office's region or one below it) with its required corrections."""
    visit = SupervisionVisit(region=region, visited=visited, date=date, place=place.strip(),
                             inspectors=inspectors.strip(), findings=findings.strip(), recorded_by=user)
    require(user, Action.MANAGE_COMMITTEE, visit)
    errors = []
    if not visited.is_within(region):
        errors.append(_("督导地点应为本区划或其下级"))
    if date is None:
        errors.append(_("请填写督导日期"))
    if not visit.inspectors:
        errors.append(_("请填写督导人员"))
    if not visit.findings:
        errors.append(_("请填写发现的问题"))
    if errors:
        raise CommitteeError("；".join(errors))
    with transaction.atomic():
        visit.save()
        for text, due in corrections:
            if text.strip():
                Correction.objects.create(visit=visit, text=text.strip(), due=due)
        record(user, "visit.recorded", visit, corrections=visit.corrections.count())
    return visit


def follow_up_correction(user, correction: Correction, state: str, note: str) -> Correction:
    """Move a correction on its way to closure (待整改 → 整改中 → 已整改待核实 → 已销号), with a dated note."""
    require(user, Action.MANAGE_COMMITTEE, correction.visit)
    if state not in CORRECTION_MOVES.get(correction.state, ()):
        raise CommitteeError(_("整改要求“%(text)s”不能从“%(old)s”改为“%(new)s”") % {
            "text": str(correction), "old": correction.get_state_display(),
            "new": CorrectionState(state).label if state in CorrectionState.values else state})
    if not note.strip():
        raise CommitteeError(_("请写明跟踪情况"))
    old = correction.state
    with transaction.atomic():
        line = f"{timezone.localdate():%Y-%m-%d} {CorrectionState(state).label}：{note.strip()}"
        correction.follow_up = (correction.follow_up + "\n" + line).strip()
        correction.state = state
        correction.closed_at = timezone.now() if state == CorrectionState.CLOSED else None
        correction.save()
        record(user, "visit.correction_followed", correction, region=correction.visit.region, old=old, new=state)
    return correction
