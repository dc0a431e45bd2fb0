"""The one entry path (monitoring.entry): what it checks, that it finds every problem at once, and that
every way values come in — enter_value, the entry page, the Excel form, a department's CSV, the API and
the bulk loader — gives the same answer to the same number."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from lianggang.monitoring import bulk, entry, excel
from lianggang.monitoring import services as s
from lianggang.monitoring.entry import EntriesRefused, Entry, write_entries
from lianggang.monitoring.errors import InvalidValue, MonitoringError, NotFound, StaleVersion, WrongState
from lianggang.monitoring.models import Value, ValueChange
from lianggang.monitoring.rules import Cell
from lianggang.monitoring.tabular import Refused


def write(world, *entries, user=None, dept="health", reason=""):
    return write_entries(user or world.filler_health, world.round, world.departments[dept], list(entries),
                         reason=reason)


def test_a_batch_is_written_with_one_history_line_per_value_and_the_reason(world):
    imr, mmr = world.indicators["imr"], world.indicators["mmr"]
    first = entry.enter_value(world.filler_health, world.round, imr, "3.5")
    written = write(world, Entry(imr, Cell(), "3.1", "更正", expected_version=first.version),
                    Entry(mmr, Cell(), "9", ""), reason="批量")
    assert written.written == 2 and [v.value for v in written.values] == [Decimal("3.1"), Decimal("9")]
    first.refresh_from_db()
    assert (first.value, first.version, first.note) == (Decimal("3.1"), 2, "更正")
    assert [(c.old_value, c.new_value, c.reason) for c in first.changes.order_by("pk")][-1] == (
        Decimal("3.5"), Decimal("3.1"), "批量")
    assert ValueChange.objects.filter(value__indicator=mmr, old_value=None, user=world.filler_health).count() == 1


def test_a_value_asked_for_as_it_is_stored_is_not_written_again(world):
    imr = world.indicators["imr"]
    v = entry.enter_value(world.filler_health, world.round, imr, "3.5", note="")
    again = write(world, Entry(imr, Cell(), "3.50", "", expected_version=v.version))
    assert (again.written, again.unchanged) == (0, 1)
    assert v.changes.count() == 1


def test_every_problem_of_a_batch_is_found_at_once_each_at_its_entry(world):
    imr, mmr, enrol = world.indicators["imr"], world.indicators["mmr"], world.indicators["enrol"]
    births = world.indicators["births"]
    with pytest.raises(EntriesRefused) as refused:
        write(world, Entry(imr, Cell(), "abc"), Entry(mmr, Cell(), "-1"), Entry(enrol, Cell(), "90"),
              Entry(births, Cell(sex="female"), "5.5"), Entry(imr, Cell(), "3"))
    found = [(p.index, p.field, p.error) for p in refused.value.problems]
    assert found == [(0, "value", InvalidValue), (1, "value", InvalidValue), (2, "indicator", NotFound),
                     (3, "value", InvalidValue), (4, "indicator", InvalidValue)]
    assert not Value.objects.exists()


def test_someone_elses_save_since_reading_refuses_the_whole_batch_as_stale(world):
    imr, mmr = world.indicators["imr"], world.indicators["mmr"]
    entry.enter_value(world.filler_health, world.round, imr, "3.5")
    entry.enter_value(world.filler_health, world.round, mmr, "9")
    with pytest.raises(EntriesRefused) as refused:
        write(world, Entry(imr, Cell(), "3.0", expected_version=1), Entry(mmr, Cell(), "8", expected_version=0))
    assert refused.value.stale and [p.index for p in refused.value.problems] == [1]
    assert Value.objects.get(indicator=imr).value == Decimal("3.5")      # nothing of the batch was kept


def test_the_cells_must_agree_once_the_new_values_are_in(world):
    births = world.indicators["births"]
    write(world, Entry(births, Cell(), "1200"), Entry(births, Cell(sex="female"), "580"))
    with pytest.raises(EntriesRefused) as refused:
        write(world, Entry(births, Cell(sex="male"), "600"))     # 580 + 600 ≠ 1200 (stored + new)
    [problem] = refused.value.problems
    assert (problem.index, problem.field) == (0, "sex") and "1200" in problem.message


def test_a_rate_total_outside_its_sexes_is_refused(world):
    imr = world.indicators["imr"]
    imr.by_sex = True
    imr.save()
    with pytest.raises(EntriesRefused) as refused:
        write(world, Entry(imr, Cell(), "9.0"), Entry(imr, Cell(sex="female"), "4.1"),
              Entry(imr, Cell(sex="male"), "5.2"))
    assert "应介于女性（4.1）与男性（5.2）之间" in refused.value.problems[0].message


def test_a_stranger_is_refused_before_anything_is_checked_and_a_submitted_department_as_a_whole(world):
    births = world.indicators["births"]
    with pytest.raises(PermissionDenied):
        write(world, Entry(world.indicators["imr"], Cell(), "3"), user=world.filler_edu)
    write(world, *(Entry(births, Cell(sex=sx), n) for sx, n in (("total", "1200"), ("female", "580"),
                                                                 ("male", "620"))))
    entry.enter_value(world.filler_health, world.round, world.indicators["imr"], "3.1")
    entry.enter_value(world.filler_health, world.round, world.indicators["mmr"], "9")
    s.submit(world.filler_health, entry.submission_for(world.round, world.departments["health"]))
    with pytest.raises(EntriesRefused) as refused:
        write(world, Entry(world.indicators["imr"], Cell(), "abc"), Entry(world.indicators["mmr"], Cell(), "8"))
    assert [(p.index, p.error) for p in refused.value.problems] == [(None, WrongState)]


def test_enter_value_raises_a_single_refusal_as_its_own_kind(world):
    imr = world.indicators["imr"]
    with pytest.raises(InvalidValue):
        entry.enter_value(world.filler_health, world.round, imr, "1001")
    v = entry.enter_value(world.filler_health, world.round, imr, "3.5")
    with pytest.raises(StaleVersion):
        entry.enter_value(world.filler_health, world.round, imr, "3.6", expected_version=v.version + 1)


def test_may_overwrite_is_the_state_rule_of_loads():
    assert entry.may_overwrite("draft", "draft") and entry.may_overwrite("returned", "draft")
    assert not entry.may_overwrite("submitted", "approved")
    assert not entry.may_overwrite("approved", "draft")
    # an approved (locked) value: only by approved data, asked explicitly (load-values --overwrite-approved)
    assert not entry.may_overwrite("approved", "approved")
    assert entry.may_overwrite("approved", "approved", overwrite_approved=True)


# -- one answer on every path ------------------------------------------------------------------

def _by_enter_value(world, client, indicator, text):
    entry.enter_value(world.filler_health, world.round, indicator, text)


def _by_the_page(world, client, indicator, text):
    sub = entry.submission_for(world.round, world.departments["health"])
    rows = excel.form_rows(world.round, world.departments["health"])
    data = {"action": "save"}
    for i, row in enumerate(rows):
        data[f"k-{i}"] = f"{row.indicator.pk}:{row.sex}:{row.area}:{row.age_group}"
        data[f"v-{i}"] = text if (row.indicator.pk, row.sex) == (indicator.pk, "total") else ""
    client.force_login(world.filler_health)
    response = client.post(reverse("web:entry", args=[sub.pk]), data)
    if response.status_code != 302:
        raise MonitoringError(response.content.decode())


def _by_the_excel_form(world, client, indicator, text):
    wb = load_workbook(io.BytesIO(excel.build_template(world.round, world.departments["health"])))
    ws = wb[excel.FORM_SHEET]
    for r in range(excel.HEADER_ROW + 1, ws.max_row + 1):
        if ws[f"B{r}"].value == indicator.name and ws[f"C{r}"].value == "合计":
            ws[f"J{r}"] = text
    out = io.BytesIO()
    wb.save(out)
    excel.import_values(out.getvalue(), user=world.filler_health)


def _by_a_department_csv(world, client, indicator, text):
    data = f"区划代码,指标,年度,数值\n150203,{indicator.name},2023,{text}\n".encode()
    excel.import_values(data, user=world.filler_health, filename="v.csv", round=world.round)


def _by_the_api(world, client, indicator, text):
    api = APIClient()
    api.force_authenticate(world.filler_health)
    response = api.post(f"/api/rounds/{world.round.pk}/values/", [{"indicator": indicator.pk, "value": text}],
                        format="json")
    if response.status_code != 200:
        raise MonitoringError(response.json()["detail"])


def _by_the_bulk_loader(world, client, indicator, text):
    data = f"区划代码,指标,年度,数值\n150203,{indicator.name},2023,{text}\n".encode()
    bulk.load_values(world.statistics, world.plan, "v.csv", data)


PATHS = [_by_enter_value, _by_the_page, _by_the_excel_form, _by_a_department_csv, _by_the_api, _by_the_bulk_loader]
NUMBERS = [   # (indicator, text, refused?)
    ("births", "100000000000000", True),     # 10¹⁴: more than Value.value holds
    ("births", "1e400", True),
    ("imr", "0.0000001", True),              # 1e-7: more decimals than are stored (was saved as 0)
    ("births", "5.5", True),                 # a count in halves
    ("imr", "1000.5", True),                 # ‰ beyond 1000
    ("births", "1200", False),
    ("imr", "3.25", False),
]


@pytest.mark.parametrize("path", PATHS, ids=[p.__name__[4:] for p in PATHS])
@pytest.mark.parametrize("key, text, refused", NUMBERS, ids=[n[1] for n in NUMBERS])
def test_every_path_gives_the_same_answer_to_the_same_number(world, client, path, key, text, refused):
    indicator = world.indicators[key]
    if refused:
        with pytest.raises((MonitoringError, Refused, EntriesRefused)):
            path(world, client, indicator, text)
        assert not Value.objects.filter(indicator=indicator).exists()
    else:
        path(world, client, indicator, text)
        assert Value.objects.get(indicator=indicator, sex="total").value == Decimal(text)
