"""Walk folders and peel gzip, zip and tar layers down to the files that hold records.

Reading and counting share the walk and the detection; a layer that turns out to be
corrupt becomes one RawDocument with ``error`` set at that layer's origin.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from articles.ingest.types import RawDocument

from . import detect, records

_BUFFER_BYTES = 1024 * 1024
_SPOOL_MAX_BYTES = 64 * 1024 * 1024  # a nested zip bigger than this spools to disk
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


@dataclass
class Context:
    """What one run was asked for; ``budget`` bounds how many bytes counting may scan."""

    format: str
    on_skip: Callable[[str, str], None] | None = None
    budget: int = 0


class Uncountable(Exception):
    """Raised when counting would cost about as much as reading."""


def read_path(path: Path, origin: str, ctx: Context) -> Iterator[RawDocument]:
    """Yield every document under a file or folder given by the user."""
    if not path.is_dir():
        yield from _read_file(path, path.name, origin, ctx)
        return
    for file_path, file_origin, error in _walk(path, origin, ctx):
        if error:
            yield records.failed(file_origin, file_path.name, _format_guess("", ctx), error)
        else:
            yield from _read_file(file_path, file_path.name, file_origin, ctx)


def count_path(path: Path, origin: str, ctx: Context) -> int:
    """Return an estimate of the documents under a file or folder; raise Uncountable."""
    if not path.is_dir():
        return _count_file(path, path.name, ctx)
    return sum(
        1 if error else _count_file(file_path, file_path.name, ctx)
        for file_path, _origin, error in _walk(path, origin, ctx)
    )


def _walk(folder: Path, origin: str, ctx: Context) -> Iterator[tuple[Path, str, str | None]]:
    """Yield ``(path, origin, error)`` for each wanted file, depth first in name order."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, origin, f"cannot read folder: {exc.strerror}"
        return
    for entry in entries:
        entry_origin = f"{origin}/{entry.name}"
        reason = detect.skip_reason(entry.name)
        if reason:
            _skip(ctx, entry_origin, reason)
        elif entry.is_dir(follow_symlinks=False):  # not following links avoids cycles
            yield from _walk(Path(entry.path), entry_origin, ctx)
        elif entry.is_file() and _wanted(entry.name, entry_origin, ctx):
            yield Path(entry.path), entry_origin, None


def _wanted(name: str, origin: str, ctx: Context) -> bool:
    """Return whether a file inside a folder or archive is read, telling on_skip if not."""
    reason = detect.skip_reason(name)
    if not reason and detect.kind_from_name(name) is None and ctx.format == "auto":
        reason = f"unsupported file type {Path(name).suffix}"
    if reason:
        _skip(ctx, origin, reason)
    return not reason


def _skip(ctx: Context, origin: str, reason: str) -> None:
    if ctx.on_skip:
        ctx.on_skip(origin, reason)


def _format_guess(name: str, ctx: Context) -> str:
    """Return the format an unreadable file would have had, for its error record."""
    if ctx.format != "auto":
        return ctx.format
    kind = detect.kind_from_name(detect.strip_compression(name))
    return kind if kind in ("txt", "jsonl", "csv") else "txt"


def _read_file(path: Path, name: str, origin: str, ctx: Context) -> Iterator[RawDocument]:
    try:
        with open(path, "rb") as stream:
            yield from _read_stream(stream, name, origin, ctx, path=path)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        yield records.failed(origin, detect.stem(name), _format_guess(name, ctx), reason)


def _read_stream(
    stream: BinaryIO, name: str, origin: str, ctx: Context, path: Path | None = None
) -> Iterator[RawDocument]:
    """Yield the documents of one stream, whatever layers (gzip, zip, tar) it has."""
    head, stream = _with_head(stream)
    kind = _kind(head, name)
    if kind == "empty":
        yield records.failed(origin, detect.stem(name), _format_guess(name, ctx), "empty file")
    elif kind == "not-gzip":
        reason = "corrupt gzip: not a gzip file (bad magic bytes)"
        yield records.failed(origin, detect.stem(name), _format_guess(name, ctx), reason, head)
    elif kind == "gzip":
        inner_name = detect.strip_compression(name)
        try:
            with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
                yield from _read_stream(inner, inner_name, origin, ctx)
        except _GZIP_ERRORS as exc:
            reason = f"corrupt gzip: {exc}"
            yield records.failed(origin, detect.stem(inner_name), _format_guess(name, ctx), reason)
    elif kind == "zip":
        yield from _read_zip(stream, path, origin, ctx)
    elif kind == "tar":
        yield from _read_tar(stream, origin, ctx)
    else:
        yield from _read_leaf(stream, head, name, origin, ctx)


def _kind(head: bytes, name: str) -> str:
    """Return "empty", "gzip", "not-gzip", "zip", "tar" or "leaf"; magic bytes win."""
    if not head:
        return "empty"
    by_name = detect.kind_from_name(name)
    by_head = detect.kind_from_head(head)
    if by_head:
        return by_head
    if by_name == "gzip":
        return "not-gzip"
    return by_name if by_name in ("zip", "tar") else "leaf"


def _leaf_format(head: bytes, name: str, ctx: Context) -> str:
    if ctx.format != "auto":
        return ctx.format
    kind = detect.kind_from_name(name)
    return kind if kind in ("txt", "jsonl", "csv") else detect.sniff_format(head)


def _read_leaf(
    stream: BinaryIO, head: bytes, name: str, origin: str, ctx: Context
) -> Iterator[RawDocument]:
    fmt = _leaf_format(head, name, ctx)
    reason = detect.binary_reason(head)
    if reason:
        yield records.failed(origin, detect.stem(name), fmt, reason, head)
        return
    try:
        if fmt == "txt":
            yield records.read_txt(stream, name, origin)
        elif fmt == "jsonl":
            yield from records.read_json(stream, head, name, origin)
        else:
            yield from records.read_csv(stream, head, name, origin)
    except UnicodeDecodeError as exc:  # only UTF-16 streams decode past the head
        reason = f"undecodable text: {exc.encoding} ({exc.reason})"
        yield records.failed(origin, detect.stem(name), fmt, reason)


@contextlib.contextmanager
def _zip_source(stream: BinaryIO, path: Path | None) -> Iterator[Path | BinaryIO]:
    """Yield something zipfile can seek in; a nested zip is spooled, to disk if big."""
    if path is not None:
        yield path
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_MAX_BYTES) as spool:
        shutil.copyfileobj(stream, spool, _BUFFER_BYTES)
        spool.seek(0)
        yield spool


def _read_zip(
    stream: BinaryIO, path: Path | None, origin: str, ctx: Context
) -> Iterator[RawDocument]:
    with _zip_source(stream, path) as source:
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            yield records.failed(origin, detect.stem(origin), "txt", f"corrupt zip: {exc}")
            return
        with archive:
            yield from _read_zip_members(archive, origin, ctx)


def _read_zip_members(archive: zipfile.ZipFile, origin: str, ctx: Context) -> Iterator[RawDocument]:
    # Archive order: fixed by the archive itself, so reading stays deterministic.
    for info in archive.infolist():
        member_origin = f"{origin}!{info.filename}"
        if info.is_dir() or not _wanted(info.filename, member_origin, ctx):
            continue
        try:
            with archive.open(info) as member:
                yield from _read_stream(member, info.filename, member_origin, ctx)
        except zipfile.BadZipFile as exc:
            reason = f"corrupt zip: {exc}"
            fmt = _format_guess(info.filename, ctx)
            yield records.failed(member_origin, detect.stem(info.filename), fmt, reason)
        except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown method
            reason = f"cannot read zip member: {exc}"
            fmt = _format_guess(info.filename, ctx)
            yield records.failed(member_origin, detect.stem(info.filename), fmt, reason)


def _read_tar(stream: BinaryIO, origin: str, ctx: Context) -> Iterator[RawDocument]:
    try:
        # Closed by the with below; only opening errors are caught here.
        archive = tarfile.open(fileobj=stream, mode="r|*")  # noqa: SIM115
    except tarfile.TarError as exc:
        yield records.failed(origin, detect.stem(origin), "txt", f"corrupt tar: {exc}")
        return
    current = origin  # where a tar error is reported: the member being read, if any
    with archive:
        try:
            for member, member_origin in _tar_members(archive, origin, ctx):
                current = member_origin
                member_stream = archive.extractfile(member)
                yield from _read_stream(member_stream, member.name, member_origin, ctx)
                current = origin
        except tarfile.TarError as exc:
            fmt = _format_guess(current, ctx) if current != origin else "txt"
            yield records.failed(current, detect.stem(current), fmt, f"corrupt tar: {exc}")


def _tar_members(
    archive: tarfile.TarFile, origin: str, ctx: Context
) -> Iterator[tuple[tarfile.TarInfo, str]]:
    """Yield the wanted regular files of a tar read as a stream, in archive order."""
    while True:
        member = archive.next()
        if member is None:
            return
        # Stream mode keeps every header it has seen; drop them so memory stays flat.
        archive.members.clear()
        member_origin = f"{origin}!{member.name}"
        if member.isfile() and _wanted(member.name, member_origin, ctx):
            yield member, member_origin


class _Prefixed(io.RawIOBase):
    """A raw stream that replays the bytes already read for sniffing, then the rest."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        return self._stream.readinto(buffer)


def _with_head(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """Return the first HEAD_BYTES of a stream and a buffered stream that still has them."""
    chunks, size = [], 0
    while size < detect.HEAD_BYTES:
        chunk = stream.read(detect.HEAD_BYTES - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    head = b"".join(chunks)
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=_BUFFER_BYTES)


def _count_file(path: Path, name: str, ctx: Context) -> int:
    if _leaf_format(b"", name, ctx) == "txt" and detect.kind_from_name(name) == "txt":
        return 1  # one article per text file: no need to open it
    try:
        with open(path, "rb") as stream:
            return _count_stream(stream, name, ctx, path)
    except OSError:
        return 1


def _count_stream(stream: BinaryIO, name: str, ctx: Context, path: Path | None = None) -> int:
    """Return an estimate of the documents in one stream without parsing records."""
    head, stream = _with_head(stream)
    kind = _kind(head, name)
    if kind == "gzip":
        try:
            with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
                return _count_stream(inner, detect.strip_compression(name), ctx)
        except _GZIP_ERRORS:
            return 1
    if kind == "zip":
        try:
            with _zip_source(stream, path) as source, zipfile.ZipFile(source) as archive:
                return sum(
                    _count_member(archive.open(info), info.filename, ctx)
                    for info in archive.infolist()
                    if not info.is_dir() and _wanted(info.filename, info.filename, ctx)
                )
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, EOFError):
            return 1
    if kind == "tar":
        try:
            with tarfile.open(fileobj=stream, mode="r|*") as archive:
                return sum(
                    _count_member(archive.extractfile(member), member.name, ctx)
                    for member, _origin in _tar_members(archive, "", ctx)
                )
        except tarfile.TarError:
            return 1
    if kind != "leaf" or detect.binary_reason(head):
        return 1
    fmt = _leaf_format(head, name, ctx)
    if fmt == "txt":
        return 1
    if fmt == "csv":
        return _count_csv_rows(stream, ctx)
    mode = detect.json_document_mode(detect.head_text(head), name)
    if mode == "array":
        raise Uncountable("a JSON array cannot be counted without parsing it")
    return 1 if mode == "pretty" else _count_lines(stream, ctx)


def _count_member(stream: BinaryIO, name: str, ctx: Context) -> int:
    with stream:
        if _leaf_format(b"", name, ctx) == "txt" and detect.kind_from_name(name) == "txt":
            return 1
        return _count_stream(stream, name, ctx)


def _spend(ctx: Context, size: int) -> None:
    ctx.budget -= size
    if ctx.budget < 0:
        raise Uncountable("too much data to count quickly")


def _count_lines(stream: BinaryIO, ctx: Context) -> int:
    """Return the number of lines that are not blank."""
    lines = 0
    for line in stream:
        _spend(ctx, len(line))
        lines += not line.isspace()
    return lines


def _count_csv_rows(stream: BinaryIO, ctx: Context) -> int:
    """Return the number of CSV rows after the header; a quoted newline does not end a row."""
    rows, quoted = 0, False
    for line in stream:
        _spend(ctx, len(line))
        # A doubled "" escape adds two quotes, so odd counts alone flip the state.
        if line.count(b'"') % 2:
            quoted = not quoted
        if not quoted and line.strip():
            rows += 1
    return max(rows - 1, 1)
