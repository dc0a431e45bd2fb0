"""Every role × every page × own scope / other region / other department: allowed or refused, no leak.

200/302-to-page = allowed; 403 = refused; "login" = the anonymous are sent to log in.
The users are those of tests.factories.make_world: county 甲区 (committee, statistics, a health filler,
an education filler), county 乙区 (a health filler), the city (a reader, a statistics bureau), the admin.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from lianggang.monitoring.models import SubmissionState, Value, ValueState
from lianggang.monitoring.services import submission_for

pytestmark = pytest.mark.django_db

ROLES = ("admin", "committee", "statistics", "filler_health", "filler_edu", "filler_b", "reader_city",
         "stats_city", None)

# page → expected outcome per role, in ROLES order.
MATRIX = {
    # reading a county plan: its region and the regions above; a filler only in its own region
    "dashboard":      (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "plan-tree":      (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "indicator":      (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "plan-alignment": (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "plan-dictionary": (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    # the health department's form: its own fillers; the county bureau is sent to the review page
    "entry":          (200, 403, 302, 200, 403, 403, 403, 403, "login"),
    "entry-template": (200, 403, 403, 200, 403, 403, 403, 403, "login"),
    "review":         (200, 403, 200, 403, 403, 403, 403, 403, "login"),
    # plan import: the committee office (and the admin)
    "plan-import":    (200, 200, 403, 403, 403, 403, 403, 403, "login"),
    # reports: the office, the bureau and the readers above; a department its own region's
    "report-download": (200, 200, 200, 200, 200, 403, 200, 200, "login"),
    "publish":        (302, 302, 403, 403, 403, 403, 403, 403, "login"),
    "work-home":      (200, 200, 200, 200, 200, 200, 200, 200, "login"),
    "reports":        (200, 200, 200, 200, 200, 200, 200, 200, "login"),
    # background jobs: a report job as the report itself; the bulk load for the bureaus; one's own lists
    # a department's filler may report on its own region (the plan here is its county's)
    "start-report":   (302, 302, 302, 302, 302, 403, 302, 302, "login"),
    "jobs-load":      (200, 403, 200, 403, 403, 403, 403, 200, "login"),
    "jobs-export":    (200, 200, 200, 200, 200, 200, 200, 200, "login"),
    "jobs":           (200, 200, 200, 200, 200, 200, 200, 200, "login"),
    "notifications":  (200, 200, 200, 200, 200, 200, 200, 200, "login"),
    # a department's printable form: its fillers, and the county's office and bureau that follow it
    "submission-print": (200, 200, 200, 200, 403, 403, 403, 403, "login"),
    "submission-print-xlsx": (200, 200, 200, 200, 403, 403, 403, 403, "login"),
    # the round's management: assigning for the office and bureau; closing for the office alone
    "round-assign":   (200, 200, 200, 403, 403, 403, 403, 403, "login"),
    "round-assign-sheet": (200, 200, 200, 403, 403, 403, 403, 403, "login"),
    "round-close":    (302, 302, 403, 403, 403, 403, 403, 403, "login"),
    "table-export":   (200, 200, 200, 200, 200, 403, 200, 200, "login"),
}


def _request(client, page, w, sub):
    url = {
        "dashboard": reverse("web:dashboard", args=[w.plan.pk]),
        "plan-tree": reverse("web:plan-tree", args=[w.plan.pk]),
        "indicator": reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]),
        "plan-alignment": reverse("web:plan-alignment", args=[w.plan.pk]),
        "plan-dictionary": reverse("web:plan-dictionary", args=[w.plan.pk]),
        "entry": reverse("web:entry", args=[sub.pk]),
        "entry-template": reverse("web:entry-template", args=[sub.pk]),
        "review": reverse("web:review", args=[sub.pk]),
        "plan-import": reverse("web:plan-import"),
        "report-download": reverse("web:report-download") + f"?plan={w.plan.pk}&year=2022&format=html",
        "publish": reverse("web:publish", args=[w.plan.pk]),
        "work-home": reverse("web:work-home"),
        "reports": reverse("web:reports"),
        "start-report": reverse("jobs:start-report"),
        "jobs-load": reverse("jobs:load"),
        "jobs-export": reverse("jobs:export"),
        "jobs": reverse("jobs:list"),
        "notifications": reverse("notify:list"),
        "submission-print": reverse("web:submission-print", args=[sub.pk]),
        "submission-print-xlsx": reverse("web:submission-print-xlsx", args=[sub.pk]),
        "round-assign": reverse("web:round-assign", args=[w.round.pk]),
        "round-assign-sheet": reverse("web:round-assign-sheet", args=[w.round.pk]),
        "round-close": reverse("web:round-close", args=[w.round.pk]),
        "table-export": reverse("web:targets", args=[w.plan.pk]) + "?export=xlsx",
    }[page]
    if page == "publish":
        return client.post(url, {"published": "0"})
    if page == "start-report":
        return client.post(url, {"plan": w.plan.pk, "year": "2022", "kind": "annual", "format": "html"})
    if page == "round-close":
        from lianggang.monitoring.models import Round
        Round.objects.filter(pk=w.round.pk).update(is_open=True)   # each allowed role closes it again
        return client.post(url)
    return client.get(url)


@pytest.mark.parametrize("page", MATRIX)
def test_every_role_on_every_page(page, web_world):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    for role, expected in zip(ROLES, MATRIX[page]):
        client = Client()
        if role:
            client.force_login(getattr(w, role))
        response = _request(client, page, w, sub)
        if expected == "login":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (page, role)
        else:
            assert response.status_code == expected, (page, role, response.status_code)


def test_other_regions_plans_and_subregions_stay_hidden(web_world):
    w = web_world
    from tests.factories import make_plan
    other = make_plan(w.county_b, "乙区儿童发展规划（2021—2030年）")
    client = Client()
    client.force_login(w.committee)
    assert client.get(reverse("web:dashboard", args=[other.pk])).status_code == 403
    assert other.title not in client.get(reverse("web:home")).content.decode()
    # a sub-region outside the plan's region is refused, not shown
    city_plan = make_plan(w.city, "测试市儿童发展规划（2021—2030年）")
    assert client.get(reverse("web:dashboard", args=[city_plan.pk]) + f"?region={w.county_b.code}").status_code == 403


def test_values_in_progress_are_seen_by_their_region_only(web_world):
    w = web_world
    draft = Value.objects.create(indicator=w.indicators["imr"], region=w.county_a, year=2023, value=Decimal("9.9"),
                                 state=ValueState.DRAFT, submission=submission_for(w.round, w.departments["health"]))
    seen = {}
    for role in ("statistics", "filler_health", "filler_edu", "reader_city", "stats_city"):
        client = Client()
        client.force_login(getattr(w, role))
        page = client.get(reverse("web:indicator", args=[w.plan.pk, w.indicators["imr"].pk]))
        seen[role] = draft in page.context["values"]
    assert seen == {"statistics": True, "filler_health": True, "filler_edu": False, "reader_city": False,
                    "stats_city": False}


def test_the_review_queue_lists_only_ones_own_regions_submissions(web_world):
    w = web_world
    sub = submission_for(w.round, w.departments["health"])
    sub.state = SubmissionState.SUBMITTED
    sub.save()
    listed = {}
    for role in ("statistics", "stats_city", "committee", "filler_health"):
        client = Client()
        client.force_login(getattr(w, role))
        listed[role] = sub in client.get(reverse("web:review-queue")).context["waiting"]
    assert listed == {"statistics": True, "stats_city": False, "committee": False, "filler_health": False}

