"""``lianggang worker``: run the background jobs (reports, extractions, exports, bulk loads) and the
daily reminders. `lianggang serve` and the demo start one; run it alone (systemd, a second machine)
with `serve --no-worker`."""
from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string


class Command(BaseCommand):
    help = "运行后台任务进程（报告、纲要抽取、数据导入导出、每日提醒） Run the background worker (jobs and daily reminders)"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="队列为空时每隔几秒查看一次（默认 1） seconds between looks at an empty queue")
        parser.add_argument("--once", action="store_true",
                            help="处理完已排队的任务（及到期的每日提醒）后退出 run what is queued (and a due daily run), then exit")
        parser.add_argument("--parent", type=int, default=0,
                            help="该进程结束时随之退出（serve 与 demo 使用） exit when this process is gone (used by serve and the demo)")

    def handle(self, *args, interval: float, once: bool, parent: int, **options):
        from django_tasks_db.management.commands.db_worker import Worker

        from lianggang.jobs.schedule import DailyClock

        worker = Worker(queue_names=["default"], interval=interval, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id=f"lianggang-{os.getpid()}-{get_random_string(8)}",
                        excluded_queue_names=[])
        worker.configure_signals()
        clock = DailyClock()
        if not once:
            self.stdout.write(f"后台任务进程已启动（进程 {os.getpid()}） (worker started)")
        while worker.running:
            if parent and os.getppid() != parent:
                break               # the server that started us is gone
            clock.tick()
            worker.run()            # batch: every ready task, then back here
            if once:
                break
            time.sleep(interval)
