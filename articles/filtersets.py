"""The one FilterSet for articles: the list page, the API, exports and feeds filter alike.

Parameters are the public contract (docs/architecture.md). Bad values never raise: each is
left out and ``ignored`` says what and why (pages show it; the API can answer 400 from
``errors``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict

from articles.models import Article
from articles.safe_links import HIDDEN_RE
from articles.selectors import article_public_queryset
from articles.selectors.browse import ArticleCriteria, entity_resolve
from articles.selectors.compare import INTERVALS, MAX_SERIES, SeriesSpec, series_label

Q_MAX_LENGTH = 500  # longer queries are cut: websearch syntax needs no more
MAX_VALUES = 20  # per repeatable parameter
MAX_PAGE = 10_000
SORTS = ("newest", "oldest", "relevance")
ENTITY_PARAMS = ("country", "official", "organization", "topic", "source")
SINGLE_PARAMS = ("q", "focus", "match", "date_from", "date_to", "sort", "page", "undated", "copies")
KNOWN_PARAMS = frozenset(ENTITY_PARAMS + SINGLE_PARAMS)
_VALUE = re.compile(r"^[^\x00-\x1f]{1,200}$")


class ValuesField(forms.Field):
    """A repeatable parameter: every value given, stripped, de-duplicated, in order."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        cleaned: list[str] = []
        for item in value:
            item = str(item).strip()
            if item and item not in cleaned:
                cleaned.append(item)
        return cleaned


class ValuesFilter(django_filters.Filter):
    """A repeatable entity filter; the FilterSet applies all of them together (``match``)."""

    field_class = ValuesField

    def filter(self, qs, value):
        return qs


class NoopFilter(django_filters.Filter):
    """A parameter that shapes the result (sort, page) or that ``filter_queryset`` applies."""

    def filter(self, qs, value):
        return qs


class NoopCharFilter(NoopFilter):
    field_class = forms.CharField


class NoopChoiceFilter(NoopFilter):
    field_class = forms.ChoiceField


class NoopDateFilter(NoopFilter):
    field_class = forms.DateField


class NoopIntegerFilter(NoopFilter):
    field_class = forms.IntegerField


class ArticleFilterSet(django_filters.FilterSet):
    """Filter public articles by the contract's parameters (docs/architecture.md).

    ``criteria`` is the resolved filter (entity values to ids) that selectors compose
    queries from; ``qs`` applies it to the base queryset. Resolving every entity value
    takes one query, whatever the number of parameters.
    """

    q = NoopCharFilter(label="Search")
    country = ValuesFilter(label="Countries")
    focus = NoopChoiceFilter(choices=[("1", "Only where focus")], label="Focus only")
    official = ValuesFilter(label="Officials")
    organization = ValuesFilter(label="Organisations")
    topic = ValuesFilter(label="Topics")
    source = ValuesFilter(label="Sources")
    match = NoopChoiceFilter(choices=[("any", "Any"), ("all", "All")], label="Match")
    date_from = NoopDateFilter(label="From")
    date_to = NoopDateFilter(label="To")
    undated = NoopChoiceFilter(choices=[("1", "Only undated")], label="Undated only")
    copies = NoopChoiceFilter(choices=[("all", "Show every copy")], label="Copies")
    sort = NoopChoiceFilter(choices=[(s, s.title()) for s in SORTS], label="Sort")
    page = NoopIntegerFilter(label="Page", min_value=1, max_value=MAX_PAGE)

    class Meta:
        model = Article
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = article_public_queryset()
        super().__init__(data, queryset, **kwargs)
        self._ignored: list[tuple[str, str]] = []

    # --- reading the parameters -------------------------------------------------------

    @property
    def ignored(self) -> list[str]:
        """Return one message per value left out, saying why."""
        self.criteria  # noqa: B018 - resolving is what fills the list
        return [reason for _, reason in self._ignored]

    @property
    def errors(self) -> dict[str, list[str]]:
        """Return field → reasons for every value left out (what an API answers 400 with)."""
        self.criteria  # noqa: B018
        out: dict[str, list[str]] = {}
        for name, reason in self._ignored:
            out.setdefault(name, []).append(reason)
        return out

    def is_valid(self) -> bool:
        return self.is_bound and not self.errors

    def _ignore(self, name: str, reason: str) -> None:
        self._ignored.append((name, reason))

    @property
    def criteria(self) -> ArticleCriteria:
        if not hasattr(self, "_criteria"):
            self._criteria = self._build_criteria()
        return self._criteria

    def _build_criteria(self) -> ArticleCriteria:
        data = self.data
        if hasattr(data, "getlist"):
            for name in sorted(set(data.keys()) - KNOWN_PARAMS)[:10]:
                self._ignore(name, f"Ignored the unknown parameter “{_short(name)}”.")
            for name in SINGLE_PARAMS:
                if len(data.getlist(name)) > 1:
                    self._ignore(name, f"“{name}” was given more than once: used the last value.")
        form = self.form
        form.is_valid()
        for name, errors in form.errors.items():
            raw = data.get(name, "") if hasattr(data, "get") else ""
            self._ignore(name, f"Ignored {name} “{_short(raw)}”: {' '.join(errors)}")
        cleaned = form.cleaned_data
        # Hidden characters (controls, bidi overrides) mean nothing to the search, and the
        # page shows the words back: they are dropped.
        q = HIDDEN_RE.sub("", cleaned.get("q") or "")
        if len(q) > Q_MAX_LENGTH:
            self._ignore("q", f"The search was cut to its first {Q_MAX_LENGTH} characters.")
            q = q[:Q_MAX_LENGTH]
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self._ignore(
                "date_from",
                f"Ignored the dates: date_from ({date_from}) is after date_to ({date_to}).",
            )
            date_from = date_to = None
        undated = cleaned.get("undated") == "1"
        if undated and (date_from or date_to):
            self._ignore("undated", "Ignored the dates: undated articles have no date.")
            date_from = date_to = None
        entities = self._resolve({name: cleaned.get(name) or [] for name in ENTITY_PARAMS})
        self._sort = cleaned.get("sort") or ("relevance" if q else "newest")
        if self._sort == "relevance" and not q:
            self._ignore("sort", "Sorted by newest: relevance needs a search (q).")
            self._sort = "newest"
        return ArticleCriteria(
            q=q,
            focus=cleaned.get("focus") == "1",
            match_all=cleaned.get("match") == "all",
            date_from=date_from,
            date_to=date_to,
            undated=undated,
            all_copies=cleaned.get("copies") == "all",
            **entities,
        )

    def _resolve(self, given: dict[str, list[str]]) -> dict[str, tuple]:
        """Return entity values resolved to entities; note each one that names nothing."""
        wanted: dict[str, list[str]] = {}
        for name, values in given.items():
            usable = []
            for value in values:
                try:
                    ProhibitNullCharactersValidator()(value)
                except forms.ValidationError:
                    value = ""
                if not _VALUE.match(value):
                    self._ignore(name, f"Ignored {name} “{_short(value)}”: not a valid value.")
                elif len(usable) >= MAX_VALUES:
                    self._ignore(name, f"Ignored {name} “{_short(value)}”: at most {MAX_VALUES}.")
                else:
                    usable.append(value)
            wanted[name] = usable
        found = entity_resolve(values=wanted)
        resolved: dict[str, tuple] = {}
        for name, values in wanted.items():
            entities = []
            for value in values:
                entity = found.get(name, {}).get(value.lower())
                if entity is None:
                    self._ignore(name, f"Ignored {name} “{_short(value)}”: {_UNKNOWN[name]}.")
                elif entity not in entities:
                    entities.append(entity)
            resolved[name] = tuple(entities)
        return resolved

    # --- what the list shows ------------------------------------------------------------

    @property
    def sort_order(self) -> str:
        """Return the sort order: as asked, else relevance for a search, else newest."""
        self.criteria  # noqa: B018
        return self._sort

    @property
    def page_number(self) -> int:
        return self.form.cleaned_data.get("page") or 1

    def filter_queryset(self, queryset):
        from articles.selectors.browse import article_filter

        return article_filter(queryset, criteria=self.criteria)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def params(self) -> list[tuple[str, str]]:
        """Return the canonical parameters of this state (what permalinks are built from)."""
        c = self.criteria
        out: list[tuple[str, str]] = []
        if c.q:
            out.append(("q", c.q))
        for name in ENTITY_PARAMS:
            out += [(name, e.key) for e in getattr(c, name)]
        if c.focus:
            out.append(("focus", "1"))
        if c.match_all:
            out.append(("match", "all"))
        if c.date_from:
            out.append(("date_from", c.date_from.isoformat()))
        if c.date_to:
            out.append(("date_to", c.date_to.isoformat()))
        if c.undated:
            out.append(("undated", "1"))
        if c.all_copies:
            out.append(("copies", "all"))
        sort = self.sort_order
        if sort != ("relevance" if c.q else "newest"):
            out.append(("sort", sort))
        return out


_UNKNOWN = {
    "country": "no country has this ISO code or name",
    "official": "no official has this slug",
    "organization": "no organisation has this slug",
    "topic": "no topic has this slug",
    "source": "no source has this slug",
}


def _short(value: object, limit: int = 40) -> str:
    """Return ``value`` cut for a message (a 10,000-character value stays readable)."""
    text = "".join(ch for ch in str(value) if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- /compare/: several list states at once --------------------------------------------

COMPARE_PARAMS = frozenset({"s", "interval", "base", "show"})
STATE_MAX_LENGTH = 2_000


@dataclass
class CompareQuery:
    """What ``/compare/`` and ``/api/compare/`` were asked: series, interval, base, view.

    ``errors`` maps each parameter at fault to its reasons (the API answers 400 with
    them); the page shows ``messages`` and goes on without the values at fault.
    """

    specs: list[SeriesSpec] = field(default_factory=list)
    interval: str | None = None  # None: chosen from the span
    base: ArticleCriteria | None = None  # None: every published article, one per story
    base_state: str = ""
    show: str = "count"
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def messages(self) -> list[str]:
        return [reason for reasons in self.errors.values() for reason in reasons]

    def error(self, name: str, reason: str) -> None:
        self.errors.setdefault(name, []).append(reason)

    def params(self, **changes) -> list[tuple[str, str]]:
        """Return the canonical parameters of this comparison (``changes`` override)."""
        states = changes.get("states", [spec.state for spec in self.specs])
        out = [("s", state) for state in states]
        interval = changes.get("interval", self.interval)
        if interval:
            out.append(("interval", interval))
        if self.base_state:
            out.append(("base", self.base_state))
        show = changes.get("show", self.show)
        if show != "count":
            out.append(("show", show))
        return out


def list_state(text: str) -> str:
    """Return the query string of a list state given as a query string or a list URL."""
    text = text.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    return text.split("#", 1)[0]


def state_read(text: str) -> tuple[ArticleFilterSet | None, list[str]]:
    """Return the FilterSet of a list state and the reasons it is not usable (if any)."""
    state = list_state(text)
    if len(state) > STATE_MAX_LENGTH:
        return None, [f"longer than {STATE_MAX_LENGTH:,} characters"]
    try:
        data = QueryDict(state)
    except Exception as exc:  # noqa: BLE001 - e.g. too many fields: reported, never a 500
        return None, [f"not a query string ({_short(exc)})"]
    data = data.copy()
    data.pop("page", None)  # a page of the list means nothing here
    filterset = ArticleFilterSet(data)
    return filterset, filterset.ignored


def compare_parse(data) -> CompareQuery:
    """Read ``s`` (up to ``MAX_SERIES`` list states), ``interval``, ``base`` and ``show``."""
    query = CompareQuery()
    for name in sorted(set(data.keys()) - COMPARE_PARAMS)[:10]:
        query.error(name, f"Ignored the unknown parameter “{_short(name)}”.")
    seen: set[str] = set()
    # Each state read costs a query: past six series (or eighteen tries) the rest are
    # counted, not read, so a thousand ``s`` values cost what seven do.
    extra, tries = 0, 0
    for number, raw in enumerate(data.getlist("s"), start=1):
        if not raw.strip():
            continue
        if len(query.specs) >= MAX_SERIES or tries >= 3 * MAX_SERIES:
            extra += 1
            continue
        tries += 1
        filterset, problems = state_read(raw)
        if problems:
            reasons = "; ".join(problems)
            query.error(
                "s", f"Ignored series {number} “{_short(raw)}”, not a usable list state: {reasons}"
            )
            continue
        state = urlencode(filterset.params())
        if state in seen:
            query.error("s", f"Ignored series {number} “{_short(raw)}”: the same list state twice.")
            continue
        seen.add(state)
        criteria = filterset.criteria
        query.specs.append(SeriesSpec(state, criteria, series_label(criteria)))
    if extra:
        query.error("s", f"Ignored {extra} more series: at most {MAX_SERIES} list states.")
    interval = (data.get("interval") or "").strip()
    if interval and interval not in INTERVALS:
        query.error("interval", f"Ignored interval “{_short(interval)}”: day, week, month or year.")
    elif interval:
        query.interval = interval
    base = data.get("base") or ""
    if base.strip():
        filterset, problems = state_read(base)
        if problems:
            query.error(
                "base",
                f"Ignored base “{_short(base)}”, not a usable list state: {'; '.join(problems)}",
            )
        elif filterset.params():
            query.base, query.base_state = filterset.criteria, urlencode(filterset.params())
    show = data.get("show") or "count"
    if show not in ("count", "share"):
        query.error("show", f"Ignored show “{_short(show)}”: count or share.")
    else:
        query.show = show
    return query
