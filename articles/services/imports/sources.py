"""The Source rows an import's records belong to, found or created by outlet."""

from __future__ import annotations

from django.db.models import F
from django.utils.text import slugify

from articles.ingest.outlets import outlet_key, outlet_name_rank
from articles.ingest.records import UNKNOWN_SOURCE
from articles.models import Source


class SourceCache:
    """Source rows by outlet, created on first sight (one query per new outlet).

    The same records give the same sources whatever order they come in, in one run or
    several (issue 17): names with one ``outlet_key`` ("CNS News", "CNSNews.com") are one
    source, shown by the name ``outlet_name_rank`` prefers among those its records gave.
    A source an import named is renamed (and re-slugged) when a better-ranked name of the
    same outlet arrives; one an editor changed (its history has a user) keeps its name.

    A record that only gives its site ("harbourtimes.com", from a ``source_domain`` field
    or its url) is named by that domain. Editors rename such sources ("Harbour Times");
    the source keeps its domain, so the outlet's later records still find it instead of
    creating a new "harbourtimes.com": only sources once named by their own domain are
    found by domain, so a written name never lands on whichever outlet shares its site.
    """

    def __init__(self):
        rows = list(Source.objects.values_list("name", "domain", "id").order_by("id"))
        self._ids: dict[str, int] = {name: pk for name, _domain, pk in rows}
        self._names: dict[int, str] = {pk: name for name, _domain, pk in rows}
        self._by_key: dict[str, int] = {}
        for name, _domain, pk in sorted(rows, key=lambda row: outlet_name_rank(row[0])):
            self._by_key.setdefault(outlet_key(name), pk)  # the best-named source of a key
        named_by_domain = set(
            Source.history.exclude(domain="")
            .filter(name__iexact=F("domain"))
            .values_list("id", flat=True)
        )
        self._by_domain: dict[str, int] = {}
        for _name, domain, pk in rows:  # oldest first
            if domain and pk in named_by_domain:
                self._by_domain.setdefault(domain.lower(), pk)
        self._edited = set(
            Source.history.filter(history_user__isnull=False).values_list("id", flat=True)
        )

    def id_for(self, name: str | None, domain: str | None) -> int:
        """Return the id of the source of the outlet called ``name`` (or the unknown source)."""
        name = (name or "").strip()[:200] or UNKNOWN_SOURCE
        if name in self._ids:
            return self._ids[name]
        key = outlet_key(name)
        pk = self._by_key.get(key)
        if pk is None and (renamed := self._by_domain.get(name.lower())):
            pk = renamed  # named by a domain: the source editors renamed from it
        if pk is not None:
            if self._by_key.get(key) == pk and pk not in self._edited:
                self._prefer(pk, name)
            self._ids[name] = pk
            return pk
        source, _ = Source.objects.get_or_create(
            name=name, defaults={"slug": _free_slug(name), "domain": (domain or "")[:200]}
        )
        self._ids[name] = source.pk
        self._names[source.pk] = source.name
        self._by_key.setdefault(key, source.pk)
        return source.pk

    def _prefer(self, pk: int, name: str) -> None:
        """Rename source ``pk`` to ``name`` if that is the better name of its outlet."""
        current = self._names[pk]
        if outlet_name_rank(name) >= outlet_name_rank(current):
            return
        source = Source.objects.get(pk=pk)
        source.name, source.slug = name, _free_slug(name, keep=source.slug)
        source._history_user = None  # the import's, not an editor's (even in a request)
        source.save(update_fields=["name", "slug", "updated_at"])
        self._names[pk] = name

    def known_id(self, name: str | None) -> int | None:
        """Return the id ``id_for`` gives ``name`` if the source exists, without creating it."""
        name = (name or "").strip()[:200] or UNKNOWN_SOURCE
        return (
            self._ids.get(name)
            or self._by_key.get(outlet_key(name))
            or self._by_domain.get(name.lower())
        )


def _free_slug(name: str, keep: str | None = None) -> str:
    """Return the slug of ``name``, numbered ("-2") past the slugs other sources hold."""
    slug = slugify(name)[:190] or "source"
    taken = set(Source.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    taken.discard(keep)
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
