"""The README and docs/: every relative link resolves, and the README stays short."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 8192  # bytes: the README says what Newsroom is and links to docs/ for the rest

# [text](target) and ![alt](target), the target up to a space or the closing parenthesis.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)


def anchor(heading: str) -> str:
    """Return GitHub's anchor for a heading: lower case, punctuation dropped (underscores
    kept, as GitHub keeps them: ``DATABASE_REPLICA_URLS``), spaces to -."""
    text = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Return the anchors of a Markdown file's headings (outside code blocks)."""
    return {anchor(h) for h in HEADING.findall(FENCE.sub("", path.read_text()))}


def relative_links(path: Path) -> list[str]:
    """Return the links of a Markdown file that point inside the repository."""
    text = FENCE.sub("", path.read_text())
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(document):
    broken = []
    for target in relative_links(document):
        file_part, _, fragment = target.partition("#")
        linked = (document.parent / file_part).resolve() if file_part else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading #{fragment}")
    assert not broken, f"{document.relative_to(ROOT)}: " + "; ".join(broken)


def test_anchor_rules():
    assert anchor("Limits and the page cache (issue 17)") == "limits-and-the-page-cache-issue-17"
    assert anchor("Sources, imports and rejected documents") == (
        "sources-imports-and-rejected-documents"
    )
    assert anchor("API, exports and the `feed`") == "api-exports-and-the-feed"
    assert anchor("Read replicas (`DATABASE_REPLICA_URLS`)") == (
        "read-replicas-database_replica_urls"
    )


def test_readme_stays_short():
    size = len((ROOT / "README.md").read_bytes())
    assert size < README_LIMIT, f"README.md is {size} bytes; move detail into docs/"
