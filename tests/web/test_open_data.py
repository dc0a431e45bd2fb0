"""开放数据: a published plan's values for anyone as CSV and xlsx, per plan and per indicator — and
never a formula, never an unapproved or unpublished value."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lianggang.monitoring.models import Value, ValueState
from lianggang.monitoring.opendata import safe_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(web_world):
    w = web_world
    w.plan.published = True
    w.plan.save()
    return w


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_unpublished_plan_has_no_open_data(client, web_world):
    w = web_world
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("web:public-data", args=[w.plan.pk, fmt])).status_code == 404
    client.force_login(w.committee)   # not even for its own office: open data is the public's
    assert client.get(reverse("web:public-data", args=[w.plan.pk, "csv"])).status_code == 404


def test_the_csv_holds_the_approved_values_of_the_plans_region_only(client, published):
    w = published
    Value.objects.create(indicator=w.indicators["imr"], region=w.county_a, year=2023, value=Decimal("9.9"),
                         state=ValueState.SUBMITTED)                                   # not approved
    Value.objects.create(indicator=w.indicators["imr"], region=w.county_b, year=2022, value=Decimal("7.7"),
                         state=ValueState.APPROVED)                                    # another region's
    response = client.get(reverse("web:public-data", args=[w.plan.pk, "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    expected = Value.objects.filter(region=w.county_a, state=ValueState.APPROVED).count()
    assert len(rows) == expected == 9
    assert {r["区划代码"] for r in rows} == {w.county_a.code}
    assert "9.9" not in {r["数值"] for r in rows} and "7.7" not in {r["数值"] for r in rows}
    imr = [r for r in rows if r["指标"] == "婴儿死亡率"]
    assert [(r["年度"], r["数值"]) for r in imr] == [("2020", "6"), ("2021", "5.7"), ("2022", "5.4")]


def test_per_indicator_and_as_xlsx_with_numbers_as_numbers(client, published):
    w = published
    url = reverse("web:public-indicator-data", args=[w.plan.pk, w.indicators["mmr"].pk, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert {r["指标"] for r in rows} == {"孕产妇死亡率"} and len(rows) == 3
    assert sorted(r["数值"] for r in rows) == [12.5, 13.0, 14.0]
    assert client.get(reverse("web:public-indicator-data", args=[w.plan.pk, 999999, "csv"])).status_code == 404
    assert client.get(reverse("web:public-data", args=[w.plan.pk, "pdf"])).status_code == 404


def test_text_that_would_run_as_a_formula_is_escaped_in_both_formats(client, published):
    w = published
    v = Value.objects.filter(indicator=w.indicators["imr"], year=2022).get()
    v.note, v.source = '=HYPERLINK("http://evil.example","点击")', "+cmd|' /C calc'!A0"
    v.save()
    rows = csv_rows(client.get(reverse("web:public-data", args=[w.plan.pk, "csv"])))
    row = next(r for r in rows if r["指标"] == "婴儿死亡率" and r["年度"] == "2022")
    assert row["说明"].startswith("'=") and row["来源"].startswith("'+")
    ws = load_workbook(io.BytesIO(client.get(reverse("web:public-data", args=[w.plan.pk, "xlsx"])).content)).active
    header = [c.value for c in ws[1]]
    for cells in ws.iter_rows(min_row=2):
        for c in cells:
            assert c.data_type != "f", (header[c.column - 1], c.value)


@pytest.mark.parametrize("text,expected", [
    ("=1+1", "'=1+1"), ("+86 123", "'+86 123"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("-0.5", "-0.5"), ("+3", "+3"), ("部门年报", "部门年报"), ("", ""),
])
def test_safe_text(text, expected):
    assert safe_text(text) == expected


def test_the_public_page_links_its_open_data(client, published):
    w = published
    html = client.get(reverse("web:public-plan", args=[w.plan.pk])).content.decode()
    assert reverse("web:public-data", args=[w.plan.pk, "csv"]) in html
    assert reverse("web:public-indicator-data", args=[w.plan.pk, w.indicators["imr"].pk, "xlsx"]) in html
