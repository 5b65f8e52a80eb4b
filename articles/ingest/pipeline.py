"""The import pipeline: readers → parse/clean → hash and sign → services, in batches.

The only ingest module that touches the database, and only through ``services``.
Parsing, cleaning and signing run in worker processes on chunks of records while the
main process writes the previous chunk, so a 2-core machine keeps both cores busy.
Memory stays bounded whatever the corpus size: records stream from the readers and at
most ``AHEAD`` + 1 chunks are in flight.

Furniture is learned in a first, read-only pass over the inputs (paragraphs that recur in
many distinct articles of one source; the sources are shared out among the workers),
then removed in the second pass, together with the furniture earlier runs learned for
the same sources (``Source.learned_furniture``, to which the run adds what it learned).
The first pass also learns the outlet of a folder of plain files from those of its files
that name it (see ``OutletVotes``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
import time
import zlib
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urlsplit

import numpy as np

from articles.extract.run import Indexes, extract_article
from articles.extract.types import ArticleText
from articles.ingest import boilerplate, dedup
from articles.ingest.boilerplate import FurnitureLearner
from articles.ingest.mention_rows import mentions_prepare
from articles.ingest.outlets import FolderOutlet, OutletVotes, outlet_key
from articles.ingest.parse import (
    DOMAIN_FIELDS,
    SOURCE_FIELDS,
    TEXT_FIELDS,
    URL_FIELDS,
    parse_document,
)
from articles.ingest.readers import iter_documents
from articles.ingest.records import OUTCOMES, UNKNOWN_SOURCE, PreparedRecord, copy_parts
from articles.ingest.types import ParsedArticle, RawDocument, RejectedRecord

CHUNK_SIZE = 1000  # records per write transaction
AHEAD = 2  # chunks being prepared by the workers while the main process writes
# The workers run at a lower priority than the writer. Writing is serial (the main process
# and its PostgreSQL backend take turns) and is nearly half of an import's CPU; at equal
# priority the two workers and the writer share two cores three ways, the writer falls
# behind and the workers then wait with nothing to do (~10% of the cores idle). Given
# priority, the writer gets a core whenever it can use one and the workers the rest:
# 412 -> 428 articles/s on allsides-all, with the same CPU per article.
WORKER_NICENESS = 10
# Bodies shorter than this many words are too short for a meaningful near-duplicate test.
MIN_WORDS_FOR_SIGNATURE = 40
# Copies of one story share their opening; signing only the first words keeps the cost
# of a long article at that of a short one.
SIGNATURE_WORDS = 400


@dataclass
class StageTimes:
    """Seconds spent per stage.

    ``parse``, ``extract`` and ``sign`` are CPU seconds summed over the workers (per-core
    figures); ``read``, ``learn``, ``write``, ``index`` (the search index taking in the run's
    articles at the end), ``analyze`` (refreshing the tables' statistics at the end) and ``total`` are wall-clock seconds. The ``cpu_*`` fields are CPU seconds
    per process group, so a run on a busy machine can be compared with one on a quiet
    machine: the main process (reading, classifying and sending rows; it compiles the
    gazetteer too, ``cpu_gazetteer``, while the learn pass runs), the workers (parse,
    extract, sign, pickling), the learn pass, and the PostgreSQL server (this connection's
    backend, and all of the server's processes); the PostgreSQL figures are None when the
    server's processes cannot be read (remote).
    """

    read: float = 0.0
    learn: float = 0.0
    gazetteer: float = 0.0
    parse: float = 0.0
    sign: float = 0.0
    extract: float = 0.0
    write: float = 0.0
    index: float = 0.0
    analyze: float = 0.0
    total: float = 0.0
    cpu_read: float = 0.0
    cpu_write: float = 0.0
    cpu_main: float = 0.0
    cpu_workers: float = 0.0
    cpu_learn: float = 0.0
    cpu_gazetteer: float = 0.0
    cpu_index: float = 0.0  # the main process and the index writer's threads
    cpu_pg_backend: float | None = None
    cpu_pg_server: float | None = None

    def add_worker(self, other: dict[str, float]) -> None:
        self.parse += other.get("parse", 0.0)
        self.sign += other.get("sign", 0.0)
        self.extract += other.get("extract", 0.0)


@dataclass
class ImportSummary:
    """What a run did: the outcome counts, stage times and memory."""

    run_id: int | None
    records: int = 0
    outcomes: Counter = field(default_factory=Counter)
    warnings: int = 0
    times: StageTimes = field(default_factory=StageTimes)
    peak_memory_mb: float = 0.0
    dry_run: bool = False
    interrupted: bool = False
    analyzed: tuple[str, ...] = ()  # tables whose statistics the run refreshed
    indexed: int = 0  # search index documents written (or removed) at the end

    def line(self) -> str:
        """Return the one-line summary the command prints."""
        counts = ", ".join(f"{self.outcomes.get(name, 0)} {name}" for name in OUTCOMES)
        rate = self.records / self.times.total if self.times.total else 0.0
        prefix = "Dry run (nothing written)" if self.dry_run else f"Import #{self.run_id}"
        return (
            f"{prefix}: {self.records} records read: {counts}; {self.warnings} warnings; "
            f"{self.times.total:.1f}s ({rate:.0f} records/s)."
        )


def source_key(doc: RawDocument, source: str | None) -> str:
    """Return the key that groups a record with its outlet's other records before parsing."""
    if source:
        return source
    key = _fields_source_key(doc)
    # Plain files: the folder they sit in (outlets' scrapes are usually one folder each).
    return _folder_key(doc) if key is None else key


def _fields_source_key(doc: RawDocument) -> str | None:
    """Return the outlet a record's own fields give (source, domain or url), if any."""
    fields = doc.fields or {}
    for name in (*SOURCE_FIELDS, *DOMAIN_FIELDS):
        if fields.get(name):
            return fields[name].strip().lower()
    for name in URL_FIELDS:
        if fields.get(name):
            return urlsplit(fields[name]).netloc.lower().removeprefix("www.")
    return None


def _folder_key(doc: RawDocument) -> str:
    path = doc.origin.split("!")[-1].rsplit(":", 1)[0]
    return str(PurePosixPath(path).parent)


def source_name_of(parsed) -> str:
    """Return the name of the Source row an article will belong to (as ``SourceCache``)."""
    return (parsed.source_name or "").strip()[:200] or UNKNOWN_SOURCE


def record_text(doc: RawDocument) -> str:
    """Return the text of a record (the file for .txt, the body field for records)."""
    if doc.text is not None:
        return doc.text
    fields = doc.fields or {}
    for name in TEXT_FIELDS:
        if fields.get(name):
            return fields[name]
    return ""


# Stage timers in the workers count CPU time: a shared machine's other load is not ours.
_cpu = time.process_time

# Worker-process state, set once per worker by ``_init_worker`` (pickled once, not per task).
_WORKER: dict = {}


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
        # As COPY rows: bytes pickle to the main process ~30x faster than the matches.
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
    of "CNSNews.com" belong to the source "CNS News" (``services.imports.SourceCache``)."""
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


def sign_words(words: Sequence[str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the MinHash signature and LSH band hashes of a body split into words.

    ``((), ())`` when the body is too short to sign: such articles are never grouped.
    """
    if len(words) < MIN_WORDS_FOR_SIGNATURE:
        return (), ()
    signature = dedup.signature_of_chunks(words[:SIGNATURE_WORDS])
    return signature, band_hashes(signature)


def band_hashes(signature: Sequence[int]) -> tuple[int, ...]:
    """Return one stable signed 64-bit hash per LSH band, for the ArticleBand table.

    Python's ``hash`` is not guaranteed across versions, and these are stored, so each
    band (prefixed with its number, so equal values in different bands differ) goes
    through blake2b; each digest is read as a big-endian signed integer.
    """
    packed = array("I", signature).tobytes()
    width = dedup.ROWS * 4
    digests = []
    for i, numbered in enumerate(_BAND_HASHERS):
        hasher = numbered.copy()
        hasher.update(packed[i * width : (i + 1) * width])
        digests.append(hasher.digest())
    return tuple(np.frombuffer(b"".join(digests), dtype=">i8").tolist())


# One blake2b state per band, already fed the band's number: copying it costs less than a
# new hash object, and numpy reads the 42 digests at once (0.016 ms a signature against
# 0.030 ms for a new object and an ``int.from_bytes`` per band).
_BAND_HASHERS = tuple(hashlib.blake2b(bytes([i]), digest_size=8) for i in range(dedup.BANDS))


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


class Learned(NamedTuple):
    """What the first pass learns: each source's furniture, each folder's outlet.

    ``names``: the Source names each source key's records are expected to get (from a
    record's outlet field, or from the folder's sampled files), so that what is learned
    under one key is applied to, and stored for, all of the run's records of those sources.
    """

    furniture: dict[str, frozenset[str]]
    outlets: dict[str, FolderOutlet]
    names: dict[str, set[str]]


def _furniture_by_name(learned: Learned) -> dict[str, frozenset[str]]:
    """Return the furniture the run learned for each Source name its keys' records go to.

    The same whether or not it is stored yet, so importing the same inputs twice cleans
    every record alike (the second run finds stored what the first applied). Furniture of
    unrelated folders is never pooled under the unknown source.
    """
    by_name: dict[str, set[str]] = {}
    for key, names in learned.names.items():
        if keys := learned.furniture.get(key):
            for name in names - {UNKNOWN_SOURCE}:
                by_name.setdefault(name, set()).update(keys)
    return {name: frozenset(keys) for name, keys in by_name.items()}


def learn_sources(
    paths: Sequence[str],
    *,
    format: str,
    source: str | None,
    limit: int | None,
    workers: int = 1,
    meanwhile: Callable[[], None] | None = None,
) -> Learned:
    """Read the inputs once; learn each source's repeated paragraphs and folders' outlets.

    With several workers, each reads the inputs and learns the sources whose key hashes
    to it: a source's paragraphs are counted by one learner, in input order, so the
    result is exactly the serial one. ``meanwhile`` runs in this process while they
    learn (the import compiles the gazetteer then, instead of with the cores idle).
    """
    if workers <= 1:
        if meanwhile:
            meanwhile()
        return _learn_part(paths, format, source, limit, 0, 1)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending = pool.starmap_async(
            _learn_part, [(paths, format, source, limit, i, workers) for i in range(workers)]
        )
        if meanwhile:
            meanwhile()
        parts = pending.get()
    learned = Learned({}, {}, {})
    for part in parts:
        learned.furniture.update(part.furniture)
        learned.outlets.update(part.outlets)
        learned.names.update(part.names)
    return learned


def _learn_part(paths, format, source, limit, part: int, parts: int) -> Learned:
    learner = FurnitureLearner()
    votes = OutletVotes()
    names: dict[str, set[str]] = {}
    for doc in islice(iter_documents(paths, format=format), limit):
        if not doc.error:
            key = source_key(doc, source)
            if parts == 1 or zlib.crc32(key.encode("utf-8", "surrogatepass")) % parts == part:
                text = record_text(doc)
                learner.add(key, text)
                if source is None and _fields_source_key(doc) is None:  # keyed by folder
                    votes.add(key, doc, text)  # its sampled files' names are its names
                else:
                    names.setdefault(key, set()).add(_expected_source_name(doc, source))
    furniture = learner.learned()
    for key, sampled in votes.sampled_names().items():
        names.setdefault(key, set()).update(sampled)
    return Learned(furniture, votes.agreed(furniture), names)


def _expected_source_name(doc: RawDocument, source: str | None) -> str:
    """Return the Source name parsing will give a record that has an outlet field, a site
    or ``source``, without parsing it: the field, else the site's domain, else ``source``.

    Used to share learned furniture among a source's keys: a rare miss shares less.
    """
    fields = doc.fields or {}
    for name in SOURCE_FIELDS:
        if value := (fields.get(name) or "").strip():
            return value[:200]
    for name in (*DOMAIN_FIELDS, *URL_FIELDS):
        if value := (fields.get(name) or "").strip():
            try:
                host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
            except ValueError:  # a malformed URL, as parsing reads it
                continue
            if host := host.removeprefix("www."):
                return host[:200]
    return (source or "").strip()[:200] or UNKNOWN_SOURCE


def run_import(
    paths: Sequence[str],
    *,
    format: str = "auto",
    source: str | None = None,
    limit: int | None = None,
    dry_run: bool = False,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import ``paths``; return the summary (the ImportRun row holds the same counts)."""
    from django.db import transaction

    from articles.services import curation, furniture, imports, maintenance
    from articles.services.mentions import CandidateResolver

    started = time.perf_counter()
    workers = max(1, workers or os.cpu_count() or 1)
    arguments = {
        "paths": [str(p) for p in paths],
        "format": format,
        "source": source,
        "limit": limit,
        "workers": workers,
    }
    times = StageTimes()

    def compile_gazetteer() -> None:
        # Compiled once, while the learners read; forked workers share it (copy-on-write).
        gazetteer_started, gazetteer_cpu = time.perf_counter(), time.process_time()
        _WORKER["indexes"] = _build_indexes()
        # Editors' per-source cleaning rules; forked workers share them like the gazetteer.
        _WORKER["cleaning_rules"] = curation.source_cleaning_rules()
        # The furniture earlier imports learned, by source name; shared the same way.
        stored.update(furniture.source_furniture_by_name())
        times.gazetteer = time.perf_counter() - gazetteer_started
        times.cpu_gazetteer = time.process_time() - gazetteer_cpu

    stored: dict[str, frozenset[str]] = {}
    database_cpu = imports.database_cpu_seconds()
    main_cpu, children_cpu = time.process_time(), _children_cpu()
    learn_started = time.perf_counter()
    learned = learn_sources(
        paths,
        format=format,
        source=source,
        limit=limit,
        workers=workers,
        meanwhile=compile_gazetteer,
    )
    times.learn = time.perf_counter() - learn_started
    times.cpu_learn = _children_cpu() - children_cpu
    if workers == 1:  # learned in this process, after compiling the gazetteer
        times.cpu_learn = time.process_time() - main_cpu - times.cpu_gazetteer
    children_cpu = _children_cpu()
    run_furniture = _furniture_by_name(learned)
    _WORKER["stored_furniture"] = {
        name: stored.get(name, frozenset()) | run_furniture.get(name, frozenset())
        for name in stored.keys() | run_furniture.keys()
        if name != UNKNOWN_SOURCE
    }

    with transaction.atomic() if dry_run else _no_transaction():
        run = imports.import_run_start(arguments=arguments, dry_run=dry_run)
        summary = ImportSummary(run_id=None if dry_run else run.pk, dry_run=dry_run, times=times)
        sources = imports.SourceCache()
        threshold = dedup.NEAR_DUPLICATE_THRESHOLD
        docs = _timed(islice(iter_documents(paths, format=format), limit), times)
        try:
            resolver = CandidateResolver()
            for records in _prepared_chunks(docs, source, learned, workers, times):
                write_started, write_cpu = time.perf_counter(), time.process_time()
                outcomes = imports.import_batch_write(
                    run=run,
                    records=records,
                    sources=sources,
                    threshold=threshold,
                    resolver=resolver,
                )
                times.write += time.perf_counter() - write_started
                times.cpu_write += time.process_time() - write_cpu
                summary.records += len(records)
                summary.outcomes.update(outcomes)
                summary.warnings += sum(len(r.warnings) for r in records)
                if on_progress:
                    on_progress(len(records))
        except KeyboardInterrupt:
            summary.interrupted = True
            if not dry_run:
                imports.import_run_finish(run=run, status="interrupted")
            raise
        if dry_run:
            transaction.set_rollback(True)
        else:
            # What the run learned, added to what each source had: later runs drop it too.
            furniture.source_furniture_store(
                learned={
                    pk: keys
                    for name, keys in run_furniture.items()
                    if (pk := sources.known_id(name)) is not None
                }
            )
            imports.import_run_finish(run=run)
    if not dry_run:
        # The search index takes in what the run wrote before the command says it is done.
        from articles.search import indexing

        index_started, index_cpu = time.perf_counter(), time.process_time()
        summary.indexed = indexing.sync(wait=True, threads=min(workers, 2)).done
        times.index = time.perf_counter() - index_started
        times.cpu_index = time.process_time() - index_cpu
        # Pages are fast right after a big import, whether autovacuum runs or not.
        refresh = maintenance.table_statistics_refresh(tables=maintenance.IMPORT_TABLES)
        summary.analyzed, times.analyze = refresh.analyzed, refresh.seconds
    times.total = time.perf_counter() - started
    times.cpu_main = time.process_time() - main_cpu
    times.cpu_workers = _children_cpu() - children_cpu
    if database_cpu is not None and (now := imports.database_cpu_seconds()) is not None:
        times.cpu_pg_backend = now[0] - database_cpu[0]
        times.cpu_pg_server = now[1] - database_cpu[1]
    summary.peak_memory_mb = peak_memory_mb()
    return summary


def _build_indexes() -> Indexes | None:
    """Return the compiled gazetteer of the database, or None when it has no countries."""
    from articles.selectors import gazetteer_snapshot

    gazetteer = gazetteer_snapshot()
    if not gazetteer.countries:
        return None  # no reference data loaded: import without tagging (reextract later)
    return Indexes.build(gazetteer)


class _no_transaction:
    """A context manager that does nothing (each batch has its own transaction)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _timed(docs: Iterable[RawDocument], times: StageTimes) -> Iterator[RawDocument]:
    """Yield ``docs``, adding the time spent reading them to ``times.read``."""
    iterator = iter(docs)
    wall, cpu = time.perf_counter, time.process_time
    while True:
        started, started_cpu = wall(), cpu()
        try:
            doc = next(iterator)
        except StopIteration:
            times.read += wall() - started
            times.cpu_read += cpu() - started_cpu
            return
        times.read += wall() - started
        times.cpu_read += cpu() - started_cpu
        yield doc


def _prepared_chunks(docs, source, learned: Learned, workers, times) -> Iterator[list]:
    """Yield lists of PreparedRecords, in input order, one chunk at a time."""
    if workers == 1:
        worker_times = {"parse": 0.0, "sign": 0.0, "extract": 0.0}
        while chunk := list(islice(docs, CHUNK_SIZE)):
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
            while len(pending) < AHEAD and (chunk := list(islice(docs, CHUNK_SIZE))):
                pending.append(pool.map_async(_prepare_chunk, _split(chunk, workers * 4)))
            if not pending:
                return
            yield _collect(pending.popleft().get(), times)


def _collect(results, times: StageTimes) -> list:
    records = []
    for part, part_times in results:
        records.extend(part)
        times.add_worker(part_times)
    return records


def _children_cpu() -> float:
    """Return the CPU seconds of this process's finished children (the pools' workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_memory_mb() -> float:
    """Return the peak resident memory of this process or any worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # ru_maxrss is in KiB on Linux
