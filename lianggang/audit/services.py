"""record(): the one way an act enters the audit log."""
from __future__ import annotations

from typing import Any

from lianggang.audit.models import AuditEntry


def user_name(user) -> str:
    """How a person is named on rows that outlive their account: 姓名（用户名）, or the user name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full}（{user.get_username()}）" if full else user.get_username()


def record(user, verb: str, obj: Any = None, *, region=None, **detail) -> AuditEntry:
    """Log that `user` did `verb` (a dotted code such as "round.open") to `obj`, in `region`
    (taken from obj.region when not given). `detail` must be JSON-serialisable."""
    if region is None and obj is not None:
        region = getattr(obj, "region", None)
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_name=user_name(user),
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(obj.pk) if obj is not None and getattr(obj, "pk", None) is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        region=region,
        detail=detail,
    )
