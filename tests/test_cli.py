"""The `lianggang` command as a person runs it: real processes, real exit codes."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PLANS

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path, *args, check=False):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}", LIANGGANG_VAR=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "lianggang", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=check)


def test_help_lists_each_command_on_one_line(tmp_path):
    out = run(tmp_path, "--help", check=True).stdout
    for command in ("import-plan", "export-plan", "plans", "load-regions", "demo"):
        line = next(l for l in out.splitlines() if l.strip().startswith(command + " "))
        assert len(line.split(None, 1)[1]) > 5, line


@pytest.mark.slow
def test_import_list_and_export_through_the_command(tmp_path):
    run(tmp_path, "migrate", "-v0", check=True)
    run(tmp_path, "load-regions", check=True)
    imported = run(tmp_path, "import-plan", str(EXAMPLE_PLANS[2]), check=True)
    assert "新增 2 部" in imported.stdout
    listed = json.loads(run(tmp_path, "plans", "--format", "json", check=True).stdout)
    assert {row["region_code"] for row in listed} == {"330400"}
    assert all(row["targets"] > 0 for row in listed)
    out = tmp_path / "out.json"
    run(tmp_path, "export-plan", "--source", listed[0]["source"], "-o", str(out), check=True)
    assert json.loads(out.read_text()) == json.loads(EXAMPLE_PLANS[2].read_text())


def test_an_invalid_document_exits_2_naming_each_problem(tmp_path):
    run(tmp_path, "migrate", "-v0", check=True)
    doc = json.loads(EXAMPLE_PLANS[0].read_text())
    doc["plans"][0]["period"]["end"] = "2030"
    del doc["plans"][1]["domains"][0]["goals"][0]["targets"][0]["kind"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False))
    result = run(tmp_path, "import-plan", str(bad))
    assert result.returncode == 2
    assert "plans[0].period.end" in result.stderr
    assert "plans[1].domains[0].goals[0].targets[0].kind" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_json_exits_2_with_the_line(tmp_path):
    run(tmp_path, "migrate", "-v0", check=True)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "plan/v1",\n "plans": [}')
    result = run(tmp_path, "import-plan", str(bad))
    assert result.returncode == 2
    assert "第2行" in result.stderr and "Traceback" not in result.stderr


def test_a_database_not_yet_migrated_is_named_not_a_traceback(tmp_path):
    result = run(tmp_path, "plans")
    assert result.returncode == 2
    assert "请先运行 lianggang migrate" in result.stderr
    assert "Traceback" not in result.stderr
