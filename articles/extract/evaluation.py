"""Score extraction against hand labels: precision, recall and F1 per kind.

Pure: no Django. Labels come from ``tests/fixtures/extraction_labels.jsonl`` (see its
``.md`` for the guidelines); predictions are the same shape, read from the database by
``articles.selectors.evaluation``. Only urls present on both sides are scored.

- countries: ISO alpha-2 codes. A predicted country the labels list under ``places``
  (referred to only through a city inside it) is neither right nor wrong.
- officials: a prediction matches a label when their ``name_key``s are equal, or equal
  but for dropped middle names ("John R. Bolton" / "John Bolton") — the prediction's
  name or any alias of the official ("Chuck Schumer" for "Charles E. Schumer") — and,
  when both name a country, the countries agree. Each label matches at most one
  prediction.
- organizations: slugs.

Officials are also scored by kind (the labels' ``kind``, and former office holders
apart): the recall of each. **Post agreement** is the share of found officials whose
shown post agrees with the text's: the same former-or-not, a post shown exactly when
the text gives one or the person held one (a post shown where the text gives one, none
shown only where the text gives none), and of the kind the label gives.

Figures are micro-averaged over articles. The "Reuters-style" figure is the mean, over
articles with at least one labelled country, of the share of those countries found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from articles.extract.normalize import NICKNAMES, fold, name_key, word_key

KINDS = ("countries", "officials", "organizations")

# The kinds of office holders the labels use (see the guidelines), in report order.
OFFICIAL_KINDS = (
    "head_of_state",
    "head_of_government",
    "minister",
    "spokesperson",
    "diplomat",
    "legislator",
    "military",
    "international",
    "other",
    "candidate",
)

# An appointment's post kind (``articles.choices.PostKind``) as a label kind.
_POST_KIND_LABEL = {
    "foreign_minister": "minister",
    "deputy_minister": "minister",
    "ambassador": "diplomat",
    "envoy": "diplomat",
    "secretary_general": "international",
    "official": "other",
}


def label_kind(post_kind: str, organisation: str | None = None) -> str:
    """Return the label kind of a shown post's kind ("" for no post)."""
    if not post_kind:
        return ""
    if organisation and post_kind not in ("spokesperson", "envoy", "ambassador"):
        return "international"
    return _POST_KIND_LABEL.get(post_kind, post_kind)


@dataclass(frozen=True, slots=True)
class OfficialLabel:
    """A person in office, with the state served (ISO2) or the organisation (slug).

    ``kind``, ``post`` and ``former``: of a label, the post the text gives; of a
    prediction, the post shown (``kind`` as ``label_kind`` maps it).
    """

    name: str
    country: str | None = None
    organization: str | None = None
    kind: str = ""
    post: str = ""
    former: bool = False
    aliases: tuple[str, ...] = ()  # a prediction's other names ("Chuck" for "Charles")

    def __str__(self) -> str:
        return f"{self.name} ({self.country or self.organization or '?'})"


def post_agrees(label: OfficialLabel, shown: OfficialLabel) -> bool:
    """Return whether the post shown for a found official agrees with the text's.

    The same former-or-not, and: no post shown where the text gives none, or a post
    of the label's kind, or the text's own words ("U.S. Trade Representative" and
    "Trade Representative" agree whatever kind each is classed as).
    """
    if label.former != shown.former:
        return False
    if not shown.post:
        return not label.post
    said, seen = _post_words(label.post), _post_words(shown.post)
    if said and seen and (said in seen or seen in said):
        return True
    return not label.kind or shown.kind == label.kind


def _post_words(post: str) -> str:
    """Return a post's words folded, without "former" and the like."""
    words = fold(post).split()
    return " ".join(w for w in words if w not in ("former", "ex", "then", "the", "late"))


@dataclass(frozen=True)
class ArticleLabels:
    """What one article mentions: labelled by hand, or predicted."""

    url: str
    countries: frozenset[str] = frozenset()
    officials: tuple[OfficialLabel, ...] = ()
    organizations: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()


def labels_from_dict(data: Mapping) -> ArticleLabels:
    """Return the labels of one JSON object of the labels file."""
    return ArticleLabels(
        url=data["url"],
        countries=frozenset(c.upper() for c in data.get("countries", [])),
        officials=tuple(
            OfficialLabel(
                name=o["name"],
                country=(o.get("country") or "").upper() or None,
                organization=o.get("organization") or None,
                kind=o.get("kind") or "",
                post=o.get("post") or "",
                former=bool(o.get("former")),
            )
            for o in data.get("officials", [])
        ),
        organizations=frozenset(data.get("organizations", [])),
        places=frozenset(c.upper() for c in data.get("places", [])),
    )


def labels_from_jsonl(lines: Iterable[str]) -> dict[str, ArticleLabels]:
    """Return the labels of a JSON-lines text, by url (blank lines skipped)."""
    labels = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = labels_from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"line {number}: not a label object ({exc})") from exc
        labels[item.url] = item
    return labels


@dataclass
class KindScore:
    """Counts of one kind over all scored articles."""

    correct: int = 0
    predicted: int = 0
    labelled: int = 0

    @property
    def precision(self) -> float:
        """Return correct / predicted (0 when nothing was predicted)."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Return correct / labelled (0 when nothing was labelled)."""
        return self.correct / self.labelled if self.labelled else 0.0

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ArticleErrors:
    """One article's misses (labelled, not found) and extras (found, not labelled)."""

    url: str
    kind: str
    missed: tuple[str, ...]
    extra: tuple[str, ...]


@dataclass
class EvaluationReport:
    """The scores of one evaluation run."""

    kinds: tuple[str, ...]
    scores: dict[str, KindScore]
    articles: int  # labelled urls with predictions, i.e. scored
    missing: tuple[str, ...]  # labelled urls without predictions (not imported)
    country_recall_per_article: float  # mean share of labelled countries found
    errors: tuple[ArticleErrors, ...] = field(default=())
    # officials: label kind ("former" for former office holders) -> (found, labelled)
    official_recall: dict[str, tuple[int, int]] = field(default_factory=dict)
    posts_agreeing: int = 0  # found officials whose shown post agrees with the text's
    posts_found: int = 0  # found officials
    post_errors: tuple[str, ...] = ()  # "url: name: shown post / the text's"

    @property
    def post_agreement(self) -> float:
        """Return the share of found officials whose shown post agrees with the text."""
        return self.posts_agreeing / self.posts_found if self.posts_found else 0.0

    def table(self) -> str:
        """Return the scores as a fixed-width text table."""
        lines = [
            f"{'kind':<14}{'labelled':>9}{'predicted':>10}{'correct':>8}"
            f"{'precision':>10}{'recall':>8}{'F1':>7}"
        ]
        for kind in self.kinds:
            s = self.scores[kind]
            lines.append(
                f"{kind:<14}{s.labelled:>9}{s.predicted:>10}{s.correct:>8}"
                f"{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            )
        lines.append(f"articles scored: {self.articles}; not found: {len(self.missing)}")
        if "countries" in self.kinds:
            lines.append(
                "countries found per article (mean recall, Reuters-style): "
                f"{self.country_recall_per_article:.3f}"
            )
        if "officials" in self.kinds and self.official_recall:
            lines.append("officials found, by kind:")
            for kind, (found, labelled) in self.official_recall.items():
                share = found / labelled if labelled else 0.0
                lines.append(f"  {kind:<20}{found:>5} / {labelled:<5}{share:>7.3f}")
            lines.append(
                f"post agreement: {self.posts_agreeing} / {self.posts_found} "
                f"= {self.post_agreement:.3f}"
            )
        return "\n".join(lines)


def _words(name: str) -> list[str]:
    return name_key(name).split()


# Each short given name's key -> the key of its formal name ("chris" -> "christopher").
_FORMAL = {
    word_key(nick): word_key(formal) for formal, nicks in NICKNAMES.items() for nick in nicks
}


def names_match(a: str, b: str) -> bool:
    """Return whether two names are the same person's, allowing dropped middle names."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    wa[0], wb[0] = _FORMAL.get(wa[0], wa[0]), _FORMAL.get(wb[0], wb[0])  # "Ron" is "Ronald"
    if wa == wb or "".join(wa) == "".join(wb):
        return True  # "Abd Rabbuh" and "Abdrabbuh" are one name written apart or together
    short, long_ = sorted((wa, wb), key=len)
    if len(short) < 2 or short[0] != long_[0] or short[-1] != long_[-1]:
        return False
    rest = iter(long_[1:-1])
    return all(word in rest for word in short[1:-1])  # the middle, in order


def _same_official(label: OfficialLabel, prediction: OfficialLabel) -> bool:
    if label.country and prediction.country and label.country != prediction.country:
        return False
    return any(names_match(label.name, name) for name in (prediction.name, *prediction.aliases))


def _match_officials(
    labels: tuple[OfficialLabel, ...], predictions: tuple[OfficialLabel, ...]
) -> tuple[list[tuple[OfficialLabel, OfficialLabel]], list[OfficialLabel], list[OfficialLabel]]:
    """Return (matched pairs, missed labels, extra predictions), pairing each at most once."""
    unmatched = list(dict.fromkeys(predictions))
    missed = []
    pairs = []
    for label in dict.fromkeys(labels):
        found = next((p for p in unmatched if _same_official(label, p)), None)
        if found is None:
            missed.append(label)
        else:
            unmatched.remove(found)
            pairs.append((label, found))
    return pairs, missed, unmatched


def evaluate(
    labels: Mapping[str, ArticleLabels],
    predictions: Mapping[str, ArticleLabels],
    kinds: Iterable[str] = KINDS,
) -> EvaluationReport:
    """Return the scores of ``predictions`` against ``labels``, both keyed by url."""
    kinds = tuple(kinds)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds: {', '.join(sorted(unknown))}")
    scores = {kind: KindScore() for kind in kinds}
    errors: list[ArticleErrors] = []
    missing = tuple(url for url in labels if url not in predictions)
    shares: list[float] = []
    scored = 0
    by_kind: dict[str, list[int]] = {kind: [0, 0] for kind in (*OFFICIAL_KINDS, "former")}
    agreeing, found_officials, post_errors = 0, 0, []
    for url, label in labels.items():
        predicted = predictions.get(url)
        if predicted is None:
            continue
        scored += 1
        for kind in kinds:
            if kind == "officials":
                pairs, missed, extra = _match_officials(label.officials, predicted.officials)
                correct = len(pairs)
                n_labelled, n_predicted = correct + len(missed), correct + len(extra)
                for labelled, found in [
                    *((p, True) for p, _ in pairs),
                    *((m, False) for m in missed),
                ]:
                    for group in (labelled.kind, "former" if labelled.former else None):
                        if group in by_kind:
                            by_kind[group][0] += found
                            by_kind[group][1] += 1
                for labelled, shown in pairs:
                    found_officials += 1
                    if post_agrees(labelled, shown):
                        agreeing += 1
                    else:
                        post_errors.append(
                            f"{url}: {labelled.name}: shown {_post_text(shown)!r}, "
                            f"text {_post_text(labelled)!r} ({labelled.kind or '?'})"
                        )
                missed_text = tuple(str(o) for o in missed)
                extra_text = tuple(str(o) for o in extra)
            else:
                wanted = getattr(label, kind)
                got = getattr(predicted, kind)
                if kind == "countries":
                    got = got - (label.places - wanted)  # places are neither right nor wrong
                    if wanted:
                        shares.append(len(wanted & got) / len(wanted))
                correct = len(wanted & got)
                n_labelled, n_predicted = len(wanted), len(got)
                missed_text, extra_text = tuple(sorted(wanted - got)), tuple(sorted(got - wanted))
            score = scores[kind]
            score.correct += correct
            score.labelled += n_labelled
            score.predicted += n_predicted
            if missed_text or extra_text:
                errors.append(ArticleErrors(url, kind, missed_text, extra_text))
    return EvaluationReport(
        kinds=kinds,
        scores=scores,
        articles=scored,
        missing=missing,
        country_recall_per_article=sum(shares) / len(shares) if shares else 0.0,
        errors=tuple(errors),
        official_recall={k: (v[0], v[1]) for k, v in by_kind.items() if v[1]},
        posts_agreeing=agreeing,
        posts_found=found_officials,
        post_errors=tuple(post_errors),
    )


def _post_text(official: OfficialLabel) -> str:
    said = fold(official.post).split()
    if official.former and said[:1] not in (["former"], ["ex"], ["then"], ["late"], ["the"]):
        return f"former {official.post}"
    return official.post
