"""Curation and audit: review fields, history tables, the admin's date index, Editors' rights.

The Editors group gets exactly what curation needs (see EDITOR_PERMISSIONS): it views
everything in the app, changes articles and the gazetteer, adds and removes aliases,
appointments, rules and mentions, retries rejected documents. It cannot delete articles,
sources, countries or import records, and has nothing on users, groups or permissions.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# model -> the actions editors may take on it besides "view" (which they have everywhere).
EDITOR_PERMISSIONS = {
    "article": ["change"],
    "source": ["add", "change"],
    "country": ["change"],
    "countryalias": ["add", "change", "delete"],
    "organisation": ["change"],
    "organisationalias": ["add", "change", "delete"],
    "official": ["add", "change"],
    "officialalias": ["add", "change", "delete"],
    "appointment": ["add", "change", "delete"],
    "topic": ["add", "change"],
    "topicrule": ["add", "change", "delete"],
    "articlecountry": ["add", "change", "delete"],
    "articleofficial": ["add", "change", "delete"],
    "articleorganisation": ["add", "change", "delete"],
    "articletopic": ["add", "change", "delete"],
    "rejecteddocument": ["change"],
}
# Models editors only read. Other models' rights (added by other migrations, e.g. official
# merges) are left as those migrations set them.
READ_ONLY = {"country", "organisation", "topic", "importrun", "articleband", "nearduplicategroup"}


def set_editor_permissions(apps, schema_editor):
    """Give the Editors group exactly the curation permissions (view all, change some).

    Users, groups and permissions belong to the auth app: 0002 never granted them.
    """
    # Permissions are normally made after all migrations; the new models need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    app_perms = list(Permission.objects.filter(content_type__app_label="articles"))
    managed = set(EDITOR_PERMISSIONS) | READ_ONLY
    allowed = {
        f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions
    }
    for perm in app_perms:
        action, _, model = perm.codename.partition("_")
        if action == "view" or perm.codename in allowed:
            group.permissions.add(perm)
        elif model in managed or model.startswith("historical"):
            group.permissions.remove(perm)


def restore_editor_permissions(apps, schema_editor):
    """Go back to 0002's grant: everything in the articles app."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group:
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_mention_public_lead"),
        ("articles", "0002_editors_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="HistoricalAppointment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "post",
                    models.CharField(
                        help_text="Post title, e.g. “Foreign Minister”.", max_length=200
                    ),
                ),
                (
                    "post_kind",
                    models.CharField(
                        choices=[
                            ("head_of_state", "Head of state"),
                            ("head_of_government", "Head of government"),
                            ("foreign_minister", "Foreign minister"),
                            ("minister", "Minister"),
                            ("deputy_minister", "Deputy minister"),
                            ("ambassador", "Ambassador"),
                            ("envoy", "Envoy"),
                            ("spokesperson", "Spokesperson"),
                            ("secretary_general", "Secretary-general"),
                            ("official", "Official"),
                            ("other", "Other"),
                        ],
                        default="other",
                        max_length=24,
                    ),
                ),
                (
                    "start_date",
                    models.DateField(blank=True, help_text="Empty when unknown.", null=True),
                ),
                (
                    "end_date",
                    models.DateField(
                        blank=True, help_text="Empty when unknown or ongoing.", null=True
                    ),
                ),
                (
                    "ref_key",
                    models.CharField(blank=True, default="", editable=False, max_length=300),
                ),
                (
                    "proposed",
                    models.BooleanField(
                        default=False,
                        help_text="Proposed by the extractor, not yet confirmed by an editor.",
                    ),
                ),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="reference",
                        max_length=16,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.official",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical appointment",
                "verbose_name_plural": "historical appointments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalArticle",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("title", models.TextField()),
                (
                    "published_at",
                    models.DateTimeField(blank=True, help_text="Empty: undated.", null=True),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("published", "Published"), ("hidden", "Hidden")],
                        default="published",
                        max_length=16,
                    ),
                ),
                ("reviewed", models.BooleanField(default=False)),
                ("reviewed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical article",
                "verbose_name_plural": "historical articles",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalArticleCountry",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=1)),
                (
                    "first_offset",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Character offset of the first match in the text.",
                        null=True,
                    ),
                ),
                (
                    "evidence",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The surface forms matched and where: [{text, start, field, rule}].",
                    ),
                ),
                ("is_focus", models.BooleanField(default=False)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="automatic",
                        max_length=16,
                    ),
                ),
                (
                    "suppressed",
                    models.BooleanField(
                        default=False,
                        help_text="Removed by an editor; kept so re-extraction leaves it out.",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("direct", "Direct"), ("place", "Place inside")],
                        default="direct",
                        max_length=8,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical article country",
                "verbose_name_plural": "historical article countrys",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalArticleOfficial",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=1)),
                (
                    "first_offset",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Character offset of the first match in the text.",
                        null=True,
                    ),
                ),
                (
                    "evidence",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The surface forms matched and where: [{text, start, field, rule}].",
                    ),
                ),
                ("is_focus", models.BooleanField(default=False)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="automatic",
                        max_length=16,
                    ),
                ),
                (
                    "suppressed",
                    models.BooleanField(
                        default=False,
                        help_text="Removed by an editor; kept so re-extraction leaves it out.",
                    ),
                ),
                ("raw_name", models.CharField(max_length=200)),
                ("raw_title", models.CharField(blank=True, max_length=300)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "appointment",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The post held on the article's date.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.appointment",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.official",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical article official",
                "verbose_name_plural": "historical article officials",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalArticleOrganisation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=1)),
                (
                    "first_offset",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Character offset of the first match in the text.",
                        null=True,
                    ),
                ),
                (
                    "evidence",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The surface forms matched and where: [{text, start, field, rule}].",
                    ),
                ),
                ("is_focus", models.BooleanField(default=False)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="automatic",
                        max_length=16,
                    ),
                ),
                (
                    "suppressed",
                    models.BooleanField(
                        default=False,
                        help_text="Removed by an editor; kept so re-extraction leaves it out.",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical article organisation",
                "verbose_name_plural": "historical article organisations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalArticleTopic",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=1)),
                (
                    "first_offset",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Character offset of the first match in the text.",
                        null=True,
                    ),
                ),
                (
                    "evidence",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The surface forms matched and where: [{text, start, field, rule}].",
                    ),
                ),
                ("is_focus", models.BooleanField(default=False)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="automatic",
                        max_length=16,
                    ),
                ),
                (
                    "suppressed",
                    models.BooleanField(
                        default=False,
                        help_text="Removed by an editor; kept so re-extraction leaves it out.",
                    ),
                ),
                ("score", models.FloatField(default=0.0)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical article topic",
                "verbose_name_plural": "historical article topics",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCountryAlias",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("alias", models.CharField(max_length=120)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("name", "Name"),
                            ("alternative", "Alternative name"),
                            ("demonym", "Demonym"),
                            ("capital", "Capital (metonym)"),
                            ("city", "City or place inside"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "ambiguous",
                    models.BooleanField(
                        default=False,
                        help_text="Needs supporting evidence in the article (Georgia, Jordan, Chad, Niger…).",
                    ),
                ),
                (
                    "blocked",
                    models.BooleanField(
                        default=False,
                        help_text="Never match this alias (an editor's global block).",
                    ),
                ),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="reference",
                        max_length=16,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.country",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical country alias",
                "verbose_name_plural": "historical country aliases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOfficial",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                ("slug", models.SlugField(max_length=200)),
                (
                    "ref_key",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        editable=False,
                        help_text="Stable key in the reference data files (null for officials made here).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("confirmed", "Confirmed"),
                            ("candidate", "Candidate"),
                            ("rejected", "Rejected"),
                        ],
                        default="confirmed",
                        max_length=16,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "merged_into",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Set when this official was merged into another; its URL redirects there.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.official",
                    ),
                ),
                (
                    "nationality",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.country",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical official",
                "verbose_name_plural": "historical officials",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOfficialAlias",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("alias", models.CharField(max_length=200)),
                (
                    "key",
                    models.CharField(
                        db_index=True,
                        help_text="Normalised matching key (case, accents and transliteration variants folded).",
                        max_length=200,
                    ),
                ),
                ("blocked", models.BooleanField(default=False)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="reference",
                        max_length=16,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "official",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.official",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical official alias",
                "verbose_name_plural": "historical official aliases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOrganisationAlias",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("alias", models.CharField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("name", "Name"),
                            ("alternative", "Alternative name"),
                            ("abbreviation", "Abbreviation"),
                        ],
                        max_length=16,
                    ),
                ),
                ("ambiguous", models.BooleanField(default=False)),
                ("blocked", models.BooleanField(default=False)),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("reference", "Reference data"),
                            ("automatic", "Automatic"),
                            ("editor", "Editor"),
                        ],
                        default="reference",
                        max_length=16,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical organisation alias",
                "verbose_name_plural": "historical organisation aliases",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSource",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=200)),
                ("slug", models.SlugField(max_length=200)),
                ("domain", models.CharField(blank=True, max_length=200)),
                (
                    "cleaning_rules",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Extra regular expressions removed from this source's bodies on import.",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "publisher_country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.country",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTopicRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("phrase", models.CharField(max_length=200)),
                ("weight", models.FloatField(default=1.0)),
                (
                    "kind",
                    models.CharField(
                        choices=[("include", "Include"), ("exclude", "Exclude")],
                        default="include",
                        max_length=8,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="articles.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical topic rule",
                "verbose_name_plural": "historical topic rules",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="article_admin_pub_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "hidden")),
                name="article_hidden_idx",
            ),
        ),
        migrations.RunPython(set_editor_permissions, restore_editor_permissions),
    ]
