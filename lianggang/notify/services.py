"""Telling people: notify() writes one in-site message per recipient and event (never twice: the
event's key is unique per user) and, where e-mail is configured, queues the mail.

The event functions below are what services call at the act (one line each: open_round,
return_for_revision, submit, return_upward) and what the daily reminder calls (remind.py).
"""
from __future__ import annotations

import logging
from typing import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.models import Role
from lianggang.notify.models import Kind, Notification

log = logging.getLogger(__name__)
User = get_user_model()


# -- who hears ----------------------------------------------------------------------------------

def department_users(department) -> list:
    """The department's own people (its fillers): they enter, submit and correct its values."""
    return list(User.objects.filter(is_active=True, profile__department=department))


def office_users(region, *roles: str) -> list:
    """People of the region's office in these roles (妇儿工委办公室, 统计局监测组)."""
    return list(User.objects.filter(is_active=True, profile__region=region, profile__role__in=roles))


# -- the one way in -----------------------------------------------------------------------------

def email_enabled() -> bool:
    """Mail is sent when an SMTP host is configured, or a non-SMTP backend is chosen (console, the tests' locmem)."""
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend"


def notify(users: Iterable, kind: str, key: str, title: str, body: str = "", link: str = "",
           region=None, *, mail: bool = True) -> list[Notification]:
    """One message per user for the event `key`; users who already have it are skipped. Returns the new ones."""
    users = {u.pk: u for u in users if u is not None}
    if not users:
        return []
    with transaction.atomic():
        have = set(Notification.objects.filter(user_id__in=users, key=key).values_list("user_id", flat=True))
        new = [Notification(user_id=uid, kind=kind, key=key[:200], title=title[:200], body=body, link=link[:300],
                            region=region) for uid in users if uid not in have]
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        created = list(Notification.objects.filter(user_id__in=[n.user_id for n in new], key=key[:200]))
        mailed = [n.pk for n in created if users[n.user_id].email]
        if mailed and mail and email_enabled():
            from lianggang.jobs.tasks import send_emails as task
            task.enqueue(mailed)
    return created


def send_emails(ids: list[int]) -> int:
    """Mail the messages not yet mailed (the task notify() queues); a failing server is logged, not raised."""
    from django.core.mail import EmailMessage, get_connection
    pending = list(Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user"))
    if not pending:
        return 0
    sent = 0
    try:
        with get_connection(fail_silently=False) as connection:
            for n in pending:
                if not n.user.email:
                    continue
                link = f"\n\n{settings.SITE_URL.rstrip('/')}{n.link}" if n.link else ""
                EmailMessage(f"【两纲监测】{n.title}", f"{n.body}{link}", settings.DEFAULT_FROM_EMAIL,
                             [n.user.email], connection=connection).send()
                Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
                sent += 1
    except OSError:
        log.exception("mail server refused notifications %s", ids)
    return sent


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's messages read (all of them when ids is None)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def inbox(user):
    return Notification.objects.filter(user=user).select_related("region")


# -- events at the act (hooked in the one service that performs it) ------------------------------

def round_opened(rnd) -> None:
    for sub in rnd.submissions.select_related("department"):
        deadline = _("，截止日期 %(d)s") % {"d": rnd.deadline} if rnd.deadline else ""
        notify(department_users(sub.department), Kind.ROUND_OPENED, f"round_opened:{sub.pk}",
               _("%(round)s已开启") % {"round": rnd},
               _("请%(dept)s填报本单位负责的指标%(deadline)s。") % {"dept": sub.department.name, "deadline": deadline},
               reverse("web:entry", args=[sub.pk]), rnd.region)


def submission_returned(sub) -> None:
    notify(department_users(sub.department), Kind.VALUE_RETURNED,
           f"returned:{sub.pk}:{sub.reviewed_at.isoformat() if sub.reviewed_at else ''}",
           _("%(round)s的填报被退回修改") % {"round": sub.round},
           _("审核意见：%(comment)s") % {"comment": sub.comment or _("见各项数据的意见")},
           reverse("web:entry", args=[sub.pk]), sub.round.region)


def submission_waiting(sub) -> None:
    notify(office_users(sub.round.region, Role.STATISTICS), Kind.REVIEW_WAITING,
           f"review:{sub.pk}:{sub.submitted_at.isoformat() if sub.submitted_at else ''}",
           _("%(dept)s已报送，等待审核") % {"dept": sub.department.name},
           _("%(round)s：%(dept)s的数据已报送，请审核。") % {"round": sub.round, "dept": sub.department.name},
           reverse("web:review", args=[sub.pk]), sub.round.region)


def report_returned(rnd) -> None:
    notify(office_users(rnd.region, Role.COMMITTEE, Role.STATISTICS), Kind.REPORT_RETURNED,
           f"report_returned:{rnd.pk}:{rnd.accepted_at.isoformat() if rnd.accepted_at else ''}",
           _("%(round)s的上报被上级退回") % {"round": rnd},
           _("上级意见：%(comment)s") % {"comment": rnd.upward_comment},
           reverse("web:work-home"), rnd.region)


def job_finished(job) -> None:
    if job.user_id is None:
        return
    ok = job.state == "done"
    notify([job.user], Kind.JOB_FINISHED, f"job:{job.pk}",
           (_("已完成：%(title)s") if ok else _("失败：%(title)s")) % {"title": job.title},
           job.message if ok else job.error, reverse("jobs:job", args=[job.pk]), job.region, mail=False)
