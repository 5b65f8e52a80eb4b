"""The import's worker side: parse, clean, extract, hash and sign records (pure).

Parsing, cleaning and signing run in worker processes on chunks of records while the
main process writes the previous chunk (``pipeline.imports``), so a 2-core machine keeps
both cores busy. Memory stays bounded whatever the corpus size: records stream from the
readers and at most ``AHEAD`` + 1 chunks are in flight. The gazetteer, cleaning rules
and stored furniture come from the database through ``share_with_workers``, set before
the pool forks; a record becomes a ``PreparedRecord`` whose row text is ready to COPY.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import islice

from articles.extract.run import Indexes, extract_article
from articles.extract.types import ArticleText
from articles.ingest import boilerplate, dedup
from articles.ingest.learn import Learned, source_key, source_name_of
from articles.ingest.mention_rows import mentions_prepare
from articles.ingest.outlets import FolderOutlet, outlet_key
from articles.ingest.parse import parse_document
from articles.ingest.records import PreparedRecord, copy_parts
from articles.ingest.signing import sign_words
from articles.ingest.types import ParsedArticle, RawDocument, RejectedRecord

CHUNK_SIZE = 1000  # records per write transaction
AHEAD = 2  # chunks being prepared by the workers while the main process writes
# The workers run at a lower priority than the writer. Writing is serial (the main process
# and its PostgreSQL backend take turns) and is nearly half of an import's CPU; at equal
# priority the two workers and the writer share two cores three ways, the writer falls
# behind and the workers then wait with nothing to do (~10% of the cores idle). Given
# priority, the writer gets a core whenever it can use one and the workers the rest, and
# the same CPU per article gives a higher rate.
WORKER_NICENESS = 10


# Stage timers in the workers count CPU time: a shared machine's other load is not ours.
_cpu = time.process_time

# Worker-process state: what ``share_with_workers`` set before the pool forked (shared
# copy-on-write), and per worker what ``_init_worker`` sets (pickled once, not per task).
_WORKER: dict = {}


def share_with_workers(**state) -> None:
    """Set what every record's preparation reads besides the record; call before forking.

    ``indexes``: the compiled gazetteer (None: nothing is extracted); ``cleaning_rules``:
    editors' per-source cleaning rules, and ``stored_furniture``: the furniture earlier
    runs and this one learned, both by Source name (or outlet key).
    """
    if unknown := state.keys() - {"indexes", "cleaning_rules", "stored_furniture"}:
        raise TypeError(f"nothing to share called {', '.join(sorted(unknown))}")
    _WORKER.update(state)


def _init_worker(
    source: str | None,
    learned: dict[str, frozenset[str]],
    outlets: dict[str, FolderOutlet] | None = None,
) -> None:
    _WORKER["source"] = source
    _WORKER["learned"] = learned
    _WORKER["outlets"] = outlets or {}
    os.nice(WORKER_NICENESS)


def prepare_record(
    doc: RawDocument,
    *,
    source: str | None,
    learned: dict[str, frozenset[str]],
    times: dict,
    indexes: Indexes | None = None,
    outlets: dict[str, FolderOutlet] | None = None,
):
    """Parse, clean, extract, hash and sign one record (pure); return a PreparedRecord.

    ``outlets``: the outlet learned for a folder of plain files (``OutletVotes``), given
    to its records that name none themselves and are laid out like those that do.
    """
    started = _cpu()
    key = source_key(doc, source)
    run_learned = learned.get(key, frozenset())
    try:
        parsed = _parse(doc, source, key, run_learned, outlets)
        stored = _by_outlet(_WORKER.get("stored_furniture", {}), source_name_of(parsed))
        if stored:
            # The furniture of the record's source beyond its key's: what earlier runs
            # stored, and what this run learned under the source's other keys (a folder
            # with too few of its files to learn anything, an outlet named two ways).
            more, union = _stored_beyond(stored, run_learned)
            if more and boilerplate.learned_in(parsed.body, more):
                parsed = _parse(doc, source, key, union, outlets)
    except RejectedRecord as exc:
        times["parse"] += _cpu() - started
        return PreparedRecord(doc.origin, doc.external_id, doc.raw, reject_reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad record must never stop a run
        times["parse"] += _cpu() - started
        reason = f"could not parse ({type(exc).__name__}: {exc})"
        return PreparedRecord(doc.origin, doc.external_id, doc.raw, reject_reason=reason)
    rules = _by_outlet(_WORKER.get("cleaning_rules", {}), source_name_of(parsed))
    if rules:
        # The source's own cleaning rules, edited by editors in the admin.
        extra = boilerplate.remove_matching_paragraphs(parsed.body, rules)
        parsed = replace(parsed, body=extra.body, removed=parsed.removed + extra.removed)
    parsed_at = _cpu()
    times["parse"] += parsed_at - started
    if not parsed.title.strip() and not parsed.body.strip():
        return PreparedRecord(
            doc.origin, doc.external_id, doc.raw, reject_reason="no title and no body"
        )
    if not _encodable(parsed):
        # A lone surrogate (half of an emoji escaped in JSON) cannot be hashed or stored.
        return PreparedRecord(doc.origin, doc.external_id, doc.raw, reject_reason=UNSTORABLE)
    mentions = None
    if indexes is not None:
        extraction = extract_article(ArticleText.of(parsed), indexes)
        # As COPY rows: bytes pickle to the main process far cheaper than the matches.
        mentions = mentions_prepare(extraction, parsed.published_at)
    signed = _cpu()
    times["extract"] += signed - parsed_at
    content = parsed.body if parsed.body.strip() else parsed.title
    if parsed.corrections:
        # A notice added to a stored story changes its text: a re-import updates it.
        content = f"{content}\n\n{parsed.corrections}"
    words = parsed.body.split()
    signature, bands = sign_words(words)
    record = PreparedRecord(
        doc.origin,
        doc.external_id,
        b"",  # the raw bytes are kept for rejects only
        article=parsed,
        # Exact duplicates are the same body at the same outlet; the same wire text at
        # another outlet is kept and grouped as a near-duplicate ("also in N outlets").
        content_hash=dedup.content_hash(f"{parsed.source_name or ''}\n{content}"),
        signature=signature,
        bands=bands,
        warnings=parsed.warnings,
        mentions=mentions,
    )
    # The row text for the COPY that writes the article, built here rather than in the
    # main process, which is the import's bottleneck.
    parts = copy_parts(record, word_count=len(words))
    times["sign"] += _cpu() - signed
    if not _storable(parts):
        return PreparedRecord(
            doc.origin,
            doc.external_id,
            doc.raw,
            reject_reason=UNSTORABLE,
        )
    # The row text carries the texts: the parsed article goes back to the main process
    # without them (a third of the bytes pickled per record).
    return replace(record, copy_parts=parts, article=without_texts(parsed))


def _by_outlet(by_name: dict, name: str):
    """Return ``by_name``'s entry for a Source name, else for its outlet key: the records
    of "CNSNews.com" belong to the source "CNS News" (``services.imports.sources.SourceCache``)."""
    found = by_name.get(name)
    return found if found is not None else by_name.get(outlet_key(name))


def _parse(doc, source, key: str, furniture: frozenset[str], outlets) -> ParsedArticle:
    """Parse ``doc`` without ``furniture``; give it its folder's outlet if it names none."""
    parsed = parse_document(doc, source=source, learned_furniture=furniture)
    if not parsed.source_name and outlets and key in outlets:
        outlet = outlets[key]
        if outlet.claims(parsed.raw_text):
            parsed = replace(parsed, source_name=outlet.name)
    return parsed


@lru_cache(maxsize=256)
def _stored_beyond(
    stored: frozenset[str], learned: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """Return the stored keys the run did not learn, and all of them (once per source)."""
    return stored - learned, stored | learned


def without_texts(parsed: ParsedArticle) -> ParsedArticle:
    """Return ``parsed`` without its body, corrections, raw text and removed furniture."""
    return replace(parsed, body="", corrections="", raw_text="", removed=())


UNSTORABLE = "text cannot be stored (NUL character or invalid Unicode)"


def _encodable(parsed) -> bool:
    """Return whether every text field of ``parsed`` can be encoded as UTF-8."""
    try:
        for text in (
            parsed.title,
            parsed.lede,
            parsed.body,
            parsed.corrections,
            parsed.byline,
            parsed.dateline,
        ):
            text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _storable(parts: tuple[bytes, bytes] | None) -> bool:
    """Return whether PostgreSQL can store the text (no NUL; encodable, see ``copy_parts``)."""
    return parts is not None and not any(b"\x00" in part for part in parts)


def _prepare_chunk(docs: list[RawDocument]):
    times = {"parse": 0.0, "sign": 0.0, "extract": 0.0}
    records = [
        prepare_record(
            doc,
            source=_WORKER["source"],
            learned=_WORKER["learned"],
            outlets=_WORKER["outlets"],
            times=times,
            indexes=_WORKER.get("indexes"),
        )
        for doc in docs
    ]
    return records, times


def _split(items: list, parts: int) -> list[list]:
    size = max(1, -(-len(items) // parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


def prepared_chunks(
    docs, source, learned: Learned, workers, times, size: int = CHUNK_SIZE
) -> Iterator[list]:
    """Yield lists of PreparedRecords, in input order, ``size`` records at a time (one
    write transaction each).

    ``times`` (``pipeline.imports.StageTimes``) gets the workers' stage times.
    """
    if workers == 1:
        worker_times = {"parse": 0.0, "sign": 0.0, "extract": 0.0}
        while chunk := list(islice(docs, size)):
            yield [
                prepare_record(
                    doc,
                    source=source,
                    learned=learned.furniture,
                    outlets=learned.outlets,
                    times=worker_times,
                    indexes=_WORKER.get("indexes"),
                )
                for doc in chunk
            ]
        times.add_worker(worker_times)
        return
    # fork shares the parsed modules and compiled patterns with the workers for free.
    context = multiprocessing.get_context("fork")
    initargs = (source, learned.furniture, learned.outlets)
    with context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        pending: deque = deque()
        while True:
            # Keep AHEAD chunks in the workers while the caller writes one, so they never
            # wait for the main process; small tasks keep both workers busy to the end.
            while len(pending) < AHEAD and (chunk := list(islice(docs, size))):
                pending.append(pool.map_async(_prepare_chunk, _split(chunk, workers * 4)))
            if not pending:
                return
            yield _collect(pending.popleft().get(), times)


def _collect(results, times) -> list:
    records = []
    for part, part_times in results:
        records.extend(part)
        times.add_worker(part_times)
    return records
