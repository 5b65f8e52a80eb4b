"""What every downloaded drawing shares: its own styles, a white background, a caption.

A file leaves the site, so it cannot lean on the site's CSS: the styles go inside it
(an SVG file opened on its own is not under the page's Content-Security-Policy).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
STYLE = (
    f"text {{ font-family: {FONT_FAMILY}; fill: #1b1f24; }} "
    ".title { font-size: 17px; font-weight: 600; } "
    ".caption { font-size: 12px; fill: #4a5360; } "
    ".tick, .label, .count { font-size: 13px; } .tick { fill: #4a5360; } "
    ".bar { fill: #0b5cad; } .axis { stroke: #4a5360; } "
    ".grid { stroke: #d5dae1; stroke-dasharray: 3 3; }"
)


def document(width: int, height: int, title: str) -> str:
    """Return the opening of a standalone SVG file: root, title, styles, white background."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="file-title">'
        f'<title id="file-title">{escape(title)}</title>'
        f"<style>{STYLE}</style>"
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
    )


def wrap(lines: Sequence[str], *, width: int, left: int) -> list[str]:
    """Return the caption lines cut to fit ``width`` (a long permalink takes several lines).

    12 px text is about 6.6 px a character; a line is cut at a space, else anywhere.
    """
    limit = max(20, int((width - 2 * left) / 6.6))
    out: list[str] = []
    for line in lines:
        rest = " ".join(str(line).split())
        while len(rest) > limit:
            cut = rest.rfind(" ", limit // 2, limit)
            cut = cut if cut > 0 else limit
            out.append(rest[:cut])
            rest = rest[cut:].lstrip() if rest[cut : cut + 1] == " " else rest[cut:]
        out.append(rest)
    return out


def caption_block(lines: Sequence[str], *, x: int, y: int, step: int = 18) -> list[str]:
    """Return the caption lines as text elements, the first baseline at ``y + step``."""
    return [
        f'<text class="caption" x="{x}" y="{y + step * (i + 1)}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    ]
