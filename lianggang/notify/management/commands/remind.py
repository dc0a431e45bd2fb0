"""``lianggang remind``: write today's reminders now (the worker runs this daily by itself)."""
from __future__ import annotations

import datetime as dt

from lianggang.cli import DataCommand


class Command(DataCommand):
    help = "发送今天到期的提醒（截止前提醒、催报、新的预警；重复运行不重复发送） Send today's reminders (idempotent)"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat,
                            help="按此日期计算（默认今天，格式 2026-03-31） compute as of this date (default today)")

    def handle(self, *args, date=None, **options):
        from lianggang.notify.remind import remind
        n = remind(date)
        self.stdout.write(f"已发送 {n} 条提醒 (sent {n} reminders)")
