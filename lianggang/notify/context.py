"""The bell's number on every page: one COUNT for a signed-in user, none for the public."""
from __future__ import annotations


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        from lianggang.notify.models import Notification
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    from django.utils.functional import SimpleLazyObject
    return {"unread_notifications": SimpleLazyObject(count)}
