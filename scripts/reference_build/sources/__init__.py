"""Readers of the officials' sources: one module each, every one returning Records."""

from __future__ import annotations
