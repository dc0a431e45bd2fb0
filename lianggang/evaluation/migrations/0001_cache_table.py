"""The shared cache's table (settings.CACHES), made by `migrate` so no set-up step is forgotten."""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    from django.conf import settings
    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith("DatabaseCache"):
            schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache['LOCATION'])}")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
