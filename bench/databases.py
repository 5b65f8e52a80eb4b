"""The benchmarks' own databases: each builds and measures in one beside the served one."""

from __future__ import annotations

from django.db import connection, connections


def switch(name: str) -> None:
    """Point Django's default connection at database ``name`` (closing every open one)."""
    connections.close_all()
    connection.settings_dict["NAME"] = name


def recreate(name: str) -> None:
    """Drop database ``name`` if it exists and create it empty."""
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def drop(name: str) -> None:
    """Drop database ``name`` if it exists (from a fresh connection: none may be open in it)."""
    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
