"""The audit log page: who did what to which object, newest first, within the reader's regions."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianggang.accounts.permissions import Action, allowed_rows, may_anywhere
from lianggang.audit.models import AuditEntry

PAGE_SIZE = 100

# The acts recorded, as a person reads them (record() callers use these codes).
VERBS = {
    "plan.import": gettext_lazy("导入纲要"),
    "plan.publish": gettext_lazy("公开纲要"),
    "plan.unpublish": gettext_lazy("取消公开"),
    "round.open": gettext_lazy("开启年度监测"),
    "round.assign": gettext_lazy("分配填报任务"),
    "round.unassign": gettext_lazy("取消分配"),
    "submission.approve": gettext_lazy("审核通过"),
    "value.overwrite_approved": gettext_lazy("覆盖已审核数据"),
}


@login_required
def audit_log(request):
    if not may_anywhere(request.user, Action.VIEW_AUDIT):
        raise PermissionDenied(_("无权查看操作日志"))
    entries = allowed_rows(request.user, Action.VIEW_AUDIT, AuditEntry.objects.select_related("region"))
    verb = request.GET.get("verb", "").strip()
    if verb:
        entries = entries.filter(verb=verb)
    page = Paginator(entries.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.label = VERBS.get(entry.verb, entry.verb)
    return render(request, "web/work/audit_log.html", {"page": page, "verb": verb, "verbs": VERBS})
