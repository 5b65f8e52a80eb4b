"""Request middleware of the articles app."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.http import http_date

from articles.search.indexing import request_pending, request_synced
from articles.selectors.site import data_state
from articles.services import limits
from newsroom.client_ip import client_ip

logger = logging.getLogger(__name__)


class SearchIndexMiddleware:
    """Let a request look at the search index's queue once, however many reads it makes.

    The first read of the index in a request indexes what changed since (bounded, see
    ``indexing.sync_for_page``); later reads in the same request skip that check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_synced.set(False)
        try:
            return self.get_response(request)
        finally:
            request_synced.reset(token)


class RateLimitMiddleware:
    """Per-address limits (``settings.RATE_LIMITS``): 429 with Retry-After when over.

    Three limits, counted per client address (``newsroom.client_ip``): pages (every
    request but the API's, which DRF limits, and exports), exports (strict, and at most
    ``EXPORTS_AT_ONCE`` streaming at once per address), and login attempts (POSTs to the
    admin login: one address trying many usernames is slowed, which the lock-out per
    account and address does not do).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _scope(request)
        rate = limits.parse_rate(settings.RATE_LIMITS.get(scope)) if scope else None
        if rate is None:
            return self.get_response(request)
        client = client_ip(request)
        wait = limits.hit(f"{scope}:{client}", rate)
        if wait is not None:
            return _too_many(request, wait, _LIMIT_MESSAGES[scope])
        if scope != "exports" or settings.EXPORTS_AT_ONCE <= 0:
            return self.get_response(request)
        slot = limits.acquire_export_slot(client, settings.EXPORTS_AT_ONCE)
        if slot is None:
            return _too_many(
                request,
                10,
                f"At most {settings.EXPORTS_AT_ONCE} exports may run at once from one "
                "address: wait until one has finished.",
            )
        try:
            response = self.get_response(request)
        except BaseException:
            limits.release_export_slot(slot)
            raise
        if response.streaming:
            response.streaming_content = _Releasing(response.streaming_content, slot)
        else:
            limits.release_export_slot(slot)
        return response


_LIMIT_MESSAGES = {
    "pages": "Too many requests from your address: please slow down.",
    "exports": "Too many exports from your address: exports are limited, please wait.",
    "login": "Too many login attempts from your address: please wait.",
}


def _scope(request) -> str | None:
    path = request.path_info
    if path.startswith("/api/"):
        return None  # DRF's AnonymousRateThrottle
    if path in _export_paths():
        return "exports"
    if request.method == "POST" and path == reverse("admin:login"):
        return "login"
    return "pages"


@lru_cache(maxsize=1)
def _export_paths() -> frozenset[str]:
    return frozenset(
        reverse(f"articles:{name}") for name in ("article_export_csv", "article_export_jsonl")
    )


def _too_many(request, wait: int, message: str) -> HttpResponse:
    response = HttpResponse(
        f"{message} Retry after {wait} seconds.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(wait)
    return response


class _Releasing:
    """A streamed body that frees its export slot when the server closes it.

    A class rather than a generator: a generator never started (the client left before
    the first chunk) would skip its ``finally`` when closed.
    """

    def __init__(self, chunks, slot: int):
        self._chunks = iter(chunks)
        self._slot = slot

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._chunks)

    def close(self) -> None:
        if self._slot is not None:
            slot, self._slot = self._slot, None
            limits.release_export_slot(slot)
        if hasattr(self._chunks, "close"):
            self._chunks.close()


class PageCacheMiddleware:
    """Serve anonymous pages from the "pages" cache, keyed by the state of the data.

    The key holds the site version, which the database bumps as every content change
    commits (``SiteVersion``), and the search index's latest commit: an import or an
    editor's save makes every page's next request render anew, so a page is never stale.
    Only anonymous GET/HEAD requests (no session or messages cookie) of public pages are
    served from it; only complete 200 answers that set no cookie and include every
    indexed change (``request_pending``) are stored. Each carries an ETag and the time of
    the last change as Last-Modified, so ``ConditionalGetMiddleware`` answers 304.
    """

    SKIP = ("/admin/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        state = data_state()
        if state is None:
            return self.get_response(request)
        outcome = "hit"
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"{FROZEN_FORMAT}:{code_version()}:{state.key}:{path}"
        frozen = _local_pages.get(key)
        if frozen is None:
            try:
                frozen = caches["pages"].get(key)
            except Exception:  # noqa: BLE001 - a cache outage must not take pages down
                logger.exception("page cache read failed")
            if not _is_frozen(frozen):
                frozen = None
            else:
                _local_pages.put(key, frozen)
        if frozen is not None:
            response = _thaw(frozen)
        else:
            request_pending.set(0)
            response = self.get_response(request)
            outcome = "miss" if self._storable(request, response) else "bypass"
            if outcome == "miss":
                set_response_etag(response)
                response["Last-Modified"] = http_date(state.changed.timestamp())
                frozen = _freeze(response)
                _local_pages.put(key, frozen)
                try:
                    caches["pages"].set(key, frozen)
                except Exception:  # noqa: BLE001
                    logger.exception("page cache write failed")
        if response.status_code == 200:
            response.setdefault("Last-Modified", http_date(state.changed.timestamp()))
            # Anyone may keep it, but must ask again (a 304 when nothing changed).
            response["Cache-Control"] = "no-cache"
            patch_vary_headers(response, ["Cookie"])
        response["X-Page-Cache"] = outcome  # for operators and the load benchmark
        return response

    @staticmethod
    def _cacheable(request) -> bool:
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(PageCacheMiddleware.SKIP)
            and request.path_info not in _export_paths()
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _storable(request, response) -> bool:
        return (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and request_pending.get() == 0
            and not response.has_header("Cache-Control")  # a view that chose its own
        )


FROZEN_FORMAT = "f1"  # change it when _freeze's output changes: old entries are then unread

# What a page is made from besides the data: the code and templates. Stored pages live a day
# in a table every process shares, so an upgrade must not serve the old code's pages (seen
# checking issue 19: after a restart on new code the home page kept its old text).
_CODE_DIRS = ("articles", "newsroom", "templates")
_CODE_SUFFIXES = (".py", ".html", ".txt", ".json")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Return a short digest of the deployed code (each file's path, size and mtime).

    Computed once per process (a few hundred ``stat`` calls at its first page); a deploy
    that changes any file changes it, and with it every page's cache key.
    """
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for name in _CODE_DIRS:
        for path in sorted((root / name).rglob("*")):
            if path.suffix not in _CODE_SUFFIXES or "__pycache__" in path.parts:
                continue
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def _is_frozen(value) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], int)
        and isinstance(value[1], bytes)
    )


def _freeze(response) -> tuple[int, bytes, tuple[tuple[str, str], ...]]:
    """A response as plain values: each hit builds its own response from them."""
    return response.status_code, response.content, tuple(response.headers.items())


def _thaw(frozen) -> HttpResponse:
    status, content, headers = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    return response


class _LocalPages:
    """This process's most recent pages, in front of the shared cache (least recently
    used out first, bounded in bytes): a hit then costs no round trip and no unpickling.
    Keys carry the site version like the shared cache's, so it is never stale either."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            frozen = self._pages.get(key)
            if frozen is not None:
                self._pages.move_to_end(key)
            return frozen

    def put(self, key: str, frozen) -> None:
        size = len(frozen[1])
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if key in self._pages:
                return
            self._pages[key] = frozen
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, old = self._pages.popitem(last=False)
                self._bytes -= len(old[1])

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0


_local_pages = _LocalPages(max_bytes=64 * 1024 * 1024)
