"""lianggang backup / restore: a backup restored into an empty database holds every value and its history."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lianggang.monitoring.models import Value, ValueChange
from tests.conftest import ROOT
from tests.factories import fill_health, make_world

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot_values():
    return sorted(Value.objects.values_list("pk", "value", "state", "version")), \
        sorted(ValueChange.objects.values_list("pk", "value_id", "new_value", "user_name", "reason"))


def _run(database_url: str, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "lianggang.settings",
           "SECRET_KEY": "x" * 50}
    return subprocess.run([sys.executable, "-m", "lianggang", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True)


def test_a_backup_restored_into_an_empty_database_has_every_value_and_its_history(tmp_path):
    world = make_world()
    fill_health(world)
    values, history = _snapshot_values()
    assert values and history
    backup = tmp_path / "lg.backup"
    call_command("backup", str(backup))
    if connection.vendor == "sqlite":
        empty = tmp_path / "empty.sqlite3"
        done = _run(f"sqlite:///{empty}", "restore", str(backup))
        assert done.returncode == 0, done.stderr
        db = sqlite3.connect(empty)
        got_values = sorted(db.execute("select id, value, state, version from monitoring_value"))
        got_history = sorted(db.execute("select id, value_id, new_value, user_name, reason from monitoring_valuechange"))
        assert [(v[0], v[3]) for v in got_values] == [(v[0], v[3]) for v in values]
        assert [(h[0], h[1], h[3], h[4]) for h in got_history] == [(h[0], h[1], h[3], h[4]) for h in history]
    else:
        import psycopg
        s = connection.settings_dict
        name = s["NAME"] + "_restored"
        admin = psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], dbname="postgres",
                                autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
            done = _run(url, "restore", str(backup))
            assert done.returncode == 0, done.stderr
            with psycopg.connect(host=s["HOST"], port=s["PORT"] or 5432, user=s["USER"], dbname=name) as db:
                got_values = sorted(db.execute("select id, value, state, version from monitoring_value").fetchall())
                got_history = sorted(db.execute(
                    "select id, value_id, new_value, user_name, reason from monitoring_valuechange").fetchall())
            assert got_values == values and got_history == history
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_refuses_a_file_that_is_no_backup_and_a_non_empty_database_without_yes(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="不是"):
        call_command("restore", str(junk), "--yes")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(junk))
