"""The mention-edit service behind the admin's inlines: each row edit, before → after.

``world`` (tests/admin/conftest.py): an article with an automatic mention of Syria (not
suppressed, not a focus) and an automatic mention of Walid Mouallem; France is mentioned
nowhere.
"""

from __future__ import annotations

import pytest

from articles.choices import Origin
from articles.models import ArticleCountry, ArticleOfficial
from articles.services.mention_edits import MentionEdit, article_mentions_save
from tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db

AUTO, EDITOR = Origin.AUTOMATIC, Origin.EDITOR


def country_states(article) -> dict[str, tuple[bool, bool, str]]:
    """Return iso2 -> (suppressed, is_focus, origin) for the article's country mentions."""
    return {
        m.country.iso2: (m.suppressed, m.is_focus, m.origin)
        for m in ArticleCountry.objects.filter(article=article).select_related("country")
    }


# name, the Syria mention's state before (suppressed, is_focus), the row edit (Syria's
# mention id, Syria's id, France's id) -> edit, the country mentions after.
COUNTRY_CASES = [
    (
        "a new row adds an editor mention",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=None, entity_id=fr, is_focus=True),
        {"SY": (False, False, AUTO), "FR": (False, True, EDITOR)},
    ),
    (
        "a new row marked for deletion adds nothing",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=None, entity_id=fr, delete=True),
        {"SY": (False, False, AUTO)},
    ),
    (
        "a new row naming nothing adds nothing",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=None, entity_id=None),
        {"SY": (False, False, AUTO)},
    ),
    (
        "delete keeps the mention, suppressed",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=sy, delete=True),
        {"SY": (True, False, AUTO)},
    ),
    (
        "ticking suppressed removes it",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=sy, suppressed=True),
        {"SY": (True, False, AUTO)},
    ),
    (
        "another entity removes the mention and adds that one",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=fr),
        {"SY": (True, False, AUTO), "FR": (False, False, EDITOR)},
    ),
    (
        "unticking suppressed restores it as the editor's",
        (True, False),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=sy),
        {"SY": (False, False, EDITOR)},
    ),
    (
        "a focus ticked is set, origin kept",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=sy, is_focus=True),
        {"SY": (False, True, AUTO)},
    ),
    (
        "a focus unticked is cleared",
        (False, True),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=sy, is_focus=False),
        {"SY": (False, False, AUTO)},
    ),
    (
        "a row the same as stored changes nothing",
        (False, False),
        lambda mention, sy, fr: MentionEdit(mention_id=mention, entity_id=sy),
        {"SY": (False, False, AUTO)},
    ),
    (
        "removal wins over a focus change",
        (False, False),
        lambda mention, sy, fr: MentionEdit(
            mention_id=mention, entity_id=sy, suppressed=True, is_focus=True
        ),
        {"SY": (True, False, AUTO)},
    ),
]


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [case[1:] for case in COUNTRY_CASES],
    ids=[case[0] for case in COUNTRY_CASES],
)
def test_country_mention_edits(world, editor, before, edit, after):
    article, mention = world["article"], world["syria_mention"]
    mention.suppressed, mention.is_focus = before
    mention.save()
    row = edit(mention.pk, world["syria"].pk, world["france"].pk)
    article_mentions_save(article=article, kind="countries", edits=[row], user=editor)
    assert country_states(article) == after


def test_each_change_is_recorded_with_its_editor(world, editor):
    mention = world["syria_mention"]
    article_mentions_save(
        article=world["article"],
        kind="countries",
        edits=[MentionEdit(mention_id=mention.pk, entity_id=world["syria"].pk, delete=True)],
        user=editor,
    )
    record = mention.history.order_by("-history_id").first()
    assert (record.history_user, record.suppressed) == (editor, True)


def official_state(article, official):
    m = ArticleOfficial.objects.get(article=article, official=official)
    return (m.appointment_id, m.raw_title, m.former, m.suppressed, m.origin)


# name, the row edit (mention id, official id, appointment id) -> edit, the mention after
# (appointment is "post" when it is the new appointment).
OFFICIAL_CASES = [
    (
        "a changed post is set, the mention becomes the editor's",
        lambda mention, official, post: MentionEdit(
            mention_id=mention,
            entity_id=official,
            appointment_id=post,
            raw_title="Syria's foreign minister",
            former=True,
        ),
        ("post", "Syria's foreign minister", True, False, EDITOR),
    ),
    (
        "only the title as written changes",
        lambda mention, official, post: MentionEdit(
            mention_id=mention, entity_id=official, raw_title="minister"
        ),
        (None, "minister", False, False, EDITOR),
    ),
    (
        "a deleted row's post is left as it was",
        lambda mention, official, post: MentionEdit(
            mention_id=mention, entity_id=official, delete=True, appointment_id=post
        ),
        (None, "", False, True, AUTO),
    ),
    (
        "an unchanged post is not touched",
        lambda mention, official, post: MentionEdit(mention_id=mention, entity_id=official),
        (None, "", False, False, AUTO),
    ),
]


@pytest.mark.parametrize(
    ("edit", "after"),
    [case[1:] for case in OFFICIAL_CASES],
    ids=[case[0] for case in OFFICIAL_CASES],
)
def test_official_mention_edits(world, editor, edit, after):
    article, official = world["article"], world["official"]
    post = AppointmentFactory(official=official, country=world["syria"])
    mention = ArticleOfficial.objects.get(article=article, official=official)
    row = edit(mention.pk, official.pk, post.pk)
    article_mentions_save(article=article, kind="officials", edits=[row], user=editor)
    expected = (post.pk if after[0] == "post" else after[0], *after[1:])
    assert official_state(article, official) == expected


def test_post_fields_are_ignored_for_other_kinds(world, editor):
    mention = world["syria_mention"]
    edit = MentionEdit(
        mention_id=mention.pk, entity_id=world["syria"].pk, raw_title="ignored", former=True
    )
    article_mentions_save(article=world["article"], kind="countries", edits=[edit], user=editor)
    assert country_states(world["article"]) == {"SY": (False, False, AUTO)}
