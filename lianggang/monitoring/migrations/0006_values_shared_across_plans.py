"""One value per fact (step 2 of 3): the plans' copies of one quantity become one indicator, and the
rounds of one region and year become one round.

Before, each plan had its own indicators, so 嘉兴市's maternal mortality of 2024 could be typed for
the women's plan and again for the children's. Indicators are merged when they are the same
quantity — the same national catalogue entry, or the same name and unit in the same region — and
their values, targets, rules and obligations follow. Nothing is lost: two copies that both hold a
value for the same region, year and cell stay apart (and are listed, for a person to reconcile).
Every value keeps its id, so its history stays with it. A target keeps its plan's wording of the
indicator's name. Rounds of one region and year merge with their submissions (a department's two
submissions become one, as little advanced as the less advanced of the two; each value keeps its
own state) and obligations.
"""
from collections import defaultdict

from django.db import migrations

CELL = ("region_id", "year", "sex", "area", "age_group")
ADVANCE = {"draft": 0, "returned": 1, "submitted": 2, "approved": 3}


def _merge_indicators(apps, report) -> None:
    Indicator = apps.get_model("plans", "Indicator")
    Target = apps.get_model("plans", "Target")
    Value = apps.get_model("monitoring", "Value")
    Obligation = apps.get_model("monitoring", "Obligation")
    Rule = apps.get_model("monitoring", "ConsistencyRule")

    for indicator in Indicator.objects.select_related("plan"):
        Target.objects.filter(indicator=indicator).update(indicator_name=indicator.name)
        indicator.owner_id = None if indicator.standard_id else indicator.plan.region_id
        indicator.save(update_fields=["owner"])

    groups = defaultdict(list)
    for indicator in Indicator.objects.order_by("pk"):
        key = ("standard", indicator.standard_id) if indicator.standard_id else \
            ("own", indicator.name, indicator.unit, indicator.owner_id)
        groups[key].append(indicator)
    for members in groups.values():
        keep = members[0]
        cells = set(Value.objects.filter(indicator=keep).values_list(*CELL))
        for other in members[1:]:
            theirs = set(Value.objects.filter(indicator=other).values_list(*CELL))
            if cells & theirs:
                report.append(f"“{other.name}”（{other.pk}）与“{keep.name}”（{keep.pk}）有{len(cells & theirs)}项"
                              "同区划同年度的数据，未合并，请人工核对")
                continue
            Value.objects.filter(indicator=other).update(indicator=keep)
            Target.objects.filter(indicator=other).update(indicator=keep)
            Rule.objects.filter(indicator=other).update(indicator=keep)
            Rule.objects.filter(whole=other).update(whole=keep)
            for ob in Obligation.objects.filter(indicator=other):
                if Obligation.objects.filter(round_id=ob.round_id, indicator=keep).exists():
                    ob.delete()         # one plan named the quantity twice: it is owed once
                else:
                    Obligation.objects.filter(pk=ob.pk).update(indicator=keep)
            keep.by_sex = keep.by_sex or other.by_sex
            keep.by_area = keep.by_area or other.by_area
            keep.age_groups = sorted(set(keep.age_groups or []) | set(other.age_groups or []))
            keep.unit = keep.unit or other.unit
            cells |= theirs
            other.delete()
        keep.save()

    for target in Target.objects.select_related("indicator"):
        if target.indicator_name == target.indicator.name:
            Target.objects.filter(pk=target.pk).update(indicator_name="")


def _merge_rounds(apps) -> None:
    Round = apps.get_model("monitoring", "Round")
    Submission = apps.get_model("monitoring", "Submission")
    Obligation = apps.get_model("monitoring", "Obligation")
    Value = apps.get_model("monitoring", "Value")
    Comment = apps.get_model("monitoring", "ReviewComment")

    by_place = defaultdict(list)
    for rnd in Round.objects.order_by("pk"):
        by_place[(rnd.region_id, rnd.year)].append(rnd)
    for rounds in by_place.values():
        keep = rounds[0]
        for other in rounds[1:]:
            for sub in Submission.objects.filter(round=other):
                mine = Submission.objects.filter(round=keep, department_id=sub.department_id).first()
                if mine is None:
                    Submission.objects.filter(pk=sub.pk).update(round=keep)
                    continue
                Value.objects.filter(submission=sub).update(submission=mine)
                Comment.objects.filter(submission=sub).update(submission=mine)
                if ADVANCE[sub.state] < ADVANCE[mine.state]:
                    mine.state, mine.comment = sub.state, sub.comment or mine.comment
                    mine.save()
                sub.delete()
            for ob in Obligation.objects.filter(round=other):
                if Obligation.objects.filter(round=keep, indicator_id=ob.indicator_id).exists():
                    ob.delete()
                else:
                    Obligation.objects.filter(pk=ob.pk).update(round=keep)
            keep.is_open = keep.is_open or other.is_open
            if other.deadline and (keep.deadline is None or other.deadline < keep.deadline):
                keep.deadline = other.deadline
            other.delete()
        keep.save()


def forwards(apps, schema_editor):
    report: list[str] = []
    _merge_indicators(apps, report)
    _merge_rounds(apps)
    for line in report:
        print(f"  {line}")


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0005_rounds_report_upward"),
        ("plans", "0004_indicators_shared_fields"),
    ]

    # Forward only: a merged fact cannot be split back into the plans that once held copies of it.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
