"""Monitoring indicators shared by plans (step 3 of 3): an indicator no longer belongs to one plan,
nor to one region's department — a round's obligations say who reports it in each region."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0004_indicators_shared_fields"),
        ("monitoring", "0006_values_shared_across_plans"),
    ]

    operations = [
        migrations.RemoveField(model_name="indicator", name="department"),
        migrations.RemoveField(model_name="indicator", name="plan"),
    ]
