"""The officials index: every confirmed official by coverage or by name, with its exact
number of articles, filtered by country (nationality or a post for it) and kind of post.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from articles.choices import OfficialStatus, PostKind
from articles.models import Appointment, ArticleOfficial, Country, Official, OfficialAlias

# The kinds of post a reader filters by (``?kind=``): its label and the appointments'
# ``post_kind`` values it gathers. "other": none of the posts of the kinds before it.
OFFICIAL_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "head": ("Head of state or government", (PostKind.HEAD_OF_STATE, PostKind.HEAD_OF_GOVERNMENT)),
    "foreign_minister": ("Foreign minister", (PostKind.FOREIGN_MINISTER,)),
    "envoy": ("Envoy or ambassador", (PostKind.AMBASSADOR, PostKind.ENVOY)),
    "spokesperson": ("Spokesperson", (PostKind.SPOKESPERSON,)),
    "other": ("Any other post", ()),
}
# ``?sort=``: its label; the first is the default.
OFFICIAL_SORTS: dict[str, str] = {"coverage": "Most articles", "name": "Name, A–Z"}


def official_article_count() -> Coalesce:
    """Return the expression of an official's number of articles, as its list counts them.

    Published articles, one per story, suppressed mentions left out (``/articles/?official=``):
    an index-only count in the mention table's ``articleofficial_lead_idx``.
    """
    counted = (
        ArticleOfficial.objects.filter(
            official_id=OuterRef("pk"), public_lead=True, suppressed=False
        )
        .order_by()
        .values("official_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def official_index(
    *,
    text: str = "",
    country: Country | None = None,
    kind: str | None = None,
    sort: str = "coverage",
) -> QuerySet[Official]:
    """Return officials with their ``article_count`` and latest post, in ``sort`` order.

    Without ``text``, confirmed officials; with it, confirmed and candidate officials whose
    name or an alias contains it (case-insensitive). ``country``: its nationals and those
    holding a post for it; ``kind``: a key of ``OFFICIAL_KINDS``. Ties by name. A page of
    it is two queries (its rows, their posts) and the paginator's count.
    """
    text = " ".join(text.replace("\x00", "").split())[:100]
    officials = Official.objects.filter(merged_into__isnull=True).only(
        "name", "slug", "status", "nationality_id"
    )
    if text:
        named = Q(name__icontains=text) | Q(
            id__in=OfficialAlias.objects.filter(alias__icontains=text, blocked=False).values(
                "official_id"
            )
        )
        officials = officials.filter(named).exclude(status=OfficialStatus.REJECTED)
    else:
        officials = officials.filter(status=OfficialStatus.CONFIRMED)
    if country is not None:
        officials = officials.filter(
            Q(nationality=country)
            | Q(id__in=Appointment.objects.filter(country=country).values("official_id"))
        )
    if kind in OFFICIAL_KINDS:
        posts = OFFICIAL_KINDS[kind][1]
        if posts:
            held = Appointment.objects.filter(post_kind__in=posts)
            officials = officials.filter(id__in=held.values("official_id"))
        else:
            named_kinds = [p for _, ps in OFFICIAL_KINDS.values() for p in ps]
            held = Appointment.objects.filter(post_kind__in=named_kinds)
            officials = officials.exclude(id__in=held.values("official_id"))
    # Newest first by when the post began (or, undated, ended): PostgreSQL puts NULLs first
    # in a descending order, which showed an undated old post as the latest (Zarif:
    # "Ambassador to the UN" before his 2013-2021 foreign ministry). With a kind chosen,
    # the posts of that kind come first: the one shown is why the official is listed.
    order = [Coalesce("start_date", "end_date").desc(nulls_last=True), "-id"]
    if kind in OFFICIAL_KINDS and OFFICIAL_KINDS[kind][1]:
        chosen = When(post_kind__in=OFFICIAL_KINDS[kind][1], then=Value(0))
        order.insert(0, Case(chosen, default=Value(1), output_field=IntegerField()))
    officials = officials.annotate(article_count=official_article_count()).prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.select_related("country", "organisation").order_by(*order),
            to_attr="posts_newest_first",
        )
    )
    if sort == "name":
        return officials.order_by("name", "id")
    return officials.order_by("-article_count", "name", "id")
