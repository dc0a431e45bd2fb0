"""The monitoring admin: every model registered; an approved value cannot be changed there."""
from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from lianggang.monitoring import models as m
from lianggang.monitoring import services as s
from tests.monitoring.test_year import fill_health, health_sub


def test_every_monitoring_model_is_in_the_admin(db):
    for model in (m.Round, m.Submission, m.Obligation, m.Value, m.ValueChange, m.ReviewComment, m.ConsistencyRule):
        assert admin.site.is_registered(model)


def test_an_approved_value_is_read_only_in_the_admin(world):
    fill_health(world)
    s.submit(world.filler_health, health_sub(world))
    s.approve(world.statistics, health_sub(world))
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.create_superuser("root", password="x")
    value_admin = admin.site._registry[m.Value]
    assert not value_admin.has_change_permission(request, m.Value.objects.first())
    assert value_admin.has_change_permission(request, None)


def test_the_admin_change_list_renders(world, client):
    fill_health(world)
    get_user_model().objects.create_superuser("root", password="x")
    client.login(username="root", password="x")
    for name in ("value", "round", "submission", "valuechange", "consistencyrule"):
        assert client.get(f"/admin/monitoring/{name}/").status_code == 200
    v = m.Value.objects.first()
    assert client.get(f"/admin/monitoring/value/{v.pk}/change/").status_code == 200
