"""The daily reminders: a late department hears of it without anyone acting, and only once."""
from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lianggang.jobs.models import ScheduledRun
from lianggang.jobs.schedule import enqueue_due
from lianggang.monitoring import services
from lianggang.notify.models import Kind, Notification
from lianggang.notify.remind import remind
from tests.factories import fill_health, health_sub
from tests.notify.conftest import deadline


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def nine_in_the_morning() -> dt.datetime:
    return timezone.localtime().replace(hour=9, minute=0)


def test_a_late_department_is_reminded_by_the_daily_run_without_anyone_acting(world, settings):
    settings.REMIND_HOUR = 8
    assert enqueue_due(nine_in_the_morning())          # the worker's clock; the suite runs the job at once

    assert kinds_of(world.filler_health) == [Kind.OVERDUE]
    assert kinds_of(world.filler_edu) == [Kind.OVERDUE]
    # 催报 reaches the office that follows the departments up, once per late department
    assert kinds_of(world.committee) == [Kind.OVERDUE, Kind.OVERDUE]
    n = Notification.objects.get(user=world.filler_health)
    assert "卫生健康委员会" in n.title and "逾期 3 天" in n.title
    assert n.link == f"/work/submissions/{health_sub(world).pk}/"
    assert kinds_of(world.filler_b) == []               # 乙区 has no late round
    assert kinds_of(world.statistics) == []


def test_the_daily_run_is_enqueued_once_a_day_and_not_before_its_hour(world, settings):
    settings.REMIND_HOUR = 8
    early = timezone.localtime().replace(hour=7, minute=59)
    assert not enqueue_due(early)
    assert Notification.objects.count() == 0
    assert enqueue_due(nine_in_the_morning())
    assert not enqueue_due(nine_in_the_morning() + dt.timedelta(hours=5))
    assert ScheduledRun.objects.count() == 1


def test_the_workers_clock_asks_the_database_once_a_day(world, settings, django_assert_num_queries):
    from lianggang.jobs.schedule import DailyClock
    settings.REMIND_HOUR = 8
    clock = DailyClock()
    assert not clock.tick(timezone.localtime().replace(hour=7))
    assert clock.tick(nine_in_the_morning())
    with django_assert_num_queries(0):            # polled every second: no query until tomorrow
        assert not clock.tick(nine_in_the_morning() + dt.timedelta(minutes=1))
    assert not DailyClock().tick(nine_in_the_morning())   # another worker: already enqueued today


def test_running_the_reminders_again_sends_nothing_new(world):
    first = remind()
    assert first == Notification.objects.count() > 0
    assert remind() == 0
    call_command("remind")
    assert Notification.objects.count() == first


def test_a_department_that_submitted_is_not_chased(world):
    fill_health(world)
    services.submit(world.filler_health, health_sub(world))
    remind()
    assert Kind.OVERDUE not in kinds_of(world.filler_health)
    assert kinds_of(world.filler_edu) == [Kind.OVERDUE]


def test_a_department_is_chased_again_each_further_week(world):
    remind()
    remind(timezone.localdate() + dt.timedelta(days=2))      # still the first week late: nothing new
    assert kinds_of(world.filler_edu) == [Kind.OVERDUE]
    remind(timezone.localdate() + dt.timedelta(days=7))      # a week later: a second 催报
    assert kinds_of(world.filler_edu) == [Kind.OVERDUE, Kind.OVERDUE]


def test_the_deadline_is_announced_days_before(world, settings):
    settings.REMIND_DAYS_BEFORE = 3
    remind(deadline() - dt.timedelta(days=5))
    assert Notification.objects.count() == 0
    remind(deadline() - dt.timedelta(days=2))
    assert kinds_of(world.filler_health) == [Kind.DEADLINE_NEAR]
    assert "还有 2 天截止" in Notification.objects.get(user=world.filler_health).body
    assert kinds_of(world.committee) == []


def test_reminders_are_mailed_when_mail_is_configured(world):
    # pytest-django's locmem backend stands for a configured mail server
    remind()
    to = {m.to[0] for m in mail.outbox}
    assert {"weijian@example.gov.cn", "jiaoyu@example.gov.cn", "gongwei@example.gov.cn"} <= to
    message = next(m for m in mail.outbox if m.to == ["weijian@example.gov.cn"])
    assert message.subject.startswith("【两纲监测】催报") and "尚未报送" in message.body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert len(mail.outbox) == Notification.objects.count() == 4     # the office hears of both departments
    remind()
    assert len(mail.outbox) == 4                       # no second mail for the same event


def test_no_mail_without_a_mail_server(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    remind()
    assert Notification.objects.count() > 0 and mail.outbox == []
