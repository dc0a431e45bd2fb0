"""Signing in to the API (session and token) and the OpenAPI schema."""
from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

ENDPOINTS = ["/api/plans/", "/api/plans/{id}/", "/api/plans/{id}/targets/", "/api/plans/{id}/indicators/",
             "/api/plans/{id}/assessment/", "/api/plans/{id}/warnings/", "/api/indicators/{id}/", "/api/values/",
             "/api/rounds/{id}/values/"]


def plan_ids(client) -> set[int]:
    return {p["id"] for p in client.get("/api/plans/").json()["results"]}


def test_a_token_made_by_the_command_signs_the_user_in(world):
    out = StringIO()
    call_command("drf_create_token", "gongwei", stdout=out)
    token = Token.objects.get(user=world.committee)
    assert token.key in out.getvalue()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert world.plan.pk in plan_ids(client)       # unpublished: only the signed-in committee sees it


def test_a_token_lets_a_filler_enter_values(world):
    token = Token.objects.create(user=world.filler_edu)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    from lianggang.monitoring.models import Value
    edu = Value.objects.get(indicator=world.indicators["enrol"], year=2023)
    response = client.post(f"/api/rounds/{world.round.pk}/values/",
                           [{"indicator": edu.indicator_id, "value": "70", "version": edu.version}], format="json")
    assert response.status_code == 200 and response.json()["values"][0]["value"] == "70"


def test_a_wrong_token_is_refused_not_treated_as_the_public(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/plans/")
    assert response.status_code == 403 and response.json() == {"detail": "认证令牌无效。"}


def test_a_session_signs_the_user_in(world):
    client = APIClient()
    assert client.login(username="gongwei", password="x")
    assert world.plan.pk in plan_ids(client)
    assert world.plan.pk not in plan_ids(APIClient())


def test_a_session_post_needs_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="jiaoyu", password="x")
    response = client.post(f"/api/rounds/{world.round.pk}/values/", [], format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_the_schema_is_openapi_json_listing_every_endpoint(db):
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(ENDPOINTS) <= set(schema["paths"])
    assert "post" in schema["paths"]["/api/rounds/{id}/values/"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_generates_without_warnings(db):
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/values/" in out.getvalue()
