"""Furniture inside a paragraph: link-preview widgets and long lists of names.

Pure: no Django. Paragraph-level cleaning (``boilerplate``) drops whole paragraphs; some
furniture sits inside one, glued to the prose around it:

* a **link-preview widget**: a linked name's full form glued to the headlines of the
  person's other stories, ending "MORE" ("President Trump Donald John TrumpTrump faces
  … report MORE on Sunday said" reads "President Trump on Sunday said");
* a **list of names**: a navigation menu or a country drop-down scraped into the text,
  dozens of capitalised items in a row with no sentence ("… Tonga Trinidad and Tobago
  Tunisia Turkey …").

Both are recognised by their shape, not by a site's name, so any outlet's widget or menu
of that shape goes.
"""

from __future__ import annotations

import re

# The end of a link-preview widget, and the gluing of its parts: a lower-case letter right
# before a capital or digit with no space ("TrumpTrump", "MuellerBarr", "Clinton2").
_MORE_RE = re.compile(r"\bMORE\b")
_GLUE_RE = re.compile(r"[a-z]{2}[A-Z0-9]")
PREVIEW_REACH = 600  # characters a widget spans before its "MORE", at most

# A run of list items: capitalised words, with the small words of place names between.
LIST_MIN_ITEMS = 24  # capitalised words in a row that no sentence has
# Words a list never ends with: its small words, and the first word of the sentence after
# it ("… Tuvalu The envoys met").
_TRAILING_SMALL_RE = re.compile(
    r"(?:\s+(?:and|of|the|de|da|du|la|el|&|The|A|An|In|On|At|He|She|It|They|We|But|This"
    r"|That|There|As|After|When|While|Officials))*\s*$"
)
# A run starts at a capital: a run that could start at "and" or "of" would be tried at
# every such word, and this pass runs on every long paragraph of every article.
_RUN_RE = re.compile(
    r"[A-Z][\w'’.\-]*,?\s+"
    r"(?:(?:[A-Z][\w'’.\-]*,?|\([^()\s]{1,30}\)|and|of|the|de|da|du|la|el|&)\s+)"
    rf"{{{LIST_MIN_ITEMS - 1},}}"
)


def strip_inline(paragraph: str) -> tuple[str, tuple[str, ...]]:
    """Return ``paragraph`` without inline furniture, and the pieces removed."""
    removed: list[str] = []
    if "MORE" in paragraph:
        paragraph = _without_previews(paragraph, removed)
    if len(paragraph) > 150:
        paragraph = _without_lists(paragraph, removed)
    return paragraph, tuple(removed)


def _without_previews(text: str, removed: list[str]) -> str:
    position = 0
    while (end := _MORE_RE.search(text, position)) is not None:
        glue = _GLUE_RE.search(text, max(0, end.start() - PREVIEW_REACH), end.start())
        if glue is None:
            position = end.end()
            continue
        start = _widget_start(text, glue.start())
        removed.append(text[start : end.end()])
        before, after = text[:start].rstrip(), text[end.end() :]
        text = before + (
            after if after[:1] in ("", " ", "’", "'", ",", ".", ":", ";") else " " + after
        )
        position = len(before)
    return text.lstrip()


def _widget_start(text: str, glue: int) -> int:
    """Return where a widget starts: the full name before its glued word, back to (not
    including) the linked surname it repeats ("Trump Donald John TrumpTrump…")."""
    word_start = text.rfind(" ", 0, glue) + 1
    surname = text[word_start : glue + 2]
    start = word_start
    for _ in range(5):  # "Robert (Bob) Swan Mueller": a few given names and a nickname
        if start == 0:
            break  # the paragraph opens with the widget
        previous = text.rfind(" ", 0, start - 1) + 1
        word = text[previous : start - 1]
        if not word or word == surname or not (word[0].isupper() or word[0] == "("):
            break
        start = previous
    return start


# Eight capitalised words in a row: the cheap test a paragraph passes before the full one.
_CAPITALS_RE = re.compile(r"(?:[A-Z]\S*\s+){8}")


def _without_lists(text: str, removed: list[str]) -> str:
    if _CAPITALS_RE.search(text) is None:
        return text  # most paragraphs: no run of names at all
    out, position = [], 0
    for run in _RUN_RE.finditer(text + " "):
        words = run.group().split()
        named = sum(1 for w in words if w[0].isupper() and w[1:2].islower())
        if named < LIST_MIN_ITEMS * 0.8:
            continue  # mostly capitals: a shouted sentence, not a list
        items = _TRAILING_SMALL_RE.sub("", run.group())  # "… Chile China" without "and the"
        out.append(text[position : run.start()])
        removed.append(items.strip())
        position = min(run.start() + len(items), len(text))
    if not out:
        return text
    out.append(text[position:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
