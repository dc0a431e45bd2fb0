"""The gaps (缩小差距) on the dashboard and the indicator page."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from lianggang.monitoring.models import Value, ValueState

pytestmark = pytest.mark.django_db


def enrolment_by_area(w, state=ValueState.APPROVED):
    ind = w.indicators["enrol"]          # 学前教育毛入园率, collected by town/country, higher is better
    for year, (urban, rural) in {2020: (95.0, 80.0), 2021: (95.0, 83.0), 2022: (96.0, 86.0)}.items():
        for area, v in (("urban", urban), ("rural", rural)):
            Value.objects.create(indicator=ind, region=w.county_a, year=year, area=area, value=Decimal(str(v)),
                                 unit="%", state=state)
    return ind


def test_the_dashboard_shows_each_gap_with_its_trend(client, web_world):
    w = web_world
    enrolment_by_area(w)
    client.force_login(w.committee)
    page = client.get(reverse("web:dashboard", args=[w.plan.pk]))
    rows = list(page.context["equity_rows"])
    assert [(r["indicator"].name, r["year"], r["gap"], r["behind"], r["trend"]) for r in rows] == [
        ("学前教育毛入园率", 2022, "10", "乡村", "narrowing")]
    html = page.content.decode()
    assert 'id="equity"' in html and "差距缩小" in html and "2020年以来" in html


def test_unapproved_cells_make_no_gap(client, web_world):
    w = web_world
    enrolment_by_area(w, state=ValueState.SUBMITTED)
    client.force_login(w.committee)
    page = client.get(reverse("web:dashboard", args=[w.plan.pk]))
    assert list(page.context["equity_rows"]) == []
    assert "暂无分性别或分城乡的已审核数据" in page.content.decode()


def test_the_indicator_page_shows_its_gap_in_english_too(client, web_world):
    w = web_world
    ind = enrolment_by_area(w)
    client.force_login(w.committee)
    url = reverse("web:indicator", args=[w.plan.pk, ind.pk])
    page = client.get(url)
    assert page.context["equity"].trend("area").latest.size == 10.0
    assert "城乡差距" in page.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url)
    text = english.content.decode()
    assert "Urban–rural gap" in text and "Narrowing" in text


def test_an_indicator_not_collected_by_sex_or_area_has_no_equity_block(client, web_world):
    w = web_world
    client.force_login(w.committee)
    page = client.get(reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]))
    assert page.context["equity"] is None and 'id="equity"' not in page.content.decode()
