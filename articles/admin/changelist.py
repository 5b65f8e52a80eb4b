"""Changelist helpers that keep admin lists fast on a million rows.

Django's admin counts the filtered rows for its paginator and finds the date
drill-down's years, months and days with ``SELECT DISTINCT date_trunc(...)`` over the
whole filtered table; both scan every row. Here the count is bounded and the dates are
found by probing the date index once per bucket.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

# Beyond this many filtered rows the admin shows "2,000+" and pages up to it.
COUNT_CAP = 2_000
# Below this many estimated rows an unfiltered table is simply counted.
EXACT_BELOW = 50_000


class BoundedCountPaginator(Paginator):
    """A paginator that never counts a whole big table.

    Unfiltered: PostgreSQL's row estimate (``pg_class.reltuples``), exact when small.
    Filtered: the count of at most ``COUNT_CAP`` rows (``COUNT(*)`` over a LIMITed
    subquery), so a broad filter costs no more than reading that many index entries.
    """

    capped = False  # True when ``count`` stopped at COUNT_CAP (the list shows "2,000+")

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return len(queryset)
        if not queryset.query.where:
            estimate = table_estimate(queryset.model._meta.db_table)
            if estimate >= EXACT_BELOW:
                return estimate
            return queryset.count()
        count = queryset.order_by()[:COUNT_CAP].count()
        self.capped = count >= COUNT_CAP
        return count


def table_estimate(table: str) -> int:
    """Return PostgreSQL's estimate of a table's rows (-1 when never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    return int(row[0]) if row else -1


def _only_filters_on(where, field_name: str) -> bool:
    """Return whether every condition of a WHERE tree is on ``field_name`` (or there is none)."""
    for child in where.children:
        if hasattr(child, "children"):
            if not _only_filters_on(child, field_name):
                return False
            continue
        target = getattr(getattr(child, "lhs", None), "target", None)
        if target is None or target.name != field_name:
            return False
    return True


def _next_bucket(start: datetime, kind: str) -> datetime:
    if kind == "year":
        return start.replace(year=start.year + 1)
    if kind == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def _truncate(value: datetime, kind: str) -> datetime:
    value = timezone.localtime(value).replace(hour=0, minute=0, second=0, microsecond=0)
    if kind == "year":
        return value.replace(month=1, day=1)
    if kind == "month":
        return value.replace(day=1)
    return value


class IndexProbeQuerySet(QuerySet):
    """A QuerySet whose ``datetimes()`` probes the date index instead of scanning.

    Each year (month, day) present costs one ``MIN(date) WHERE date >= bucket start``,
    which PostgreSQL answers from the first matching entry of the date index: about 20
    probes for the years of a corpus, at most 31 for the days of a month.
    """

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None, is_dst=None):
        if kind not in ("year", "month", "day") or not _only_filters_on(
            self.query.where, field_name
        ):
            # Filtered by something else (a country, a search): the probes would each
            # recompute that filter, so one DISTINCT over the filtered rows is cheaper.
            return super().datetimes(field_name, kind, order, tzinfo)
        base = self.order_by()
        found: list[datetime] = []
        low = None
        # A drill-down level holds at most a few dozen buckets; the bound is a safeguard.
        for _ in range(400):
            probe = base if low is None else base.filter(**{f"{field_name}__gte": low})
            first = probe.aggregate(first=Min(field_name))["first"]
            if first is None:
                break
            bucket = _truncate(first, kind)
            found.append(bucket)
            low = _next_bucket(bucket, kind)
        return found if order == "ASC" else list(reversed(found))


class DateProbeChangeList(ChangeList):
    """A ChangeList whose date drill-down ignores the other filters (and the search).

    The years, months and days offered are those of the whole table inside the chosen
    date range, found by index probes; a year with no match for the current filters
    shows an empty list when chosen. Computing them over a filtered set (a busy
    country, a common word) would read every matching row on every page view.
    """

    @cached_property
    def date_cl(self):
        """Return this changelist with its queryset narrowed to the chosen dates only."""
        clone = copy.copy(self)
        bounds = dict(_date_bounds(self.queryset.query.where, self.date_hierarchy))
        clone.queryset = self.root_queryset.order_by().filter(**bounds)
        return clone


def _date_bounds(where, field_name: str) -> list[tuple[str, object]]:
    """Return the (lookup, value) conditions of a WHERE tree on ``field_name``: gte/lt."""
    found = []
    for child in where.children:
        if hasattr(child, "children"):
            found.extend(_date_bounds(child, field_name))
            continue
        target = getattr(getattr(child, "lhs", None), "target", None)
        if (
            target is not None
            and target.name == field_name
            and child.lookup_name
            in (
                "gte",
                "lt",
            )
        ):
            found.append((f"{field_name}__{child.lookup_name}", child.rhs))
    return found
