"""How pages name a person: `{% load people %}{{ user|person }}`."""
from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user) -> str:
    """The full name, else the login. The demo's sample data were entered by no person: they say
    so (示例数据) instead of showing the loader's login."""
    from lianggang.monitoring.sample import SAMPLE_USER
    if user is None or user == "":
        return ""
    if isinstance(user, str):            # a name kept on a history row (its user may be gone)
        return _("示例数据") if user == SAMPLE_USER else user
    if user.get_username() == SAMPLE_USER:
        return _("示例数据")
    return user.get_full_name() or user.get_username()
