"""Login throttling, on every login door (the site's /accounts/login/ and the admin's /admin/login/).

An account is locked after LOGIN_FAILURE_LIMIT failed tries within LOGIN_FAILURE_WINDOW seconds, from
any address; an address after LOGIN_ADDRESS_FAILURE_LIMIT failed tries for any accounts (a higher
limit: one office behind one proxy address must not lock out every colleague with five typos).

Behind a reverse proxy every request comes from the proxy's address: set CLIENT_ADDRESS_HEADER to the
header the proxy writes with the real client (X-Real-IP, or X-Forwarded-For whose last entry the proxy
appends). Without it, REMOTE_ADDR is used, since a client can write any X-Forwarded-For itself.

The count is atomic: each try is recorded *before* the password is checked and the try counts the
records that exist after its own, so of any number of simultaneous tries at most the limit get their
password checked. A success removes the account's records. Kept in the database so every server
process sees the same count."""
from __future__ import annotations

import datetime as dt
import ipaddress

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.models import LoginFailure


def client_address(request) -> str | None:
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "")
    if header:
        raw = request.headers.get(header, "")
        candidate = raw.split(",")[-1].strip()   # the entry the trusted proxy appended
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def _since():
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)


def _minutes_left(times: list) -> int:
    remaining = min(times) + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW) - timezone.now()
    return max(1, int(remaining.total_seconds() // 60) + 1)


def _lock(records, limit: int) -> int:
    """Minutes the lock lasts when more than `limit` records are recent (0: not locked)."""
    times = list(records.filter(at__gte=_since()).order_by("-at").values_list("at", flat=True)[:limit + 1])
    return _minutes_left(times[1:]) if len(times) > limit else 0


def try_login(username: str, address: str | None) -> tuple[int, LoginFailure | None]:
    """Record a try for `username` from `address` before its password is checked: returns the minutes
    the account or address is locked (0: go on) and the record (kept as the failure if the password
    is wrong; `succeeded` removes it)."""
    record = LoginFailure.objects.create(username=username[:150], address=address)
    minutes = _lock(LoginFailure.objects.filter(username__iexact=username[:150]), settings.LOGIN_FAILURE_LIMIT)
    if not minutes and address:
        minutes = _lock(LoginFailure.objects.filter(address=address), settings.LOGIN_ADDRESS_FAILURE_LIMIT)
    if minutes:
        record.delete()   # a refused try is not another failure: the lock does not grow
        return minutes, None
    return 0, record


def clear(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


class ThrottledLoginForm:
    """Mixin for an AuthenticationForm (the site's and the admin's): the lock is checked, atomically,
    before the password is."""

    def clean(self):
        username = (self.data.get("username") or "").strip()
        address = client_address(self.request) if getattr(self, "request", None) else None
        minutes, _record = try_login(username, address)
        if minutes:
            raise forms.ValidationError(_("登录失败次数过多，请 %(m)d 分钟后再试。") % {"m": minutes}, code="locked")
        cleaned = super().clean()     # a wrong password raises here; the try stays recorded as a failure
        clear(username)
        return cleaned
