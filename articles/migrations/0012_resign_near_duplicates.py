"""Re-sign stored articles with near-duplicate signatures of version 2.

Version 2 (``articles.ingest.dedup.SIGNATURE_VERSION``) hashes each word once and builds
shingle hashes from them with numpy, instead of one blake2b per shingle: the import signs
an article in ~0.15 ms instead of ~0.36 ms. Signatures of the two versions are not
comparable, so every stored signature and its bands are recomputed from the body, in
batches; groups already formed stay as they are.
Reversing leaves the version 2 signatures in place (the older code cannot make them
again); re-sign with that code if you go back.

Not atomic: each batch commits on its own, so a database of a million articles is not
rewritten in one long transaction holding its locks and WAL to the end. Interrupted, the
migration is not recorded and runs again from the start; signing is deterministic, so
the batches already done are rewritten with the same values.

The signing below is a frozen copy of version 2 as the importer had it when this
migration was written (``articles.ingest.dedup.signature_of_chunks`` and the importer's
``sign_words`` / ``band_hashes``), without the importer's word-hash cache: a migration
imports no live app code, which may change after it (tests/articles/test_migration_resign.py
checks the copy against the importer's function).
"""

import hashlib
import html
import io
import json
import re
import unicodedata
from array import array

import numpy as np
from django.db import migrations, transaction

BATCH = 2000

# Version 2 of the near-duplicate signature, frozen (see the docstring).
SHINGLE_SIZE = 5
NUM_PERM = 128
BANDS = 42
ROWS = 3
MIN_WORDS_FOR_SIGNATURE = 40
SIGNATURE_WORDS = 400
_BIN_BITS = NUM_PERM.bit_length() - 1
_BIN_MASK = NUM_PERM - 1
_VALUE_MASK = 0xFFFFFFFF
_EMPTY = 1 << 32
_PERSON = b"newsroom-dedup"
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORD = re.compile(r"\w+")
_POSITIONS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)


def _words(text):
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text))
    return _WORD.findall(text.casefold())


def _probe_table():
    table = []
    for i in range(NUM_PERM):
        probes = []
        for attempt in range(4 * NUM_PERM):
            digest = hashlib.blake2b(
                f"{i}:{attempt}".encode(), digest_size=4, person=_PERSON
            ).digest()
            j = int.from_bytes(digest, "little") & _BIN_MASK
            if j != i:
                probes.append(j)
        table.append(tuple(probes))
    return tuple(table)


def _word_hash(word):
    hasher = hashlib.blake2b(digest_size=8, person=_PERSON)
    hasher.update(word.encode("utf-8", "surrogatepass"))
    return hasher.digest()


def _shingle_hashes(words):
    n, k = len(words), SHINGLE_SIZE
    if n <= k:
        combined = np.array([(words * _POSITIONS[:n]).sum(dtype=np.uint64)], dtype=np.uint64)
    else:
        m = n - k + 1
        combined = words[:m] * _POSITIONS[0]
        for i in range(1, k):
            combined += words[i : i + m] * _POSITIONS[i]
    combined ^= combined >> np.uint64(30)
    combined *= _MIX_1
    combined ^= combined >> np.uint64(27)
    combined *= _MIX_2
    combined ^= combined >> np.uint64(31)
    return combined & np.uint64((_VALUE_MASK << _BIN_BITS) | _BIN_MASK)


def _signature(chunks, probes):
    hashes = b"".join(_word_hash(word) for chunk in chunks for word in _words(chunk))
    words = np.frombuffer(hashes, dtype="<u8")
    if not len(words):
        return ()
    shingles = _shingle_hashes(words)
    bins = np.full(NUM_PERM, _EMPTY, dtype=np.uint64)
    np.minimum.at(bins, (shingles & np.uint64(_BIN_MASK)).astype(np.intp), shingles >> _BIN_BITS)
    values = bins.tolist()
    original = values[:]
    for i in np.flatnonzero(bins == _EMPTY).tolist():  # densify from the original bins
        for j in probes[i]:
            if original[j] != _EMPTY:
                values[i] = original[j]
                break
        else:
            for step in range(1, NUM_PERM):
                j = (i + step) & _BIN_MASK
                if original[j] != _EMPTY:
                    values[i] = original[j]
                    break
    return tuple(values)


def _band_hashes(signature):
    packed = array("I", signature).tobytes()
    width = ROWS * 4
    digests = []
    for i in range(BANDS):
        hasher = hashlib.blake2b(bytes([i]), digest_size=8)
        hasher.update(packed[i * width : (i + 1) * width])
        digests.append(hasher.digest())
    return tuple(np.frombuffer(b"".join(digests), dtype=">i8").tolist())


_PROBES = []  # built on first use: the migration is imported far more often than run


def sign_words(words):
    """Return the version 2 MinHash signature and LSH band hashes of a body's words."""
    if len(words) < MIN_WORDS_FOR_SIGNATURE:
        return (), ()
    if not _PROBES:
        _PROBES.extend(_probe_table())
    signature = _signature(words[:SIGNATURE_WORDS], _PROBES)
    return signature, _band_hashes(signature)


def resign(apps, schema_editor):
    from psycopg2.extras import execute_values

    Article = apps.get_model("articles", "Article")
    connection = schema_editor.connection
    ids = list(
        Article.objects.filter(minhash__isnull=False).order_by("id").values_list("id", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        signatures, bands = [], []
        for pk, body in Article.objects.filter(id__in=chunk).values_list("id", "body"):
            signature, hashes = sign_words(body.split())
            signatures.append((pk, json.dumps(list(signature)) if signature else None))
            bands.extend((pk, band) for band in set(hashes))
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            execute_values(
                cursor.cursor,
                "UPDATE articles_article AS a SET minhash = v.m::jsonb "
                "FROM (VALUES %s) AS v (id, m) WHERE a.id = v.id",
                signatures,
            )
            cursor.execute("DELETE FROM articles_articleband WHERE article_id = ANY(%s)", [chunk])
            cursor.cursor.copy_expert(
                "COPY articles_articleband (article_id, band) FROM STDIN",
                io.StringIO("".join(f"{pk}\t{band}\n" for pk, band in bands)),
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0011_mention_verbose_names"),
    ]

    operations = [migrations.RunPython(resign, migrations.RunPython.noop, elidable=True)]
