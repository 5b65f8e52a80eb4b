"""Create the table of the "shared" cache (settings.CACHES), where API rate limits live.

``createcachetable`` is Django's own command for it; running it here means ``migrate``
alone prepares a database, as ``make run`` and deployments expect. It creates only the
tables that are missing, and reversing leaves the table (Django has no command to drop it).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_resign_near_duplicates"),
    ]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
