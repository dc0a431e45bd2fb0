"""Every role × every committee page: allowed or refused, as the one permission table says.
Users of tests.factories.make_world; 卫健's report is a draft (seen by 卫健 and the offices above it,
not by 教育), the meeting and the visit are 甲区's released records."""
from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lianggang.committee import services
from tests.committee.conftest import YEAR

ROLES = ("admin", "committee", "statistics", "filler_health", "filler_edu", "filler_b", "reader_city",
         "stats_city", None)

MATRIX = {
    "home":          (200, 200, 200, 200, 200, 200, 200, 200, "login"),
    # the health report's form: its department and the office that may write on its behalf; another
    # department's filler is given its own form; a department of another region is not found (404)
    "write-health":  (200, 200, 403, 200, 200, 200, 404, 404, "login"),
    "draft-report":  (200, 200, 200, 200, 403, 403, 200, 200, "login"),
    "meeting":       (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "meeting-new":   (200, 200, 403, 403, 403, 403, 403, 403, "login"),
    "visit":         (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "funds":         (302, 302, 403, 403, 403, 403, 403, 403, "login"),
}


@pytest.fixture
def records(cworld):
    w = cworld
    report = services.save_report(w.filler_health, w.county_a, YEAR, w.departments["health"],
                                  services.ReportInput(summary="草稿"))
    meeting = services.record_meeting(w.committee, w.county_a, kind="plenary", date=dt.date(YEAR, 3, 1),
                                      title="全体会议", attendees="成员单位")
    visit = services.record_visit(w.committee, w.county_a, visited=w.county_a, date=dt.date(YEAR, 5, 1), place="",
                                  inspectors="督导组", findings="台账不全", corrections=[("补齐台账", None)])
    return report, meeting, visit


def _request(client, page, w, records):
    report, meeting, visit = records
    url = {
        "home": f"/committee/?year={YEAR}",
        "write-health": (f"/committee/reports/write/?year={YEAR}&department={w.departments['health'].pk}"
                         f"&region={w.county_a.code}"),   # the region: the administrator's choice, others' ignored
        "draft-report": f"/committee/reports/{report.pk}/",
        "meeting": f"/committee/meetings/{meeting.pk}/",
        "meeting-new": "/committee/meetings/new/",
        "visit": f"/committee/visits/{visit.pk}/",
        "funds": "/committee/funds/",
    }[page]
    if page == "funds":
        return client.post(url, {"year": YEAR, "budgeted": "5"})
    return client.get(url)


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=[r or "anonymous" for r in ROLES])
def test_matrix(cworld, records, page, role_index):
    role = ROLES[role_index]
    client = Client()
    if role is not None:
        client.force_login(getattr(cworld, role))
    response = _request(client, page, cworld, records)
    expected = MATRIX[page][role_index]
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, (role, page)
