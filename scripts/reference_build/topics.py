"""topics.json: our own diplomatic topic taxonomy with phrase rules (data/topics.json)."""

from __future__ import annotations

from .datafiles import load


def rules(include: dict[str, float], exclude: tuple[str, ...] = ()) -> list[dict]:
    """Expand ``{phrase: weight}`` and exclusions into rule dicts."""
    out = [{"phrase": p, "weight": w, "kind": "include"} for p, w in include.items()]
    out += [{"phrase": p, "weight": 0, "kind": "exclude"} for p in exclude]
    return out


# One entry per topic: slug, name, parent slug, description, threshold, and its phrase
# rules as {phrase: weight} (include) and [phrase] (exclude).
TOPICS: list[dict] = load("topics.json")


def build_topics() -> list[dict]:
    """Return the topic taxonomy sorted by slug."""
    out = [
        {
            "slug": topic["slug"],
            "name": topic["name"],
            "parent": topic["parent"],
            "description": topic["description"],
            "threshold": topic["threshold"],
            "rules": rules(topic["include"], tuple(topic["exclude"])),
        }
        for topic in TOPICS
    ]
    return sorted(out, key=lambda t: t["slug"])
