"""Reads of public pages from read replicas (``DATABASE_REPLICA_URLS``), the rest from the primary.

Only a request marked by ``ReplicaMiddleware`` ever reads from a replica: a GET or HEAD
outside the admin, from a client not pinned to the primary, by no staff user. Everything
else reads from the primary: commands, Celery tasks, shells, the admin, a staff user's
requests, reads inside a transaction, and every read of a request after it wrote.

"An editor sees their own change at once": a request that writes (any ORM write, or any
POST, PUT, PATCH or DELETE that succeeded) answers with a cookie that pins its client to
the primary for ``DATABASE_PIN_SECONDS`` (15 s by default), longer than a healthy
replica's lag. One request reads from one replica (chosen at random), so the page cache's
key (``data_state``) and the page it stores come from the same snapshot.
"""

from __future__ import annotations

import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PIN_COOKIE = "newsroom_primary"
# Apps whose rows are read right after they are written (sign-in, sessions, lock-outs).
PRIMARY_APPS = frozenset({"admin", "auth", "axes", "sessions"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Route:
    """Where the current request reads: ``replica`` (an alias), or None for the primary."""

    replica: str | None
    wrote: bool = False


_route: ContextVar[Route | None] = ContextVar("newsroom_db_route", default=None)


def read_alias() -> str:
    """Return the database the current code reads from (the primary outside a request)."""
    route = _route.get()
    if route is None or route.replica is None:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS  # a transaction's reads see its own writes and locks
    return route.replica


def use_primary() -> None:
    """Read the rest of the current request from the primary."""
    route = _route.get()
    if route is not None:
        route.replica = None


class ReplicaRouter:
    """Reads to the request's replica when it has one, writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is not None:
            route.wrote = True
            route.replica = None
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db in settings.DATABASE_REPLICAS else None


class ReplicaMiddleware:
    """Choose where each request reads, and pin a client that wrote to the primary.

    Before the page cache (which reads the site version) and before anything reads.
    """

    ADMIN = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        route = Route(replica=self._replica(request))
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        wrote = route.wrote or (request.method not in SAFE_METHODS and response.status_code < 400)
        if wrote and settings.DATABASE_REPLICAS:
            seconds = settings.DATABASE_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time() + seconds)),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        if response.streaming and route.replica is not None:
            response.streaming_content = _Routed(response.streaming_content, route)
        return response

    def _replica(self, request) -> str | None:
        replicas = settings.DATABASE_REPLICAS
        if (
            not replicas
            or request.method not in SAFE_METHODS
            or request.path_info.startswith(self.ADMIN)
            or _pinned(request)
        ):
            return None
        return random.choice(replicas)


class PrimaryForStaffMiddleware:
    """A staff user's requests read from the primary (after ``AuthenticationMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DATABASE_REPLICAS:  # (else the user is not loaded here: nothing to decide)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.is_staff:
                use_primary()
        return self.get_response(request)


def _pinned(request) -> bool:
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class _Routed:
    """A streamed body (an export) read from the request's replica while the server sends it,
    after the middleware has returned."""

    def __init__(self, chunks, route: Route):
        self._chunks = iter(chunks)
        self._route = route

    def __iter__(self):
        return self

    def __next__(self):
        token = _route.set(self._route)
        try:
            return next(self._chunks)
        finally:
            _route.reset(token)

    def close(self) -> None:
        if hasattr(self._chunks, "close"):
            self._chunks.close()
