"""Views of one object of a ModelAdmin, each at ``<pk>/<verb>/`` of its admin pages."""

from __future__ import annotations

from django.urls import path


class ObjectViewsMixin:
    """Add a ModelAdmin's per-object views to its URLs, ahead of the admin's own.

    ``object_views`` maps a verb (the URL's last part) to the method's name; each URL is
    named ``<app>_<model>_<verb>`` (dashes as underscores), in the ``admin`` namespace.
    """

    object_views: dict[str, str] = {}

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            *(
                path(
                    f"<int:pk>/{verb}/",
                    self.admin_site.admin_view(getattr(self, method)),
                    name="{}_{}_{}".format(*info, verb.replace("-", "_")),
                )
                for verb, method in self.object_views.items()
            ),
            *super().get_urls(),
        ]
