"""Every warning of an import, stored with its record; Editors may read them."""

import django.db.models.deletion
from django.db import migrations, models


def grant_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(*Permission.objects.filter(codename="view_recordwarning"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_appointment_known_until"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordWarning",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "origin",
                    models.CharField(help_text="Where the record was read from.", max_length=1000),
                ),
                (
                    "record_key",
                    models.CharField(
                        blank=True,
                        help_text="The record's url, else its source and id.",
                        max_length=1000,
                    ),
                ),
                ("message", models.TextField()),
                (
                    "import_run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="warning_set",
                        to="articles.importrun",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "indexes": [
                    models.Index(fields=["import_run", "id"], name="recordwarning_run_idx")
                ],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
