"""A command imports what it uses, as a person runs it (a real process; its sys.modules at exit).

`lianggang extract` and `lianggang assess --cases` need neither the database nor the web: they
run without booting Django. The data commands boot Django but skip the system checks, which
would import the URL conf and through it every view, DRF, openpyxl and drf-spectacular.
Asserted on the modules imported, not on time (a loaded machine would make a timing flaky);
benchmarks/bench_startup.py measures the time.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

WEB_STACK = ("lianggang.urls", "django.urls.resolvers", "rest_framework", "drf_spectacular",
             "matplotlib", "openpyxl", "docx", "weasyprint")
# What booting Django leaves out: the URL conf with its views, the API, and the document libraries.
VIEWS_AND_DOCUMENTS = ("lianggang.urls", "lianggang.web.work.views", "lianggang.api.views", "rest_framework.views",
                       "drf_spectacular.views", "matplotlib", "openpyxl", "docx", "weasyprint")
DJANGO_BOOT = ("lianggang.settings", "django.contrib.admin", "lianggang.plans.models")

PLAN = ("某县儿童发展纲要（2021—2030年）\n（一）儿童与健康\n主要目标：\n"
        "1.婴儿死亡率控制在5‰以下。\n2.儿童近视率逐年下降。\n")
CASE = {"id": "孕产妇死亡率", "target": {"indicator": "孕产妇死亡率", "kind": "threshold", "op": "<=",
                                    "value": 12, "unit": "1/10万"},
        "period": {"start": 2021, "end": 2030}, "series": {"2020": 16.9, "2021": 15.7, "2022": 16.1},
        "as_of": 2022}


# Runs `lianggang ARGS` and, at exit, writes the names in sys.modules (-X importtime would miss the
# modules Django loads through importlib.import_module: the apps, the URL conf, the commands).
RUN_AND_LIST_MODULES = """
import atexit, json, os, runpy, sys
atexit.register(lambda: open(os.environ["MODULES_FILE"], "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["lianggang", *sys.argv[1:]]
runpy.run_module("lianggang", run_name="__main__", alter_sys=True)
"""


def imports_of(tmp_path, *args: str) -> set[str]:
    """The modules `lianggang ARGS` imported; it must succeed."""
    listing = tmp_path / "modules.json"
    env = dict(os.environ, LIANGGANG_VAR=str(tmp_path / "var"), MODULES_FILE=str(listing),
               DATABASE_URL=f"sqlite:///{tmp_path / 'startup.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", RUN_AND_LIST_MODULES, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(listing.read_text()))


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.fixture
def cases_file(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([CASE], ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_extract_boots_neither_django_nor_the_web(tmp_path, plan_file, fmt):
    modules = imports_of(tmp_path, "extract", str(plan_file), "--format", fmt)
    assert "lianggang.extraction.grammar" in modules   # the work itself was done
    assert loaded(modules, WEB_STACK) == []
    assert loaded(modules, DJANGO_BOOT) == []


def test_assess_cases_boots_neither_django_nor_the_web(tmp_path, cases_file):
    modules = imports_of(tmp_path, "assess", "--cases", str(cases_file))
    assert "lianggang.assessment.status" in modules
    assert loaded(modules, WEB_STACK) == []
    assert loaded(modules, DJANGO_BOOT) == []


@pytest.mark.slow
def test_a_data_command_boots_django_without_the_web(tmp_path):
    imports_of(tmp_path, "migrate", "-v0")
    modules = imports_of(tmp_path, "plans", "--format", "json")
    assert "lianggang.plans.models" in modules         # Django was booted: the command reads the database
    assert loaded(modules, VIEWS_AND_DOCUMENTS) == []


def test_the_help_lists_the_commands_without_the_web(tmp_path):
    modules = imports_of(tmp_path, "--help")
    assert "lianggang.plans.management.commands.extract" in modules
    assert loaded(modules, VIEWS_AND_DOCUMENTS) == []
