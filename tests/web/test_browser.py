"""The year's work as people do it, in headless Chromium (Debian's chromium driven by Playwright):
a filler enters and submits with one error fixed on the way, the bureau returns one value, the filler
corrects it, the bureau approves, the dashboard shows the new status and the annual report downloads.
Screenshots of the main pages are kept in var/test-artifacts/ (a CI artefact)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="需要 Debian 的 chromium（./dev.sh 以 root 运行时安装）"),
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still sync.
    # Set for this test only: leaked, it would fail the deployment check of a later test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright
    from django.db import connections
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield b
        b.close()
        connections.close_all()   # the test's ORM calls ran in Playwright's context: a connection of its own


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _login(browser, live_server, username: str):
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.on("dialog", lambda dialog: dialog.accept())   # 报送, 审核通过, 公开 ask first (the browser's confirm)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("x")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")
    return page


@pytest.mark.django_db(transaction=True)
def test_a_round_from_entry_to_report(browser, live_server, web_world):
    w = web_world
    filler = _login(browser, live_server, "weijian")
    filler.get_by_role("link", name="进入年度监测填报与审核").click()
    filler.get_by_role("link", name=f"{w.round.region.name}{w.round.year}年度监测").click()
    _shot(filler, "entry")

    imr = filler.get_by_label("婴儿死亡率 合计")
    imr.fill("4.8。")                                               # a typo the page catches as it is typed
    assert "不是数字" in filler.locator("tr", has=imr).locator(".js-check").inner_text()
    filler.get_by_label("孕产妇死亡率 合计").fill("11.9")
    for label, n in (("出生人口数 合计", "1200"), ("出生人口数 女", "580"), ("出生人口数 男", "620")):
        filler.get_by_label(label).fill(n)
    filler.get_by_role("button", name="保存草稿").click()          # the server refuses the whole form
    assert "全部未保存" in filler.content()
    filler.get_by_label("婴儿死亡率 合计").fill("4.8")
    filler.get_by_role("button", name="报送").click()
    assert filler.get_by_test_id("submission-state").inner_text() == "已报送", filler.locator(".field-error").all_inner_texts()

    bureau = _login(browser, live_server, "tongji")
    bureau.goto(live_server.url + "/work/review/")
    bureau.get_by_role("link", name="卫生健康委员会").click()
    _shot(bureau, "review")
    bureau.get_by_label("意见 婴儿死亡率 合计").fill("较上年降幅偏大，请核实")
    bureau.get_by_role("button", name="退回修改").click()
    assert "已退回修改" in bureau.content()

    filler.reload()
    assert "较上年降幅偏大，请核实" in filler.content()
    filler.get_by_label("婴儿死亡率 合计").fill("4.9")
    filler.get_by_role("button", name="报送").click()
    assert filler.get_by_test_id("submission-state").inner_text() == "已报送"

    bureau.goto(live_server.url + "/work/review/")
    bureau.get_by_role("link", name="卫生健康委员会").click()
    bureau.get_by_role("button", name="审核通过").click()
    assert "已审核通过" in bureau.content()

    bureau.goto(f"{live_server.url}/plans/{w.plan.pk}/")
    _shot(bureau, "dashboard")
    row = bureau.locator("tr", has=bureau.get_by_role("link", name="婴儿死亡率"))
    assert "已实现" in row.last.inner_text() and "2023" in row.last.inner_text()

    bureau.get_by_role("link", name="婴儿死亡率").last.click()
    bureau.locator(".chart circle.pt").last.hover()                 # hover shows the value
    assert "2023年：4.9‰" in bureau.locator(".chart-tip").first.inner_text()
    _shot(bureau, "indicator")

    bureau.goto(f"{live_server.url}/plans/{w.plan.pk}/tree/")
    _shot(bureau, "plan-tree")
    bureau.goto(f"{live_server.url}/reports/?plan={w.plan.pk}")
    bureau.get_by_label("年度").select_option("2023")
    bureau.get_by_role("button", name="生成报告").click()          # a background job; its page offers the file
    with bureau.expect_download() as download:
        bureau.get_by_role("link", name="下载").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("2023年统计监测报告.docx")
    from docx import Document
    assert "婴儿死亡率" in "\n".join(p.text for p in Document(path).paragraphs)


@pytest.mark.django_db(transaction=True)
def test_the_interface_switches_to_english(browser, live_server, web_world):
    page = _login(browser, live_server, "gongwei")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "My work" in page.locator("nav").inner_text()
    _shot(page, "home-en")


@pytest.mark.django_db(transaction=True)
def test_the_scripts_speak_english_on_an_english_page(browser, live_server, web_world):
    """The inline check of the entry form and the chart's tooltip, with every flag of the point, in English."""
    from django.urls import reverse

    from lianggang.monitoring.models import Value
    from lianggang.monitoring.services import submission_for

    w = web_world
    Value.objects.filter(indicator=w.indicators["imr"], region=w.county_a, year=2022).update(
        provisional=True, revised=True, series_break=True)
    sub = submission_for(w.round, w.departments["health"])
    page = _login(browser, live_server, "weijian")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    page.goto(live_server.url + reverse("web:entry", args=[sub.pk]))
    imr = page.locator("input[name^='v-'][data-unit='‰']").first
    imr.fill("4.8。")
    assert page.locator("tr", has=imr).locator(".js-check").inner_text() == "“4.8。” is not a number"
    imr.fill("1200")
    assert "A value in ‰ must be between 0 and 1000" in page.locator("tr", has=imr).locator(".js-check").inner_text()

    page.goto(live_server.url + reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]))
    page.locator(".chart circle.pt").last.hover()                    # 2022, the latest approved value
    tip = page.locator(".chart-tip").first.inner_text()
    assert tip == "2022: 5.4‰ (Provisional, Revised, Series break)", tip
    page.locator(".chart circle.pt-target").first.hover()
    assert page.locator(".chart-tip").first.inner_text().startswith("Target: ")
    _shot(page, "indicator-en")
