"""The pages do each role's job: enter and submit, review, import a plan, download, publish."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from lianggang.monitoring.models import ReviewComment, SubmissionState, Value, ValueState
from lianggang.monitoring.services import submission_for
from lianggang.plans.models import Plan
from tests.factories import make_indicator, make_plan

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _form_fields(response) -> dict[str, str]:
    """The page's form rows by indicator name and cell label (from the view's context)."""
    rows = {}
    for fr in response.context["rows"]:
        rows[(fr.row.indicator.name, fr.label)] = fr
    return rows


def _post_entry(client, sub, values: dict, action="save", notes: dict | None = None):
    page = client.get(reverse("web:entry", args=[sub.pk]))
    data = {"action": action}
    for (name, label), fr in _form_fields(page).items():
        data[f"k-{fr.index}"] = fr.key
        data[f"ver-{fr.index}"] = fr.value.version if fr.value else ""
        data[f"v-{fr.index}"] = values.get((name, label), fr.text)
        data[f"n-{fr.index}"] = (notes or {}).get((name, label), fr.note)
    return client.post(reverse("web:entry", args=[sub.pk]), data)


HEALTH_VALUES = {("婴儿死亡率", "合计"): "4.8", ("孕产妇死亡率", "合计"): "11.9", ("出生人口数", "合计"): "1200",
                 ("出生人口数", "女"): "580", ("出生人口数", "男"): "620"}


def test_the_entry_form_shows_past_years_and_saves_nothing_when_one_cell_is_wrong(client, web_world):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    _login(client, w.filler_health)
    page = client.get(reverse("web:entry", args=[sub.pk]))
    assert page.status_code == 200
    imr = _form_fields(page)[("婴儿死亡率", "合计")]
    assert imr.past == ["6", "5.7", "5.4"]                      # 2020–2022 beside the input
    bad = dict(HEALTH_VALUES) | {("婴儿死亡率", "合计"): "四点八"}
    response = _post_entry(client, sub, bad)
    assert response.status_code == 400
    assert Value.objects.filter(region=w.county_a, year=2023).count() == 0     # all or nothing
    imr = _form_fields(response)[("婴儿死亡率", "合计")]
    assert imr.errors and "数" in imr.errors[0] and imr.text == "四点八"       # the message sits on the cell
    assert _form_fields(response)[("孕产妇死亡率", "合计")].text == "11.9"      # the rest is kept in the form
    assert _post_entry(client, sub, HEALTH_VALUES).status_code == 302
    assert Value.objects.get(indicator=w.indicators["imr"], year=2023).value == Decimal("4.8")
    assert Value.objects.get(indicator=w.indicators["imr"], year=2023).changes.get().reason == "网页填报"


def test_submit_review_return_correct_and_approve(client, web_world):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    _login(client, w.filler_health)
    assert _post_entry(client, sub, HEALTH_VALUES, action="submit").status_code == 302
    sub.refresh_from_db()
    assert sub.state == SubmissionState.SUBMITTED

    reviewer = _login(type(client)(), w.statistics)
    queue = reviewer.get(reverse("web:review-queue"))
    assert sub in queue.context["waiting"]
    imr_value = Value.objects.get(indicator=w.indicators["imr"], year=2023)
    response = reviewer.post(reverse("web:review", args=[sub.pk]),
                             {"action": "return", f"c-{imr_value.pk}": "请核实：降幅偏大", "comment": ""})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == SubmissionState.RETURNED
    assert ReviewComment.objects.get(value=imr_value).text == "请核实：降幅偏大"

    page = client.get(reverse("web:entry", args=[sub.pk]))
    assert "请核实：降幅偏大" in page.content.decode()              # the filler sees the remark on the value
    corrected = {("婴儿死亡率", "合计"): "5.0"}
    assert _post_entry(client, sub, corrected, action="submit").status_code == 302
    response = reviewer.post(reverse("web:review", args=[sub.pk]), {"action": "approve"})
    assert response.status_code == 302
    assert Value.objects.get(indicator=w.indicators["imr"], year=2023).state == ValueState.APPROVED
    assert Value.objects.get(indicator=w.indicators["imr"], year=2023).value == Decimal("5.0")


def test_the_dashboard_counts_what_was_approved(client, web_world):
    w = web_world
    _login(client, w.committee)
    before = client.get(reverse("web:dashboard", args=[w.plan.pk]))
    assert before.context["year"] == 2022
    imr_before = next(r for r in before.context["pa"].results if r.indicator == w.indicators["imr"])
    assert imr_before.status not in ("achieved", "basically_achieved")
    Value.objects.create(indicator=w.indicators["imr"], region=w.county_a, year=2023, value=Decimal("4.6"),
                         state=ValueState.APPROVED)
    after = client.get(reverse("web:dashboard", args=[w.plan.pk]))
    assert after.context["year"] == 2023
    imr_after = next(r for r in after.context["pa"].results if r.indicator == w.indicators["imr"])
    assert imr_after.status == "achieved"
    assert after.context["summary"].met == before.context["summary"].met + 1
    assert "婴儿死亡率" in after.content.decode()


def _target_row_status(html: str, indicator_name: str) -> str:
    """The status class of the indicator's row in the dashboard's 全部目标 table."""
    table = html[html.index('data-section="targets"'):]
    row = table[table.index(f">{indicator_name}</a>"):]
    return row[row.index('class="status status-') + 21:].split('"', 1)[0]


def test_the_cached_result_tables_are_redrawn_when_a_value_changes_and_per_language(client, web_world):
    # The result tables are cached as rendered HTML; an approved value revised within the
    # same year (same count of values) must still show at once, and English must not get Chinese.
    w = web_world
    _login(client, w.committee)
    url = reverse("web:dashboard", args=[w.plan.pk]) + "?year=2022"
    assert _target_row_status(client.get(url).content.decode(), "婴儿死亡率") != "achieved"
    value = Value.objects.get(indicator=w.indicators["imr"], region=w.county_a, year=2022)
    value.value = Decimal("4.5")
    value.save()
    html = client.get(url).content.decode()
    assert _target_row_status(html, "婴儿死亡率") == "achieved"
    assert "全部目标" in html and "All targets" not in html
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "All targets" in english and "全部目标" not in english


def test_the_excel_form_downloads_and_uploads_from_the_entry_page(client, web_world):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    _login(client, w.filler_health)
    response = client.get(reverse("web:entry-template", args=[sub.pk]))
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    from tests.monitoring.test_excel import fill
    out = io.BytesIO(fill(response.content, {("婴儿死亡率", "合计", "合计"): 4.9}))
    out.name = "form.xlsx"
    assert client.post(reverse("web:entry-upload", args=[sub.pk]), {"file": out}).status_code == 302
    assert Value.objects.get(indicator=w.indicators["imr"], year=2023).value == Decimal("4.9")

    broken = io.BytesIO(b"not a workbook")
    broken.name = "form.xlsx"
    refused = client.post(reverse("web:entry-upload", args=[sub.pk]), {"file": broken})
    assert refused.status_code == 400 and "form.xlsx" in refused.content.decode()


PLAN_TEXT = """甲区儿童发展规划（2021—2030年）

一、儿童与健康

主要目标：

1. 婴儿死亡率控制在5‰以下。
2. 孕产妇死亡率下降到12/10万以下。

二、儿童与教育

主要目标：

1. 学前教育毛入园率达到92%以上。
"""


def test_plan_import_shows_each_target_beside_its_sentence_and_saves_corrections(client, web_world):
    w = web_world
    _login(client, w.committee)
    upload = io.BytesIO(PLAN_TEXT.encode())
    upload.name = "甲区儿童规划.txt"
    assert client.post(reverse("web:plan-import"), {"file": upload}).status_code == 302
    page = client.get(reverse("web:plan-import-check"))
    rows = page.context["rows"]
    assert [r.target["indicator"] for r in rows] == ["婴儿死亡率", "孕产妇死亡率", "学前教育毛入园率"]
    html = page.content.decode()
    for r in rows:   # each target's evidence is marked in the source pane
        assert f'<mark id="ev-{r.key}" data-key="{r.key}">{r.target["evidence"]["text"]}</mark>' in html
    enrol = rows[2]
    data = {f"value-{enrol.key}": "95", f"del-{rows[1].key}": "on", "region_code": w.county_a.code}
    asked = client.post(reverse("web:plan-import-check"), data)   # 甲区 already has a children's plan
    assert asked.status_code == 409 and 'name="on_conflict"' in asked.content.decode()
    # the corrections made are kept while the person answers
    response = client.post(reverse("web:plan-import-check"), {"region_code": w.county_a.code, "on_conflict": "keep"})
    assert response.status_code == 302
    plan = Plan.objects.get(source="甲区儿童规划.txt")
    targets = {t.indicator.name: t for t in plan.domains.get(code="2").items.get().targets.all()}
    assert targets["学前教育毛入园率"].value == 95
    assert not plan.indicators.filter(name="孕产妇死亡率").exists()


def test_plan_import_refuses_a_bad_correction_and_a_stranger(client, web_world):
    w = web_world
    _login(client, w.filler_health)
    assert client.get(reverse("web:plan-import")).status_code == 403
    _login(client, w.committee)
    upload = io.BytesIO(PLAN_TEXT.encode())
    upload.name = "p.txt"
    client.post(reverse("web:plan-import"), {"file": upload})
    key = client.get(reverse("web:plan-import-check")).context["rows"][0].key
    response = client.post(reverse("web:plan-import-check"), {f"value-{key}": "五"})
    assert response.status_code == 400 and "不是数字" in response.content.decode()
    assert not Plan.objects.filter(source="p.txt").exists()
    picture = io.BytesIO(b"\x89PNG\r\n\x1a\n....")
    picture.name = "scan.png"
    refused = client.post(reverse("web:plan-import"), {"file": picture})
    assert "scan.png：不支持的文件类型" in refused.content.decode()


def test_plan_import_never_changes_a_plan_the_uploader_may_not_manage(client, web_world):
    # 乙区's plan came from a file named like the one 甲区's office now uploads: a file name is not
    # a plan's identity, so 甲区 gets its own plan and 乙区's stays where it was, with its values.
    w = web_world
    theirs = make_plan(w.county_b, "乙区儿童发展规划（2021—2030年）")
    theirs.source = "儿童发展规划.txt"
    theirs.save()
    indicator = make_indicator(theirs, "婴儿死亡率", "‰")
    Value.objects.create(indicator=indicator, region=w.county_b, year=2022, value=Decimal("4.1"), unit="‰")
    _login(client, w.committee)
    upload = io.BytesIO(PLAN_TEXT.encode())
    upload.name = "儿童发展规划.txt"
    client.post(reverse("web:plan-import"), {"file": upload})
    response = client.post(reverse("web:plan-import-check"), {"region_code": w.county_a.code, "on_conflict": "keep"})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.region, theirs.title) == (w.county_b, "乙区儿童发展规划（2021—2030年）")
    assert list(theirs.indicators.values_list("name", flat=True)) == ["婴儿死亡率"]
    assert indicator.values.get().region == w.county_b
    assert Plan.objects.filter(source="儿童发展规划.txt", region=w.county_a).count() == 1
    # Naming 乙区 in the document does not reach it either: 乙区 is not the uploader's to manage.
    client.post(reverse("web:plan-import"), {"file": _named(PLAN_TEXT, "儿童发展规划.txt")})
    refused = client.post(reverse("web:plan-import-check"), {"region_code": w.county_b.code, "on_conflict": "replace"})
    assert refused.status_code == 400 and "不在您的管理范围内" in refused.content.decode()
    theirs.refresh_from_db()
    assert theirs.title == "乙区儿童发展规划（2021—2030年）"


def _named(text: str, name: str) -> io.BytesIO:
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def test_the_annual_report_downloads_from_the_reports_page(client, web_world):
    w = web_world
    _login(client, w.statistics)
    assert client.get(reverse("web:reports")).status_code == 200
    response = client.get(reverse("web:report-download"),
                          {"plan": w.plan.pk, "year": 2022, "kind": "annual", "format": "docx"})
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    from docx import Document
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert w.plan.title in text and "婴儿死亡率" in text


def test_the_public_sees_published_plans_only(client, web_world):
    w = web_world
    assert client.get(reverse("web:public-plan", args=[w.plan.pk])).status_code == 404
    assert w.plan.title not in client.get(reverse("web:home")).content.decode()
    committee = _login(type(client)(), w.committee)
    committee.post(reverse("web:publish", args=[w.plan.pk]), {"published": "1"})
    page = client.get(reverse("web:public-plan", args=[w.plan.pk]))
    assert page.status_code == 200 and "婴儿死亡率" in page.content.decode()
    assert w.plan.title in client.get(reverse("web:home")).content.decode()
    indicator = client.get(reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]))
    assert indicator.status_code == 200 and indicator.context["values"] == []   # no raw values or history


def test_login_is_throttled_after_repeated_failures(client, web_world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(reverse("web:login"), {"username": "weijian", "password": "wrong"})
        assert response.status_code == 200 and "登录失败次数过多" not in response.content.decode()
    locked = client.post(reverse("web:login"), {"username": "weijian", "password": "x"})
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
