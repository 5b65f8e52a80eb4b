"""Editors' story decisions (articles taken out of a story, kept apart); Editors may undo them.

Decisions are made by the curation services, never added or deleted in the admin: the
Editors group views them and changes them (undo), and reads their member rows.
"""

import django.db.models.deletion
from django.conf import settings
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
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=[
                "view_storydecision",
                "change_storydecision",
                "view_storydecisionarticle",
            ],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_article_corrections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("remove", "Removed from its story"),
                            ("split", "Split into a new story"),
                        ],
                        max_length=8,
                    ),
                ),
                (
                    "from_story",
                    models.PositiveBigIntegerField(
                        help_text="The story (near-duplicate group) the articles were taken out of."
                    ),
                ),
                (
                    "new_story",
                    models.PositiveBigIntegerField(
                        blank=True,
                        help_text=(
                            "The story the split articles formed (empty: one article, "
                            "its own story)."
                        ),
                        null=True,
                    ),
                ),
                ("summary", models.CharField(blank=True, max_length=300)),
                ("undone_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "undone_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["-created_at"], name="storydecision_created_idx")],
            },
        ),
        migrations.CreateModel(
            name="StoryDecisionArticle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "moved",
                    models.BooleanField(
                        help_text="True: the article left the story; False: it stayed."
                    ),
                ),
                (
                    "was_lead",
                    models.BooleanField(
                        default=False,
                        help_text="Whether the article led the story before the decision.",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="articles.storydecision",
                    ),
                ),
            ],
            options={
                "ordering": ["decision", "article"],
                "indexes": [models.Index(fields=["article"], name="storydecisionarticle_art_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("decision", "article"), name="storydecisionarticle_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
