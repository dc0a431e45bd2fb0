"""In-site messages (站内消息): one row per recipient and event, read or not, mailed or not."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", _("年度监测开启")
    DEADLINE_NEAR = "deadline_near", _("填报即将截止")
    OVERDUE = "overdue", _("催报")
    VALUE_RETURNED = "value_returned", _("数据被退回")
    REVIEW_WAITING = "review_waiting", _("待审核")
    NEW_WARNING = "new_warning", _("新的预警")
    REPORT_RETURNED = "report_returned", _("上报被退回")
    JOB_FINISHED = "job_finished", _("后台任务完成")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    # What happened, once: (user, key) is unique, so a reminder run twice, or an act repeated by the
    # scheduled run, never tells the same person the same thing twice.
    key = models.CharField(_("事件"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.title}"
