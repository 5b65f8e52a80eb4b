"""Views of one object of a ModelAdmin, each at ``<pk>/<verb>/`` of its admin pages, and the
undo action of the admins whose rows can be undone (official merges, story decisions)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
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

    def view_object(self, request, pk, *, permission: str = "change"):
        """The object a per-object view acts on: 403 without the permission, 404 if gone."""
        if not getattr(self, f"has_{permission}_permission")(request):
            raise PermissionDenied
        return get_object_or_404(self.model, pk=pk)


def undo_action(description: str, undo: Callable, *, done_level: int = messages.SUCCESS):
    """An admin action undoing each selected row not undone yet (``undo(row, user)``), newest
    first, with a message per row saying what was undone or why not."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        for obj in queryset.filter(undone_at__isnull=True).order_by("-pk"):
            try:
                undo(obj, request.user)
                modeladmin.message_user(request, f"Undone: {obj.summary}.", done_level)
            except ValidationError as exc:
                modeladmin.message_user(
                    request, f"{obj.summary}: {' '.join(exc.messages)}", messages.ERROR
                )

    return action
