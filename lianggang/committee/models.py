"""The committee's records: implementation reports (实施情况报告) with their goal entries and
self-assessments, meetings, funds and their stated minimums, supervision visits and the
corrections they require, and the attachments any of them carries.

Each record says where it is (`scope()`, `scope_lookups`) so the one permission table decides
who sees and changes it; every change goes through committee/services.py."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from lianggang.accounts.permissions import Release, Scope, ScopeLookups
from lianggang.assessment.model import Status
from lianggang.evaluation.results import core_language

# A verdict is a judgement: the statuses that say nothing (awaiting data, judged by hand) are not one.
def _status_word(code: str) -> str:
    """The status word in the active language (the core keeps both words, not gettext)."""
    return Status(code).label(core_language())


VERDICTS = [(s.value, lazy(_status_word, str)(s.value)) for s in Status
            if s not in (Status.AWAITING_DATA, Status.MANUAL)]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("撰写中")
    SUBMITTED = "submitted", _("已报送待审阅")
    RETURNED = "returned", _("已退回修改")
    ACCEPTED = "accepted", _("已审阅通过")


class ImplementationReport(models.Model):
    """One year's 实施情况报告 of a member department (department set) or of a region's committee
    to the committee above (department empty: a county office's report to the city)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="implementation_reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    department = models.ForeignKey("regions.Department", verbose_name=_("成员单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="implementation_reports",
                                   help_text=_("为空：本级妇儿工委向上级报送的报告"))
    state = models.CharField(_("状态"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    summary = models.TextField(_("总体工作情况"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    next_steps = models.TextField(_("下一步工作打算"), blank=True)
    source_text = models.TextField(_("上传文件的文字"), blank=True, help_text=_("从上传的 .docx 读出的全文"))
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("审阅时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审阅人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(_("审阅意见"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("实施情况报告")
        verbose_name_plural = _("实施情况报告")
        ordering = ["-year", "region__code", "department__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "department"], name="implreport_unique_department_year"),
            models.UniqueConstraint(fields=["region", "year"], condition=Q(department__isnull=True),
                                    name="implreport_unique_committee_year"),
            models.CheckConstraint(condition=Q(state__in=ReportState.values), name="implreport_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.author_name}{self.year}年实施情况报告"

    @property
    def author_name(self) -> str:
        return self.department.name if self.department_id else str(_("妇儿工委"))

    @property
    def is_committee_report(self) -> bool:
        """A region's committee reporting to the one above (reviewed there, not by itself)."""
        return self.department_id is None

    @property
    def editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)

    scope_lookups = ScopeLookups(region="region_id", department=lambda d: Q(department_id=d),
                                 approved=Q(state=ReportState.ACCEPTED))

    def scope(self) -> Scope:
        return Scope(self.region_id, self.department_id,
                     Release.APPROVED if self.state == ReportState.ACCEPTED else Release.NONE)


class GoalEntry(models.Model):
    """What the department did for one goal or measure it owns (其承担目标的工作情况)."""
    report = models.ForeignKey(ImplementationReport, verbose_name=_("实施情况报告"), on_delete=models.CASCADE,
                               related_name="goal_entries")
    goal = models.ForeignKey("plans.Goal", verbose_name=_("目标与措施"), on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("工作情况"))

    class Meta:
        verbose_name = _("目标工作情况")
        verbose_name_plural = _("目标工作情况")
        constraints = [models.UniqueConstraint(fields=["report", "goal"], name="goalentry_unique_goal")]


class SelfAssessment(models.Model):
    """The department's own verdict on a target it owns (mid-term and final years), beside the
    engine's verdict as it stood when written."""
    report = models.ForeignKey(ImplementationReport, verbose_name=_("实施情况报告"), on_delete=models.CASCADE,
                               related_name="self_assessments")
    target = models.ForeignKey("plans.Target", verbose_name=_("目标值"), on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("自评结论"), max_length=20, choices=VERDICTS)
    engine_status = models.CharField(_("系统评估"), max_length=20, choices=VERDICTS, blank=True)
    reason = models.TextField(_("理由"))

    class Meta:
        verbose_name = _("目标自评")
        verbose_name_plural = _("目标自评")
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="selfassessment_unique_target")]


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("全体会议")
    LIAISON = "liaison", _("联络员会议")
    THEMATIC = "thematic", _("专题会议")


class Meeting(models.Model):
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="committee_meetings")
    kind = models.CharField(_("会议类别"), max_length=10, choices=MeetingKind.choices)
    date = models.DateField(_("日期"))
    title = models.CharField(_("会议名称"), max_length=200)
    attendees = models.TextField(_("出席人员"))
    decisions = models.TextField(_("议定事项"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("工委会议")
        verbose_name_plural = _("工委会议")
        ordering = ["-date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    # Meetings, funds and visits are the committee's records: released to the region once written.
    scope_lookups = ScopeLookups(region="region_id", approved=Q())

    def scope(self) -> Scope:
        return Scope(self.region_id, release=Release.APPROVED)


class FundRecord(models.Model):
    """Working funds of a region's committee in one year (万元): budgeted and spent."""
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="committee_funds")
    year = models.PositiveSmallIntegerField(_("年度"))
    budgeted = models.DecimalField(_("预算（万元）"), max_digits=12, decimal_places=2)
    spent = models.DecimalField(_("支出（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("工作经费")
        verbose_name_plural = _("工作经费")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="fund_unique_region_year")]

    def __str__(self) -> str:
        return f"{self.region.name}{self.year}年工作经费"

    scope_lookups = ScopeLookups(region="region_id", approved=Q())

    def scope(self) -> Scope:
        return Scope(self.region_id, release=Release.APPROVED)


class FundMinimum(models.Model):
    """A plan's stated minimum of yearly funds for one level of region (盟级每年不少于20万元)."""
    plan = models.ForeignKey("plans.Plan", verbose_name=_("纲要"), on_delete=models.CASCADE,
                             related_name="fund_minimums")
    level = models.CharField(_("区划层级"), max_length=10)
    amount = models.DecimalField(_("每年不少于（万元）"), max_digits=12, decimal_places=2)
    source = models.CharField(_("原文"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("经费最低标准")
        verbose_name_plural = _("经费最低标准")
        constraints = [models.UniqueConstraint(fields=["plan", "level"], name="fundminimum_unique_level")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.level} ≥ {self.amount}万元"

    scope_lookups = ScopeLookups(region="plan__region_id", approved=Q())

    def scope(self) -> Scope:
        return Scope(self.plan.region_id, release=Release.APPROVED)


class VisitState(models.TextChoices):
    OPEN = "open", _("整改中")
    CLOSED = "closed", _("已销号")


class SupervisionVisit(models.Model):
    """A supervision visit (督导检查) by a region's committee to a region at or below it."""
    region = models.ForeignKey("regions.Region", verbose_name=_("组织区划"), on_delete=models.PROTECT,
                               related_name="supervision_visits")
    visited = models.ForeignKey("regions.Region", verbose_name=_("督导地点"), on_delete=models.PROTECT,
                                related_name="supervision_visits_received")
    place = models.CharField(_("督导单位或地点"), max_length=200, blank=True)
    date = models.DateField(_("日期"))
    inspectors = models.TextField(_("督导人员"))
    findings = models.TextField(_("发现的问题"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("督导检查")
        verbose_name_plural = _("督导检查")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.visited.name}{self.place}督导检查"

    @property
    def state(self) -> str:
        """Closed once every required correction is closed (销号)."""
        corrections = list(self.corrections.all())
        if corrections and all(c.state == CorrectionState.CLOSED for c in corrections):
            return VisitState.CLOSED
        return VisitState.OPEN

    def get_state_display(self) -> str:
        return VisitState(self.state).label

    scope_lookups = ScopeLookups(region="region_id", approved=Q())

    def scope(self) -> Scope:
        return Scope(self.region_id, release=Release.APPROVED)


class CorrectionState(models.TextChoices):
    REQUIRED = "required", _("待整改")
    IN_PROGRESS = "in_progress", _("整改中")
    DONE = "done", _("已整改待核实")
    CLOSED = "closed", _("已销号")


#: The states a correction may move to from each state (follow-up to closure; reopening a done one).
CORRECTION_MOVES: dict[str, tuple[str, ...]] = {
    CorrectionState.REQUIRED: (CorrectionState.IN_PROGRESS, CorrectionState.DONE),
    CorrectionState.IN_PROGRESS: (CorrectionState.DONE,),
    CorrectionState.DONE: (CorrectionState.CLOSED, CorrectionState.IN_PROGRESS),
    CorrectionState.CLOSED: (),
}


class Correction(models.Model):
    """One correction a visit requires (整改要求) and its follow-up."""
    visit = models.ForeignKey(SupervisionVisit, verbose_name=_("督导检查"), on_delete=models.CASCADE,
                              related_name="corrections")
    text = models.TextField(_("整改要求"))
    due = models.DateField(_("整改期限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=CorrectionState.choices,
                             default=CorrectionState.REQUIRED)
    follow_up = models.TextField(_("跟踪情况"), blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改要求")
        verbose_name_plural = _("整改要求")
        ordering = ["visit", "pk"]
        constraints = [models.CheckConstraint(condition=Q(state__in=CorrectionState.values),
                                              name="correction_state_valid")]

    def __str__(self) -> str:
        return self.text[:60]

    def scope(self) -> Scope:
        return self.visit.scope()


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"
    JPG = "jpg", "JPEG"
    PNG = "png", "PNG"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is random (set by the service); the person's file name stays in `name`.
    return f"attachments/{filename}"


class Attachment(models.Model):
    """A file one of the committee's records carries (a sealed scan, minutes, a department's
    report). Stored under LIANGGANG_VAR/media with a random name; served only as a download,
    to those who may see the record it belongs to."""
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=5, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    report = models.ForeignKey(ImplementationReport, verbose_name=_("实施情况报告"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="attachments")
    meeting = models.ForeignKey(Meeting, verbose_name=_("工委会议"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="attachments")
    visit = models.ForeignKey(SupervisionVisit, verbose_name=_("督导检查"), null=True, blank=True,
                              on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "pk"]
        constraints = [models.CheckConstraint(
            condition=(Q(report__isnull=False, meeting__isnull=True, visit__isnull=True)
                       | Q(report__isnull=True, meeting__isnull=False, visit__isnull=True)
                       | Q(report__isnull=True, meeting__isnull=True, visit__isnull=False)),
            name="attachment_has_one_owner")]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self):
        return self.report or self.meeting or self.visit

    def scope(self) -> Scope:
        """Where the record it belongs to is: whoever may see the record may download its files."""
        return self.owner.scope()
