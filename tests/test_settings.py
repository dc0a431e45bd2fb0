"""The settings module as a process sees it: importing it writes nothing, a malformed variable
stops a command with one Chinese line naming it, and no web server runs without a secret key."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(tmp_path, *args, **variables):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update({"LIANGGANG_VAR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "lianggang.settings", **variables})
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("made", [False, True], ids=["absent", "empty"])
def test_importing_the_settings_writes_nothing(tmp_path, made):
    var = tmp_path / "var"
    if made:
        var.mkdir()
    done = run(tmp_path, "-c", "import django; django.setup(); from django.conf import settings; settings.STATIC_ROOT")
    assert done.returncode == 0, done.stderr
    assert (list(var.iterdir()) == []) if made else not var.exists()


@pytest.mark.parametrize("variable", ["LOGIN_FAILURE_LIMIT", "LOGIN_FAILURE_WINDOW", "SECURE_HSTS_SECONDS",
                                      "REMIND_HOUR", "REMIND_DAYS_BEFORE", "JOB_RESULT_DAYS", "EMAIL_PORT"])
def test_a_malformed_integer_is_one_chinese_line_naming_it(tmp_path, variable):
    done = run(tmp_path, "-m", "lianggang", "plans", **{variable: "五"})
    assert done.returncode == 2
    assert variable in done.stderr and "不是整数" in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.strip().count("\n") == 0


def test_an_hour_of_the_day_past_23_is_refused(tmp_path):
    done = run(tmp_path, "-m", "lianggang", "plans", REMIND_HOUR="25")
    assert done.returncode == 2 and "REMIND_HOUR" in done.stderr and "不能大于 23" in done.stderr


def test_no_web_server_without_a_secret_key(tmp_path):
    done = run(tmp_path, "-c", "import lianggang.wsgi")
    assert done.returncode != 0
    assert "未设置 SECRET_KEY" in done.stderr and "lianggang demo" in done.stderr


def test_serve_refuses_without_a_secret_key_before_starting(tmp_path):
    done = run(tmp_path, "-m", "lianggang", "serve", "--no-collectstatic")
    assert done.returncode == 2
    assert "未设置 SECRET_KEY" in done.stderr and "Traceback" not in done.stderr


def test_the_web_server_runs_with_a_key_from_the_environment(tmp_path):
    done = run(tmp_path, "-c", "import lianggang.wsgi", SECRET_KEY="k" * 50)
    assert done.returncode == 0, done.stderr


def test_the_demo_writes_a_key_of_this_machine_that_the_server_then_uses(tmp_path):
    done = run(tmp_path, "-m", "lianggang", "demo", "--help")
    assert done.returncode == 0, done.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0 and len(key_file.read_text()) >= 50
    served = run(tmp_path, "-c", "import lianggang.wsgi")
    assert served.returncode == 0, served.stderr


def test_a_fresh_checkout_migrates_the_command_makes_the_sqlite_folder(tmp_path):
    database = tmp_path / "var" / "lianggang.sqlite3"
    done = run(tmp_path, "-m", "lianggang", "migrate", "-v0", DATABASE_URL=f"sqlite:///{database}")
    assert done.returncode == 0, done.stderr
    assert database.is_file()
