"""Several series on one timeline, as lines: pure Python (standard library only).

``drawings(...)`` returns the page's three drawings (phone, column, full width; CSS shows
the one that fits, as the bar chart does); ``standalone(...)`` one self-contained SVG for
a download, with its own colours, a legend and the caption lines. Series are told apart
by colour (Okabe and Ito's palette, readable with colour blindness) and by dash pattern.
No links inside the drawing: the data table under it holds them (an image with links
inside is an interactive element nested in another).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from html import escape

from .bars import Layout

# (stroke colour, dash pattern) per series, in order.
STYLES = (
    ("#0072B2", ""),
    ("#D55E00", "6 3"),
    ("#009E73", "2 3"),
    ("#CC79A7", "8 3 2 3"),
    ("#8A6D00", "4 4"),
    ("#56B4E9", "10 4"),
)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
MARKERS_UP_TO = 60  # periods: beyond this the dots would merge into the line
_ids = itertools.count(1)


@dataclass(frozen=True)
class Line:
    """One series: its name and one value per period (None: no value, the line breaks)."""

    label: str
    values: list[float | None]


NARROW = Layout("narrow", 360, 240, 48, 10, 12, 34, 3, 13)
WIDE = Layout("wide", 720, 240, 56, 14, 12, 30, 6, 13)
XWIDE = Layout("xwide", 1100, 280, 60, 14, 12, 30, 10, 13)
LAYOUTS = (WIDE, NARROW, XWIDE)


def nice_max(value: float) -> float:
    """Return a round axis maximum at or above ``value`` (close to it: 101 gives 120)."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * step >= value * (1 - 1e-9):
            return m * step
    return 10 * step


def axis_label(value: float, *, share: bool) -> str:
    """Return a tick label: 950, 12k, 1.5M; shares as percentages (25%, 0.5%)."""
    if share:
        return f"{value * 100:.3g}%"
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 10_000:
        return f"{value / 1_000:g}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def value_label(value: float | None, *, share: bool) -> str:
    if value is None:
        return "no base"
    return f"{value * 100:.2f}%" if share else f"{value:,.0f}"


def _svg(
    lines: list[Line],
    periods: list[str],
    layout: Layout,
    *,
    title: str,
    share: bool,
    uid: str,
    standalone: bool,
    extra_height: int = 0,
) -> list[str]:
    n = len(periods)
    peak = max((v for line in lines for v in line.values if v is not None), default=0)
    top_value = nice_max(peak) if not share else nice_max(peak * 100) / 100
    plot_w = layout.width - layout.left - layout.right
    plot_h = layout.height - layout.top - layout.bottom
    baseline = layout.top + plot_h
    height = layout.height + extra_height
    muted, grid = ("#555555", "#dddddd") if standalone else ("", "")

    def paint(kind: str) -> str:
        if not standalone:
            return f'class="{kind}"'
        return {
            "axis": f'stroke="{muted}"',
            "grid": f'stroke="{grid}" stroke-dasharray="3 3"',
            "tick": f'fill="{muted}"',
        }[kind]

    inset = 6  # the first and last points clear the axis labels

    def x_of(i: int) -> float:
        if n == 1:
            return layout.left + plot_w / 2
        return layout.left + inset + (plot_w - 2 * inset) * i / (n - 1)

    def y_of(v: float) -> float:
        return baseline - plot_h * v / top_value

    label_id = f"{uid}-{layout.name}"
    parts = [
        f'<svg class="chart-svg chart-{layout.name}" viewBox="0 0 {layout.width} {height}" '
        f'width="{layout.width}" height="{height}" role="img" aria-labelledby="{label_id}" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg" font-size="{layout.font}"'
        + (f' font-family="{escape(FONT)}"' if standalone else "")
        + ">",
        f'<title id="{label_id}">{escape(title)}</title>',
    ]
    if standalone:
        parts.append(f'<rect x="0" y="0" width="{layout.width}" height="{height}" fill="#fff"/>')
    for fraction in (1.0, 0.5):
        y = y_of(top_value * fraction)
        parts.append(
            f'<line {paint("grid")} x1="{layout.left}" y1="{y:.1f}" '
            f'x2="{layout.width - layout.right}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text {paint("tick")} x="{layout.left - 5}" y="{y + layout.font * 0.35:.1f}" '
            f'text-anchor="end">{escape(axis_label(top_value * fraction, share=share))}</text>'
        )
    parts.append(
        f'<line {paint("axis")} x1="{layout.left}" y1="{baseline}" '
        f'x2="{layout.width - layout.right}" y2="{baseline}"/>'
    )
    parts.append(
        f'<text {paint("tick")} x="{layout.left - 5}" y="{baseline}" text-anchor="end">'
        f"{'0%' if share else '0'}</text>"
    )
    for number, line in enumerate(lines):
        colour, dash = STYLES[number % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(line.values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x_of(i), y_of(value)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline class="line line-{number}" points="{points}" fill="none" '
                    f'stroke="{colour}" stroke-width="2"{dash_attr} '
                    f'stroke-linejoin="round"/>'
                )
        if n <= MARKERS_UP_TO or any(len(run) == 1 for run in runs):
            for i, value in enumerate(line.values):
                if value is None:
                    continue
                tip = f"{line.label}, {periods[i]}: {value_label(value, share=share)}"
                parts.append(
                    f'<circle cx="{x_of(i):.1f}" cy="{y_of(value):.1f}" r="2.5" '
                    f'fill="{colour}"><title>{escape(tip)}</title></circle>'
                )
    step = max(1, -(-n // layout.max_ticks))
    tick_y = layout.height - 8
    for i in range(0, n, step):
        x = x_of(i)
        anchor = "middle"
        if x < layout.left + layout.font * 3:
            anchor = "start"
        elif x > layout.width - layout.right - layout.font * 3:
            anchor = "end"
        parts.append(
            f'<text {paint("tick")} x="{x:.1f}" y="{tick_y}" text-anchor="{anchor}">'
            f"{escape(periods[i])}</text>"
        )
    return parts


def drawings(lines: list[Line], periods: list[str], *, title: str, share: bool) -> str:
    """Return the page's three drawings of the lines (escaped SVG markup)."""
    if not periods or not lines:
        return ""
    uid = f"lines-{next(_ids)}"
    return "".join(
        "".join(_svg(lines, periods, layout, title=title, share=share, uid=uid, standalone=False))
        + "</svg>"
        for layout in LAYOUTS
    )


def standalone(
    lines: list[Line], periods: list[str], *, title: str, share: bool, caption: list[str]
) -> str:
    """Return one self-contained SVG: the lines, a legend and the caption lines under them."""
    layout = WIDE
    row = layout.font + 7
    extra = 10 + row * (len(lines) + len(caption)) + 6
    parts = _svg(
        lines,
        periods or [""],
        layout,
        title=title,
        share=share,
        uid="lines",
        standalone=True,
        extra_height=extra,
    )
    y = layout.height + 10
    for number, line in enumerate(lines):
        colour, dash = STYLES[number % len(STYLES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{layout.left}" y1="{y - 4}" x2="{layout.left + 28}" y2="{y - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        parts.append(
            f'<text x="{layout.left + 36}" y="{y}" fill="#222">{escape(line.label)}</text>'
        )
        y += row
    for text in caption:
        parts.append(
            f'<text x="{layout.left}" y="{y}" fill="#555" font-size="11">{escape(text)}</text>'
        )
        y += row
    parts.append("</svg>")
    return "".join(parts)
