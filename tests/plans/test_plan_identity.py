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


@pytest.mark.parametrize("value", [1e400, float("nan"), 10 ** 13, 1e-7, 10 ** 5000],
                         ids=["1e400", "nan", "1e13", "1e-7", "5000 digits"])
def test_a_target_value_no_plan_can_hold_is_refused_where_it_stands(regions, catalogue, value):
    doc = _doc()
    target = doc["plans"][0]["domains"][0]["goals"][0]["targets"][0]
    target["value"] = value
    with pytest.raises(PlanImportError) as refused:
        import_document(doc)
    assert refused.value.problems[0].startswith("plans[0].domains[0].goals[0].targets[0].value")
    assert not Plan.objects.exists()


def test_the_plan_format_bounds_are_the_target_fields_own():
    from lianggang import planformat
    field = Target._meta.get_field("value")
    assert (planformat.NUMBER_DIGITS, planformat.NUMBER_PLACES) == (field.max_digits, field.decimal_places)


def test_import_plan_refuses_deeply_nested_json_without_a_traceback(tmp_path):
    from django.core.management import CommandError, call_command
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import-plan", str(f))


def test_import_plan_refuses_a_number_of_thousands_of_digits_without_a_traceback(tmp_path):
    from django.core.management import CommandError, call_command
    f = tmp_path / "big.json"
    f.write_text('{"format": "plan/v1", "source": "x", "plans": [' + "9" * 5000 + "]}", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import-plan", str(f))
