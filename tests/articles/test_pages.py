"""Home, article, country, official and topic pages: content, links, escaping, query counts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from articles.models import (
    ArticleCountry,
    ArticleOfficial,
    ArticleOrganisation,
    ArticleTopic,
    NearDuplicateGroup,
)
from articles.search import results
from articles.search.indexing import sync
from articles.selectors import pages as reads
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CountryAliasFactory,
    CountryFactory,
    OfficialFactory,
    OrganisationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

QUERY_LIMIT = 12
DAY = datetime(2012, 6, 15, 12, tzinfo=UTC)


def full_text(article) -> str:
    return "\n\n".join(p for p in (article.title, article.lede, article.body) if p)


def evidence(article, text: str, *, nth: int = 0) -> list[dict]:
    """Return evidence for the ``nth`` occurrence of ``text`` in the article's offset space."""
    full = full_text(article)
    starts = [m.start() for m in re.finditer(re.escape(text), full)]
    start = starts[nth]
    field = "title" if start < len(article.title) else "body"
    if article.lede and len(article.title) + 2 <= start < len(article.title) + 2 + len(
        article.lede
    ):
        field = "lede"
    return [{"text": text, "start": start, "field": field, "rule": "name"}]


def mention(model, article, *, text: str | None = None, focus: bool = True, **entity):
    """Create a mention of ``entity`` in ``article`` (evidence for ``text`` when given)."""
    return model.objects.create(
        article=article,
        evidence=evidence(article, text) if text else [],
        is_focus=focus,
        published_at=article.published_at,
        **entity,
    )


@pytest.fixture
def world():
    """Syria and Russia, a Syrian foreign minister, a topic and a few articles about them."""
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria", region="Asia")
    russia = CountryFactory(iso2="RU", iso3="RUS", name="Russia", slug="russia", region="Europe")
    CountryAliasFactory(country=syria, alias="Syrian", kind="demonym")
    CountryAliasFactory(country=syria, alias="Damascus", kind="capital")
    minister = OfficialFactory(name="Walid Mouallem", slug="walid-mouallem", nationality=syria)
    post = AppointmentFactory(
        official=minister,
        post="Foreign Minister",
        country=syria,
        start_date=date(2006, 2, 11),
        end_date=date(2020, 11, 16),
    )
    topic = TopicFactory(slug="ceasefire", name="Ceasefire")
    un = OrganisationFactory(slug="un", name="United Nations", abbreviation="UN")
    articles = []
    for i in range(4):
        article = ArticleFactory(
            title=f"Syria and Russia discuss truce, round {i}",
            body=f"Walid Mouallem met envoys in Damascus on day {i}. The UN welcomed it.",
            published_at=DAY - timedelta(days=30 * i),
        )
        mention(ArticleCountry, article, text="Syria", country=syria)
        mention(ArticleCountry, article, text="Russia", country=russia)
        mention(
            ArticleOfficial,
            article,
            text="Walid Mouallem",
            official=minister,
            appointment=post,
            raw_name="Walid Mouallem",
        )
        mention(ArticleOrganisation, article, text="UN", organisation=un, focus=False)
        ArticleTopic.objects.create(
            article=article, topic=topic, score=3.0, published_at=article.published_at
        )
        articles.append(article)
    return {
        "syria": syria,
        "russia": russia,
        "minister": minister,
        "post": post,
        "topic": topic,
        "un": un,
        "articles": articles,
    }


# --- article page ---------------------------------------------------------------------


def test_article_page_highlights_entities_and_shows_the_side_panel(
    client, world, django_assert_max_num_queries
):
    article = world["articles"][0]
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    # Highlights come from the evidence offsets in the body, each linked to its page.
    assert '<a class="mention mention-official" href="/officials/walid-mouallem/"' in html
    assert 'title="Walid Mouallem, Foreign Minister, Syria"' in html
    assert '<a class="mention mention-organisation" href="/articles/?organization=un"' in html
    # The side panel: the post held at the article's date, the topic.
    assert "Foreign Minister of Syria" in html
    assert 'href="/topics/ceasefire/"' in html
    assert 'href="/countries/sy/"' in html
    # Related coverage: the other articles about the same focus countries.
    related = response.context["detail"].related
    # The other articles are a month or more away: outside two weeks either side.
    assert related == []
    assert "No related coverage: no other article from 1 Jun 2012 to 29 Jun 2012" in html


def test_article_page_shows_title_source_dateline_byline_and_original_link(client):
    article = ArticleFactory(
        title="Envoy arrives",
        byline="By Jo Reporter",
        dateline="GENEVA",
        url="https://example.org/story",
        source=SourceFactory(name="Capital Dispatch", slug="capital-dispatch"),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    for text in ("Envoy arrives", "By Jo Reporter", "GENEVA", "Capital Dispatch"):
        assert text in html
    assert 'href="https://example.org/story"' in html
    assert "No officials found in this article." in html


def test_article_text_is_escaped_including_inside_highlights(client):
    syria = CountryFactory(iso2="SY", name="Syria")
    article = ArticleFactory(
        title='Quote " test',
        body='Before <script>alert("x")</script> and "Syria" <b>bold</b>\nsecond line',
    )
    mention(ArticleCountry, article, text="Syria", country=syria)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert '&quot;<a class="mention mention-country" href="/countries/sy/"' in html
    assert "<br>second line" in html


def test_highlight_skips_stale_evidence_and_overlaps():
    article = ArticleFactory.build(title="T", lede="", body="Syria and Syrian officials")
    spans = [
        reads.Span(3, 8, "country", "/countries/sy/", "Syria"),
        reads.Span(3, 16, "country", "/countries/sy/", "Syria"),  # overlaps: dropped later
    ]
    html = reads.highlight_html(text=article.body, offset=3, spans=spans[:1])
    assert (
        html
        == '<p><a class="mention mention-country" href="/countries/sy/" title="Syria">Syria</a> and Syrian officials</p>'
    )
    # Evidence that no longer matches the text is ignored rather than misplaced.
    syria = CountryFactory.build(iso2="SY", name="Syria")
    stale = ArticleCountry(country=syria, evidence=[{"text": "Iran", "start": 3, "field": "body"}])
    assert (
        reads.mention_spans(article=article, countries=[stale], officials=[], organisations=[])
        == []
    )


def test_near_duplicates_are_listed_with_also_in_n_outlets(client):
    group = NearDuplicateGroup.objects.create(size=3)
    lead = ArticleFactory(title="Story", duplicate_group=group)
    copies = [
        ArticleFactory(title="Story", duplicate_group=group, is_story_lead=False) for _ in range(2)
    ]
    ArticleFactory(title="Hidden copy", duplicate_group=group, status="hidden")
    response = client.get(lead.get_absolute_url())
    html = response.content.decode()
    assert "also in 2 outlets" in html
    for copy in copies:
        assert copy.get_absolute_url() in html
    assert "Hidden copy" not in html


def test_article_detail_redirects_to_canonical_slug_and_unknown_is_404(client):
    article = ArticleFactory(title="Talks in Geneva")
    response = client.get(reverse("articles:article_detail", kwargs={"pk": article.pk}))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/articles/999999/").status_code == 404
    hidden = ArticleFactory(status="hidden")
    assert client.get(hidden.get_absolute_url()).status_code == 404


# --- country pages --------------------------------------------------------------------


def test_country_page_shows_coverage_officials_together_topics_recent(
    client, world, django_assert_max_num_queries
):
    sync(wait=True)  # indexing the new articles is the writes' work, not the page's
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/countries/sy/")
    assert response.status_code == 200
    html = response.content.decode()
    coverage = response.context["coverage"]
    assert coverage.total == 4
    assert sum(n for _, n in coverage.series) == 4
    assert (
        'class="chart-svg chart-narrow" viewBox="0 0' in html and "Data table" in html
    )  # the chart and its text
    assert [o.name for o in coverage.together["official"]] == ["Walid Mouallem"]
    assert [(c.key, c.count) for c in coverage.together["country"]] == [("ru", 4)]
    assert 'href="/articles/?country=sy&amp;country=ru&amp;match=all"' in html
    assert "counted over" not in html  # every count is over all its stories
    assert [t.key for t in coverage.together["topic"]] == ["ceasefire"]
    assert 'href="/articles/?country=sy"' in html
    assert len(response.context["recent"]) == 4
    assert "Damascus" in html  # aliases


def test_country_page_empty_state_and_unknown_codes(client):
    CountryFactory(iso2="FR", name="France")
    html = client.get("/countries/fr/").content.decode()
    assert "No articles mention France yet." in html
    assert client.get("/countries/zz/").status_code == 404
    assert client.get("/countries/syria/").status_code == 404
    assert client.get("/countries/FR/").status_code == 200


def test_country_page_ignores_suppressed_hidden_and_copies(client, world):
    syria = world["syria"]
    ArticleCountry.objects.filter(article=world["articles"][3], country=syria).update(
        suppressed=True
    )
    hidden = ArticleFactory(status="hidden", published_at=DAY)
    mention(ArticleCountry, hidden, country=syria)
    response = client.get("/countries/sy/")
    recent = response.context["recent"]
    assert hidden not in recent
    assert world["articles"][3] not in recent
    coverage = response.context["coverage"]
    assert coverage.total == 3
    assert [(c.key, c.count) for c in coverage.together["country"]] == [("ru", 3)]


def _list_timeline(client, query: str) -> dict:
    response = client.get(f"/articles/?{query}")
    return {period: n for period, n in response.context["timeline"].series if n}


def test_entity_timelines_count_what_the_list_shows(client, world):
    """Hidden articles and later near-duplicate copies are left out, as the list does."""
    syria, topic = world["syria"], world["topic"]
    hidden = ArticleFactory(status="hidden", published_at=DAY)
    mention(ArticleCountry, hidden, country=syria)
    ArticleTopic.objects.create(article=hidden, topic=topic, published_at=DAY)
    group = NearDuplicateGroup.objects.create(size=2, lead=world["articles"][0])
    copy = ArticleFactory(published_at=DAY, duplicate_group=group, is_story_lead=False)
    mention(ArticleCountry, copy, country=syria)
    ArticleTopic.objects.create(article=copy, topic=topic, published_at=DAY)
    undated = ArticleFactory(published_at=None)
    mention(ArticleCountry, undated, country=syria)

    for page, query in (
        ("/countries/sy/", "country=sy"),
        ("/topics/ceasefire/", "topic=ceasefire"),
    ):
        coverage = client.get(page).context["coverage"]
        listed = client.get(f"/articles/?{query}").context["counts"]
        assert coverage.total == listed.total  # the list's count includes undated articles
        assert {m: n for m, n in coverage.series if n} == _list_timeline(client, query)
        assert coverage.dated == sum(_list_timeline(client, query).values()) == 4
    assert client.get("/countries/sy/").context["coverage"].undated == 1
    # The country index counts the same articles.
    regions = dict(client.get("/countries/").context["regions"])
    assert regions["Asia"][0].article_count == 5
    assert client.get("/articles/?country=sy&undated=1").context["counts"].total == 1


def test_entity_timelines_follow_later_changes_to_the_article(client, world):
    """The mention's flag follows the article: hiding it, making it a copy, redating it."""
    first, second = world["articles"][0], world["articles"][1]
    first.status = "hidden"
    first.save()
    second.published_at = datetime(2001, 1, 5, tzinfo=UTC)
    second.save()
    coverage = client.get("/countries/sy/").context["coverage"]
    assert coverage.total == 3
    assert coverage.series[0] == (date(2001, 1, 1), 1)
    assert {m: n for m, n in coverage.series if n} == _list_timeline(client, "country=sy")
    first.status = "published"
    first.save()
    assert client.get("/countries/sy/").context["coverage"].total == 4
    from articles.models import Article

    Article.objects.filter(pk=first.pk).update(is_story_lead=False)
    assert client.get("/countries/sy/").context["coverage"].total == 3
    assert [a.pk for a in client.get("/countries/sy/").context["recent"]] == [
        a.pk for a in world["articles"][2:]
    ] + [second.pk]


@pytest.fixture
def crowd(world):
    """The world, plus officials of Syria and of Russia, Iran, a second topic and noise.

    Noise the pages must not count: a later copy of a story, a hidden article, a
    suppressed mention, a rejected official. An undated story they must count.
    """
    syria, russia, articles = world["syria"], world["russia"], world["articles"]
    iran = CountryFactory(iso2="IR", iso3="IRN", name="Iran", slug="iran", region="Asia")
    sanctions = TopicFactory(slug="sanctions", name="Sanctions")
    lavrov = OfficialFactory(name="Sergey Lavrov", slug="sergey-lavrov", nationality=russia)
    envoy = OfficialFactory(name="Bashar Jaafari", slug="bashar-jaafari")
    AppointmentFactory(official=envoy, post="Ambassador to the UN", country=syria)
    candidate = OfficialFactory(
        name="Jo Candidate", slug="jo-candidate", status="candidate", nationality=syria
    )
    rejected = OfficialFactory(
        name="Not A Person", slug="not-a-person", status="rejected", nationality=syria
    )
    later = ArticleFactory(title="Sanctions on Iran", published_at=DAY + timedelta(days=40))
    undated = ArticleFactory(title="Undated note on Iran", published_at=None)
    group = NearDuplicateGroup.objects.create(size=2, lead=articles[0])
    copy = ArticleFactory(published_at=DAY, duplicate_group=group, is_story_lead=False)
    hidden = ArticleFactory(status="hidden", published_at=DAY)
    for article in (later, undated, copy, hidden):
        mention(ArticleCountry, article, country=syria)
        mention(ArticleCountry, article, country=iran)
        mention(ArticleOfficial, article, official=envoy, raw_name=envoy.name)
    mention(ArticleCountry, articles[3], country=iran)
    ArticleCountry.objects.filter(article=articles[3], country=iran).update(suppressed=True)
    for article, official in (
        (articles[0], lavrov),
        (articles[1], lavrov),
        (articles[0], candidate),
        (articles[1], rejected),
        (articles[2], envoy),
    ):
        mention(ArticleOfficial, article, official=official, raw_name=official.name)
    for article in (later, articles[1], copy, hidden):
        ArticleTopic.objects.create(article=article, topic=sanctions, published_at=DAY)
    return {**world, "iran": iran, "lavrov": lavrov, "envoy": envoy, "candidate": candidate}


@pytest.mark.parametrize(
    "page", ["/countries/sy/", "/officials/walid-mouallem/", "/topics/ceasefire/"]
)
def test_every_number_on_an_entity_page_is_the_total_of_the_list_it_opens(client, crowd, page):
    """Each covered-together count and each chart bar opens a list of exactly that size."""
    response = client.get(page)
    coverage = response.context["coverage"]
    html = response.content.decode()
    items = [item for kind in ("country", "official", "topic") for item in coverage.together[kind]]
    assert {item.kind for item in items} == {"country", "official", "topic"}
    for item in items:
        assert item.list_url.replace("&", "&amp;") in html
        listed = client.get(item.list_url).context["counts"].total
        assert (item.name, item.count) == (item.name, listed)
    for month, count, url in response.context["chart_series"]:
        assert (month, client.get(url).context["counts"].total) == (month, count)
    assert coverage.total == client.get(response.context["all_url"]).context["counts"].total


def test_country_page_counts_over_all_its_stories_and_lists_its_own_officials(client, crowd):
    coverage = client.get("/countries/sy/").context["coverage"]
    assert (coverage.total, coverage.dated, coverage.undated) == (6, 5, 1)
    together = {
        kind: [(item.key, item.count) for item in items]
        for kind, items in coverage.together.items()
    }
    # Iran: the later and the undated story (the copy, the hidden one, the suppressed
    # mention left out); Russia: the world's four stories.
    assert together["country"] == [("ru", 4), ("ir", 2)]
    # Its officials: by nationality or by a post for it, candidates marked; the Russian
    # minister and the rejected official left out.
    assert together["official"] == [
        ("walid-mouallem", 4),
        ("bashar-jaafari", 3),
        ("jo-candidate", 1),
    ]
    assert [o.unconfirmed for o in coverage.together["official"]] == [False, False, True]
    assert together["topic"] == [("ceasefire", 4), ("sanctions", 2)]


def test_official_and_topic_pages_link_their_own_kind_with_match_all(client, crowd):
    """Officials with an official (topics with a topic): both, so the count is the list's."""
    html = client.get("/officials/walid-mouallem/").content.decode()
    assert (
        'href="/articles/?official=walid-mouallem&amp;official=sergey-lavrov&amp;match=all"' in html
    )
    html = client.get("/topics/ceasefire/").content.decode()
    assert 'href="/articles/?topic=ceasefire&amp;topic=sanctions&amp;match=all"' in html


def test_entity_pages_ask_the_index_twice(client, crowd, monkeypatch):
    """One overview (total, months, every list) and one page of recent ids, nothing more;
    country and official pages one overview more, their network's nodes (its pairs are
    ``cooccurrence.pair_counts``, tested in tests/web/test_network.py)."""
    calls = []
    for name in ("overview", "hits", "count", "entity_count", "all_ids"):
        real = getattr(results, name)
        monkeypatch.setattr(
            results,
            name,
            lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k),
        )
    for page in ("/countries/sy/", "/officials/walid-mouallem/", "/topics/ceasefire/"):
        calls.clear()
        assert client.get(page).status_code == 200
        network = [] if page.startswith("/topics/") else ["overview"]
        assert sorted(calls) == ["hits", "overview", *network], page


def test_country_page_finds_its_officials_beyond_the_top_co_mentioned(client, world):
    """Many foreign officials mentioned more often do not push the country's own out."""
    articles, minister = world["articles"], world["minister"]
    foreign = [OfficialFactory(nationality=world["russia"]) for _ in range(60)]
    for article in articles:
        for official in foreign:
            mention(ArticleOfficial, article, official=official, raw_name=official.name)
    ArticleOfficial.objects.filter(article__in=articles[:2], official=minister).update(
        suppressed=True
    )
    coverage = client.get("/countries/sy/").context["coverage"]
    assert [(o.key, o.count) for o in coverage.together["official"]] == [("walid-mouallem", 2)]


@pytest.mark.parametrize(
    ("text", "iso2"),
    [("Burma", "mm"), ("burma", "mm"), ("DPRK", "kp"), ("Syrian", "sy"), ("syr", "sy")],
)
def test_country_search_by_alias_redirects_on_single_exact_hit(client, text, iso2):
    myanmar = CountryFactory(iso2="MM", iso3="MMR", name="Myanmar", slug="myanmar")
    CountryAliasFactory(country=myanmar, alias="Burma", kind="alternative")
    north_korea = CountryFactory(iso2="KP", iso3="PRK", name="North Korea", slug="north-korea")
    CountryAliasFactory(country=north_korea, alias="DPRK", kind="alternative")
    syria = CountryFactory(iso2="SY", iso3="SYR", name="Syria", slug="syria")
    CountryAliasFactory(country=syria, alias="Syrian", kind="demonym")
    response = client.get("/countries/", {"q": text})
    assert response.status_code == 302
    assert response["Location"] == f"/countries/{iso2}/"


def test_country_search_lists_prefix_hits_and_says_when_nothing_matches(client):
    CountryFactory(iso2="NE", name="Niger", slug="niger", region="Africa")
    CountryFactory(iso2="NG", name="Nigeria", slug="nigeria", region="Africa")
    response = client.get("/countries/", {"q": "nige"})
    assert response.status_code == 200
    assert [h.country.name for h in response.context["hits"]] == ["Niger", "Nigeria"]
    # An exact name among prefix hits comes first and redirects.
    assert client.get("/countries/", {"q": "Niger"})["Location"] == "/countries/ne/"
    html = client.get("/countries/", {"q": "<Atlantis>"}).content.decode()
    assert "No country is called “&lt;Atlantis&gt;”" in html


def test_country_list_groups_by_region_with_counts(client, world, django_assert_max_num_queries):
    sync(wait=True)  # its counts come from the index, as its lists'
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/countries/")
    regions = dict(response.context["regions"])
    assert [c.name for c in regions["Asia"]] == ["Syria"]
    assert regions["Asia"][0].article_count == 4
    html = response.content.decode()
    assert '<label for="country-q">' in html
    assert 'href="/articles/?country=sy"' in html


# --- official pages -------------------------------------------------------------------


def test_official_page_shows_aliases_posts_coverage(client, world, django_assert_max_num_queries):
    minister = world["minister"]
    minister.aliases.create(alias="Walid Muallem", key="walid muallem")
    sync(wait=True)
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/officials/walid-mouallem/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Walid Muallem" in html
    assert "Foreign Minister" in html and "11 Feb 2006" in html and "16 Nov 2020" in html
    coverage = response.context["coverage"]
    assert coverage.total == 4
    assert {c.key for c in coverage.together["country"]} == {"sy", "ru"}
    assert 'href="/articles/?official=walid-mouallem&amp;country=sy"' in html
    assert 'href="/articles/?official=walid-mouallem"' in html
    assert "Unconfirmed" not in html


def test_a_term_with_no_known_end_reads_as_of_its_last_evidence(client, world):
    minister = world["minister"]
    minister.appointments.create(
        post="Deputy Prime Minister",
        post_kind="deputy_minister",
        start_date=date(2001, 3, 1),
        known_until=date(2004, 1, 16),
    )
    html = client.get("/officials/walid-mouallem/").content.decode()
    assert "Deputy Prime Minister" in html
    assert (
        'as of <time datetime="2004-01-16">16 Jan 2004</time> <span class="page-asof">(end unknown)</span>'
        in html
    )


def test_candidate_is_marked_merged_redirects_rejected_and_unknown_404(client, world):
    candidate = OfficialFactory(name="Jo Candidate", slug="jo-candidate", status="candidate")
    assert "Unconfirmed" in client.get(candidate.get_absolute_url()).content.decode()
    merged = OfficialFactory(slug="w-moallem", merged_into=world["minister"])
    response = client.get(merged.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == "/officials/walid-mouallem/"
    rejected = OfficialFactory(slug="not-a-person", status="rejected")
    assert client.get(rejected.get_absolute_url()).status_code == 404
    assert client.get("/officials/nobody/").status_code == 404


def test_official_list_lists_confirmed_only(client, world, django_assert_max_num_queries):
    OfficialFactory(name="Jo Candidate", status="candidate")
    sync(wait=True)  # its counts come from the index, as the topic page's
    with django_assert_max_num_queries(QUERY_LIMIT):
        html = client.get("/officials/").content.decode()
    assert "Walid Mouallem" in html
    assert "Jo Candidate" not in html


# --- topic pages ----------------------------------------------------------------------


def test_topic_page_and_list(client, world, django_assert_max_num_queries):
    sync(wait=True)
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/topics/ceasefire/")
    assert response.status_code == 200
    coverage = response.context["coverage"]
    assert coverage.total == 4
    assert {c.key for c in coverage.together["country"]} == {"sy", "ru"}
    assert 'href="/articles/?topic=ceasefire&amp;country=sy"' in response.content.decode()
    assert client.get("/topics/nothing/").status_code == 404
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/topics/")
    assert response.context["topics"][0].article_count == 4
    assert 'href="/articles/?topic=ceasefire"' in response.content.decode()


# --- home -----------------------------------------------------------------------------


def test_home_shows_search_picker_latest_and_rising(client, world, django_assert_max_num_queries):
    # A burst this week (relative to the newest article: the corpus is historical).
    iran = CountryFactory(iso2="IR", name="Iran", slug="iran", region="Asia")
    for i in range(3):
        article = ArticleFactory(title=f"Iran talks {i}", published_at=DAY + timedelta(days=1))
        mention(ArticleCountry, article, country=iran)
    ArticleFactory(title="Hidden one", status="hidden", published_at=DAY + timedelta(days=2))
    sync(wait=True)  # indexing the new articles is the writes' work, not the page's
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<label for="home-q">' in html and '<label for="home-country">' in html
    assert '<option value="sy">Syria</option>' in html
    assert "Hidden one" not in html
    assert "Iran talks 0" in html
    rising = response.context["rising"]
    assert rising.historical
    assert "The corpus is historical" in html
    assert [c.key for c in rising.items["country"]][0] == "ir"
    assert 'href="/articles/?country=ir&amp;date_from=2012-06-10&amp;date_to=2012-06-16"' in html
    assert response.context["counts"]["articles"] == 7


def test_rising_against_the_previous_weeks():
    country = CountryFactory(iso2="SY", name="Syria")
    steady = CountryFactory(iso2="FR", name="France")
    now = datetime(2024, 1, 31, tzinfo=UTC)
    days = [(1, country), (2, country), (3, country), (10, country), (1, steady), (9, steady)]
    for days_ago, c in days:
        article = ArticleFactory(published_at=now - timedelta(days=days_ago))
        mention(ArticleCountry, article, country=c)
    result = reads.rising(now=now)
    assert not result.historical
    (top, *rest) = result.items["country"]
    assert top.key == "sy" and top.count == 3 and top.previous == 0.25
    assert rest == []  # France: one article in the 7 days is noise


def test_home_empty_state_tells_what_to_do(client):
    html = client.get("/").content.decode()
    assert "No articles yet" in html
    assert "load_reference" in html
    assert "Nothing to compare yet" in html


def test_article_page_query_count_does_not_grow_with_mentions(
    client, world, django_assert_max_num_queries
):
    article = ArticleFactory(
        title="Ministers meet",
        body=" ".join(f"Minister{i} spoke." for i in range(8)),
        published_at=DAY,
    )
    for i in range(8):
        official = OfficialFactory(name=f"Minister{i}")
        post = AppointmentFactory(official=official, country=CountryFactory())
        mention(
            ArticleOfficial,
            article,
            text=f"Minister{i}",
            official=official,
            appointment=post,
            raw_name=official.name,
        )
        mention(ArticleCountry, article, country=post.country)
    with django_assert_max_num_queries(QUERY_LIMIT):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('<a class="mention mention-official"') == 8


def test_rising_skips_a_stray_tail_of_late_articles():
    country = CountryFactory(iso2="SY", name="Syria")
    busy = datetime(2015, 3, 1, tzinfo=UTC)
    for i in range(reads.home.RISING_MIN_ARTICLES):
        article = ArticleFactory(published_at=busy - timedelta(hours=i))
        mention(ArticleCountry, article, country=country)
    ArticleFactory(published_at=datetime(2019, 1, 1, tzinfo=UTC))  # one stray late article
    result = reads.rising(now=datetime(2024, 1, 1, tzinfo=UTC))
    assert result.historical
    assert result.anchor.date() == date(2015, 2, 28)
    assert [c.key for c in result.items["country"]] == ["sy"]


def test_official_search_by_name_or_alias_includes_marked_candidates(client, world):
    world["minister"].aliases.create(alias="Walid al-Moallem", key="walid al moallem")
    OfficialFactory(name="Jo Moallem-Smith", slug="jo", status="candidate")
    OfficialFactory(name="Not Moallem", status="rejected")
    response = client.get("/officials/", {"q": "moallem"})
    names = [o.name for o in response.context["page"].object_list]
    assert names == ["Walid Mouallem", "Jo Moallem-Smith"]
    assert "(unconfirmed)" in response.content.decode()
    assert "No official is called" in client.get("/officials/", {"q": "zzz"}).content.decode()
