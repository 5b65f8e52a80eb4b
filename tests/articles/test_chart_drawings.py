"""The pure SVG drawings (``articles.charts``): tables of input → expected, no database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from articles.charts import bars, ranked

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</text><script>alert("x")</script><a href="javascript:1">&amp;'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 1),
        (-3, 1),
        (1, 1),
        (2, 2),
        (3, 3),
        (5, 5),
        (6, 6),
        (7, 8),
        (9, 10),
        (11, 12),
        (13, 15),
        (32, 40),
        (101, 120),  # the complaint: 101 drew an axis of 200
        (142, 150),
        (999, 1000),
        (1001, 1200),
    ],
)
def test_nice_max(value, expected):
    assert bars.nice_max(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0"), (950, "950"), (9_999, "9,999"), (12_000, "12k"), (1_500_000, "1.5M")],
)
def test_short_number(value, expected):
    assert bars.short_number(value) == expected


@pytest.mark.parametrize(
    ("period", "granularity", "expected"),
    [
        (date(2021, 4, 1), "month", "Apr 2021"),
        (date(2021, 4, 5), "week", "5 Apr 2021"),
        (date(2021, 4, 5), "day", "5 Apr 2021"),
        (date(2021, 1, 1), "year", "2021"),
        ("Q1", "label", "Q1"),
    ],
)
def test_period_label(period, granularity, expected):
    assert bars.period_label(period, granularity) == expected


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ([], "label"),
        (["a", "b"], "label"),
        ([date(2021, 1, 1), date(2021, 2, 1)], "month"),
        ([date(2021, 1, 1)], "week"),
        ([date(2021, 1, 4), date(2021, 1, 11)], "week"),
    ],
)
def test_granularity_of(periods, expected):
    assert bars.granularity_of(periods) == expected


SERIES = [(date(2021, 1, 1), 3), (date(2021, 2, 1), 0), (date(2021, 3, 1), 7)]


@pytest.mark.parametrize("layout", bars.LAYOUTS)
def test_page_drawing_without_links_is_a_named_image(layout):
    root = ET.fromstring(bars.svg(SERIES, "month", layout, "chart-1", HOSTILE))
    assert root.get("role") == "img" and root.get("aria-hidden") is None
    assert root.get("aria-labelledby") == f"chart-1-{layout.name}"
    assert root.find(f"{SVG}title").text == HOSTILE
    assert not list(root.iter(f"{SVG}a"))
    heights = [float(r.get("height")) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == 0 and heights[2] > heights[0]


@pytest.mark.parametrize("layout", bars.LAYOUTS)
def test_linked_bars_are_for_the_mouse_in_a_hidden_drawing(layout):
    """Links inside ``role="img"`` are axe's ``nested-interactive``: a drawing with links is
    no image to assistive technology, its links out of the tab order (the figure's
    description and data table carry the same, in text and links)."""
    series = [(p, c, f'/articles/?date_from={p}&x="1"') for p, c in SERIES]
    root = ET.fromstring(bars.svg(series, "month", layout, "chart-1", HOSTILE))
    assert root.get("aria-hidden") == "true" and root.get("role") is None
    assert root.find(f"{SVG}title") is None
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("tabindex") for a in links] == ["-1"] * 3
    assert links[0].get("href") == '/articles/?date_from=2021-01-01&x="1"'  # escaped, parsed


@pytest.mark.parametrize(
    ("items", "bar_count", "needle"),
    [
        (SERIES, 3, "Jan 2021"),
        ([], 0, "No dated articles."),
        ([(date(2021, 1, 4), 2)], 1, "4 Jan 2021"),
    ],
)
def test_standalone_timeline(items, bar_count, needle):
    caption = ["Newsroom: test", f"Filters: {HOSTILE}"]
    text = bars.standalone(
        items, "month" if len(items) > 1 else "week", title=HOSTILE, caption=caption
    )
    root = ET.fromstring(text.encode())
    assert root.find(f"{SVG}style") is not None
    background = root.find(f"{SVG}rect")
    assert background.get("fill") == "#ffffff"
    bars_drawn = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars_drawn) == bar_count
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts[0] == HOSTILE  # the title
    assert texts[-2:] == caption  # the caption, under the chart
    assert any(needle in t for t in texts)
    assert not list(root.iter(f"{SVG}script"))


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        ("Syria", 34, "Syria"),
        ("  Bashar   al-Assad ", 34, "Bashar al-Assad"),
        ("A" * 40, 10, "AAAAAAAAA…"),
        ("abc def ghi", 8, "abc def…"),
    ],
)
def test_short_name(name, limit, expected):
    assert ranked.short_name(name, limit) == expected


def test_ranked_drawing_orders_scales_and_escapes():
    items = [("Syria", 10), (HOSTILE, 5), ("France", 0)]
    root = ET.fromstring(ranked.standalone(items, title="Countries", caption=["Made: now"]))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] == pytest.approx(widths[0] / 2)
    # No axis: the longest bar fills the plot.
    assert widths[0] == pytest.approx(ranked.WIDTH - ranked.LEFT - ranked.NAME_WIDTH - ranked.RIGHT)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts[:2] == ["Countries", "Syria"]
    assert "10" in texts and "5" in texts and texts[-1] == "Made: now"
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}a"))


def test_ranked_drawing_of_nothing_says_so():
    root = ET.fromstring(ranked.standalone([], title="Topics"))
    assert "No entries." in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("lines", "width", "expected"),
    [
        (["short"], 720, ["short"]),
        (["a  b\n c"], 720, ["a b c"]),
        (["Page: http://x/" + "a" * 30], 200, ["Page: http://x/" + "a" * 12, "a" * 18]),
        (["one two three four five six"], 150, ["one two three four", "five six"]),
    ],
)
def test_caption_lines_wrap_to_the_drawing(lines, width, expected):
    from articles.charts.files import wrap

    assert wrap(lines, width=width, left=10) == expected


def test_a_long_permalink_stays_inside_the_file():
    caption = ["Page: http://example.org/articles/?" + "&".join(f"country=c{n}" for n in range(60))]
    root = ET.fromstring(ranked.standalone([("Syria", 1)], title="T", caption=caption))
    texts = [t for t in root.iter(f"{SVG}text") if t.get("class") == "caption"]
    assert len(texts) > 1
    assert "".join("".join(t.itertext()) for t in texts) == caption[0]  # cut, not lost
    assert all(len("".join(t.itertext())) * 6.6 <= ranked.WIDTH for t in texts)
    assert max(float(t.get("y")) for t in texts) < float(root.get("height"))
