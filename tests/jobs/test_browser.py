"""In headless Chromium (Debian's chromium driven by Playwright): a PDF report requested on the reports
page waits in the queue, the page shows its progress, a worker runs it, and the page offers the file;
a late department's filler finds the daily run's 催报 under the bell. Jobs go through the real database
queue here, run by a worker thread of the test."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.utils import timezone

from tests.web.test_browser import CHROMIUM, _login, _shot, browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="需要 Debian 的 chromium"),
]


class WorkerThread(threading.Thread):
    """`lianggang worker` in a thread of the test: the same Worker, batch after batch until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()

    def run(self):
        from django.db import connections
        from django_tasks_db.management.commands.db_worker import Worker
        worker = Worker(queue_names=["default"], interval=0.1, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test", excluded_queue_names=[])
        try:
            while not self.stop.is_set():
                worker.run()
                self.stop.wait(0.2)
        finally:
            connections.close_all()


@pytest.fixture
def worker():
    thread = WorkerThread()
    yield thread
    thread.stop.set()
    if thread.is_alive():
        thread.join(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_pdf_report_shows_its_progress_then_offers_the_file(browser, live_server, web_world, queued, worker):  # noqa: F811
    from lianggang.jobs.models import Job
    w = web_world
    bureau = _login(browser, live_server, "tongji")
    bureau.goto(f"{live_server.url}/reports/?plan={w.plan.pk}")
    bureau.get_by_label("年度").select_option("2022")
    bureau.get_by_label("格式").select_option("pdf")
    bureau.get_by_role("button", name="生成报告").click()
    bureau.wait_for_url(f"{live_server.url}/jobs/*/")
    assert bureau.get_by_test_id("job-state").inner_text() == "排队中"   # waiting: no worker yet
    assert bureau.locator("progress").count() == 1
    _shot(bureau, "job-queued")

    worker.start()
    link = bureau.get_by_role("link", name="下载")
    link.wait_for(timeout=60_000)                                        # the page polled until done
    assert bureau.get_by_test_id("job-state").inner_text() == "已完成"
    assert bureau.locator("progress").get_attribute("value") == "100"
    _shot(bureau, "job-done")
    with bureau.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("2022年统计监测报告.pdf")
    with open(download.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    job = Job.objects.get()
    assert job.started_at is not None and job.finished_at > job.started_at

    bureau.reload()
    assert bureau.get_by_test_id("bell").locator(".badge").inner_text() == "1"   # 已完成：… in the bell


@pytest.mark.django_db(transaction=True)
def test_a_late_filler_finds_the_reminder_under_the_bell(browser, live_server, web_world, queued, worker, settings):  # noqa: F811
    from lianggang.jobs.schedule import enqueue_due
    from lianggang.monitoring.models import Round
    Round.objects.filter(pk=web_world.round.pk).update(deadline=timezone.localdate() - dt.timedelta(days=2))
    settings.REMIND_HOUR = 0
    assert enqueue_due()
    worker.start()                                  # nobody acts: the worker runs the day's reminders

    filler = _login(browser, live_server, "weijian")
    bell = filler.get_by_test_id("bell")
    for _ in range(100):                            # until the worker has written the message
        if bell.locator(".badge").count():
            break
        filler.wait_for_timeout(200)
        filler.reload()
    assert bell.locator(".badge").inner_text() == "1"
    bell.click()
    _shot(filler, "notifications")
    message = filler.get_by_test_id("notification")
    assert "催报" in message.inner_text() and "逾期 2 天" in message.inner_text()
    message.get_by_role("button").click()
    filler.wait_for_url(f"{live_server.url}/work/submissions/*/")
    assert filler.get_by_test_id("bell").locator(".badge").count() == 0
