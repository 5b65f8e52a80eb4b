"""load_reference: idempotent, editor-safe, and the committed data has what the press needs."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import (
    Appointment,
    Country,
    CountryAlias,
    Official,
    OfficialAlias,
    Organisation,
    Topic,
    TopicRule,
)
from articles.services import reference_load
from articles.services.reference import (
    DATA_DIR,
    _reference_people,
    alias_marks,
    merge_suspects,
)
from tests.conftest import load_snapshot, remove_imported_world

pytestmark = pytest.mark.django_db

COUNTRIES = [
    {
        "iso2": "SY",
        "iso3": "SYR",
        "name": "Syria",
        "slug": "syria",
        "region": "Asia",
        "subregion": "Western Asia",
        "aliases": [
            {"alias": "Syria", "kind": "name", "ambiguous": False},
            {"alias": "Syrian", "kind": "demonym", "ambiguous": False},
            {"alias": "Damascus", "kind": "capital", "ambiguous": False},
        ],
    },
    {
        "iso2": "JO",
        "iso3": "JOR",
        "name": "Jordan",
        "slug": "jordan",
        "region": "Asia",
        "subregion": "Western Asia",
        "aliases": [{"alias": "Jordan", "kind": "name", "ambiguous": True}],
    },
]
ORGANISATIONS = [
    {
        "slug": "un",
        "name": "United Nations",
        "abbreviation": "UN",
        "aliases": [{"alias": "UN", "kind": "abbreviation", "ambiguous": False}],
    }
]
TOPICS = [
    {
        "slug": "sanctions",
        "name": "Sanctions",
        "parent": None,
        "description": "Economic pressure.",
        "threshold": 2.0,
        "rules": [{"phrase": "sanctions", "weight": 1.0, "kind": "include"}],
    },
    {
        "slug": "oil-sanctions",
        "name": "Oil sanctions",
        "parent": "sanctions",
        "threshold": 1.0,
        "rules": [{"phrase": "oil embargo", "weight": 1.0, "kind": "include"}],
    },
]
OFFICIALS = [
    {
        "key": "walid-mouallem",
        "name": "Walid Mouallem",
        "nationality": "SY",
        "aliases": ["Walid al-Moallem", "Walid Muallem"],
        "appointments": [
            {
                "post": "Foreign Minister",
                "post_kind": "foreign_minister",
                "country": "SY",
                "organisation": None,
                "start": "2006-02-11",
                "end": "2020-11-16",
            }
        ],
    },
    {
        "key": "kofi-annan",
        "name": "Kofi Annan",
        "nationality": None,
        "aliases": [],
        "appointments": [
            {
                "post": "UN Secretary-General",
                "post_kind": "secretary_general",
                "country": None,
                "organisation": "un",
                "start": "1997-01-01",
                "end": "2006-12-31",
            },
            {
                "post": "UN–Arab League Special Envoy for Syria",
                "post_kind": "envoy",
                "country": None,
                "organisation": "un",
                "start": "2012-02-23",
                "end": "2012-08-31",
            },
        ],
    },
]


def write_data(folder: Path, officials=OFFICIALS, countries=COUNTRIES) -> Path:
    """Write a small reference data set in the committed files' format."""
    folder.mkdir(exist_ok=True)
    (folder / "countries.json").write_text(json.dumps(countries))
    (folder / "organisations.json").write_text(json.dumps(ORGANISATIONS))
    (folder / "topics.json").write_text(json.dumps(TOPICS))
    (folder / "officials.jsonl").write_text("\n".join(json.dumps(o) for o in officials) + "\n")
    return folder


def table_counts() -> dict[str, int]:
    models = [Country, CountryAlias, Organisation, Official, OfficialAlias, Appointment, Topic]
    return {model.__name__: model.objects.count() for model in [*models, TopicRule]}


def test_load_creates_everything_and_links_it(tmp_path):
    report = reference_load(data_dir=write_data(tmp_path / "data"))
    assert report.tables["countries"].created == 2
    assert table_counts() == {
        "Country": 2,
        "CountryAlias": 4,
        "Organisation": 1,
        "Official": 2,
        "OfficialAlias": 4,  # the display name is an alias too
        "Appointment": 3,
        "Topic": 2,
        "TopicRule": 2,
    }
    mouallem = Official.objects.get(ref_key="walid-mouallem")
    assert mouallem.nationality.iso2 == "SY"
    keys = set(mouallem.aliases.values_list("key", flat=True))
    assert len(keys) == 1, "transliteration variants share one matching key"
    envoy = Appointment.objects.get(official__ref_key="kofi-annan", post_kind="envoy")
    assert envoy.organisation.slug == "un"
    assert str(envoy.start_date) == "2012-02-23"
    assert Topic.objects.get(slug="oil-sanctions").parent.slug == "sanctions"
    assert CountryAlias.objects.get(alias="Jordan").ambiguous is True


def test_second_load_changes_nothing(tmp_path):
    data = write_data(tmp_path / "data")
    reference_load(data_dir=data)
    before = table_counts()
    report = reference_load(data_dir=data)
    assert report.changed == 0
    assert table_counts() == before


def test_reference_changes_update_untouched_rows(tmp_path):
    reference_load(data_dir=write_data(tmp_path / "data"))
    changed = json.loads(json.dumps(COUNTRIES))
    changed[0]["name"] = "Syrian Arab Republic"
    report = reference_load(data_dir=write_data(tmp_path / "data", countries=changed))
    assert report.tables["countries"].updated == 1
    assert Country.objects.get(iso2="SY").name == "Syrian Arab Republic"


def test_load_never_overwrites_an_editor_change(tmp_path):
    data = write_data(tmp_path / "data")
    reference_load(data_dir=data)
    # An editor renames a country, un-flags an alias, renames an official and fixes a date.
    Country.objects.filter(iso2="SY").update(name="Syria (edited)")
    CountryAlias.objects.filter(alias="Jordan").update(ambiguous=False)
    official = Official.objects.get(ref_key="walid-mouallem")
    official.name = "Walid al-Muallem"
    official.slug = "walid-al-muallem"
    official.save()
    Appointment.objects.filter(official=official).update(end_date="2020-11-15")
    # The reference data changes too: the editor's versions must still win.
    changed = json.loads(json.dumps(COUNTRIES))
    changed[0]["name"] = "Syrian Arab Republic"
    report = reference_load(data_dir=write_data(tmp_path / "data", countries=changed))
    assert report.tables["countries"].kept_editor == 1
    assert Country.objects.get(iso2="SY").name == "Syria (edited)"
    assert CountryAlias.objects.get(alias="Jordan").ambiguous is False
    official.refresh_from_db()
    assert (official.name, official.slug) == ("Walid al-Muallem", "walid-al-muallem")
    assert str(official.appointments.get().end_date) == "2020-11-15"


def test_rows_made_by_editors_are_left_alone(tmp_path):
    data = write_data(tmp_path / "data")
    reference_load(data_dir=data)
    syria = Country.objects.get(iso2="SY")
    CountryAlias.objects.create(country=syria, alias="Sham", kind="alternative", origin="editor")
    reference_load(data_dir=data)
    assert CountryAlias.objects.filter(alias="Sham").exists()


def test_command_prints_per_table_stats(tmp_path):
    out = StringIO()
    call_command("load_reference", "--data-dir", str(write_data(tmp_path / "data")), stdout=out)
    assert "countries: 2 created" in out.getvalue()
    assert "Reference data loaded" in out.getvalue()
    assert "Suspected wrong merges: 0" in out.getvalue()


def term(post, kind, country, start, end=None, known_until=None):
    return {
        "post": post,
        "post_kind": kind,
        "country": country,
        "organisation": None,
        "start": start,
        "end": end,
        "known_until": known_until,
    }


def person(key, name, aliases, *appointments):
    return {"key": key, "name": name, "nationality": None, "aliases": aliases,
            "appointments": list(appointments)}  # fmt: skip


def test_known_until_is_loaded_for_open_terms_only(tmp_path):
    officials = [
        person(
            "igor-sechin",
            "Igor Sechin",
            [],
            term("Deputy Prime Minister", "minister", "SY", "2008-06-01", None, "2011-02-28"),
            # A known_until next to an end is not the data's: the end wins.
            term("Minister of Energy", "minister", "SY", "2004-01-01", "2008-05-31", "2008-05-31"),
        )
    ]
    data = write_data(tmp_path / "data", officials=officials)
    reference_load(data_dir=data)
    deputy = Appointment.objects.get(post="Deputy Prime Minister")
    assert (deputy.end_date, deputy.known_until) == (None, date(2011, 2, 28))
    assert Appointment.objects.get(post="Minister of Energy").known_until is None
    assert reference_load(data_dir=data).changed == 0

    # A later build that closes the term replaces known_until with the end.
    officials[0]["appointments"][0].update(end="2012-05-21", known_until=None)
    reference_load(data_dir=write_data(tmp_path / "data", officials=officials))
    deputy.refresh_from_db()
    assert (deputy.end_date, deputy.known_until) == (date(2012, 5, 21), None)


def test_gazetteer_snapshot_carries_known_until(tmp_path):
    from articles.selectors import gazetteer_snapshot

    officials = [
        person(
            "igor-sechin",
            "Igor Sechin",
            [],
            term("Deputy Prime Minister", "minister", "SY", "2008-06-01", None, "2011-02-28"),
        )
    ]
    reference_load(data_dir=write_data(tmp_path / "data", officials=officials))
    (sechin,) = gazetteer_snapshot().officials
    (post,) = sechin.appointments
    assert (post.post, post.end, post.known_until) == ("Deputy Prime Minister", None, date(2011, 2, 28))  # fmt: skip


SUSPECT_OFFICIALS = [
    # Father and son: different written initials.
    person(
        "george-bush",
        "George Bush",
        ["George H. W. Bush", "George W. Bush"],
        term("President", "head_of_state", "SY", "1989-01-20", "1993-01-20"),
    ),
    # Namesakes of two countries: heads of state of both at once.
    person(
        "ali-hassan",
        "Ali Hassan",
        [],
        term("President", "head_of_state", "SY", "2000-01-01", "2004-01-01"),
        term("King", "head_of_state", "JO", "2003-01-01", None, "2011-02-28"),
    ),
    # Posts of two countries at once (an open term counts until its known_until).
    person(
        "omar-said",
        "Omar Said",
        ["Omar Said Jr.", "Omar Said Sr."],
        term("Minister of Finance", "minister", "SY", "2005-01-01", None, "2011-02-28"),
        term("Ambassador to the UN", "ambassador", "JO", "2010-01-01", "2012-01-01"),
    ),
    # One person: the same initials, a suffix on one alias only, one country at a time.
    person(
        "joe-biden",
        "Joe Biden",
        ["Joseph R. Biden", "Joseph R. Biden Jr.", "Joseph Biden"],
        term("Vice President", "official", "SY", "2009-01-20", "2017-01-20"),
        term("President", "head_of_state", "JO", "2021-01-20", "2025-01-20"),
    ),
]


def test_load_reports_suspected_wrong_merges(tmp_path):
    report = reference_load(data_dir=write_data(tmp_path / "data", officials=SUSPECT_OFFICIALS))
    assert [(s.key, s.reason) for s in report.suspects] == [
        ("ali-hassan", "leaders"),
        ("george-bush", "initials"),
        ("omar-said", "countries"),
        ("omar-said", "suffixes"),
    ]
    out = StringIO()
    call_command("load_reference", "--data-dir", str(tmp_path / "data"), stdout=out)
    lines = out.getvalue().splitlines()
    assert "Suspected wrong merges: 4" in lines
    assert "  george-bush (George Bush): initials: George H. W. Bush / George W. Bush" in lines
    assert (
        "  ali-hassan (Ali Hassan): leaders: President of SY 2000-01-01–2004-01-01 / "
        "King of JO 2003-01-01–2011-02-28"
    ) in lines


def test_suspects_come_from_the_database_as_editors_left_it(tmp_path):
    reference_load(data_dir=write_data(tmp_path / "data", officials=SUSPECT_OFFICIALS))
    # An editor blocks the wrong alias and ends the King's term: no longer suspect.
    OfficialAlias.objects.filter(alias="George W. Bush").update(blocked=True)
    Appointment.objects.filter(post="King").update(start_date="2005-01-01")
    keys = {(s.key, s.reason) for s in merge_suspects(_reference_people())}
    assert keys == {("omar-said", "countries"), ("omar-said", "suffixes")}


@pytest.mark.parametrize(
    ("alias", "marks"),
    [
        ("George H. W. Bush", (None, ("h", "w"))),
        ("George Bush", (None, None)),
        ("Joseph R. Biden Jr.", ("Jr.", ("r",))),
        ("Abdullah II ibn Al Hussein", ("II", None)),
        ("Peter O'Neill", (None, None)),  # an apostrophe, not an initial O
        ("Gen. Colin L. Powell", (None, ("l",))),  # a title is no first name
        ("Former Representative Leon E. Panetta", (None, ("e",))),
        ("R.M. Marty Natalegawa", (None, None)),
        ("Abd al-Razzaq A. Thahim", (None, ("r", "a"))),
        ("Abdul Razzaq A. Thahim", (None, ("r", "a"))),
    ],
)
def test_alias_marks(alias, marks):
    assert alias_marks(alias) == marks


@pytest.mark.parametrize(
    ("name", "aliases", "appointments", "reasons"),
    [
        ("initials differ", ["George H. W. Bush", "George W. Bush"], [], ["initials"]),
        ("initials agree", ["George W. Bush", "George W Bush", "George Bush"], [], []),
        ("suffixes differ", ["Randy Weber Jr.", "Randy Weber Sr."], [], ["suffixes"]),
        ("one suffix", ["Joseph R. Biden", "Joseph R. Biden Jr."], [], []),
        (
            "leaders of two countries at once",
            [],
            [
                ("head_of_state", "SY", "2000-01-01", "2004-01-01", None),
                ("head_of_government", "JO", "2003-06-01", None, "2011-02-28"),
            ],  # fmt: skip
            ["leaders"],
        ),
        (
            "leaders of two countries one after the other",
            [],
            [
                ("head_of_state", "SY", "2000-01-01", "2004-01-01", None),
                ("head_of_state", "JO", "2004-06-01", None, "2011-02-28"),
            ],  # fmt: skip
            [],
        ),
        (
            "posts of two countries at once",
            [],
            [
                ("minister", "SY", "2000-01-01", "2004-01-01", None),
                ("ambassador", "JO", "2003-06-01", "2005-01-01", None),
            ],  # fmt: skip
            ["countries"],
        ),
        (
            "two posts of one country",
            [],
            [
                ("minister", "SY", "2000-01-01", "2004-01-01", None),
                ("head_of_state", "SY", "2003-06-01", "2005-01-01", None),
            ],  # fmt: skip
            [],
        ),
    ],
)
def test_merge_suspects(name, aliases, appointments, reasons):
    person = {
        "key": "x",
        "name": "X",
        "aliases": aliases,
        "appointments": [
            {
                "post": kind,
                "post_kind": kind,
                "country": country,
                "start": date.fromisoformat(start),
                "end": date.fromisoformat(end) if end else None,
                "known_until": date.fromisoformat(known) if known else None,
            }
            for kind, country, start, end, known in appointments
        ],
    }
    assert [s.reason for s in merge_suspects([person])] == reasons, name


def test_command_fails_clearly_without_data(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No reference data"):
        call_command("load_reference", "--data-dir", str(tmp_path))


@pytest.fixture(scope="module")
def committed_reference(request, django_db_blocker):
    """Commit the reference data for this module's read-only checks: what ``reference_load()``
    made of the committed files, loaded once for the run (``reference_snapshot``)."""
    if not (DATA_DIR / "officials.jsonl").exists():
        pytest.skip("the generated reference data is not committed yet")
    snapshot = request.getfixturevalue("reference_snapshot")
    with django_db_blocker.unblock():
        load_snapshot(snapshot)
        yield
        remove_imported_world()


@pytest.mark.usefixtures("committed_reference")
class TestCommittedReference:
    """The data files in articles/data load and carry what the issue asks for."""

    def test_sizes(self):
        assert Country.objects.count() >= 249
        assert Organisation.objects.count() >= 40
        assert Official.objects.count() >= 5000
        assert Topic.objects.count() >= 20
        assert not Topic.objects.filter(rules__isnull=True).exists()

    @pytest.mark.parametrize(
        ("alias", "iso2", "kind"),
        [
            ("Russia", "RU", "name"),
            ("Britain", "GB", "name"),
            ("UK", "GB", "alternative"),
            ("Burma", "MM", "alternative"),
            ("DPRK", "KP", "alternative"),
            ("Ivory Coast", "CI", None),
            ("Czechia", "CZ", None),
            ("Türkiye", "TR", None),
            ("Syrian", "SY", "demonym"),
            ("Chinese", "CN", "demonym"),
            ("Emirati", "AE", "demonym"),
            ("Moscow", "RU", "capital"),
            ("Damascus", "SY", "capital"),
            ("Washington", "US", "capital"),
            ("Tehran", "IR", "capital"),
        ],
    )
    def test_press_aliases(self, alias, iso2, kind):
        found = CountryAlias.objects.filter(alias=alias, country__iso2=iso2)
        assert found.exists(), f"{alias} → {iso2} missing"
        if kind:
            assert found.get().kind == kind

    @pytest.mark.parametrize("iso2", ["XK", "PS", "TW", "VA"])
    def test_extra_territories(self, iso2):
        assert Country.objects.filter(iso2=iso2).exists()

    @pytest.mark.parametrize(
        "alias", ["Georgia", "Jordan", "Chad", "Niger", "Turkey", "Congo", "Guinea", "Washington"]
    )
    def test_ambiguous_aliases_are_flagged(self, alias):
        assert CountryAlias.objects.filter(alias=alias).exists()
        assert not CountryAlias.objects.filter(alias=alias, ambiguous=False).exists()

    @pytest.mark.parametrize("alias", ["Arab", "Western", "Jewish", "European"])
    def test_words_that_name_no_country(self, alias):
        assert not CountryAlias.objects.filter(alias=alias).exists()

    def test_mouallem_is_one_official_foreign_minister_of_syria(self):
        found = Official.objects.filter(aliases__alias__in=["Walid Mouallem", "Walid al-Moallem"])
        assert found.distinct().count() == 1
        post = found.first().appointments.get(post_kind="foreign_minister")
        assert post.country.iso2 == "SY"

    def test_no_suspected_wrong_merges(self):
        assert [str(s) for s in merge_suspects(_reference_people())] == []

    def test_legislators_and_known_until(self):
        assert Appointment.objects.filter(post_kind="legislator").count() >= 700
        sechin = Appointment.objects.get(official__ref_key="igor-sechin")
        assert (sechin.end_date, sechin.known_until) == (None, date(2011, 2, 28))
        assert not Appointment.objects.filter(end_date__isnull=False, known_until__isnull=False)

    def test_no_overlapping_terms_of_the_same_post(self):
        terms: dict[tuple, list] = {}
        for a in Appointment.objects.values(
            "official_id",
            "post",
            "country_id",
            "organisation_id",
            "start_date",
            "end_date",
            "known_until",
        ):
            key = (a["official_id"], a["post"], a["country_id"], a["organisation_id"])
            # An open term claims the post until the last date a source shows it held.
            terms.setdefault(key, []).append((a["start_date"], a["end_date"] or a["known_until"]))
        for key, spans in terms.items():
            spans.sort(key=lambda s: (s[0] is not None, s[0]))
            for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
                assert end is not None and start is not None and end < start, (key, spans)
