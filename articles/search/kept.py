"""Answers kept per process until the index commits again: least recently used go first.

The index's aggregations give the same answer until its next commit, so ``results`` and
``cooccurrence`` keep theirs under keys holding the index's path and generation
(``Engine.generation``): a commit makes every kept answer unreachable, and the oldest fall
out past the limit. ``settings.SEARCH_CACHE`` caps the limit; 0 turns keeping off (the
benchmark's cold figures).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")


class Kept:
    """Up to ``limit`` answers, shared by a process's threads."""

    def __init__(self, limit: int):
        self.limit = limit
        self._answers: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def size(self) -> int:
        return min(getattr(settings, "SEARCH_CACHE", self.limit), self.limit)

    def answer(self, key: Hashable, make: Callable[[], T]) -> T:
        """Return the answer kept under ``key``, or ``make()``'s, kept. Callers copy what
        they hand out when their readers may change it."""
        size = self.size()
        if not size:
            return make()
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                return found
        found = make()
        with self._lock:
            self._answers[key] = found
            while len(self._answers) > size:
                self._answers.popitem(last=False)
        return found
