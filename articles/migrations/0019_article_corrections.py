"""Article.corrections: editors' correction notices, kept out of the cleaned body."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_article_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="corrections",
            field=models.TextField(
                blank=True,
                db_default="",
                default="",
                help_text="Editors' correction notices found in the text, kept out of the body.",
            ),
        ),
    ]
