"""The API's tests run in the populated world of tests/factories (make_populated_world)."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import make_populated_world


@pytest.fixture
def world(db):
    return make_populated_world()


def client_for(world, persona: str) -> APIClient:
    client = APIClient()
    if persona != "anonymous":
        client.force_authenticate(getattr(world, persona))
    return client


@pytest.fixture
def as_persona(world):
    """as_persona("filler_b") → an APIClient signed in as that persona (none for "anonymous")."""
    return lambda persona: client_for(world, persona)
