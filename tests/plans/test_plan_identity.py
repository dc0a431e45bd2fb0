"""A plan is its region, subject and period (and the document): a file name never picks a plan."""
import copy

import pytest

from lianggang.audit.models import AuditEntry
from lianggang.plans.models import Plan, Target
from lianggang.plans.services import PlanConflict, PlanImportError, import_document
from tests.conftest import EXAMPLE_PLANS, read_example

pytestmark = pytest.mark.django_db


def _doc():
    return read_example(EXAMPLE_PLANS[0])


def test_a_document_named_like_another_regions_never_touches_that_regions_plan(regions, catalogue):
    theirs = import_document(_doc()).plans
    counts = {p.pk: Target.objects.filter(goal__domain__plan=p).count() for p in theirs}
    mine = _doc()
    for plan in mine["plans"]:
        plan["domains"] = plan["domains"][:1]
    mine["plans"] = mine["plans"][:1]
    result = import_document(mine, region_code="150203")     # same file name, another region
    assert result.created == 1
    assert result.plans[0].region.code == "150203"
    for plan in theirs:
        plan.refresh_from_db()
        assert plan.region == theirs[0].region
        assert Target.objects.filter(goal__domain__plan=plan).count() == counts[plan.pk]


def test_a_second_plan_of_the_same_region_subject_and_period_asks_first(regions, catalogue):
    first = import_document(_doc()).plans
    other = _doc()
    other["source"] = "另一份文件.txt"
    with pytest.raises(PlanConflict) as asked:
        import_document(other)
    assert [c.existing.pk for c in asked.value.conflicts] == [p.pk for p in first]
    assert Plan.objects.count() == len(first)
    kept = import_document(other, on_conflict="keep")
    assert kept.created == len(first) and Plan.objects.count() == 2 * len(first)


def test_replace_updates_the_existing_plan_in_place(regions, catalogue):
    first = import_document(_doc()).plans
    other = copy.deepcopy(_doc())
    other["source"] = "修订稿.txt"
    other["plans"][0]["title"] = "修订后的标题"
    result = import_document(other, on_conflict="replace")
    assert [p.pk for p in result.plans] == [p.pk for p in first] and result.created == 0
    first[0].refresh_from_db()
    assert (first[0].title, first[0].source) == ("修订后的标题", "修订稿.txt")


def test_a_document_with_two_plans_of_one_identity_is_refused_with_a_message(regions, catalogue):
    doc = _doc()
    doc["plans"].append(copy.deepcopy(doc["plans"][0]))
    with pytest.raises(PlanImportError) as refused:
        import_document(doc)
    assert "plans[" in refused.value.problems[0] and "同一期限" in refused.value.problems[0]
    assert not Plan.objects.exists()


def test_an_import_is_recorded_in_the_audit_log(regions, catalogue):
    plans = import_document(_doc()).plans
    entries = AuditEntry.objects.filter(verb="plan.import")
    assert sorted(int(e.object_id) for e in entries) == sorted(p.pk for p in plans)
