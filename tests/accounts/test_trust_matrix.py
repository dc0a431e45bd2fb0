"""The permission matrix's missing rows: the form upload, opening a round, assigning indicators, the
audit log, the admin's login door, and plan import identity and permission.

200/302 = allowed; 403 = refused; "login" = the anonymous are sent to log in."""
from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from lianggang.monitoring.services import submission_for
from lianggang.plans.models import Plan
from lianggang.plans.services import PlanImportError, import_document
from tests.factories import make_world

pytestmark = pytest.mark.django_db

ROLES = ("admin", "committee", "statistics", "filler_health", "filler_edu", "filler_b", "reader_city",
         "stats_city", None)

MATRIX = {
    # the health department's form upload: its own fillers only (the empty upload is sent back to the page)
    "entry-upload":       (302, 403, 403, 302, 403, 403, 403, 403, "login"),
    # opening a round (POST): the offices of a region; the rest are refused before anything is written
    "open-round":         (403, 302, 302, 403, 403, 403, 403, 302, "login"),
    # who reports what in 甲区's round: 甲区's offices
    "round-obligations":  (200, 200, 200, 403, 403, 403, 403, 403, "login"),
    # the audit log: the offices, each of its own regions
    "audit-log":          (200, 200, 200, 403, 403, 403, 403, 200, "login"),
    # the admin's login page: none of these is staff, so each is asked to sign in as staff
    # (the door is throttled like the site's: tests/accounts/test_throttle.py)
    "admin-login":        (200, 200, 200, 200, 200, 200, 200, 200, 200),
}


@pytest.fixture
def world(db):
    return make_world()


def _request(client, page, w, sub):
    if page == "entry-upload":
        return client.post(reverse("web:entry-upload", args=[sub.pk]), {})
    if page == "open-round":
        return client.post(reverse("web:open-round"), {"year": "2024"})
    url = {
        "open-round": reverse("web:open-round"),
        "round-obligations": reverse("web:round-obligations", args=[w.round.pk]),
        "audit-log": reverse("web:audit-log"),
        "admin-login": "/admin/login/",
    }[page]
    return client.get(url)


@pytest.mark.parametrize("page", MATRIX)
def test_every_role_on_every_page(page, world):
    sub = submission_for(world.round, world.departments["health"])
    got = []
    for role in ROLES:
        client = Client()
        if role:
            client.force_login(getattr(world, role))
        response = _request(client, page, world, sub)
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            got.append("login")
        else:
            got.append(response.status_code)
    assert tuple(got) == MATRIX[page], dict(zip(ROLES, got))


def test_the_audit_log_shows_each_office_only_its_regions(world):
    from lianggang.audit.services import record
    record(world.committee, "round.open", world.round)
    record(world.filler_b, "round.open", region=world.county_b, year=2023)
    client = Client()
    client.force_login(world.committee)
    entries = list(client.get(reverse("web:audit-log")).context["page"])
    assert [e.region for e in entries] == [world.county_a]


# -- plan import identity and permission --------------------------------------------------------

PLAN_TEXT = "甲区妇女发展规划（2021—2030年）\n\n一、妇女与健康\n\n主要目标：\n\n1. 孕产妇死亡率下降到12/10万以下。\n"


def _upload(client, name="妇女发展规划.txt"):
    f = io.BytesIO(PLAN_TEXT.encode())
    f.name = name
    client.post(reverse("web:plan-import"), {"file": f})


@pytest.mark.parametrize("role, region, saved", [
    ("committee", "county_a", True),     # its own county
    ("committee", "county_b", False),    # the county next door
    ("committee", "city", False),        # the city above
    ("admin", "county_b", True),
])
def test_a_plan_is_imported_only_into_a_region_the_uploader_manages(world, role, region, saved):
    client = Client()
    client.force_login(getattr(world, role))
    _upload(client)
    response = client.post(reverse("web:plan-import-check"), {"region_code": getattr(world, region).code})
    assert (response.status_code == 302) is saved
    assert Plan.objects.filter(region=getattr(world, region), subject="women").exists() is saved
    if not saved:
        assert response.status_code == 400 and "不在您的管理范围内" in response.content.decode()


def test_a_file_named_like_another_regions_plan_never_reaches_it(world):
    theirs = Plan.objects.create(title="乙区妇女发展规划", subject="women", region=world.county_b, region_name="乙区",
                                 start_year=2021, end_year=2030, source="妇女发展规划.txt")
    client = Client()
    client.force_login(world.committee)
    _upload(client, "妇女发展规划.txt")
    assert client.post(reverse("web:plan-import-check"), {"region_code": world.county_a.code}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.region == world.county_b and theirs.title == "乙区妇女发展规划"


def test_a_re_import_by_another_office_of_a_plan_it_may_not_change_is_refused(world):
    doc = {"format": "plan/v1", "source": "b.txt", "plans": [{
        "title": "乙区妇女发展规划", "region": "乙区", "subject": "women", "period": {"start": 2021, "end": 2030},
        "domains": []}]}
    import_document(doc, region_code=world.county_b.code)
    with pytest.raises(PlanImportError, match="不在您的管理范围内"):
        import_document(doc, region_code=world.county_b.code, user=world.committee, on_conflict="replace")


def test_a_second_plan_of_the_same_identity_is_asked_about_and_cancel_saves_nothing(world):
    client = Client()
    client.force_login(world.committee)
    f = io.BytesIO(PLAN_TEXT.replace("妇女", "儿童").replace("孕产妇死亡率下降到12/10万以下", "婴儿死亡率控制在5‰以下")
                   .encode())
    f.name = "另一份儿童规划.txt"
    client.post(reverse("web:plan-import"), {"file": f})
    before = Plan.objects.count()
    asked = client.post(reverse("web:plan-import-check"), {"region_code": world.county_a.code})
    html = asked.content.decode()
    assert asked.status_code == 409 and world.plan.title in html
    assert all(f'value="{choice}"' in html for choice in ("replace", "keep", "cancel"))
    cancelled = client.post(reverse("web:plan-import-check"), {"on_conflict": "cancel"})
    assert cancelled.status_code == 302 and Plan.objects.count() == before
    assert "plan_import" not in client.session
