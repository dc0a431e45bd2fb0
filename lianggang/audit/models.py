from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianggang.accounts.permissions import ScopeLookups


class AuditEntry(models.Model):
    """One act. The user's name is kept on the row, so deleting a user never blanks who acted."""
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    user_name = models.CharField(_("经办人"), max_length=150, blank=True)
    verb = models.CharField(_("动作"), max_length=50, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=50, blank=True)
    object_repr = models.CharField(_("操作对象"), max_length=300, blank=True)
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    # Who may read an entry: accounts.permissions (Action.VIEW_AUDIT), by the region acted in.
    scope_lookups = ScopeLookups(region="region_id")

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作日志")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["region", "at"]), models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are append-only")
