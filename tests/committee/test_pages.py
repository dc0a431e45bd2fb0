"""The committee's pages: who sees what, the report form end to end, review, meetings, funds, visits."""
from __future__ import annotations

import pytest

from lianggang.committee.models import ImplementationReport, Meeting, ReportState, SupervisionVisit
from lianggang.plans.models import Target
from tests.committee.conftest import PDF, YEAR, docx_bytes


@pytest.mark.parametrize("persona, status", [
    ("committee", 200), ("statistics", 200), ("filler_health", 200), ("reader_city", 200), ("admin", 200)])
def test_the_committee_page_opens_for_every_signed_in_role(cworld, client, persona, status):
    client.force_login(getattr(cworld, persona))
    assert client.get(f"/committee/?year={YEAR}").status_code == status


def test_the_anonymous_are_sent_to_log_in(cworld, client):
    assert client.get("/committee/").status_code == 302


def _form(w):
    imr = Target.objects.get(indicator=w.indicators["imr"])
    mmr = Target.objects.get(indicator=w.indicators["mmr"])
    births = Target.objects.get(indicator=w.indicators["births"])
    post = {"year": YEAR, "summary": "全年工作", "problems": "问题", "next_steps": "打算"}
    for t in (imr, mmr, births):
        post[f"verdict-{t.pk}"] = "on_track"
        post[f"reason-{t.pk}"] = "理由"
    post[f"goal-{imr.goal_id}"] = "降低婴儿死亡率的工作"
    return post


def test_the_form_shows_the_departments_targets_with_their_figures(cworld, client):
    w = cworld
    client.force_login(w.filler_health)
    page = client.get(f"/committee/reports/write/?year={YEAR}").content.decode()
    assert "婴儿死亡率" in page and "孕产妇死亡率" in page and "学前教育毛入园率" not in page
    assert "5.4‰（2022）" in page   # its latest approved figure
    assert "中期自评" in page


def test_a_filler_submits_and_the_office_accepts_through_the_pages(cworld, client):
    w = cworld
    client.force_login(w.filler_health)
    response = client.post("/committee/reports/write/", {**_form(w), "action": "submit"})
    report = ImplementationReport.objects.get()
    assert response.status_code == 302 and report.state == ReportState.SUBMITTED
    assert report.goal_entries.get().text == "降低婴儿死亡率的工作"
    client.force_login(w.committee)
    home = client.get(f"/committee/?year={YEAR}").content.decode()
    assert "已报送待审阅" in home
    client.post(f"/committee/reports/{report.pk}/", {"action": "accept", "comment": "同意"})
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_a_missing_reason_is_shown_and_nothing_saved(cworld, client):
    w = cworld
    client.force_login(w.filler_health)
    post = _form(w)
    key = next(k for k in post if k.startswith("reason-"))
    post[key] = ""
    response = client.post("/committee/reports/write/", {**post, "action": "save"})
    assert response.status_code == 400 and "请写明自评理由" in response.content.decode()
    assert not ImplementationReport.objects.exists()


def test_a_word_report_uploaded_through_the_page(cworld, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    w = cworld
    client.force_login(w.filler_health)
    data = docx_bytes("总体情况很好。", "存在的问题", "经费不足。")
    client.post("/committee/reports/write/", {"year": YEAR, "action": "upload",
                                              "docx": SimpleUploadedFile("报告.docx", data)})
    report = ImplementationReport.objects.get()
    assert report.summary == "总体情况很好。" and report.problems == "经费不足。"


def test_an_html_page_uploaded_as_the_word_report_is_refused(cworld, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    w = cworld
    client.force_login(w.filler_health)
    response = client.post("/committee/reports/write/", {"year": YEAR, "action": "upload",
                                                         "docx": SimpleUploadedFile("报告.docx", b"<html></html>")})
    assert response.status_code == 400 and "已拒收" in response.content.decode()
    assert not ImplementationReport.objects.exists()


@pytest.mark.parametrize("persona", ["statistics", "reader_city", "stats_city"])
def test_others_cannot_open_the_health_report_form(cworld, client, persona):
    w = cworld
    client.force_login(getattr(w, persona))
    url = f"/committee/reports/write/?year={YEAR}&department={w.departments['health'].pk}"
    assert client.get(url).status_code in (403, 404)


def test_another_departments_filler_gets_its_own_form_whatever_the_address_says(cworld, client):
    w = cworld
    client.force_login(w.filler_edu)
    page = client.get(f"/committee/reports/write/?year={YEAR}&department={w.departments['health'].pk}")
    assert "学前教育毛入园率" in page.content.decode() and "婴儿死亡率" not in page.content.decode()


def test_the_office_records_a_meeting_with_minutes_funds_and_a_visit(cworld, client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    w = cworld
    client.force_login(w.committee)
    r = client.post("/committee/meetings/new/", {"kind": "plenary", "date": "2025-03-01", "title": "全体会议",
                                                 "attendees": "成员单位", "decisions": "通过工作要点",
                                                 "minutes": SimpleUploadedFile("纪要.pdf", PDF)})
    meeting = Meeting.objects.get()
    assert r.status_code == 302 and meeting.attachments.get().name == "纪要.pdf"
    client.post("/committee/funds/", {"year": YEAR, "budgeted": "8", "spent": "7.5"})
    assert "7.50" in client.get(f"/committee/?year={YEAR}").content.decode()
    client.post("/committee/visits/new/", {"visited": w.county_a.code, "date": "2025-05-01", "place": "妇幼保健院",
                                           "inspectors": "督导组", "findings": "台账不全",
                                           "correction": ["补齐台账", ""], "due": ["2025-06-30", ""]})
    visit = SupervisionVisit.objects.get()
    correction = visit.corrections.get()
    client.post(f"/committee/visits/{visit.pk}/", {"correction": correction.pk, "state": "done", "note": "已补齐"})
    correction.refresh_from_db()
    assert correction.state == "done"


def test_a_filler_sees_meetings_but_cannot_record_one(cworld, client):
    w = cworld
    client.force_login(w.filler_health)
    assert client.get("/committee/meetings/new/").status_code == 403

