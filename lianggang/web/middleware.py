"""Turn LoginNeeded (raised by web.access.check for an anonymous visitor) into the login page."""
from __future__ import annotations

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
