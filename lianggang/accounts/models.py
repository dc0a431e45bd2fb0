"""Who a user is in the plans' machinery: a role, acting in a region (and a department)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    COMMITTEE = "committee", _("妇儿工委办公室")
    STATISTICS = "statistics", _("统计局监测组")
    FILLER = "filler", _("部门填报人")
    READER = "reader", _("上级查阅")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="profiles")
    department = models.ForeignKey("regions.Department", verbose_name=_("所在成员单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="profiles")
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            # A filler acts for exactly one department; everyone but the admin acts in a region.
            models.CheckConstraint(condition=~Q(role="filler") | Q(department__isnull=False),
                                   name="profile_filler_has_department"),
            models.CheckConstraint(condition=Q(role="admin") | Q(region__isnull=False),
                                   name="profile_has_region_unless_admin"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class LoginFailure(models.Model):
    """One failed login; too many per user name or address within the window locks further tries."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True, db_index=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
