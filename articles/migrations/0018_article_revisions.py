"""An article's earlier texts, kept when an import replaced them; Editors may read them."""

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
    group.permissions.add(*Permission.objects.filter(codename="view_articlerevision"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_record_warnings"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("replaced_at", models.DateTimeField(auto_now_add=True)),
                ("title", models.CharField(max_length=1000)),
                ("body", models.TextField()),
                ("raw_text", models.TextField(help_text="The text as imported.")),
                ("content_hash", models.CharField(max_length=64)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="revisions",
                        to="articles.article",
                    ),
                ),
                (
                    "import_run",
                    models.ForeignKey(
                        blank=True,
                        help_text="The import that replaced this text.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="articles.importrun",
                    ),
                ),
            ],
            options={
                "ordering": ["-replaced_at", "-id"],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
