"""Turn LoginNeeded (raised by web.access.check for an anonymous visitor) into the login page, and a
database busy with another writer into 409 "try again" instead of a server error."""
from __future__ import annotations

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from lianggang.web.access import LoginNeeded, login_redirect


class LoginNeededMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginNeeded):
            return login_redirect(request)
        return None


# The pages load nothing from elsewhere and run no inline script or style: everything is the
# application's own file (WhiteNoise). Charts set positions through the CSSOM, which the policy allows.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
])


class ContentSecurityPolicyMiddleware:
    """Every response carries the strict policy (a view may set its own, e.g. the API schema page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


def is_busy(exception: BaseException) -> bool:
    """SQLite's "database is locked"/"busy" (another writer held the lock past the busy timeout), or
    PostgreSQL's lock timeout / serialization failure: the request can simply be tried again."""
    if not isinstance(exception, OperationalError):
        return False
    text = str(exception).lower()
    return any(word in text for word in ("database is locked", "database is busy", "lock timeout",
                                         "could not serialize", "deadlock detected"))


class DatabaseBusyMiddleware:
    """Nothing was saved by the refused request (its transaction rolled back): say so, with 409."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        message = _("其他用户正在保存数据，本次操作未保存，请稍后重试。")
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": message}, status=409, json_dumps_params={"ensure_ascii": False})
        return HttpResponse(f"<!doctype html><meta charset=utf-8><title>409</title><p>{message}</p>",
                            status=409, content_type="text/html; charset=utf-8")
