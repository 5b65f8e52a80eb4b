"""Find officials (people in posts) in an article: known ones, and titled unknown ones.

Pure: no Django. One regex pass finds capitalised name sequences; each is looked up by
``name_key`` in dicts (full-name keys, surname keys), so the cost does not grow with the
19,000 officials of the gazetteer. Rules, in order of trust:

* a known full name or alias (transliterations share a key) is a mention; known means
  confirmed: a candidate official (proposed by an import, not yet confirmed by an editor)
  is found only as an unknown titled name is, and the import links it to that candidate;
* a post right before a name ("Russian Deputy Foreign Minister Gennady Gatilov",
  "Chinese Foreign Ministry spokesman Liu Weimin", "The President of France, Emmanuel
  Macron") or an appositive after it (", Syria's foreign minister,") gives the title as
  written; an unknown titled name becomes a ``CandidateProposal``;
* a bare surname counts only for a person already named in full (or by title) earlier in
  the article; in the title or lede, where headlines use surnames, it may refer to a
  person named in full anywhere in the article;
* a titled surname ("President Putin") links to the one official of that surname whose
  post fits the title on the article's date;
* bylines, photo credits and people introduced as analysts, executives, journalists …
  are never officials.

The appointment is the one held on ``article.published`` (the one matching the title as
written if several, else the latest); undated, or when none covers the date: the one
matching the title, else the latest. Focus: named in the title or lede, referred to
there by post ("Syrian FM" for the Syrian foreign minister named in the body), or the
most-mentioned official with at least ``DOMINANT_MIN`` mentions.

Modules: ``index`` (the gazetteer's officials as keys), ``find`` (``extract_officials``),
``appointments`` (the post a mention means on a day), ``titles`` (former posts, names not
to propose). The names callers use are re-exported here.
"""

from articles.extract.officials.appointments import post_held
from articles.extract.officials.find import extract_officials
from articles.extract.officials.index import OfficialIndex
from articles.extract.officials.titles import former_title_pattern, says_former

__all__ = ["OfficialIndex", "extract_officials", "former_title_pattern", "post_held", "says_former"]
