"""Login with throttling (accounts.throttle): the lock is checked before the password is."""
from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.utils.translation import gettext as _

from lianggang.accounts import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        username = (self.data.get("username") or "").strip()
        address = throttle.client_address(self.request) if self.request else None
        minutes = throttle.locked_for(username, address)
        if minutes:
            raise forms.ValidationError(_("登录失败次数过多，请 %(m)d 分钟后再试。") % {"m": minutes}, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear(username)
        return cleaned


class ThrottledLoginView(LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "web/accounts/login.html"
    redirect_authenticated_user = True
