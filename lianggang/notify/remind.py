"""The daily reminders (run by the worker once a day, or `lianggang remind`): nobody has to act for a
late department to hear of it. Each event has a key, so running this twice tells no one twice.

- 截止前提醒: an open round's deadline is within REMIND_DAYS_BEFORE days and the department has not
  submitted — to the department.
- 催报: the deadline has passed and the department has not submitted — to the department and to the
  region's office (妇儿工委办公室, who follows up); again each further week it stays late.
- 新的预警: a target at risk, off track, not achieved or volatile in a plan's region, for the latest
  year with approved data — to the department responsible for its indicator, once per target, region,
  year and status.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianggang.accounts.models import Role
from lianggang.notify.models import Kind
from lianggang.notify.services import department_users, notify, office_users

log = logging.getLogger(__name__)

WAITING = ("draft", "returned")     # submission states that still owe the bureau something


def remind(today: dt.date | None = None) -> int:
    """Every reminder due today; returns how many messages were written."""
    today = today or timezone.localdate()
    return deadlines(today) + warnings()


def _waiting_submissions():
    """Each department that owes an open round with a deadline and has not submitted (its submission
    is made here if it never opened the form: owing is what counts, not having started)."""
    from lianggang.monitoring.entry import submission_for
    from lianggang.monitoring.models import Round
    for rnd in Round.objects.filter(is_open=True, deadline__isnull=False).select_related("region"):
        departments = {o.department for o in rnd.obligations.select_related("department")}
        for department in sorted(departments, key=lambda d: d.pk):
            sub = submission_for(rnd, department)
            if sub.state in WAITING:
                sub.round = rnd
                yield sub


def deadlines(today: dt.date) -> int:
    sent = 0
    for sub in _waiting_submissions():
        rnd, days = sub.round, (sub.round.deadline - today).days
        link = reverse("web:entry", args=[sub.pk])
        if 0 <= days <= settings.REMIND_DAYS_BEFORE:
            sent += len(notify(
                department_users(sub.department), Kind.DEADLINE_NEAR, f"deadline:{sub.pk}:{rnd.deadline}",
                _("%(round)s将于%(deadline)s截止") % {"round": rnd, "deadline": rnd.deadline},
                _("%(dept)s尚未报送，还有 %(days)d 天截止。") % {"dept": sub.department.name, "days": days},
                link, rnd.region))
        elif days < 0:
            week = (-days - 1) // 7          # a new 催报 each further week overdue
            late = -days
            title = _("催报：%(dept)s的%(round)s已逾期 %(days)d 天") % {"dept": sub.department.name, "round": rnd,
                                                                     "days": late}
            body = _("截止日期 %(deadline)s 已过，%(dept)s尚未报送，请尽快填报并报送。") % {
                "deadline": rnd.deadline, "dept": sub.department.name}
            key = f"overdue:{sub.pk}:{rnd.deadline}:{week}"
            sent += len(notify(department_users(sub.department), Kind.OVERDUE, key, title, body, link, rnd.region))
            sent += len(notify(office_users(rnd.region, Role.COMMITTEE), Kind.OVERDUE, key, title, body,
                               reverse("web:round-obligations", args=[rnd.pk]), rnd.region))
    return sent


def warnings() -> int:
    """New warnings on each plan's own region, for its latest year with approved data."""
    from lianggang.evaluation.services import EvaluationError, assess_plan_cached, latest_year
    from lianggang.plans.models import Plan
    sent = 0
    for plan in Plan.objects.select_related("region"):
        year = latest_year(plan, plan.region)
        if year is None:
            continue
        try:
            pa = assess_plan_cached(plan, plan.region, year)
        except EvaluationError:
            continue
        for r in pa.warnings:
            if r.department is None:
                continue
            status = "volatile" if r.volatile and r.status not in ("at_risk", "off_track", "not_achieved") else r.status
            key = f"warning:{r.target.pk}:{plan.region_id}:{year}:{status}"
            title = _("新的预警：%(indicator)s（%(status)s）") % {"indicator": r.indicator.name,
                                                            "status": r.status_label if status != "volatile" else _("波动异常")}
            body = _("%(region)s %(year)s年：%(reason)s") % {"region": plan.region.name, "year": year, "reason": r.reason}
            link = reverse("web:indicator", args=[plan.pk, r.indicator.pk])
            sent += len(notify(department_users(r.department), Kind.NEW_WARNING, key, title, body, link, plan.region))
    return sent
