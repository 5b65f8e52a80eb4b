"""axe-core in the browser tests: run it on a Playwright page, fail on serious violations.

axe-core's script comes from a pinned pip package (``axe-playwright-python``, which ships
``axe.min.js``; requirements-dev.txt), never from npm or a CDN. Use it from any browser
test once a page has loaded::

    from tests.e2e.axe import assert_no_serious_violations
    assert_no_serious_violations(page)

A test module that cannot run axe (the package is missing) skips like one without
Chromium: call ``axe_or_skip()`` at its top level.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pytest

SERIOUS = ("serious", "critical")
# WCAG 2.0-2.2 A and AA rules, and axe's best practices (heading-order, landmarks…).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_script() -> str:
    """Return axe-core's ``axe.min.js`` as the pinned package ships it."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_or_skip() -> None:
    """Skip the calling module when axe-core's package is not installed."""
    try:
        axe_script()
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - environment
        pytest.skip(
            "axe-playwright-python is not installed (pip install -r requirements-dev.txt)",
            allow_module_level=True,
        )


def violations(page, *, context: str | None = None) -> list[dict]:
    """Return axe-core's violations on ``page`` (optionally within a CSS ``context``)."""
    page.evaluate(axe_script())
    return page.evaluate(
        "([context, tags]) => axe.run(context || document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations)",
        [context, TAGS],
    )


def describe(found: list[dict]) -> str:
    """Return violations as readable lines: rule, impact, help, and the first nodes."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_serious_violations(page, *, context: str | None = None) -> list[dict]:
    """Fail when axe-core finds a serious or critical violation on ``page``.

    Returns the lesser (minor, moderate) violations, for a test that wants them too.
    """
    found = violations(page, context=context)
    serious = [v for v in found if v.get("impact") in SERIOUS]
    assert not serious, f"axe-core on {page.url}:\n{describe(serious)}"
    return [v for v in found if v not in serious]
