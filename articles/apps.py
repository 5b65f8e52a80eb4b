from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The Newsroom app: articles, the gazetteer and their mentions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import checks  # noqa: F401 - registers the system checks
