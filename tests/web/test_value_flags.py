"""A value's source and flags, end to end: set on entry by any path (web form, Excel form, API, tidy
file), stored, shown on the indicator page and the review page, marked in the reports with their note."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from lianggang.monitoring import bulk, entry, excel
from lianggang.monitoring import services as s
from lianggang.monitoring.models import Value, ValueState
from lianggang.reports.build import build_report

pytestmark = pytest.mark.django_db

HEALTH = {("婴儿死亡率", "合计"): "4.8", ("孕产妇死亡率", "合计"): "11.9", ("出生人口数", "合计"): "1200",
          ("出生人口数", "女"): "580", ("出生人口数", "男"): "620"}
IMR = ("婴儿死亡率", "合计")
SOURCE, FLAGS = "卫统年报", ["provisional", "estimated"]


def page_rows(response) -> dict:
    return {(fr.row.indicator.name, fr.label): fr for fr in response.context["rows"]}


def post_entry(client, sub, flagged: dict, action: str = "save", values: dict = HEALTH):
    """The entry form as a browser posts it; `flagged` {row: (source, [flag codes])}."""
    url = reverse("web:entry", args=[sub.pk])
    data = {"action": action}
    for key, fr in page_rows(client.get(url)).items():
        i = fr.index
        source, flags = flagged.get(key, (fr.source, sorted(fr.flags)))
        data.update({f"k-{i}": fr.key, f"ver-{i}": fr.value.version if fr.value else "",
                     f"v-{i}": values.get(key, fr.text), f"n-{i}": fr.note, f"s-{i}": source, f"f-{i}": flags})
    return client.post(url, data)


def by_web(w):
    client = Client()
    client.force_login(w.filler_health)
    response = post_entry(client, entry.submission_for(w.round, w.departments["health"]), {IMR: (SOURCE, FLAGS)})
    assert response.status_code == 302


def by_excel(w):
    wb = load_workbook(io.BytesIO(excel.build_template(w.round, w.departments["health"], user=w.filler_health)))
    ws = wb[excel.FORM_SHEET]
    for r in range(excel.HEADER_ROW + 1, ws.max_row + 1):
        key = (ws[f"B{r}"].value, ws[f"C{r}"].value if ws[f"C{r}"].value != "合计" else ws[f"D{r}"].value)
        ws[f"J{r}"] = float(HEALTH[key])
        if key == IMR:
            ws[f"L{r}"], ws[f"M{r}"] = SOURCE, "初步数、估计数"
    out = io.BytesIO()
    wb.save(out)
    excel.import_values(out.getvalue(), user=w.filler_health, filename="卫健.xlsx")


def by_api(w):
    client = APIClient()
    client.force_authenticate(w.filler_health)
    ind = w.indicators
    cells = [{"indicator": ind["imr"].pk, "value": HEALTH[IMR], "source": SOURCE, "flags": FLAGS},
             {"indicator": ind["mmr"].pk, "value": HEALTH[("孕产妇死亡率", "合计")]}]
    cells += [{"indicator": ind["births"].pk, "value": HEALTH[("出生人口数", label)], "sex": sex}
              for sex, label in (("total", "合计"), ("female", "女"), ("male", "男"))]
    response = client.post(f"/api/rounds/{w.round.pk}/values/", cells, format="json")
    assert response.status_code == 200, response.content


def by_tidy_file(w):
    data = ("区划代码,指标,年度,数值,来源,标记\n"
            f"150203,婴儿死亡率,2023,{HEALTH[IMR]},{SOURCE},初步数、估计数\n").encode()
    bulk.load_values(w.statistics, w.plan, "values.csv", data, state=ValueState.APPROVED)


def submit_and_approve(w):
    sub = entry.submission_for(w.round, w.departments["health"])
    s.submit(w.filler_health, sub)
    s.approve(w.statistics, sub)


@pytest.mark.parametrize("enter", [by_web, by_excel, by_api, by_tidy_file], ids=["web", "excel", "api", "tidy file"])
def test_flags_set_on_entry_are_stored_shown_and_marked_in_the_reports(client, web_world, enter):
    w = web_world
    enter(w)
    if enter is not by_tidy_file:      # loaded as approved; the others go through review
        submit_and_approve(w)
    value = Value.objects.get(indicator=w.indicators["imr"], region=w.county_a, year=2023)
    assert (value.state, value.source, value.flag_codes) == (ValueState.APPROVED, SOURCE, FLAGS)

    client.force_login(w.committee)
    page = client.get(reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]) + "?region=150203").content.decode()
    assert ('<td class="flags"><span class="flag">初步数</span> <span class="flag">估计数</span> </td>'
            f"<td>{SOURCE}</td>") in page

    annual = build_report("annual", w.plan, w.county_a, 2023, "html")[0].decode()
    assert "<td>4.8*#</td>" in annual and "注：数值后标*为初步数，标#为估计数。" in annual
    assert "为4.8‰（初步数、估计数）" in annual
    wb = load_workbook(io.BytesIO(build_report("tables", w.plan, w.county_a, 2023, "xlsx")[0]))
    ws = wb["儿童与健康"]
    marked = [c for row in ws.iter_rows() for c in row if c.value == 4.8]
    assert [c.number_format for c in marked] == ['0.0"*#"']
    assert any(c.value == "注：数值后标*为初步数，标#为估计数。" for row in ws.iter_rows() for c in row)


def test_the_entry_form_keeps_source_and_flags_on_a_refused_save_and_shows_them_to_the_reviewer(client, web_world):
    w = web_world
    sub = entry.submission_for(w.round, w.departments["health"])
    client.force_login(w.filler_health)
    refused = post_entry(client, sub, {IMR: (SOURCE, ["revised"])}, values=HEALTH | {("孕产妇死亡率", "合计"): "abc"})
    assert refused.status_code == 400 and not Value.objects.filter(year=2023).exists()
    imr = page_rows(refused)[IMR]
    assert (imr.source, imr.flags) == (SOURCE, {"revised"})          # kept in the form to try again
    html = refused.content.decode()
    assert f'name="s-{imr.index}" value="{SOURCE}"' in html
    assert f'name="f-{imr.index}" value="revised" checked' in html
    assert post_entry(client, sub, {IMR: (SOURCE, ["revised"])}, action="submit").status_code == 302
    reviewer = Client()
    reviewer.force_login(w.statistics)
    review = reviewer.get(reverse("web:review", args=[sub.pk])).content.decode()
    assert SOURCE in review and '<span class="flag">修订数</span>' in review


def test_a_page_without_the_new_inputs_keeps_the_stored_source_and_flags(client, web_world):
    w = web_world
    entry.enter_value(w.filler_health, w.round, w.indicators["imr"], "4.9", source=SOURCE, flags={"revised": True})
    sub = entry.submission_for(w.round, w.departments["health"])
    client.force_login(w.filler_health)
    url = reverse("web:entry", args=[sub.pk])
    data = {"action": "save"}
    for key, fr in page_rows(client.get(url)).items():
        data.update({f"k-{fr.index}": fr.key, f"ver-{fr.index}": fr.value.version if fr.value else "",
                     f"v-{fr.index}": HEALTH[key], f"n-{fr.index}": ""})
    assert client.post(url, data).status_code == 302
    value = Value.objects.get(indicator=w.indicators["imr"], year=2023)
    assert (value.value, value.source, value.flag_codes) == (Decimal("4.8"), SOURCE, ["revised"])
