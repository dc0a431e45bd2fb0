"""The user's messages: the list (newest first), open one (marks it read, goes to its page), mark all read."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from lianggang.notify import services
from lianggang.notify.models import Notification


@login_required
def inbox(request):
    return render(request, "notify/list.html", {"notifications": services.inbox(request.user)[:200]})


@login_required
@require_POST
def open_one(request, pk: int):
    n = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, [n.pk])
    if n.link and url_has_allowed_host_and_scheme(n.link, allowed_hosts={request.get_host()}):
        return redirect(n.link)
    return redirect("notify:list")


@login_required
@require_POST
def read_all(request):
    services.mark_read(request.user)
    return redirect("notify:list")
