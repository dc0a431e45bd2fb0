"""Long work as jobs: started by a page that returns at once, run by a worker, shown with progress,
offered as a download to its owner only; a failure is a Chinese sentence."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from lianggang.jobs import runners, services
from lianggang.jobs.models import Job, JobKind, JobState
from lianggang.reports.build import ReportError


def start_report(client, world, **extra):
    data = {"plan": world.plan.pk, "region": "", "year": "2022", "kind": "annual", "format": "docx", **extra}
    return client.post("/jobs/report/", data)


def test_a_report_requested_on_the_page_becomes_a_job_that_offers_the_file(client, web_world):
    client.force_login(web_world.statistics)
    response = start_report(client, web_world)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.progress, job.user) == (JobKind.REPORT, JobState.DONE, 100, web_world.statistics)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "已完成" in page and f"/jobs/{job.pk}/download/" in page
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in download["Content-Disposition"]
    assert download.content[:2] == b"PK" and job.result_name.endswith("2022年统计监测报告.docx")


@pytest.mark.django_db(transaction=True)
def test_a_queued_job_waits_for_the_worker_and_shows_its_progress(client, web_world, queued):
    client.force_login(web_world.statistics)
    start_report(client, web_world, format="html")
    job = Job.objects.get()
    assert (job.state, job.progress) == (JobState.QUEUED, 0)
    partial = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert 'data-poll="/jobs/%d/status/"' % job.pk in partial and "排队中" in partial
    call_command("worker", "--once")
    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 100)
    partial = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "data-poll" not in partial and "下载" in partial          # the page stops polling


def test_progress_is_written_as_the_runner_goes(web_world):
    job = Job.objects.create(kind=JobKind.REPORT, user=web_world.statistics, title="t")
    progress = services.Progress(job)
    progress(40, "正在生成 pdf 文件")
    job.refresh_from_db()
    assert (job.progress, job.message) == (40, "正在生成 pdf 文件")
    progress(250)
    job.refresh_from_db()
    assert job.progress == 99          # only execute() says 100


def test_another_user_cannot_see_or_download_a_job(client, web_world):
    client.force_login(web_world.statistics)
    start_report(client, web_world)
    job = Job.objects.get()
    client.force_login(web_world.committee)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/status/").status_code == 404
    assert job.title not in client.get("/jobs/").content.decode()


def test_who_may_not_run_reports_cannot_start_one(client, web_world):
    client.force_login(web_world.filler_b)          # another county's filler: not this plan's region
    assert start_report(client, web_world).status_code == 403
    assert not Job.objects.exists()


def test_a_wrong_request_is_refused_at_once_with_a_message(client, web_world):
    client.force_login(web_world.statistics)
    response = start_report(client, web_world, kind="tables", format="pdf")
    assert response.status_code == 302 and "/reports/" in response["Location"]
    assert not Job.objects.exists()
    assert "统计资料只提供 xlsx 格式" in client.get(response["Location"]).content.decode()


def test_a_failure_shows_its_chinese_message(client, web_world, monkeypatch):
    def refuse(job, progress):
        raise ReportError("该年度没有任何已审核的数据，无法生成报告")
    monkeypatch.setitem(runners.RUNNERS, JobKind.REPORT, refuse)
    client.force_login(web_world.statistics)
    start_report(client, web_world)
    job = Job.objects.get()
    assert job.state == JobState.FAILED
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "失败" in page and "该年度没有任何已审核的数据，无法生成报告" in page and "/download/" not in page


def test_a_bug_is_logged_and_the_person_told_in_chinese(client, web_world, monkeypatch, caplog):
    def crash(job, progress):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setitem(runners.RUNNERS, JobKind.REPORT, crash)
    client.force_login(web_world.statistics)
    start_report(client, web_world)
    job = Job.objects.get()
    assert job.state == JobState.FAILED and f"任务编号 {job.pk}" in job.error and "division" not in job.error
    assert "ZeroDivisionError" in caplog.text


def test_a_job_delivered_twice_runs_once(web_world, monkeypatch):
    calls = []
    monkeypatch.setitem(runners.RUNNERS, JobKind.REPORT,
                        lambda job, progress: calls.append(job.pk) or runners.Outcome(message="ok"))
    job = services.start_report(web_world.statistics, web_world.plan, web_world.county_a, 2022, "annual", "docx")
    services.execute(job.pk)
    assert calls == [job.pk]


def test_the_finished_job_is_announced_in_the_bell(client, web_world):
    from lianggang.notify.models import Notification
    client.force_login(web_world.statistics)
    start_report(client, web_world)
    n = Notification.objects.get(user=web_world.statistics)
    assert n.title.startswith("已完成") and n.link == f"/jobs/{Job.objects.get().pk}/"


def test_old_finished_jobs_are_pruned(web_world):
    import datetime as dt
    from django.utils import timezone
    old = Job.objects.create(kind=JobKind.REPORT, user=web_world.statistics, title="old", state=JobState.DONE,
                             finished_at=timezone.now() - dt.timedelta(days=30))
    recent = Job.objects.create(kind=JobKind.REPORT, user=web_world.statistics, title="new", state=JobState.DONE,
                                finished_at=timezone.now())
    assert services.prune_finished() == 1
    assert list(Job.objects.all()) == [recent] and old.pk != recent.pk


def test_a_job_whose_worker_died_ends_as_failed_with_a_message(web_world):
    import datetime as dt
    from django.utils import timezone
    now = timezone.now()
    lost = Job.objects.create(kind=JobKind.REPORT, user=web_world.statistics, title="lost", state=JobState.RUNNING,
                              started_at=now - dt.timedelta(hours=3))
    busy = Job.objects.create(kind=JobKind.REPORT, user=web_world.statistics, title="busy", state=JobState.RUNNING,
                              started_at=now - dt.timedelta(minutes=5))
    assert services.fail_stale(now) == 1
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.state == JobState.FAILED and "任务中断" in lost.error and busy.state == JobState.RUNNING


def test_the_worker_started_by_a_server_stops_when_the_server_is_gone(db):
    import os
    import subprocess
    import sys
    import time
    # a parent pid that is not ours: the worker sees at once that "its server" is gone, and exits
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "lianggang", "worker", "--parent", str(os.getpid() + 999_999)],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"})
    assert done.returncode == 0 and time.monotonic() - started < 30
