"""The audit log keeps who did what, survives the user's deletion, and refuses edits and deletions."""
import pytest

from lianggang.audit.models import AuditEntry
from lianggang.audit.services import record
from tests.factories import make_plan, make_region, make_user

pytestmark = pytest.mark.django_db


def test_record_names_the_act_the_object_and_its_region():
    city = make_region("330400", "嘉兴市", "city")
    plan = make_plan(city)
    office = make_user("office", "office", city)
    entry = record(office, "plan.publish", plan, note="首次公开")
    assert (entry.verb, entry.object_type, entry.object_id) == ("plan.publish", "plans.plan", str(plan.pk))
    assert entry.region == city and entry.user_name == "office" and entry.detail == {"note": "首次公开"}


def test_deleting_the_user_keeps_the_name_on_the_entry():
    city = make_region("330400", "嘉兴市", "city")
    office = make_user("office", "office", city)
    entry = record(office, "round.open", region=city, year=2024)
    office.delete()
    entry.refresh_from_db()
    assert entry.user is None and entry.user_name == "office"


@pytest.mark.parametrize("act", ["save", "delete"])
def test_entries_are_append_only(act):
    city = make_region("330400", "嘉兴市", "city")
    entry = record(None, "round.open", region=city)
    with pytest.raises(ValueError):
        getattr(entry, act)()
    assert AuditEntry.objects.count() == 1
