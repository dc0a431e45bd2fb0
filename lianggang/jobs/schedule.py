"""The worker's clock: the daily run (reminders, tidying) is enqueued once a day, at or after
REMIND_HOUR local time, by whichever worker looks first (ScheduledRun's unique day)."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lianggang.jobs.models import ScheduledRun

DAILY = "daily"


def enqueue_due(now: dt.datetime | None = None) -> bool:
    """Enqueue today's daily run if it is time and no one has; True when this call enqueued it."""
    from lianggang.jobs.tasks import daily
    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.REMIND_HOUR:
        return False
    if ScheduledRun.objects.filter(name=DAILY, day=local.date()).exists():
        return False
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=DAILY, day=local.date())
            daily.enqueue()
    except IntegrityError:        # another worker was quicker
        return False
    return True


class DailyClock:
    """What the worker loop asks every second: it touches the database only until today's run is
    known to be enqueued (by this worker or another), then not again until tomorrow."""

    def __init__(self):
        self.settled: dt.date | None = None

    def tick(self, now: dt.datetime | None = None) -> bool:
        local = timezone.localtime(now or timezone.now())
        if local.date() == self.settled or local.hour < settings.REMIND_HOUR:
            return False
        enqueued = enqueue_due(local)
        self.settled = local.date()
        return enqueued
