"""A county's year travels up to the city in headless Chromium: the county's bureau approves its
departments, the county office reports (上报), the city's bureau returns it with a reason, the county
sees the reason and reports again, the city accepts. Screenshots go to var/test-artifacts/."""
from __future__ import annotations

import pytest

from lianggang.monitoring import entry, services
from tests.factories import fill_health
from tests.web.test_browser import _login, _shot, browser, pytestmark  # noqa: F401  (fixture, marks)

REASON = "出生人口数与上年相差较大，请核实"


def _submit_both_departments(w) -> None:
    fill_health(w)
    entry.enter_value(w.filler_health, w.round, w.indicators["mmr"], "12.2", expected_version=None)
    services.submit(w.filler_health, entry.submission_for(w.round, w.departments["health"]))
    entry.enter_value(w.filler_edu, w.round, w.indicators["enrol"], "90")
    entry.enter_value(w.filler_edu, w.round, w.indicators["schools"], "12")
    services.submit(w.filler_edu, entry.submission_for(w.round, w.departments["edu"]))


@pytest.mark.django_db(transaction=True)
def test_a_county_report_goes_up_to_the_city_and_comes_back_with_a_reason(browser, live_server, web_world):
    w = web_world
    _submit_both_departments(w)

    county_stats = _login(browser, live_server, "tongji")
    for department in ("卫生健康委员会", "教育局"):
        county_stats.goto(live_server.url + "/work/review/")
        county_stats.get_by_role("link", name=department).click()
        county_stats.get_by_role("button", name="审核通过").click()
        assert "已审核通过" in county_stats.content()

    office = _login(browser, live_server, "gongwei")
    office.goto(live_server.url + "/work/")
    upward_state = office.get_by_test_id(f"upward-{w.round.pk}")
    assert upward_state.inner_text() == "未上报"
    office.get_by_role("button", name=f"向{w.city.name}上报").click()
    assert "等待上级统计局接收" in office.content()
    assert upward_state.inner_text() == "已上报待接收"

    city = _login(browser, live_server, "shi_tongji")
    city.goto(f"{live_server.url}/work/below/{w.round.year}/")
    row = city.locator(f"tr[data-region='{w.county_a.code}']")
    assert "已上报待接收" in row.inner_text()
    _shot(city, "below")
    row.get_by_label(f"退回原因：{w.county_a.name}").fill(REASON)
    row.get_by_role("button", name="退回").click()
    assert "上级已退回" in city.locator(f"tr[data-region='{w.county_a.code}']").inner_text()

    office.reload()
    assert upward_state.inner_text() == "上级已退回"
    assert REASON in office.content()
    office.get_by_role("button", name=f"向{w.city.name}上报").click()
    assert upward_state.inner_text() == "已上报待接收"

    city.reload()
    city.locator(f"tr[data-region='{w.county_a.code}']").get_by_role("button", name="接收").click()
    assert "上级已接收" in city.locator(f"tr[data-region='{w.county_a.code}']").inner_text()
    office.reload()
    assert upward_state.inner_text() == "上级已接收"
