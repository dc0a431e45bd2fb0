"""History keeps who acted: the user's name on each ValueChange row, filled for existing rows."""
from django.db import migrations, models


def fill_names(apps, schema_editor):
    ValueChange = apps.get_model("monitoring", "ValueChange")
    User = apps.get_model("auth", "User")
    for user in User.objects.filter(pk__in=ValueChange.objects.exclude(user=None).values("user")):
        full = f"{user.first_name} {user.last_name}".strip()
        name = f"{full}（{user.username}）" if full else user.username
        ValueChange.objects.filter(user=user, user_name="").update(user_name=name[:150])


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0007_one_round_per_region_year'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AddField(
            model_name='valuechange',
            name='user_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='经办人'),
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
    ]
