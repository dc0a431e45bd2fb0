"""Each role's daily work in headless Chromium, the numbers on the pages checked against the database:
the filler fills and submits (after declining the confirmation once), the bureau approves from its
工作台, the office follows completeness, assigns in bulk and closes the round, the reader above opens
a status tile's list and a report, the administrator sees every task. Screenshots in var/test-artifacts/."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lianggang.monitoring import services
from lianggang.monitoring.models import Obligation, Round, Submission, SubmissionState, Value
from lianggang.monitoring.services import submission_for
from tests.factories import fill_health
from tests.web.test_browser import CHROMIUM, _shot, browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM),
                                                      reason="需要 Debian 的 chromium")]


def _login(browser, live_server, username: str, accept: bool = True):
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.on("dialog", lambda d: d.accept() if accept else d.dismiss())
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("x")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")
    return page


def _tile(page, kind: str) -> int:
    return int(page.get_by_test_id(f"tile-{kind}").locator(".n").inner_text())


def _submitted(w):
    fill_health(w)
    Value.objects.filter(region=w.county_a, year=w.round.year).update(note="已核实")
    services.submit(w.filler_health, submission_for(w.round, w.departments["health"]))


@pytest.mark.django_db(transaction=True)
def test_the_filler_fills_and_submits_from_the_workbench(browser, live_server, web_world):
    w = web_world
    Round.objects.filter(pk=w.round.pk).update(deadline=dt.date.today() + dt.timedelta(days=10))
    page = _login(browser, live_server, "weijian")
    page.get_by_role("link", name="工作台").click()
    sub = Submission.objects.get(round=w.round, department=w.departments["health"])
    assert _tile(page, "due") == Submission.objects.filter(pk=sub.pk, state=SubmissionState.DRAFT).count() == 1
    assert _tile(page, "overdue") == 0
    _shot(page, "workbench-filler")
    page.locator("#tasks").get_by_role("link", name="卫生健康委员会").click()
    for label, n in (("婴儿死亡率 合计", "4.8"), ("孕产妇死亡率 合计", "11.9"), ("出生人口数 合计", "1200"),
                     ("出生人口数 女", "580"), ("出生人口数 男", "620")):
        page.get_by_label(label).fill(n)
    page.get_by_label("填表人").fill("李填表")
    page.get_by_label("单位负责人").fill("王主任")
    page.get_by_role("button", name="报送").click()
    assert page.get_by_test_id("submission-state").inner_text() == "已报送"
    sub.refresh_from_db()
    assert sub.state == SubmissionState.SUBMITTED and sub.filled_by == "李填表"
    assert Value.objects.filter(submission=sub).count() == 5
    page.get_by_role("link", name="打印填报表").click()
    assert page.get_by_test_id("filled-by").inner_text() == "李填表"
    assert page.get_by_test_id("submitted-on").inner_text() == dt.date.today().isoformat()
    _shot(page, "print-form")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()          # the print copy drops the site's frame
    _shot(page, "print-form-print-media")


@pytest.mark.django_db(transaction=True)
def test_a_declined_confirmation_submits_nothing(browser, live_server, web_world):
    w = web_world
    page = _login(browser, live_server, "weijian", accept=False)
    sub = submission_for(w.round, w.departments["health"])
    page.goto(live_server.url + reverse("web:entry", args=[sub.pk]))
    page.get_by_label("婴儿死亡率 合计").fill("4.8")
    page.get_by_role("button", name="报送").click()
    page.wait_for_timeout(300)
    assert page.get_by_test_id("submission-state").inner_text() == "填报中"
    assert not Value.objects.filter(submission=sub).exists()


@pytest.mark.django_db(transaction=True)
def test_the_bureau_approves_what_waits_on_its_workbench(browser, live_server, web_world):
    w = web_world
    _submitted(w)
    page = _login(browser, live_server, "tongji")
    page.get_by_role("link", name="工作台").click()
    waiting = Submission.objects.filter(round__region=w.county_a, state=SubmissionState.SUBMITTED).count()
    assert _tile(page, "waiting") == waiting == 1
    _shot(page, "workbench-stats")
    page.goto(live_server.url + reverse("web:review-queue"))
    assert page.get_by_test_id("review-queue-count").inner_text().startswith(f"{waiting} / {waiting}")
    _shot(page, "review-queue")
    page.get_by_role("link", name="卫生健康委员会").click()
    assert "lianggang-sample" not in page.content()
    _shot(page, "review")
    page.get_by_role("button", name="审核通过").click()
    assert "已审核通过" in page.content()
    assert Submission.objects.get(round=w.round, department=w.departments["health"]).state == SubmissionState.APPROVED
    page.get_by_role("link", name="工作台").click()
    assert _tile(page, "waiting") == 0


@pytest.mark.django_db(transaction=True)
def test_the_office_follows_assigns_and_closes_its_round(browser, live_server, web_world):
    w = web_world
    _submitted(w)
    page = _login(browser, live_server, "gongwei")
    page.get_by_role("link", name="工作台").click()
    rows = {r.department.name: r for r in services.completeness(w.round)}
    table = page.locator(f"section[data-round='{w.round.pk}'] table")
    for name, r in rows.items():
        cells = table.locator("tr", has=page.get_by_role("link", name=name)).locator("td").all_inner_texts()
        assert [int(c) for c in cells[1:5]] == [r.owed, r.entered, r.submitted, r.approved], name
    assert int(page.get_by_test_id(f"unassigned-{w.round.pk}").inner_text().split()[0]) == \
        len(services.unassigned_indicators(w.round))
    _shot(page, "workbench-office")
    table.get_by_role("link", name="卫生健康委员会").click()          # drill into the department's form
    assert page.get_by_test_id("submission-state").inner_text() == "已报送"
    assert "12.5" in page.content() and "5.2" in page.content()        # what the department submitted
    page.get_by_role("link", name="返回工作台").click()

    page.get_by_role("link", name="批量分配责任单位").click()
    _shot(page, "assign")
    page.get_by_label("只看尚无责任单位的指标").check()
    page.get_by_role("button", name="筛选").click()
    page.get_by_label("选择 孤儿集中养育率").check()
    page.get_by_label("把勾选的指标分配给").select_option(label="教育局")
    page.get_by_role("button", name="分配", exact=True).click()
    assert Obligation.objects.get(round=w.round, indicator=w.indicators["orphan"]).department == w.departments["edu"]
    assert page.get_by_test_id("unassigned-count").inner_text().startswith("0 /")

    page.get_by_role("link", name="返回工作台").click()
    page.get_by_role("button", name="关闭填报").click()
    assert "已关闭" in page.content()
    assert not Round.objects.get(pk=w.round.pk).is_open

    page.goto(live_server.url + reverse("web:dashboard", args=[w.plan.pk]) + "?year=2022")
    on_track = _tile(page, "on_track")
    page.get_by_test_id("tile-on_track").click()
    assert page.get_by_test_id("targets-count").inner_text().startswith(f"{on_track} /")
    assert page.locator("table.list tbody tr").count() == on_track
    _shot(page, "targets-list")


@pytest.mark.django_db(transaction=True)
def test_the_reader_above_opens_a_list_and_a_report_of_a_county(browser, live_server, web_world):
    w = web_world
    from lianggang.accounts.permissions import Action, allowed_rows
    from lianggang.plans.models import Plan
    page = _login(browser, live_server, "shiji")
    visible = allowed_rows(w.reader_city, Action.VIEW_PLAN, Plan.objects.all()).count()
    assert page.get_by_test_id("plans-count").inner_text().startswith(f"{visible} / {visible}")
    _shot(page, "home-reader")
    page.goto(live_server.url + reverse("web:values", args=[w.plan.pk]) + f"?region={w.county_a.code}")
    approved = Value.objects.filter(region=w.county_a, state="approved").count()
    assert page.get_by_test_id("values-count").inner_text().startswith(f"{approved} /")
    _shot(page, "values-list")
    page.goto(live_server.url + reverse("web:reports"))
    page.get_by_label("地区").select_option(label=w.county_a.name)
    page.get_by_label("年度").select_option("2022")
    page.get_by_label("格式").select_option("html")
    _shot(page, "reports-reader")
    page.get_by_role("button", name="生成报告").click()          # a background job; its page offers the file
    with page.expect_download() as download:
        page.get_by_role("link", name="下载").click()
    assert w.county_a.name in download.value.suggested_filename


@pytest.mark.django_db(transaction=True)
def test_the_administrator_sees_every_task_and_chinese_error_pages(browser, live_server, web_world):
    w = web_world
    _submitted(w)
    page = _login(browser, live_server, "admin")
    page.get_by_role("link", name="工作台").click()
    open_subs = Submission.objects.filter(round__is_open=True).exclude(state=SubmissionState.APPROVED)
    shown = sum(_tile(page, k) for k in ("due", "overdue", "returned", "waiting"))
    assert shown == open_subs.count() and _tile(page, "waiting") == open_subs.filter(state="submitted").count()
    _shot(page, "workbench-admin")
    page.goto(live_server.url + "/plans/999999/")
    assert "页面不存在" in page.content()
    _shot(page, "404")
    page.get_by_role("link", name="返回首页").click()
    assert page.url == live_server.url + "/"


@pytest.mark.django_db(transaction=True)
def test_the_office_reviews_every_target_of_an_imported_plan_in_chinese(browser, live_server, web_world):
    from pathlib import Path

    from lianggang.extraction import extract_file
    seed = Path(__file__).resolve().parents[2] / "examples" / "seeds" / "002_5fe109302587185e.txt"
    doc = extract_file(str(seed)).document
    total = sum(len(x.get("targets", [])) for p in doc["plans"] for d in p["domains"]
                for x in [*d.get("goals", []), *d.get("measures", [])])
    page = _login(browser, live_server, "gongwei")
    page.goto(live_server.url + reverse("web:plan-import"))
    page.set_input_files("input[type=file]", str(seed))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_selector("table.import-targets")
    assert page.locator("table.import-targets tbody tr").count() == total
    assert page.locator("table.import-targets tr.from-measure").count() > 0
    shown = page.locator("table.import-targets tbody").inner_text()
    for code in ("threshold", "increase", "decrease", "women", "children"):
        assert code not in shown, code
    _shot(page, "plan-import-review")
