"""Login throttling: after LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW seconds for one
user name or one address, further attempts are refused until the window has passed.
Kept in the database so every server process sees the same count."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from lianggang.accounts.models import LoginFailure


def client_address(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") or None


def _recent(username: str, address: str | None):
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    who = Q(username__iexact=username)
    if address:
        who |= Q(address=address)
    return LoginFailure.objects.filter(who, at__gte=since)


def locked_for(username: str, address: str | None) -> int:
    """Minutes until another try is allowed (0: not locked)."""
    recent = _recent(username, address)
    if recent.count() < settings.LOGIN_FAILURE_LIMIT:
        return 0
    oldest = recent.order_by("at").values_list("at", flat=True)[recent.count() - settings.LOGIN_FAILURE_LIMIT]
    remaining = oldest + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW) - timezone.now()
    return max(1, int(remaining.total_seconds() // 60) + 1)


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], address=address)


def clear(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()
