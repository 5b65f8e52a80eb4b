"""Admin: the "Recent changes" feed across every audited model, and reverting mention edits.

``FEED_SOURCES`` lists extra entry sources (callables ``(limit, before) -> [ChangeEntry]``,
see ``services.audit``): official merges and story decisions, each with its undo button.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme

from articles.selectors.curation import official_merge_feed_entries
from articles.selectors.stories import story_decision_feed_entries
from articles.services import audit

FEED_SOURCES: list[audit.EntrySource] = [official_merge_feed_entries, story_decision_feed_entries]
PAGE_SIZE = 50


def recent_changes_view(request):
    """List the newest changes (who, when, object, before → after), with reverts."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    before = _cursor(request.GET.get("before", ""))
    user_only = request.GET.get("people") == "1"
    entries = audit.recent_changes(
        limit=PAGE_SIZE, before=before, user_only=user_only, extra_sources=FEED_SOURCES
    )
    can_revert = request.user.has_perm("articles.change_articlecountry")
    if not can_revert:
        for entry in entries:
            entry.revert_url = ""
    context = {
        **_site_context(request),
        "title": "Recent changes",
        "entries": entries,
        "user_only": user_only,
        "extra_sources": bool(FEED_SOURCES),
        "older": entries[-1].when.isoformat() if len(entries) == PAGE_SIZE else "",
    }
    return TemplateResponse(request, "admin/articles/recent_changes.html", context)


def revert_mention_view(request, model_name: str, history_id: int):
    """Undo one recorded mention change (POST only), then go back to the feed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.has_perm(f"articles.change_{model_name}"):
        raise PermissionDenied
    try:
        mention = audit.mention_change_revert(
            model_name=model_name, history_id=history_id, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, f"Could not revert: {'; '.join(exc.messages)}")
    else:
        state = "removed" if mention.suppressed else "restored"
        messages.success(request, f"Reverted: {mention} is {state}.")
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:articles_recent_changes")
    return HttpResponseRedirect(target)


def _cursor(value: str):
    """Return the "older than" cursor, or None when absent or not a date (then ignored)."""
    try:
        return parse_datetime(value) if value else None
    except ValueError:
        return None


def _site_context(request) -> dict:
    from django.contrib import admin

    return admin.site.each_context(request)
