"""The monitoring admin: every model registered; values are read there, never changed (no history would be kept)."""
from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from lianggang.monitoring import models as m
from lianggang.monitoring import services as s
from tests.factories import fill_health, health_sub


def test_every_monitoring_model_is_in_the_admin(db):
    for model in (m.Round, m.Submission, m.Obligation, m.Value, m.ValueChange, m.ReviewComment, m.ConsistencyRule):
        assert admin.site.is_registered(model)


def test_values_are_read_only_in_the_admin_draft_or_approved(world):
    fill_health(world)
    draft = m.Value.objects.first()
    s.submit(world.filler_health, health_sub(world))
    s.approve(world.statistics, health_sub(world))
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.create_superuser("root", password="x")
    value_admin = admin.site._registry[m.Value]
    for value in (draft, m.Value.objects.first(), None):
        assert not value_admin.has_change_permission(request, value)
        assert not value_admin.has_delete_permission(request, value)
    assert not value_admin.has_add_permission(request)


def test_a_superuser_cannot_change_a_value_behind_its_history(world, client):
    fill_health(world)
    v = m.Value.objects.first()
    before = (v.value, v.version, v.changes.count())
    get_user_model().objects.create_superuser("root", password="x")
    client.login(username="root", password="x")
    client.post(f"/admin/monitoring/value/{v.pk}/change/", {"value": "9.9", "state": "draft"})
    v.refresh_from_db()
    assert (v.value, v.version, v.changes.count()) == before


def test_the_admin_change_list_renders(world, client):
    fill_health(world)
    get_user_model().objects.create_superuser("root", password="x")
    client.login(username="root", password="x")
    for name in ("value", "round", "submission", "valuechange", "consistencyrule"):
        assert client.get(f"/admin/monitoring/{name}/").status_code == 200
    v = m.Value.objects.first()
    assert client.get(f"/admin/monitoring/value/{v.pk}/change/").status_code == 200
