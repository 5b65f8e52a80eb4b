"""A facet table as horizontal bars: one row per entry, its name, its bar and its count.

Drawn for downloads (``standalone``): the page shows the table itself, whose counts are
links. Pure Python: names are untrusted text and are escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .files import caption_block, document, wrap

WIDTH = 720
LEFT = 16  # the names start here
NAME_WIDTH = 260  # the bars start after the names
RIGHT = 70  # room for the count after the longest bar
TOP = 44  # under the title
ROW = 24
NAME_CHARS = 32  # a longer name is cut with an ellipsis (the CSV has it whole)


def short_name(name: str, limit: int = NAME_CHARS) -> str:
    """Return ``name`` cut to ``limit`` characters with an ellipsis when longer."""
    name = " ".join(str(name).split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def standalone(items: Sequence[tuple[str, int]], *, title: str, caption: Sequence[str] = ()) -> str:
    """Return a whole SVG file ranking ``items`` ((name, count), in the order given)."""
    lines = wrap(caption, width=WIDTH, left=LEFT)
    plot_h = max(len(items), 1) * ROW
    body_h = TOP + plot_h + 8
    height = body_h + 12 + 18 * len(lines) + 10
    # No axis here (each bar is labelled with its count): the longest bar fills the width.
    top_value = max((count for _, count in items), default=0) or 1
    bar_x = LEFT + NAME_WIDTH
    bar_w = WIDTH - bar_x - RIGHT
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        document(WIDTH, height, title),
        f'<text class="title" x="{LEFT}" y="26">{escape(title)}</text>',
    ]
    if not items:
        parts.append(f'<text class="tick" x="{LEFT}" y="{TOP + 16}">No entries.</text>')
    for i, (name, count) in enumerate(items):
        y = TOP + i * ROW
        length = bar_w * count / top_value
        text_y = y + ROW * 0.65
        parts += [
            f'<text class="label" x="{LEFT}" y="{text_y:.1f}">{escape(short_name(name))}</text>',
            f'<rect class="bar" x="{bar_x}" y="{y + 4}" width="{length:.2f}" height="{ROW - 8}">'
            f"<title>{escape(f'{name}: {count:,}')}</title></rect>",
            f'<text class="count" x="{bar_x + length + 6:.2f}" y="{text_y:.1f}">{count:,}</text>',
        ]
    parts += caption_block(lines, x=LEFT, y=body_h + 12)
    parts.append("</svg>\n")
    return "".join(parts)
