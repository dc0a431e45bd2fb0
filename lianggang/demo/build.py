"""Building the demo database: regions, departments, the catalogue, the seed plans,
sample values and one login per role. Every step is idempotent, so running the
demo again refreshes the database instead of duplicating it."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from lianggang.plans.services import import_document, load_catalogue
from lianggang.regions.models import Region
from lianggang.regions.services import ensure_standard_departments, load_shipped_regions

EXAMPLES_DIR = Path(settings.BASE_DIR) / "examples"


@dataclass
class DemoReport:
    plans: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, username, password)
    notes: list[str] = field(default_factory=list)


def extractor_available() -> bool:
    try:
        from lianggang.extraction import extract_file  # noqa: F401
    except ImportError:
        return False
    return True


def _load_json_plans(report: DemoReport, folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        result = import_document(json.loads(path.read_text(encoding="utf-8")))
        report.plans += [p.title for p in result.plans]


def load_seed_plans(report: DemoReport, plans_from: str) -> None:
    """The plans above the seeds (national, provincial), the nine seed plans — extracted from the
    documents or their gold plan/v1 form — and the demonstration county plans below 嘉兴市.
    Upper plans go first: a plan finds its upper plan when it is imported."""
    _load_json_plans(report, EXAMPLES_DIR / "plans" / "upper")
    if plans_from == "documents" and extractor_available():
        from lianggang.extraction import extract_file

        for path in sorted((EXAMPLES_DIR / "seeds").glob("*.txt")):
            extraction = extract_file(path)
            result = import_document(extraction.document, source_text=extraction.text)
            report.plans += [p.title for p in result.plans]
    else:
        _load_json_plans(report, EXAMPLES_DIR / "plans")
    _load_json_plans(report, EXAMPLES_DIR / "plans" / "counties")


def ensure_admin(report: DemoReport) -> None:
    """An administrator with a fresh password, printed once."""
    User = get_user_model()
    password = secrets.token_urlsafe(9)
    user, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@example.org"})
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    report.logins.append(("系统管理员 administrator", "admin", password))


def _sample_values(report: DemoReport) -> None:
    from lianggang.demo.people import load_demo_values
    load_demo_values(report)


def _people(report: DemoReport) -> None:
    from lianggang.demo.people import ensure_people
    ensure_people(report)


def _committee(report: DemoReport) -> None:
    from lianggang.demo.committee import load_committee_demo
    load_committee_demo(report)


def _chain(report: DemoReport) -> None:
    from lianggang.demo.chain import build_chain
    build_chain(report)


# After the plans: approved sample values (示例数据) and the showcase's open round, one login per role,
# 嘉兴市's counties reporting their year upward, then the committee's work around the data.
EXTRA_STEPS: list[Callable[[DemoReport], None]] = [_sample_values, _people, _chain, _committee]


def build_demo(plans_from: str = "documents") -> DemoReport:
    report = DemoReport()
    call_command("migrate", interactive=False, verbosity=0)
    load_shipped_regions()
    ensure_standard_departments(Region.objects.all())
    load_catalogue()
    load_seed_plans(report, plans_from)
    ensure_admin(report)
    for step in EXTRA_STEPS:
        step(report)
    return report
