"""The tasks the queue knows (django-tasks, whose database backend is the queue).

Only two: run one Job, and the daily round. Everything a job does is in runners.py; a task's
arguments are ids, so what runs is what the database says at run time.
"""
from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from lianggang.jobs.services import execute
    execute(job_id)


@task()
def daily() -> dict:
    """Once a day (the worker's scheduler enqueues it): reminders; jobs whose worker died end as failed;
    old jobs and their files go."""
    from lianggang.jobs.services import fail_stale, prune_finished
    from lianggang.notify.remind import remind
    sent = remind()
    return {"notifications": sent, "stale_jobs": fail_stale(), "pruned_jobs": prune_finished()}


@task()
def send_emails(notification_ids: list[int]) -> int:
    from lianggang.notify.services import send_emails as send
    return send(notification_ids)
