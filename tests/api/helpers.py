"""Reading ids out of the API, the exports and the list page, for comparing them."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode


def api_ids(client, params: list[tuple[str, str]], *, page_size: int = 2) -> list[int]:
    """Return the ids of every page of /api/articles/, following ``next``."""
    url = "/api/articles/?" + urlencode([*params, ("page_size", str(page_size))])
    ids: list[int] = []
    for _ in range(10_000):
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        if not body["next"]:
            return ids
        url = body["next"]
    raise AssertionError("the pages never ended")


def export_text(client, params: list[tuple[str, str]], fmt: str) -> tuple[object, str]:
    response = client.get(f"/articles/export.{fmt}?" + urlencode(params))
    assert response.status_code == 200, response
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def export_ids(client, params: list[tuple[str, str]], fmt: str) -> list[int]:
    """Return the ids of the CSV or JSON-lines export, in file order."""
    _, text = export_text(client, params, fmt)
    if fmt == "csv":
        return [int(row["id"]) for row in csv_rows(text)]
    return [json.loads(line)["id"] for line in text.splitlines()]


def page_ids(client, params: list[tuple[str, str]]) -> list[int]:
    """Return the ids of every page of /articles/ for ``params``."""
    ids: list[int] = []
    for number in range(1, 1000):
        response = client.get("/articles/?" + urlencode([*params, ("page", str(number))]))
        assert response.status_code == 200
        page = response.context["page"]
        if page.number != number:
            break  # past the last page: the list shows the last one again
        ids += [row.id for row in page.rows]
        if not page.has_next:
            break
    return ids
