"""Writes. Every change to the database goes through a function here (HackSoft style)."""

from .reference import ReferenceReport, reference_load

__all__ = ["ReferenceReport", "reference_load"]
