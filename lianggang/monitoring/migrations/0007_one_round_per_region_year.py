"""One round per region and year (step 3 of 3): it collects what every plan in force there watches."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("monitoring", "0006_values_shared_across_plans"),
    ]

    operations = [
        migrations.RemoveField(model_name="round", name="plan"),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.UniqueConstraint(fields=("region", "year"), name="round_unique_region_year"),
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.CheckConstraint(
                condition=models.Q(("upward__in", ["not_reported", "reported", "accepted", "returned"])),
                name="round_upward_valid"),
        ),
    ]
