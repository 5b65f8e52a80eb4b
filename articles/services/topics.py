"""Topic rule changes: preview what they would do to stored articles, then apply them.

Both use the extractor's own scorer (``articles.extract.topics``) with every topic's rules
(the edited topic's as given), so the preview predicts exactly what ``reextract`` would
store. Only articles that can change are scored: those holding the topic now, and those
the full-text index finds for one of its include phrases (a topic needs an include match
to score above zero). Editor-made and editor-removed topic mentions are never touched.

Applying starts when the saving transaction commits, with a ``TopicApplyJob`` row as its
progress record (the admin's progress page refreshes on it): as a task on the task queue
when one is configured (``CELERY_BROKER_URL``; any worker runs it), else in a background
thread of the web process (``make run`` has no broker or worker to operate; the work is
indexed reads and one write per chunk of 500 articles). A job is idempotent: each chunk is
written with the job's counts and its last article in one transaction, so a task whose
worker died is delivered again and goes on after that chunk; when a restarted server left
a thread's job pending or running, its admin page offers to run it again, from scratch,
with the same result.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from articles.choices import Origin, RuleKind
from articles.extract.topics import TopicIndex, extract_topics
from articles.extract.types import ArticleText, Gazetteer, TopicEntry, TopicRuleEntry
from articles.models import Article, ArticleTopic, Topic, TopicApplyJob, TopicRule
from articles.models.articles import SEARCH_CONFIG
from articles.services.queueing import queue_configured, task_send

logger = logging.getLogger(__name__)

CHUNK = 500
TOPIC_APPLY_TASK = "articles.topic_apply"  # the task queue's name for ``topic_apply_resume``
APPLY_LOCK = 7_310_426  # pg advisory lock namespace: one delivery of a job at a time
SAMPLES = 10
# Above this many candidates the preview scores an even sample by id and scales up.
PREVIEW_LIMIT = 5_000
# Above this many articles the preview reads a sample of the table's pages of about this size.
SAMPLE_ROWS = 50_000
_FIELDS = ("id", "title", "lede", "body", "published_at")


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as the editor typed it (saved or not)."""

    phrase: str
    weight: float = 1.0
    kind: str = RuleKind.INCLUDE


@dataclass
class TopicPreview:
    """What saving the rules would change among stored articles."""

    candidates: int = 0
    scored: int = 0
    gain: int = 0
    lose: int = 0
    keep: int = 0
    gain_samples: list[tuple[int, str]] = field(default_factory=list)
    lose_samples: list[tuple[int, str]] = field(default_factory=list)
    estimated: bool = False  # counts scaled up from an even sample of the candidates
    full_scan: bool = False  # a phrase the index cannot look up: every article was scored


def _index(*, topic: Topic, threshold: float, rules: Sequence[RuleSpec]) -> TopicIndex:
    """Compile every topic's stored rules, with ``topic``'s replaced by ``rules``."""
    stored: dict[int, list[TopicRuleEntry]] = {}
    for r in TopicRule.objects.values("topic_id", "phrase", "weight", "kind"):
        stored.setdefault(r["topic_id"], []).append(
            TopicRuleEntry(r["phrase"], r["weight"], r["kind"])
        )
    entries = []
    for t in Topic.objects.only("id", "slug", "threshold"):
        if t.pk == topic.pk:
            own = tuple(TopicRuleEntry(r.phrase, r.weight, r.kind) for r in rules)
            entries.append(TopicEntry(t.pk, t.slug, threshold, own))
        else:
            entries.append(TopicEntry(t.pk, t.slug, t.threshold, tuple(stored.get(t.pk, ()))))
    return TopicIndex.build(Gazetteer(topics=tuple(entries)))


def _phrase_query(phrases: Sequence[str]) -> SearchQuery | None:
    """Return one OR-ed phrase query for ``phrases``, or None when one cannot be looked up.

    Hyphens become spaces: the scorer treats "cease-fire" and "cease fire" alike, and
    PostgreSQL's parser indexes the parts of a hyphenated word, so the spaced form finds both.
    """
    texts = [" ".join(p.replace("-", " ").split()) for p in phrases]
    texts = [t for t in texts if t]
    if not texts:
        return None
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute(
                "SELECT phraseto_tsquery(%s::regconfig, %s)::text", [SEARCH_CONFIG, text]
            )
            if not cursor.fetchone()[0]:
                return None  # only stop words: the index cannot narrow it
    query = None
    for text in texts:
        part = SearchQuery(text, search_type="phrase", config=SEARCH_CONFIG)
        query = part if query is None else query | part
    return query


def _protected(topic: Topic) -> set[int]:
    return set(
        ArticleTopic.objects.filter(topic=topic)
        .exclude(origin=Origin.AUTOMATIC, suppressed=False)
        .values_list("article_id", flat=True)
    )


def _holders(topic: Topic) -> set[int]:
    return set(
        ArticleTopic.objects.filter(
            topic=topic, origin=Origin.AUTOMATIC, suppressed=False
        ).values_list("article_id", flat=True)
    )


def _phrase_texts(rules: Sequence[RuleSpec]) -> list[str]:
    """Return the include phrases as the index sees them (hyphens as spaces)."""
    phrases = [r.phrase for r in rules if r.kind == RuleKind.INCLUDE and r.weight > 0]
    return [t for t in (" ".join(p.replace("-", " ").split()) for p in phrases) if t]


def _candidate_ids(*, topic: Topic, rules: Sequence[RuleSpec]) -> tuple[list[int], bool]:
    """Return the ids of the articles that may hold the topic after the change, sorted."""
    includes = _phrase_texts(rules)
    ids = _holders(topic)
    full_scan = False
    if includes:
        query = _phrase_query(includes)
        if query is None:
            full_scan = True
            ids.update(Article.objects.values_list("id", flat=True))
        else:
            ids.update(Article.objects.filter(search_vector=query).values_list("id", flat=True))
    return sorted(ids), full_scan


def _sample_fraction() -> float:
    """Return the share of the table a preview reads (1.0: all of it, exactly)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'articles_article'::regclass")
        rows = cursor.fetchone()[0] or 0
    return 1.0 if rows <= SAMPLE_ROWS else SAMPLE_ROWS / rows


def _sampled_candidate_ids(
    *, topic: Topic, rules: Sequence[RuleSpec], fraction: float
) -> tuple[list[int], bool]:
    """Like ``_candidate_ids``, over a repeatable sample of the table's pages.

    On a large corpus a common phrase matches a large share of the articles, and fetching
    all of them through the index costs seconds; a page sample bounds the work whatever
    the corpus size (the counts are then scaled up and marked as estimates).
    """
    includes = _phrase_texts(rules)
    full_scan = _phrase_query(includes) is None if includes else False
    if includes and not full_scan:
        hit = " || ".join(["phraseto_tsquery(%s::regconfig, %s)"] * len(includes))
        hit = f"search_vector @@ ({hit})"
        params = [v for text in includes for v in (SEARCH_CONFIG, text)]
    else:
        hit, params = ("TRUE" if full_scan else "FALSE"), []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {hit} FROM articles_article TABLESAMPLE SYSTEM (%s) REPEATABLE (7)",
            [*params, 100 * fraction],
        )
        rows = cursor.fetchall()
    holders = _holders(topic)
    return sorted(pk for pk, matched in rows if matched or pk in holders), full_scan


def _score(
    *, topic: Topic, index: TopicIndex, ids: Sequence[int]
) -> Iterator[tuple[list[int], dict[int, tuple[float, tuple]], dict[int, str]]]:
    """Yield, chunk by chunk: the ids scored, the matches for ``topic``, the titles."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        matched, titles = {}, {}
        for row in Article.objects.filter(id__in=chunk).values(*_FIELDS):
            text = ArticleText.of(row)
            titles[row["id"]] = row["title"]
            for m in extract_topics(text, index):
                if m.topic_id == topic.pk:
                    matched[row["id"]] = (m.score, m.evidence)
        yield chunk, matched, titles


def topic_preview(*, topic: Topic, threshold: float, rules: Sequence[RuleSpec]) -> TopicPreview:
    """Return how many stored articles would gain and lose ``topic`` with these rules."""
    index = _index(topic=topic, threshold=threshold, rules=rules)
    fraction = _sample_fraction()
    if fraction < 1.0:
        ids, full_scan = _sampled_candidate_ids(topic=topic, rules=rules, fraction=fraction)
    else:
        ids, full_scan = _candidate_ids(topic=topic, rules=rules)
    protected = _protected(topic)
    holders = _holders(topic)
    ids = [i for i in ids if i not in protected]
    preview = TopicPreview(
        candidates=round(len(ids) / fraction), full_scan=full_scan, estimated=fraction < 1.0
    )
    if len(ids) > PREVIEW_LIMIT:
        step = -(-len(ids) // PREVIEW_LIMIT)
        ids, preview.estimated = ids[::step], True
    for chunk, matched, titles in _score(topic=topic, index=index, ids=ids):
        preview.scored += len(chunk)
        for article_id in chunk:
            has, will = article_id in holders, article_id in matched
            if will and not has:
                preview.gain += 1
                if len(preview.gain_samples) < SAMPLES:
                    preview.gain_samples.append((article_id, titles.get(article_id, "")))
            elif has and not will:
                preview.lose += 1
                if len(preview.lose_samples) < SAMPLES:
                    preview.lose_samples.append((article_id, titles.get(article_id, "")))
            elif has:
                preview.keep += 1
    if preview.estimated and preview.scored:
        scale = preview.candidates / preview.scored
        preview.gain = round(preview.gain * scale)
        preview.lose = round(preview.lose * scale)
        preview.keep = round(preview.keep * scale)
    return preview


def topic_rules_of(topic: Topic) -> list[RuleSpec]:
    """Return ``topic``'s stored rules."""
    return [RuleSpec(r.phrase, r.weight, r.kind) for r in topic.rules.all()]


# ---------------------------------------------------------------------------------------
# Applying


def topic_apply_start(*, topic: Topic, user=None, background: bool = True) -> TopicApplyJob:
    """Create a job re-tagging stored articles with ``topic``'s saved rules and start it.

    It starts when the current transaction commits (it must see the saved rules): on the
    task queue when one is configured, else in a thread of this process.
    """
    job = TopicApplyJob.objects.create(
        topic=topic, created_by=user if getattr(user, "pk", None) else None
    )
    if background:
        transaction.on_commit(lambda: _start(job.pk))
    return job


def _start(job_id: int) -> None:
    if queue_configured():
        try:
            task_send(TOPIC_APPLY_TASK, job_id)
            return
        except Exception:  # the broker is down: the editor's job still runs, here
            logger.exception("topic apply job %s: the task queue refused it", job_id)
    _start_thread(job_id)


def _start_thread(job_id: int) -> None:
    thread = threading.Thread(
        target=_run_in_thread, args=(job_id,), name=f"topic-apply-{job_id}", daemon=True
    )
    thread.start()


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        topic_apply_run(job=TopicApplyJob.objects.get(pk=job_id))
    except Exception:  # the job row already says why; keep the thread from dying loudly
        logger.exception("topic apply job %s failed", job_id)
    finally:
        connection.close()


def topic_apply_resume(*, job_id: int) -> TopicApplyJob | None:
    """Run job ``job_id`` (a task's body), going on after its last written chunk when an
    earlier delivery died; return it, or None when it is over (delivered again after).

    One delivery at a time: a second one (Redis hands a message out again after its
    visibility timeout) waits for the first to end, then finds the job finished, or goes
    on after the first's last chunk if that worker died (its lock dies with its session).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [APPLY_LOCK, job_id])
    try:
        job = TopicApplyJob.objects.filter(pk=job_id).select_related("topic").first()
        if job is None or job.status not in (
            TopicApplyJob.Status.PENDING,
            TopicApplyJob.Status.RUNNING,
        ):
            return None
        return topic_apply_run(job=job, resume=job.status == TopicApplyJob.Status.RUNNING)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [APPLY_LOCK, job_id])


def topic_apply_run(*, job: TopicApplyJob, resume: bool = False) -> TopicApplyJob:
    """Apply the topic's saved rules to every stored article that can change.

    With ``resume``, the articles up to the job's last written one are done already (in
    id order, with the counts): the candidates after it are scored and counted on.
    """
    topic = job.topic
    after = job.last_article_id if resume else None
    if after is None:
        job.done = job.gained = job.lost = 0
    job.status, job.started_at = TopicApplyJob.Status.RUNNING, job.started_at or timezone.now()
    job.error = ""
    try:
        index = _index(topic=topic, threshold=topic.threshold, rules=topic_rules_of(topic))
        ids, _ = _candidate_ids(topic=topic, rules=topic_rules_of(topic))
        protected = _protected(topic)
        ids = [i for i in ids if i not in protected and (after is None or i > after)]
        job.total = job.done + len(ids)
        job.save()
        for chunk, matched, _titles in _score(topic=topic, index=index, ids=ids):
            with transaction.atomic():
                gained, lost = _write_chunk(topic=topic, chunk=chunk, matched=matched)
                job.done += len(chunk)
                job.gained += gained
                job.lost += lost
                job.last_article_id = chunk[-1]
                job.save(update_fields=["done", "gained", "lost", "last_article_id", "updated_at"])
        job.status = TopicApplyJob.Status.FINISHED
    except Exception as exc:
        job.status, job.error = TopicApplyJob.Status.FAILED, f"{type(exc).__name__}: {exc}"
        raise
    finally:
        job.finished_at = timezone.now()
        job.save()
    return job


@transaction.atomic
def _write_chunk(*, topic: Topic, chunk: list[int], matched: dict) -> tuple[int, int]:
    """Replace ``topic``'s automatic mentions in ``chunk`` with ``matched``; return (+, -)."""
    current = {
        m.article_id: m
        for m in ArticleTopic.objects.filter(
            topic=topic, article_id__in=chunk, origin=Origin.AUTOMATIC, suppressed=False
        )
    }
    lost = [m.pk for article_id, m in current.items() if article_id not in matched]
    ArticleTopic.objects.filter(pk__in=lost).delete()
    dates = dict(Article.objects.filter(id__in=list(matched)).values_list("id", "published_at"))
    changed, new = [], []
    for article_id, (score, evidence) in matched.items():
        rows = [
            {"text": e.text, "start": e.start, "field": e.field, "rule": e.rule} for e in evidence
        ]
        first = min((e.start for e in evidence), default=None)
        mention = current.get(article_id)
        if mention is None:
            new.append(
                ArticleTopic(
                    article_id=article_id,
                    topic=topic,
                    score=score,
                    count=len(rows) or 1,
                    first_offset=first,
                    evidence=rows,
                    origin=Origin.AUTOMATIC,
                    published_at=dates.get(article_id),
                )
            )
        elif mention.score != score or mention.evidence != rows:
            mention.score, mention.evidence = score, rows
            mention.count, mention.first_offset = len(rows) or 1, first
            changed.append(mention)
    ArticleTopic.objects.bulk_create(new, ignore_conflicts=True)
    ArticleTopic.objects.bulk_update(changed, ["score", "evidence", "count", "first_offset"])
    return len(new), len(lost)
