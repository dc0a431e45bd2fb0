"""`lianggang extract FILE [--format json|table]` and `python -m lianggang.extraction`."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from lianggang.extraction.__main__ import main as module_main

PLAN = ("某县儿童发展纲要（2021—2030年）\n（一）儿童与健康\n主要目标：\n"
        "1.婴儿死亡率控制在5‰以下。\n2.儿童近视率逐年下降。\n策略措施：\n1.加强服务。新生儿访视率保持在95%以上。\n")


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_json_is_the_plan_v1_document(plan_file):
    out = io.StringIO()
    call_command("extract", str(plan_file), stdout=out)
    document = json.loads(out.getvalue())
    assert document["format"] == "plan/v1" and document["source"] == "plan.txt"
    assert document["plans"][0]["subject"] == "children"
    assert "婴儿死亡率" in out.getvalue()  # ensure_ascii=False: Chinese stays readable


def test_table_lists_domains_items_and_aligned_targets(plan_file):
    out = io.StringIO()
    call_command("extract", str(plan_file), format="table", stdout=out)
    text = out.getvalue()
    assert "某县儿童发展纲要（2021—2030年）" in text and "1 儿童与健康" in text
    assert "1.1" in text and "1.M1" in text


def test_review_flags_show_a_mark_and_the_reason():
    from lianggang.extraction.render import render_table

    target = {"indicator": "筛查率", "kind": "direction", "direction": "increase", "review": "原文疑有错字",
              "evidence": {"start": 0, "end": 3, "line": 7, "text": "筛查率"}}
    document = {"source": "x", "plans": [{"title": "t", "region": "r", "subject": "women", "period": {},
                "domains": [{"code": "1", "name": "妇女与健康", "goals": [{"code": "1.1", "text": "", "targets": [target]}],
                             "measures": []}]}]}
    text = render_table(document)
    assert "⚠ 原文疑有错字" in text and "1 个需人工核对" in text


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary"])
def test_an_unreadable_file_is_one_line_and_exit_code_2(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("extract", str(path), stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().strip().count("\n") == 0 and "bad.txt" in err.getvalue()


def test_python_module_runs_without_django(plan_file, capsys):
    assert module_main([str(plan_file), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["plans"][0]["region"] == "某县"


def test_python_module_reports_errors_with_exit_code_2(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "lianggang.extraction", str(path)], capture_output=True, text=True)
    assert done.returncode == 2 and "文件为空" in done.stderr and "Traceback" not in done.stderr
