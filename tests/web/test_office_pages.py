"""The pages a county office works in daily (issue 15, items 8–13): rounds closed, reopened and
deleted; the 工作台 of each role; bulk 责任单位 assignment; lists that filter, sort and export; reports
per role; the plan import review; confirmations, the printable form and the error pages."""
from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lianggang.audit.models import AuditEntry
from lianggang.monitoring import entry as monitoring_entry
from lianggang.monitoring.models import Obligation, Round, Submission, SubmissionState, Value, ValueState  # noqa: F401
from lianggang.monitoring.services import submission_for
from lianggang.plans.models import Plan
from tests.factories import fill_health, make_user

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _submit_health(w):
    """The health department fills and submits (a note on every value: some equal last year's)."""
    from lianggang.monitoring import services
    fill_health(w)
    Value.objects.filter(region=w.county_a, year=w.round.year).update(note="已核实")
    services.submit(w.filler_health, submission_for(w.round, w.departments["health"]))


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# -- 8. rounds: validated opening; close, reopen, delete -------------------------------------------

def test_a_round_cannot_be_opened_outside_the_plans_period_or_with_a_past_deadline(web_world):
    w = web_world
    office = _client(w.committee)
    office.post(reverse("web:open-round"), {"year": "2031"})
    assert not Round.objects.filter(year=2031).exists()
    response = office.post(reverse("web:open-round"), {"year": "2024", "deadline": "2020-01-01"}, follow=True)
    assert "已过" in response.content.decode()
    assert not Round.objects.filter(year=2024).exists()
    # the page offers only the plan's years and no past date
    page = office.get(reverse("web:work-home")).content.decode()
    assert '<option value="2031">' not in page and f'min="{dt.date.today().isoformat()}"' in page


def test_the_office_closes_reopens_and_deletes_a_round_with_an_audit_record(web_world):
    w = web_world
    office = _client(w.committee)
    office.post(reverse("web:round-close", args=[w.round.pk]))
    w.round.refresh_from_db()
    assert not w.round.is_open
    # a closed round takes no values
    from lianggang.monitoring.errors import MonitoringError
    with pytest.raises(MonitoringError):
        monitoring_entry.enter_value(w.filler_health, w.round, w.indicators["imr"], "5.0")
    deadline = dt.date.today() + dt.timedelta(days=30)
    office.post(reverse("web:round-reopen", args=[w.round.pk]), {"deadline": deadline.isoformat()})
    w.round.refresh_from_db()
    assert w.round.is_open and w.round.deadline == deadline
    fill_health(w)
    response = office.post(reverse("web:round-delete", args=[w.round.pk]), follow=True)
    assert Round.objects.filter(pk=w.round.pk).exists()                # values: kept, refused with the count
    assert "不能删除" in response.content.decode()
    empty = Round.objects.create(region=w.county_a, year=2024)
    office.post(reverse("web:round-delete", args=[empty.pk]))
    assert not Round.objects.filter(pk=empty.pk).exists()
    verbs = list(AuditEntry.objects.filter(user=w.committee).values_list("verb", flat=True))
    assert verbs.count("round.close") == 1 and "round.reopen" in verbs and verbs.count("round.delete") == 1


def test_only_the_committee_office_closes_or_deletes_and_not_anothers_round(web_world):
    w = web_world
    for user in (w.statistics, w.filler_health, w.stats_city):
        assert _client(user).post(reverse("web:round-close", args=[w.round.pk])).status_code == 403
        assert _client(user).post(reverse("web:round-delete", args=[w.round.pk])).status_code == 403
    other = make_user("yiqu_gongwei", "committee", w.county_b)
    assert _client(other).post(reverse("web:round-delete", args=[w.round.pk])).status_code == 403
    assert Round.objects.filter(pk=w.round.pk, is_open=True).exists()


# -- 9. 工作台 ---------------------------------------------------------------------------------

def test_the_workbench_shows_each_role_what_is_due_overdue_returned_and_waiting(web_world):
    w = web_world
    Round.objects.filter(pk=w.round.pk).update(deadline=dt.date.today() - dt.timedelta(days=3))
    health = submission_for(w.round, w.departments["health"])
    edu = submission_for(w.round, w.departments["edu"])
    _submit_health(w)

    filler = _client(w.filler_edu).get(reverse("web:work-home"))
    tasks = {(t.kind, t.sub.pk) for t in filler.context["tasks"]}
    assert tasks == {("overdue", edu.pk)}                              # its own form, late; not health's
    assert dict((k, n) for k, _l, n in filler.context["counts"])["overdue"] == 1
    assert reverse("web:entry", args=[edu.pk]) in filler.content.decode()

    bureau = _client(w.statistics).get(reverse("web:work-home"))
    assert [(t.kind, t.url) for t in bureau.context["tasks"]] == [("waiting", reverse("web:review", args=[health.pk]))]

    office = _client(w.committee).get(reverse("web:work-home"))
    kinds = {t.sub.pk: t.kind for t in office.context["tasks"]}
    assert kinds == {health.pk: "waiting", edu.pk: "overdue"}
    html = office.content.decode()
    # the completeness table drills into each department's form (the printable copy)
    assert reverse("web:submission-print", args=[edu.pk]) in html
    rnd, rows, unassigned, acts = office.context["rounds"][0]
    assert unassigned == 1 and acts == {"close": True, "delete": True, "assign": True}   # 孤儿集中养育率
    assert {row.department.pk: row.owed for row, _s in rows} == {w.departments["health"].pk: 3, w.departments["edu"].pk: 2}


def test_the_workbench_task_list_filters_by_its_tiles_and_exports(web_world):
    w = web_world
    office = _client(w.committee)
    response = office.get(reverse("web:work-home") + "?f-kind=待填报")
    assert response.context["table"].rows and all(t.kind == "due" for t in response.context["table"].rows)
    export = office.get(reverse("web:work-home") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:3] == ["事项", "年度监测", "成员单位"]
    everything = office.get(reverse("web:work-home")).context["tasks"]
    assert sheet.max_row - 1 == len(everything) >= 1


def test_bulk_assignment_by_multiselect_gives_every_ticked_indicator_to_one_department(web_world):
    w = web_world
    office = _client(w.committee)
    page = office.get(reverse("web:round-assign", args=[w.round.pk]) + "?unassigned=1")
    assert [ind.name for ind, _d, _v in page.context["rows"]] == ["孤儿集中养育率"]
    office.post(reverse("web:round-assign", args=[w.round.pk]),
                {"indicator": [w.indicators["orphan"].pk, w.indicators["schools"].pk],
                 "department": w.departments["health"].pk})
    owed = dict(Obligation.objects.filter(round=w.round).values_list("indicator_id", "department_id"))
    assert owed[w.indicators["orphan"].pk] == owed[w.indicators["schools"].pk] == w.departments["health"].pk
    assert AuditEntry.objects.filter(verb="round.assign", user=w.committee).count() == 1


def _sheet(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标责任单位"
    ws.append(["指标", "单位", "责任单位", "已有数据"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "分配.xlsx"
    return out


def test_the_assignment_sheet_round_trips_and_a_bad_row_refuses_the_whole_file(web_world):
    w = web_world
    office = _client(w.committee)
    download = office.get(reverse("web:round-assign-sheet", args=[w.round.pk]))
    ws = load_workbook(io.BytesIO(download.content))["指标责任单位"]
    listed = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert listed["婴儿死亡率"] == "卫生健康委员会" and listed["孤儿集中养育率"] is None
    bad = _sheet([["孤儿集中养育率", "%", "卫健"], ["幼儿园数", "所", "民政局"], ["不存在的指标", "", "教育"]])
    refused = office.post(reverse("web:round-assign-sheet", args=[w.round.pk]), {"file": bad})
    assert refused.status_code == 400
    problems = {(p.row, p.column) for p in refused.context["refusal"].problems}
    assert problems == {(3, "C"), (4, "A")}
    assert not Obligation.objects.filter(round=w.round, indicator=w.indicators["orphan"]).exists()   # nothing saved
    good = _sheet([["孤儿集中养育率", "%", "卫健"], ["幼儿园数", "所", "卫生健康委员会"]])
    assert office.post(reverse("web:round-assign-sheet", args=[w.round.pk]), {"file": good}).status_code == 302
    owed = dict(Obligation.objects.filter(round=w.round).values_list("indicator_id", "department_id"))
    assert owed[w.indicators["orphan"].pk] == owed[w.indicators["schools"].pk] == w.departments["health"].pk


# -- 10. lists: filter, search, sort, export --------------------------------------------------------

def test_the_targets_list_filters_by_the_tiles_status_sorts_and_exports_what_it_shows(web_world):
    w = web_world
    office = _client(w.committee)
    dashboard = office.get(reverse("web:dashboard", args=[w.plan.pk]) + "?year=2022")
    all_rows = office.get(reverse("web:targets", args=[w.plan.pk]) + "?year=2022").context["table"]
    assert len(all_rows.rows) == dashboard.context["summary"].total
    from urllib.parse import quote
    html = dashboard.content.decode()
    for code, n in dashboard.context["counts"]:
        label = code.zh                                         # the page speaks Chinese by default
        assert f"f-status={quote(str(label))}" in html          # the tile links to its list
        listed = office.get(reverse("web:targets", args=[w.plan.pk]), {"year": 2022, "f-status": str(label)})
        assert len(listed.context["table"].rows) == n, (code, label)
    by_name = office.get(reverse("web:targets", args=[w.plan.pk]), {"year": 2022, "sort": "-indicator"})
    names = [r.indicator.name for r in by_name.context["table"].rows]
    assert names == sorted(names, reverse=True)
    searched = office.get(reverse("web:targets", args=[w.plan.pk]), {"year": 2022, "q": "入园"})
    assert [r.indicator.name for r in searched.context["table"].rows] == ["学前教育毛入园率"]
    export = office.get(reverse("web:targets", args=[w.plan.pk]), {"year": 2022, "q": "入园", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 2 and sheet.cell(2, 2).value == "学前教育毛入园率" and sheet.cell(2, 4).value == 89


def test_the_values_warnings_review_queue_and_plan_lists_use_the_same_table(web_world):
    w = web_world
    office = _client(w.committee)
    values = office.get(reverse("web:values", args=[w.plan.pk]), {"f-year": "2021"}).context["table"].rows
    assert len(values) == Value.objects.filter(region=w.county_a, year=2021).count() == 3
    assert office.get(reverse("web:warnings", args=[w.plan.pk])).status_code == 200
    plans = office.get(reverse("web:home"), {"q": "甲区"}).context["table"].rows
    assert [p.pk for p in plans] == [w.plan.pk]
    queue = _client(w.statistics).get(reverse("web:review-queue") + "?export=xlsx")
    assert load_workbook(io.BytesIO(queue.content)).active.cell(1, 5).value == "报送人"


# -- 11. reports per role ---------------------------------------------------------------------------

def test_each_role_gets_the_reports_its_scope_allows_with_regions_from_a_list(web_world):
    w = web_world
    from tests.factories import make_plan
    city_plan = make_plan(w.city, "测试市儿童发展规划（2021—2030年）")
    county = _client(w.committee).get(reverse("web:reports"), {"plan": city_plan.pk})
    assert city_plan in county.context["plans"]                        # the county office reads the city plan
    assert [r.code for r in county.context["regions"]] == [w.county_a.code]   # for its own county only
    filler = _client(w.filler_health).get(reverse("web:reports"))
    assert filler.context["plans"] and [r.code for r in filler.context["regions"]] == [w.county_a.code]
    reader = _client(w.reader_city).get(reverse("web:reports"), {"plan": city_plan.pk})
    assert [r.code for r in reader.context["regions"]] == [w.city.code, w.county_a.code, w.county_b.code]
    other = _client(w.filler_b).get(reverse("web:report-download"),
                                    {"plan": w.plan.pk, "region": w.county_a.code, "format": "html"})
    assert other.status_code == 403


# -- 12. plan import review -------------------------------------------------------------------------

def test_the_plan_import_review_shows_every_target_in_chinese_with_condition_and_sentence(web_world):
    w = web_world
    name = "002_5fe109302587185e"
    doc = json.loads((EXAMPLES / "plans" / f"{name}.json").read_text(encoding="utf-8"))
    text = (EXAMPLES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    total = sum(len(x.get("targets", [])) for p in doc["plans"] for d in p["domains"]
                for x in [*d.get("goals", []), *d.get("measures", [])])
    office = _client(w.committee)
    session = office.session
    session["plan_import"] = {"doc": doc, "text": text, "name": f"{name}.txt"}
    session.save()
    page = office.get(reverse("web:plan-import-check"))
    rows = page.context["rows"]
    assert len(rows) == total and any(r.measure for r in rows)
    html = page.content.decode()
    import re
    shown = re.sub(r"<[^>]+>", " ", html.split('<table class="import-targets">')[1].split("</table>")[0])
    shown = re.sub(r'value="[^"]*"', "", shown)
    for code in ("women", "children", "threshold", "increase", "decrease", "maintain", "direction", "comparison"):
        assert code not in shown, code
    with_note = [r for r in rows if r.target.get("note")]
    for r in with_note:
        assert r.target["note"] in r.condition
    assert all(r.sentence in html for r in rows if r.sentence)


def test_deleting_a_measures_target_in_the_review_removes_that_target_only(web_world):
    from lianggang.web.work.plan_import import _apply_edits, _rows
    doc = {"plans": [{"domains": [{"goals": [{"code": "1", "targets": [{"indicator": "甲", "kind": "direction",
                                                                         "direction": "increase"}]}],
                                    "measures": [{"code": "1", "title": "措施", "targets": [
                                        {"indicator": "乙", "kind": "direction", "direction": "increase"},
                                        {"indicator": "丙", "kind": "direction", "direction": "decrease"}]}]}]}]}
    rows = _rows(doc)
    assert [r.description for r in rows] == ["甲 提高", "乙 提高", "丙 下降"]
    _apply_edits(doc, {f"del-{rows[1].key}": "on"})
    assert [r.target["indicator"] for r in _rows(doc)] == ["甲", "丙"]


# -- 13. confirmations, the printable form, error pages, names ---------------------------------------

def test_submit_approve_and_publish_ask_for_confirmation_in_the_page(web_world):
    w = web_world
    health = submission_for(w.round, w.departments["health"])
    entry_page = _client(w.filler_health).get(reverse("web:entry", args=[health.pk])).content.decode()
    assert 'value="submit" data-confirm="确认将卫生健康委员会2023年度数据报送统计局审核' in entry_page
    _submit_health(w)
    review = _client(w.statistics).get(reverse("web:review", args=[health.pk])).content.decode()
    assert 'value="approve" data-confirm="确认审核通过卫生健康委员会' in review
    dashboard = _client(w.committee).get(reverse("web:dashboard", args=[w.plan.pk])).content.decode()
    assert 'value="1" data-confirm="确认向公众公开' in dashboard
    assert "web/site.js" in dashboard and "cdn" not in dashboard.lower()


def test_the_printable_form_carries_filler_head_and_date_as_page_and_xlsx(web_world):
    w = web_world
    health = submission_for(w.round, w.departments["health"])
    filler = _client(w.filler_health)
    page = filler.get(reverse("web:entry", args=[health.pk]))
    data = {"action": "submit", "head": "王主任", "filled_by": "李填表", "phone": "0573-1234567"}
    values = {("婴儿死亡率", "合计"): "4.8", ("孕产妇死亡率", "合计"): "11.9", ("出生人口数", "合计"): "1200",
              ("出生人口数", "女"): "580", ("出生人口数", "男"): "620"}
    for fr in page.context["rows"]:
        data.update({f"k-{fr.index}": fr.key, f"ver-{fr.index}": "", f"n-{fr.index}": "",
                     f"v-{fr.index}": values[(fr.row.indicator.name, fr.label)]})
    assert filler.post(reverse("web:entry", args=[health.pk]), data).status_code == 302
    health.refresh_from_db()
    assert health.state == SubmissionState.SUBMITTED and health.filled_by == "李填表"
    office = _client(w.committee)
    printed = office.get(reverse("web:submission-print", args=[health.pk])).content.decode()
    today = dt.date.today().isoformat()
    for text in ("王主任", "李填表", "0573-1234567", today, "4.8"):
        assert text in printed
    sheet = load_workbook(io.BytesIO(office.get(reverse("web:submission-print-xlsx", args=[health.pk])).content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "王主任" in cells and "李填表" in cells and today in cells and 4.8 in cells


def test_a_too_long_contact_saves_nothing_of_the_form(web_world):
    w = web_world
    health = submission_for(w.round, w.departments["health"])
    filler = _client(w.filler_health)
    page = filler.get(reverse("web:entry", args=[health.pk]))
    data = {"action": "save", "head": "长" * 51, "filled_by": "", "phone": ""}
    for fr in page.context["rows"]:
        data.update({f"k-{fr.index}": fr.key, f"ver-{fr.index}": "", f"n-{fr.index}": "", f"v-{fr.index}": "5"})
    response = filler.post(reverse("web:entry", args=[health.pk]), data)
    assert response.status_code == 400 and "不能超过50个字" in response.content.decode()
    assert not Value.objects.filter(region=w.county_a, year=2023).exists()


def test_error_pages_are_chinese_with_a_way_back(web_world, settings):
    settings.DEBUG = False
    w = web_world
    office = _client(w.filler_b)
    refused = office.get(reverse("web:dashboard", args=[w.plan.pk]))
    assert refused.status_code == 403 and "无权访问" in refused.content.decode()
    assert reverse("web:work-home") in refused.content.decode()
    missing = office.get("/plans/999999/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    assert 'href="/"' in missing.content.decode()
    from django.template.loader import render_to_string
    crashed = render_to_string("500.html")
    assert "系统出错" in crashed and 'href="/"' in crashed


def test_the_sample_loader_is_never_shown_as_the_submitter(web_world):
    from lianggang.monitoring.sample import SAMPLE_USER
    w = web_world
    loader = make_user(SAMPLE_USER, "admin")
    health = submission_for(w.round, w.departments["health"])
    Submission.objects.filter(pk=health.pk).update(state=SubmissionState.SUBMITTED, submitted_by=loader)
    bureau = _client(w.statistics)
    for url in (reverse("web:review-queue"), reverse("web:review", args=[health.pk]),
                reverse("web:submission-print", args=[health.pk])):
        html = bureau.get(url).content.decode()
        assert SAMPLE_USER not in html and "示例数据" in html, url


def test_the_dashboards_completeness_table_drills_into_each_form_the_user_may_read(web_world):
    w = web_world
    health = submission_for(w.round, w.departments["health"])
    Round.objects.filter(pk=w.round.pk).update(year=2023)
    from lianggang.monitoring.services import completeness
    completeness(w.round)                                   # every department owed something has its form
    url = reverse("web:dashboard", args=[w.plan.pk])
    office = _client(w.committee).get(url).content.decode()
    assert reverse("web:submission-print", args=[health.pk]) in office
    reader = _client(w.reader_city).get(url + f"?region={w.county_a.code}").content.decode()
    assert reverse("web:submission-print", args=[health.pk]) not in reader


def test_the_indicator_history_names_people_not_the_sample_loader(web_world):
    from lianggang.monitoring.models import ValueChange
    from lianggang.monitoring.sample import SAMPLE_USER
    w = web_world
    loader = make_user(SAMPLE_USER, "admin")
    value = Value.objects.filter(region=w.county_a, indicator=w.indicators["imr"]).first()
    ValueChange.objects.create(value=value, action="value.loaded", new_value=value.value, new_state="approved",
                               user=loader)
    html = _client(w.committee).get(reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk])).content.decode()
    assert "示例数据" in html and SAMPLE_USER not in html


def test_the_level_above_sees_what_waits_to_be_accepted_and_which_regions_are_late(web_world):
    from django.utils import timezone
    w = web_world
    Round.objects.filter(pk=w.round.pk).update(upward="reported", reported_at=timezone.now())
    Round.objects.create(region=w.city, year=w.round.year, deadline=dt.date.today() - dt.timedelta(days=1))
    bureau = _client(w.stats_city).get(reverse("web:work-home"))
    assert [r.pk for r in bureau.context["to_accept"]] == [w.round.pk]
    assert 'data-testid="tile-accept"><span class="n">1<' in bureau.content.decode()
    reader = _client(w.reader_city).get(reverse("web:work-home"))
    # 甲区 reported; 乙区 has no round and the city's deadline has passed: one late region
    assert reader.context["children"] == [(w.round.year, 1, 2, 1)]
    assert reader.context["to_accept"] == []


def test_an_export_from_an_english_page_is_written_in_chinese(web_world):
    w = web_world
    office = _client(w.committee)
    office.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = office.get(reverse("web:targets", args=[w.plan.pk]), {"year": 2022})
    assert "Status" in page.content.decode()
    export = office.get(reverse("web:targets", args=[w.plan.pk]), {"year": 2022, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:2] == ["领域", "指标"]
    assert {sheet.cell(r, 6).value for r in range(2, sheet.max_row + 1)} == {"进展顺利", "数据不足"}
    assert "%E7%9B%AE%E6%A0%87%E8%BF%9B%E5%B1%95" in export["Content-Disposition"]    # 目标进展


def test_the_publics_tiles_open_the_published_plans_list_and_nothing_else(web_world):
    w = web_world
    public = Client()
    assert public.get(reverse("web:targets", args=[w.plan.pk])).status_code == 302      # unpublished: log in
    Plan.objects.filter(pk=w.plan.pk).update(published=True)
    page = public.get(reverse("web:public-plan", args=[w.plan.pk])).content.decode()
    assert reverse("web:targets", args=[w.plan.pk]) in page
    listed = public.get(reverse("web:targets", args=[w.plan.pk]))
    assert listed.status_code == 200 and len(listed.context["table"].rows) == listed.context["pa"].summary.total
    Value.objects.create(indicator=w.indicators["imr"], region=w.county_a, year=2023, value=Decimal("9.1"),
                         state=ValueState.DRAFT)
    shown = public.get(reverse("web:values", args=[w.plan.pk])).context["table"].rows
    assert shown and all(v.state == ValueState.APPROVED for v in shown)          # never a value in progress
