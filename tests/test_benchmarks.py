"""The benchmark scripts still run against today's models, at a size that takes seconds.

They are measured by hand (README, Benchmarks); nothing else imports them, so a model change
broke three of them silently before. This runs each once, tiny, as a person would, and checks it
finished and printed its figure — never the figure itself (a busy machine makes any time flaky).
The PostgreSQL ones run where PostgreSQL answers, each in a scratch database it drops itself.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PG_BASE = os.environ.get("LIANGGANG_TEST_PG", "postgres://postgres@127.0.0.1:5432")


def _postgres_answers() -> bool:
    try:
        import psycopg
        psycopg.connect(f"{PG_BASE}/postgres", connect_timeout=3).close()
        return True
    except Exception:   # noqa: BLE001  any failure means: not here
        return False


def _run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _scratch(name: str) -> str:
    return f"{PG_BASE}/lg_benchsmoke_{name}_{os.getpid()}"


@pytest.mark.parametrize("args, printed", [
    (["benchmarks/bench_assessment.py", "5", "10"], "assessed 50 series"),
    (["benchmarks/bench_reports.py", "--targets", "3", "--subregions", "1", "--workers", "1"], "pdf total"),
    (["benchmarks/bench_xlsx_upload.py", "--url", "sqlite", "--runs", "1"], "200-row xlsx upload"),
])
def test_a_benchmark_without_postgresql_runs(args, printed):
    assert printed in _run(*args)


@pytest.mark.skipif(not _postgres_answers(), reason="PostgreSQL does not answer")
@pytest.mark.parametrize("args, printed", [
    (["benchmarks/bench_bulk_load.py", "--regions", "12"], "load-values:"),
    (["benchmarks/bench_exchange.py", "--regions", "3"], "dhis2"),
])
def test_a_postgresql_benchmark_runs(args, printed):
    name = args[0].split("_", 1)[1].removesuffix(".py")
    assert printed in _run(*args, "--url", _scratch(name)).lower()
