"""SQLite under concurrent writers: WAL, a busy timeout, immediate transactions, and 409 — never 500."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory

from lianggang.web.middleware import DatabaseBusyMiddleware


def test_the_sqlite_database_is_configured_for_concurrent_writers():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    """Two connections as Django opens them with these options: the second writer's transaction waits
    for the first one's lock and then succeeds (without the options it fails "database is locked")."""
    path = str(tmp_path / "db.sqlite3")
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("create table v (id integer primary key, n integer)")
    setup.execute("insert into v values (1, 0)")
    setup.commit()
    setup.close()

    def connect():
        conn = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn

    first, second = connect(), connect()
    first.execute("BEGIN IMMEDIATE")
    first.execute("update v set n = n + 1")
    errors = []

    def write():
        try:
            second.execute("BEGIN IMMEDIATE")
            second.execute("update v set n = n + 1")
            second.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            errors.append(exc)

    t = threading.Thread(target=write)
    t.start()
    time.sleep(0.5)
    first.execute("COMMIT")
    t.join()
    assert errors == []
    assert first.execute("select n from v").fetchone() == (2,)


@pytest.mark.parametrize("path,kind", [("/api/rounds/1/values/", "application/json"), ("/entry/1/", "text/html")])
def test_a_database_still_busy_is_409_try_again_not_500(path, kind):
    middleware = DatabaseBusyMiddleware(lambda request: None)
    request = RequestFactory().post(path)
    response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 409 and kind in response["Content-Type"]
    assert "请稍后重试" in response.content.decode()
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
