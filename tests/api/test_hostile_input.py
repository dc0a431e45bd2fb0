"""Hostile bodies get a clear 400, never a traceback: deep nesting, numbers JSON or the database cannot hold."""
from __future__ import annotations

import pytest

from lianggang.monitoring.models import Value


@pytest.fixture
def round_2024(world):
    from lianggang.monitoring.services import open_round
    return open_round(world.committee, world.county_a, 2024)


def _post(as_persona, rnd, body: str):
    return as_persona("filler_health").post(f"/api/rounds/{rnd.pk}/values/", body, content_type="application/json")


def test_deeply_nested_json_is_refused_cleanly(world, as_persona, round_2024):
    response = _post(as_persona, round_2024, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("number", ["1e400", "NaN", "Infinity", "-Infinity", "1" + "0" * 5000, "0.0000001",
                                    "100000000000000"])
def test_numbers_no_value_can_hold_are_refused_with_the_cell_named(world, as_persona, round_2024, number):
    imr = world.indicators["births"]
    response = _post(as_persona, round_2024, f'[{{"indicator": {imr.pk}, "value": {number}}}]')
    assert response.status_code == 400, response.content
    assert not Value.objects.filter(indicator=imr, year=2024).exists()
