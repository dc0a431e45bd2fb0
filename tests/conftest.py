"""Fixtures shared by every test package."""
from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from django.conf import settings as django_settings


def pytest_configure(config):
    # Real hashing (argon2) is deliberately slow; the suite creates hundreds of users.
    django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Settings never invent a key (a fresh checkout has neither SECRET_KEY nor var/secret_key):
    # the suite signs sessions, CSRF tokens and Excel forms with one of its own.
    django_settings.SECRET_KEY = secrets.token_urlsafe(50)
    # WhiteNoise serves STATIC_ROOT and warns while it is missing; collectstatic makes it in production.
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Background jobs run in-process, at once, in the suite (tests/jobs start a real worker where
    # they need one to see progress).
    django_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """Django's LocaleMiddleware activates a request's language in the thread and leaves it:
    one English request in a test would turn later tests' messages English on that worker."""
    yield
    from django.utils import translation
    translation.activate(django_settings.LANGUAGE_CODE)


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLANS = sorted((ROOT / "examples" / "plans").glob("*.json"))
EXAMPLE_SEEDS = sorted((ROOT / "examples" / "seeds").glob("*.txt"))


@pytest.fixture
def regions(db):
    """The shipped region tree with the standard departments of every region."""
    from lianggang.regions.models import Region
    from lianggang.regions.services import ensure_standard_departments, load_shipped_regions

    load_shipped_regions()
    ensure_standard_departments(Region.objects.all())
    return Region.objects


@pytest.fixture
def catalogue(db):
    from lianggang.plans.services import load_catalogue

    load_catalogue()


def read_example(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def seed_plans(regions, catalogue):
    """All nine seed plans, imported from their plan/v1 form."""
    from lianggang.plans.services import import_document

    plans = []
    for path in EXAMPLE_PLANS:
        plans += import_document(read_example(path)).plans
    return plans


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as in production, not Django's shared-cache memory
    database: there a live server thread and a job worker thread lock each other's schema
    ("database schema is locked", which no busy timeout waits for), so the browser tests of jobs
    failed now and then. Each xdist worker gets its own file (PostgreSQL keeps pytest-django's
    per-worker suffix, applied first)."""
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        import os
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.getbasetemp() / f"test-{worker}.sqlite3")
