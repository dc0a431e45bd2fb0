"""Shared shell for monitoring's commands: look up the acting user, round, department; exit 2 on bad input."""
from __future__ import annotations

import datetime as dt
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from lianggang.cli import DataCommand
from lianggang.monitoring.errors import MonitoringError


class Refused(Exception):
    pass


class MonitoringCommand(DataCommand):
    """Subclasses implement `act(**opts)`; lookups raise Refused, services MonitoringError/PermissionDenied."""

    needs_user = True

    def add_arguments(self, parser):
        if self.needs_user:
            parser.add_argument("--user", required=True, help="操作人的用户名（检查其权限） acting user name (permission is checked)")
        self.add_options(parser)

    def add_options(self, parser):
        pass

    def handle(self, *args, **opts):
        try:
            self.act(**opts)
        except (Refused, MonitoringError) as e:
            self._fail(str(e))
        except PermissionDenied as e:
            self._fail(f"无权操作：{e}")

    def _fail(self, message: str):
        name = self.__module__.rsplit(".", 1)[-1].replace("_", "-")
        self.stderr.write(f"{name}: {message}")
        sys.exit(2)

    # -- lookups -----------------------------------------------------------------------
    @staticmethod
    def user(name: str):
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist:
            raise Refused(f"没有用户 {name}")

    @staticmethod
    def round(pk):
        from lianggang.monitoring.models import Round
        try:
            return Round.objects.select_related("region").get(pk=int(pk))
        except (Round.DoesNotExist, ValueError):
            raise Refused(f"没有编号为 {pk} 的年度监测")

    @staticmethod
    def department(rnd, short: str):
        from lianggang.regions.models import Department
        from django.db.models import Q
        d = Department.objects.filter(Q(short_name=short) | Q(name=short), region=rnd.region).first()
        if d is None:
            raise Refused(f"{rnd.region.name}没有成员单位“{short}”")
        return d

    @staticmethod
    def value(pk):
        from lianggang.monitoring.models import Value
        try:
            return Value.objects.select_related("indicator", "region").get(pk=int(pk))
        except (Value.DoesNotExist, ValueError):
            raise Refused(f"没有编号为 {pk} 的数据")

    @staticmethod
    def date(text: str | None):
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise Refused(f"日期“{text}”应写作 YYYY-MM-DD")

    def table(self, header: list[str], rows: list[list]) -> None:
        def width(s) -> int:
            return sum(2 if ord(ch) > 0x2e80 else 1 for ch in str(s))
        cols = [max(width(x) for x in col) for col in zip(header, *rows)] if rows else [width(h) for h in header]
        for row in [header] + rows:
            self.stdout.write("  ".join(str(x) + " " * (w - width(x)) for x, w in zip(row, cols)).rstrip())
