import pytest

from tests.web.conftest import add_targets
from tests.factories import make_world


@pytest.fixture
def web_world(db):
    world = make_world()
    add_targets(world)
    return world


@pytest.fixture
def queued(settings):
    """Jobs wait in the database queue for a worker, as in production (the suite otherwise runs them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
