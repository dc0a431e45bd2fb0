"""The committee's year in headless Chromium: a department writes its implementation report with
its mid-term self-assessment and submits it, the office accepts it, and the mid-term report the
office downloads holds the department's verdicts and reasons. Screenshots in var/test-artifacts/."""
from __future__ import annotations

import pytest

from tests.web.test_browser import CHROMIUM, _login, _shot, browser  # noqa: F401  (the fixture and helpers)
from tests.committee.conftest import YEAR

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="需要 Debian 的 chromium"),
]


@pytest.mark.django_db(transaction=True)
def test_a_department_self_assesses_and_the_office_sees_it_in_the_midterm_report(browser, live_server, cworld):  # noqa: F811
    w = cworld
    filler = _login(browser, live_server, "weijian")
    filler.get_by_role("link", name="工委工作").click()
    filler.get_by_label("年度").select_option(str(YEAR))
    filler.get_by_role("button", name="查看").click()
    filler.get_by_role("link", name="撰写实施情况报告").click()
    filler.get_by_label("总体工作情况").fill("全区推进母婴安全五项制度，孕产妇系统管理率稳步提高。")
    filler.get_by_label("工作情况 1.1").fill("建成危重新生儿救治中心。")
    for name in ("婴儿死亡率", "孕产妇死亡率", "出生人口数"):
        filler.get_by_label(f"自评 {name}").select_option("on_track")
    filler.get_by_label("理由 婴儿死亡率").fill("连续三年下降，按趋势2030年前可达5‰以下")
    filler.get_by_label("理由 孕产妇死亡率").fill("救治网络完善，下降明显")
    filler.get_by_role("button", name="报送实施情况报告").click()          # one reason missing: refused
    assert "出生人口数：请写明自评理由" in filler.content()
    filler.get_by_label("理由 出生人口数").fill("出生登记完整")
    filler.get_by_label("存在的问题").fill("基层助产人员不足。")
    filler.get_by_role("button", name="报送实施情况报告").click()
    assert filler.get_by_test_id("report-state").inner_text() == "已报送待审阅"
    _shot(filler, "committee-report")

    office = _login(browser, live_server, "gongwei")
    office.goto(f"{live_server.url}/committee/?year={YEAR}")
    assert office.get_by_test_id(f"dept-report-{w.departments['health'].pk}").inner_text() == "已报送待审阅"
    office.get_by_role("link", name="审阅").click()
    assert "连续三年下降" in office.content()
    office.get_by_role("button", name="审阅通过").click()
    assert office.get_by_test_id("report-state").inner_text() == "已审阅通过"
    _shot(office, "committee-review")

    office.goto(f"{live_server.url}/reports/?plan={w.plan.pk}")
    office.get_by_label("年度").select_option(str(YEAR))
    office.get_by_label("报告类型").select_option("midterm")
    office.get_by_role("button", name="生成报告").click()          # a background job; its page offers the file
    with office.expect_download() as download:
        office.get_by_role("link", name="下载").click()
    from docx import Document
    doc = Document(download.value.path())
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "各成员单位自评情况" in text and "（待" not in text
    assert "连续三年下降，按趋势2030年前可达5‰以下" in text
    assert "卫生健康委员会对承担的3项目标作了自评" in text
