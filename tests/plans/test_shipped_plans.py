"""Every plan/v1 file the project ships validates, loads with the import function, and links up.

Shipped: the seed plans (examples/plans/*.json), the national and provincial plans above them
(examples/plans/upper/) and demonstration county plans under 嘉兴市 (examples/plans/counties/).
Upper plans are loaded first, as the demo does, so that each lower plan finds its upper plan.
"""
import pytest

from lianggang import planformat
from lianggang.plans.models import Plan, Target
from lianggang.plans.services import export_document, import_document
from tests.conftest import ROOT, read_example

PLANS = ROOT / "examples" / "plans"
# Top-down: the nation, then provinces (by region code), the seeds, then the counties.
UPPER = sorted((PLANS / "upper").glob("*.json"))
COUNTIES = sorted((PLANS / "counties").glob("*.json"))
SHIPPED = [*UPPER, *sorted(PLANS.glob("*.json")), *COUNTIES]


def _name(path):
    return str(path.relative_to(PLANS))


def test_there_are_national_provincial_and_county_plans_to_ship():
    regions = {plan["region"] for path in UPPER + COUNTIES for plan in read_example(path)["plans"]}
    assert {"全国", "南湖区", "海宁市"} <= regions
    assert len(COUNTIES) >= 2


@pytest.mark.parametrize("path", SHIPPED, ids=_name)
def test_each_shipped_file_is_valid_plan_v1_with_a_women_and_a_childrens_plan(path):
    doc = read_example(path)
    assert planformat.validate_document(doc) == []
    if path in UPPER + COUNTIES:
        assert doc["source"] == _name(path), "a shipped file names itself as its source, so re-importing updates it"
        assert sorted(p["subject"] for p in doc["plans"]) == ["children", "women"]


@pytest.mark.parametrize("path", UPPER + COUNTIES, ids=_name)
def test_a_loaded_plan_exports_back_unchanged(regions, catalogue, path):
    doc = read_example(path)
    assert export_document(import_document(doc).plans) == doc


@pytest.mark.django_db
def test_all_shipped_plans_load_together_and_each_lower_plan_finds_its_upper_plan(regions, catalogue):
    docs = [read_example(path) for path in SHIPPED]
    for doc in docs:
        import_document(doc)
    assert Plan.objects.count() == sum(len(doc["plans"]) for doc in docs)
    assert Target.objects.count() == sum(
        len(item["targets"]) for doc in docs for plan in doc["plans"]
        for domain in plan["domains"] for item in domain["goals"] + domain["measures"])

    for plan in Plan.objects.select_related("region", "upper_plan__region"):
        if plan.region.parent_id is None:
            assert plan.upper_plan is None
            continue
        upper = plan.upper_plan
        assert upper is not None, f"{plan.title} has no upper plan"
        assert upper.subject == plan.subject
        assert upper.region in plan.region.ancestors()
        assert upper.start_year <= plan.end_year and upper.end_year >= plan.start_year

    # The counties report to their city; the seeds of Inner Mongolia to the autonomous region.
    def upper_of(region_name, subject):
        return Plan.objects.get(region__name=region_name, subject=subject).upper_plan.region.name
    assert upper_of("南湖区", "women") == "嘉兴市"
    assert upper_of("嘉兴市", "children") == "全国"
    assert upper_of("宁城县", "women") == "内蒙古自治区"


# Per-thousand-children counts (儿科医师 1.12名, 床位 3.17张) have no catalogue entry: their units are
# whole-number counts in lib/units.py, so a standard indicator of them could hold no value.
PER_THOUSAND_COUNTS = {"名", "张"}


@pytest.mark.django_db
def test_the_national_plans_quantitative_targets_are_standard_indicators(regions, catalogue):
    (national,) = [path for path in UPPER if path.name.startswith("000000_")]
    plans = import_document(read_example(national)).plans
    targets = Target.objects.filter(goal__domain__plan__in=plans).exclude(kind="direction").select_related("indicator")
    unmatched = [t.indicator.name for t in targets
                 if t.indicator.standard_id is None and t.unit not in PER_THOUSAND_COUNTS]
    assert targets.count() >= 30
    assert unmatched == []
