import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_world


def deadline() -> dt.date:
    """Three days ago: the round is late today, whenever the suite runs."""
    return timezone.localdate() - dt.timedelta(days=3)


@pytest.fixture
def world(db):
    world = make_world(deadline=deadline())
    for user in world.users.values():
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return world
