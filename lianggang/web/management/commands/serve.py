"""``lianggang serve``: run the application for real use — gunicorn, static files collected.

The demo uses Django's development server; an office's server runs this (behind
nginx or alone on the intranet). Settings come from the environment as always
(DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS …, see README).
"""
from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "以生产方式运行网站（gunicorn，静态文件先行收集） Serve the application with gunicorn"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="地址:端口（默认 127.0.0.1:8000） address:port")
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1,
                            help="工作进程数（默认 2×CPU+1） number of worker processes")
        parser.add_argument("--no-collectstatic", action="store_true", help="不收集静态文件 skip collectstatic")
        parser.add_argument("--no-worker", action="store_true",
                            help="不启动后台任务进程（另行运行 lianggang worker 时） don't start the background worker")

    def handle(self, *args, **opts):
        # Load the application once here: without a SECRET_KEY (or with a broken module) serve stops
        # now with its message, not in every gunicorn worker after collecting the static files.
        import lianggang.wsgi  # noqa: F401

        if settings.DEBUG:
            self.stderr.write("提示：DEBUG 已开启；正式运行请设置 DEBUG=0 (DEBUG is on)")
        if not opts["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        # The cache holds rendered pages: after an upgrade they must be drawn by the new templates.
        cache.clear()
        argv = [sys.executable, "-m", "gunicorn", "lianggang.wsgi:application", "--bind", opts["bind"],
                "--workers", str(opts["workers"]), "--access-logfile", "-"]
        self.stdout.write(f"两纲监测评估系统：http://{opts['bind']}/ （{opts['workers']} 个工作进程）")
        if not opts["no_worker"]:
            # Reports, extractions, exports and the daily reminders run in a worker beside gunicorn.
            from lianggang.jobs.process import start_worker_child
            start_worker_child()
        sys.stdout.flush()
        os.execv(sys.executable, argv)
