"""History is append-only everywhere (admin included) and keeps who acted; the office's acts are
recorded in the audit log, which the office reads on its page."""
from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from lianggang.audit.models import AuditEntry
from lianggang.monitoring import services
from lianggang.monitoring.models import Value, ValueChange
from tests.factories import fill_health, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def test_a_value_change_cannot_be_deleted_or_edited(world):
    fill_health(world)
    change = ValueChange.objects.first()
    for act in (change.delete, lambda: ValueChange.objects.filter(pk=change.pk).delete(),
                lambda: ValueChange.objects.filter(pk=change.pk).update(reason="x"), change.save):
        with pytest.raises(TypeError):
            act()
    assert ValueChange.objects.filter(pk=change.pk).exists()


def test_the_admin_offers_no_way_to_delete_history(world, client):
    fill_health(world)
    change = ValueChange.objects.first()
    client.force_login(User.objects.create_superuser("root", password="pw-root-123"))
    url = reverse("admin:monitoring_valuechange_delete", args=[change.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:monitoring_valuechange_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [change.pk], "post": "yes"})
    assert ValueChange.objects.filter(pk=change.pk).exists()


def test_deleting_a_user_keeps_their_name_on_the_history(world):
    fill_health(world)
    name = world.filler_health.get_username()
    world.filler_health.delete()
    rows = ValueChange.objects.filter(value__in=Value.objects.all())
    assert rows.exists() and {c.user_name for c in rows} == {name} and {c.who for c in rows} == {name}


def test_opening_a_round_assigning_and_publishing_are_recorded(world):
    rnd = services.open_round(world.committee, world.county_a, 2024, dt.date(2099, 3, 31))
    indicator = world.indicators["orphan"]
    services.assign_indicator(world.committee, rnd, indicator, world.departments["health"])
    from lianggang.plans.services import publish_plan
    publish_plan(world.committee, world.plan, True)
    verbs = list(AuditEntry.objects.order_by("id").values_list("verb", "object_repr", "user_name"))
    name = world.committee.get_username()
    assert verbs == [("round.open", str(rnd), name), ("round.assign", str(rnd), name),
                     ("plan.publish", str(world.plan), name)]
    assigned = AuditEntry.objects.get(verb="round.assign")
    assert assigned.detail["indicator"] == indicator.name and assigned.region == world.county_a


def test_the_audit_log_page_shows_the_offices_region_only_to_the_office(world, client):
    services.open_round(world.committee, world.county_a, 2024)
    client.force_login(world.committee)
    page = client.get(reverse("web:audit-log"))
    assert page.status_code == 200 and "开启年度监测" in page.content.decode()
    client.force_login(world.filler_health)
    assert client.get(reverse("web:audit-log")).status_code == 403
    client.logout()
    assert client.get(reverse("web:audit-log")).status_code == 302
