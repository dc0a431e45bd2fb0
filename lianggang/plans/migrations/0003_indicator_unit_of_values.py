"""Indicators that took the % of a relative change target (降低20%) as their own unit.

Before 0003 the plan loader did that: 儿童伤害死亡率 (1/10万) showed as %. Such an
indicator gets its catalogue unit back, or none, when every target naming % is a change.
"""
from django.db import migrations


def restore_units(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Target = apps.get_model("plans", "Target")
    for indicator in Indicator.objects.filter(unit="%").select_related("standard"):
        percent_targets = Target.objects.filter(indicator=indicator, unit="%")
        if percent_targets.exists() and not percent_targets.exclude(kind="change").exists():
            indicator.unit = indicator.standard.unit if indicator.standard_id else ""
            indicator.save(update_fields=["unit"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_indicator_assessment_method")]
    operations = [migrations.RunPython(restore_units, migrations.RunPython.noop)]
