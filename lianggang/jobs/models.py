"""A Job is one piece of long work a person asked for (a report, a plan document's extraction, an
export, a bulk load): what the page shows while the worker runs it, and the file it leaves.

The queue itself is django-tasks' table (DBTaskResult); a Job is our side of it — who asked, in which
region, how far it is, what came out — so the page never depends on the queue's internals.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    REPORT = "report", _("生成报告")
    EXTRACT = "extract", _("纲要文件抽取")
    EXPORT_VALUES = "export_values", _("导出监测数据")
    LOAD_VALUES = "load_values", _("批量导入监测数据")


class JobState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    kind = models.CharField(_("任务类型"), max_length=20, choices=JobKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True,
                             on_delete=models.CASCADE, related_name="jobs")
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("名称"), max_length=300)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    input_name = models.CharField(_("上传文件名"), max_length=300, blank=True)
    input_file = models.BinaryField(_("上传文件"), null=True, blank=True, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    message = models.CharField(_("当前步骤"), max_length=300, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=300, blank=True)
    result_type = models.CharField(_("结果文件类型"), max_length=120, blank=True)
    result_file = models.BinaryField(_("结果文件"), null=True, blank=True, editable=False)
    result_data = models.JSONField(_("结果数据"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="job_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def has_file(self) -> bool:
        return self.state == JobState.DONE and bool(self.result_name)

    def visible_to(self, user) -> bool:
        """A job is its owner's (and the administrator's): it holds what they asked for, which the
        permission table already allowed when the job was started."""
        from lianggang.accounts.permissions import sees_everything
        return user.is_authenticated and (self.user_id == user.pk or sees_everything(user))


class ScheduledRun(models.Model):
    """One run of a daily job on one day. The unique (name, day) makes the worker's scheduler
    idempotent: however many workers look, the day's run is enqueued once."""

    name = models.CharField(_("任务"), max_length=50)
    day = models.DateField(_("日期"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("定时任务运行")
        verbose_name_plural = _("定时任务运行")
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="scheduled_run_once_a_day")]
