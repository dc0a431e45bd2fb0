"""Login with throttling (accounts.throttle): the lock is checked, atomically, before the password is."""
from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView

from lianggang.accounts.throttle import ThrottledLoginForm


class ThrottledAuthenticationForm(ThrottledLoginForm, AuthenticationForm):
    pass


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "web/accounts/login.html"
    redirect_authenticated_user = True
