"""An import's result does not depend on its history (issue 17).

The same records give the same articles, officials (candidates included) and outlets
whether they come in one run or several, and in whatever order: a candidate an earlier
run created is not found by its bare name where a single run would not tag it, and the
names of one outlet give one source with one slug whichever came first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.choices import OfficialStatus
from articles.ingest.outlets import outlet_key, outlet_name_rank
from articles.models import Article, Official, Source
from articles.pipeline.imports import run_import
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def gazetteer():
    """A country, so the import tags (it skips extraction without reference data)."""
    CountryFactory(iso2="LG", name="Lagoonia")


TITLED = {
    "url": "https://lagoon.example/visit",
    "source": "Lagoon Courier",
    "title": "Army chief tours the northern bases",
    "date": "2019-03-04",
    "text": "General Tomasz Vellacourt toured the northern bases on Monday. Vellacourt "
    "said the troops were ready for the spring exercises along the coast.",
}
# No title before the name: a single run never tags him here.
BARE = {
    "url": "https://lagoon.example/regatta",
    "source": "Lagoon Courier",
    "title": "Regatta draws record crowds",
    "date": "2019-03-09",
    "text": "Tomasz Vellacourt watched the regatta from the harbour wall with his family. "
    "Thousands lined the quays as the boats came in after a windy afternoon.",
}
# Titled again: linked to the candidate the first article proposed, in any order.
TITLED_AGAIN = {
    "url": "https://lagoon.example/parade",
    "source": "Lagoon Courier",
    "title": "Parade marks army day",
    "date": "2019-04-01",
    "text": "General Tomasz Vellacourt took the salute at the army day parade, which "
    "passed along the seafront for an hour before crowds dispersed in the rain.",
}


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


def _import(*paths: Path) -> None:
    run_import([str(p) for p in paths], workers=1)


def _export() -> dict[str, tuple[str, frozenset[str]]]:
    """Return each article's outlet slug and official slugs (candidates included)."""
    return {
        a.url: (
            a.source.slug,
            frozenset(
                m.official.slug if m.official_id else f"raw:{m.raw_name}"
                for m in a.articleofficial_set.all()
            ),
        )
        for a in Article.objects.select_related("source").prefetch_related(
            "articleofficial_set__official"
        )
    }


def _forget() -> None:
    Article.objects.all().delete()
    Official.objects.filter(status=OfficialStatus.CANDIDATE).delete()
    Source.objects.all().delete()


def test_a_candidate_of_an_earlier_run_is_not_found_by_its_bare_name(tmp_path):
    first = _write(tmp_path / "first.jsonl", [TITLED])
    later = _write(tmp_path / "later.jsonl", [BARE, TITLED_AGAIN])
    _import(first)
    (candidate,) = Official.objects.filter(status=OfficialStatus.CANDIDATE)
    _import(later)
    in_two_runs = _export()
    assert in_two_runs[BARE["url"]][1] == frozenset()
    assert in_two_runs[TITLED["url"]][1] == {candidate.slug}
    assert in_two_runs[TITLED_AGAIN["url"]][1] == {candidate.slug}  # the same row, reused
    assert Official.objects.filter(status=OfficialStatus.CANDIDATE).count() == 1

    _forget()
    _import(_write(tmp_path / "all.jsonl", [TITLED, BARE, TITLED_AGAIN]))
    assert _export() == in_two_runs


def test_a_confirmed_candidate_is_found_everywhere_after_reextract(tmp_path):
    _import(_write(tmp_path / "all.jsonl", [TITLED, BARE]))
    Official.objects.filter(status=OfficialStatus.CANDIDATE).update(status=OfficialStatus.CONFIRMED)
    from articles.pipeline.reextract import articles_reextract

    articles_reextract(article_ids=list(Article.objects.values_list("pk", flat=True)), workers=1)
    (official,) = Official.objects.filter(slug__startswith="tomasz-vellacourt")
    assert _export()[BARE["url"]][1] == {official.slug}


def _outlet_records(name: str, n: int) -> list[dict]:
    tag = outlet_name_rank(name)[0] * 10  # the written name's records and the site's differ
    return [
        {
            "url": f"https://www.harbourtimes.example/dues-{tag + i}",
            "source": name,
            "title": f"Harbour dues rise again, notice {tag + i}",
            "date": "2020-05-01",
            "text": f"The port authority raised harbour dues for the {tag + i}th time, shipping "
            f"agents said, and the fishermen of pier {tag + i} asked for an exemption.",
        }
        for i in range(n)
    ]


@pytest.mark.parametrize("first", ["Harbour Times", "HarbourTimes.example"])
def test_the_names_of_one_outlet_give_one_source_in_any_order(tmp_path, first):
    written = _write(tmp_path / "written.jsonl", _outlet_records("Harbour Times", 2))
    site = _write(tmp_path / "site.jsonl", _outlet_records("HarbourTimes.example", 2))
    order = [written, site] if first == "Harbour Times" else [site, written]
    _import(*order)  # one run
    one_run = _export()
    _forget()
    for path in order:  # two runs
        _import(path)
    assert _export() == one_run
    assert set(Source.objects.values_list("name", "slug")) == {("Harbour Times", "harbour-times")}


def test_an_outlet_an_editor_renamed_keeps_its_name(tmp_path):
    from django.contrib.auth.models import User

    _import(_write(tmp_path / "site.jsonl", _outlet_records("HarbourTimes.example", 1)))
    source = Source.objects.get()
    source._history_user = User.objects.create_user("desk")
    source.name = "Harbour-Times"  # the same outlet key; ranked after "Harbour Times"
    source.save()
    _import(_write(tmp_path / "written.jsonl", _outlet_records("Harbour Times", 1)))
    assert list(Source.objects.values_list("pk", "name")) == [(source.pk, "Harbour-Times")]


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["CNSNews.com", "CNS News", "cnsnews.com"], "CNS News"),
        (["Des Moines Register", "DesMoines Register"], "Des Moines Register"),
        (["Newsmax - News", "Newsmax (News)"], "Newsmax (News)"),
    ],
)
def test_outlet_keys_and_the_shown_name(names, shown):
    assert len({outlet_key(n) for n in names}) == 1
    assert min(names, key=outlet_name_rank) == shown
    assert outlet_key("New York Times - News") != outlet_key("New York Times - Opinion")


def _spelled(name: str, n: int) -> dict:
    return {
        "url": f"https://lagoon.example/{n}",
        "source": "Lagoon Courier",
        "title": f"Border talks, round {n}",
        "date": "2019-05-0" + str(n),
        "text": f"General {name} led the delegation at round {n} of the border talks, "
        "which ended without agreement on the disputed river crossing.",
    }


@pytest.mark.parametrize("runs", [1, 2])
@pytest.mark.parametrize("first", ["Andrey Voskresenko", "Andrei Voskresenko"])
def test_a_candidate_is_named_alike_whichever_spelling_comes_first(tmp_path, runs, first):
    other = ({"Andrey Voskresenko", "Andrei Voskresenko"} - {first}).pop()
    records = [_spelled(first, 1), _spelled(other, 2)]
    if runs == 1:
        _import(_write(tmp_path / "both.jsonl", records))
    else:
        _import(_write(tmp_path / "first.jsonl", records[:1]))
        _import(_write(tmp_path / "second.jsonl", records[1:]))
    (candidate,) = Official.objects.filter(status=OfficialStatus.CANDIDATE)
    assert (candidate.name, candidate.slug) == ("Andrei Voskresenko", "andrei-voskresenko")
    assert {slugs for _, slugs in _export().values()} == {frozenset({"andrei-voskresenko"})}
