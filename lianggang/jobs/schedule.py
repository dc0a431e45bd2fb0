"""The worker's clock: the daily run (reminders, tidying) is enqueued once a day, at or after
REMIND_HOUR local time, by whichever worker looks first (ScheduledRun's unique day)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lianggang.jobs.models import ScheduledRun


def enqueue_due(now: dt.datetime | None = None) -> bool:
    """Enqueue today's daily run if it is time and no one has; True when this call enqueued it."""
    from lianggang.jobs.tasks import daily
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.REMIND_HOUR:
        return False
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name="daily", day=local.date())
            daily.enqueue()
    except IntegrityError:
        return False
    return True
