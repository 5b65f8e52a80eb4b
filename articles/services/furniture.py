"""Each source's learned furniture, kept on ``Source.learned_furniture``.

An import learns furniture from its own records (``ingest.learn.learn_sources``) and adds what
it learned to each source's stored keys, so a later import of a few of that source's
articles still drops it. Re-cleaning learns it again from every stored raw text of the
sources it re-cleans, replaces the stored keys with that and cleans with it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

from django.db import transaction

from articles.ingest.boilerplate import FurnitureLearner
from articles.models import Article, Source
from articles.selectors.sources import source_lists_by_name

# Keys kept per source: a source learns a few dozen, so this only stops a runaway list.
MAX_STORED = 1000
CHUNK_SIZE = 500  # raw texts read per query when re-learning


def source_furniture_by_name() -> dict[str, frozenset[str]]:
    """Return each source's stored furniture by the names its records give (as the
    cleaning rules: its name, its outlet key, and its domain for a renamed source)."""
    return {
        name: frozenset(keys) for name, keys in source_lists_by_name("learned_furniture").items()
    }


def source_furniture_store(
    *, learned: Mapping[int, Iterable[str]], replace: bool = False
) -> dict[int, frozenset[str]]:
    """Store each source's learned keys, added to those it had or (``replace``) instead.

    Keys learned now come first when a source has more than ``MAX_STORED``. Return what
    each source holds now.
    """
    stored: dict[int, frozenset[str]] = {}
    with transaction.atomic():
        sources = Source.objects.filter(pk__in=learned).select_for_update().order_by("id")
        for pk, had in sources.values_list("id", "learned_furniture"):
            new = set(learned[pk])
            old = [] if replace or not isinstance(had, list) else had
            keys = sorted([*sorted(new), *(k for k in old if k not in new)][:MAX_STORED])
            if keys != had:
                Source.objects.filter(pk=pk).update(learned_furniture=keys)
            stored[pk] = frozenset(keys)
    return stored


def source_furniture_relearn(
    *,
    source_ids: Collection[int] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[int, frozenset[str]]:
    """Learn the furniture of these sources (all: None) again from their stored raw texts.

    One pass over the articles in id order, a chunk of raw texts at a time, so memory
    stays that of the learner (bounded per source) whatever the number of articles. The
    result replaces each source's stored keys; return it as stored. ``on_progress`` gets
    the number of articles read since its last call and the total.
    """
    articles = Article.objects.all()
    if source_ids is not None:
        articles = articles.filter(source_id__in=list(source_ids))
    total = articles.count() if on_progress else 0
    learner = FurnitureLearner()
    last = 0
    while True:
        chunk = list(
            articles.filter(id__gt=last)
            .order_by("id")
            .values_list("id", "source_id", "raw_text")[:CHUNK_SIZE]
        )
        if not chunk:
            break
        for _, source_id, raw_text in chunk:
            learner.add(source_id, raw_text)
        last = chunk[-1][0]
        if on_progress:
            on_progress(len(chunk), total)
    learned = learner.learned()
    if source_ids is not None:
        learned.update((pk, frozenset()) for pk in source_ids if pk not in learned)
    return source_furniture_store(learned=learned, replace=True)
