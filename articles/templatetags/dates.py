"""``value|published``: an article's date as a reader says it, its time only when known.

Imported articles dated by day only are stored at midnight: "16 January 2020, 00:00" read as a
time nobody recorded. Midnight (in the site's time zone) is taken as no known time.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def published(value: datetime | None) -> str:
    """Return "16 January 2020, 14:05", or "16 January 2020" when the time is midnight."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return date_format(local, "j F Y")
    return date_format(local, "j F Y, H:i")
