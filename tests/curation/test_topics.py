"""Topic rule changes: the preview's numbers, the background apply job, editor mentions kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.choices import Origin, RuleKind
from articles.models import Article, ArticleTopic, TopicApplyJob, TopicRule
from articles.pipeline.reextract import articles_reextract
from articles.services import topics as service
from tests.curation.conftest import article
from tests.curation.helpers import holders, topic_change_form
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

# title, body, has the topic with the stored rules
CORPUS = [
    ("New sanctions on Syria", "The council agreed on the measures.", True),
    ("Council meets", "Ministers discussed sanctions and trade.", True),
    ("Arms embargo imposed", "An embargo on weapons starts today.", False),
    ("Cooking with sanctions", "A recipe column, with sanctions in the title.", True),
    ("Weather", "Rain is expected in the north.", False),
    ("Cease-fire holds", "The cease fire held overnight.", False),
]


@pytest.fixture
def sanctions(db):
    topic = TopicFactory(slug="sanctions", name="Sanctions", threshold=2.0)
    TopicRule.objects.create(topic=topic, phrase="sanctions", weight=2.0)
    TopicFactory(slug="ceasefire", name="Ceasefire")  # another topic, no rules
    for title, body, _ in CORPUS:
        article(title, body)
    articles_reextract(workers=1)
    assert holders(topic) == {t for t, _, has in CORPUS if has}
    return topic


NEW_RULES = [
    service.RuleSpec("sanctions", 2.0),
    service.RuleSpec("embargo", 2.0),
    service.RuleSpec("recipe", 1.0, RuleKind.EXCLUDE),
]


def test_preview_counts_gains_and_losses_without_saving(sanctions):
    preview = service.topic_preview(topic=sanctions, threshold=2.0, rules=NEW_RULES)
    assert (preview.gain, preview.lose, preview.keep) == (1, 1, 2)
    assert [t for _, t in preview.gain_samples] == ["Arms embargo imposed"]
    assert [t for _, t in preview.lose_samples] == ["Cooking with sanctions"]
    # Only the articles that can change were scored: holders and full-text matches.
    assert preview.candidates == 4 and not preview.full_scan and not preview.estimated
    assert list(sanctions.rules.values_list("phrase", flat=True)) == ["sanctions"]


def test_preview_of_a_higher_threshold_counts_losses(sanctions):
    preview = service.topic_preview(
        topic=sanctions, threshold=3.0, rules=[service.RuleSpec("sanctions", 2.0)]
    )
    # Only a title match (2.0 x 2.0 = 4) stays above 3.
    assert preview.gain == 0
    assert {t for _, t in preview.lose_samples} == {"Council meets"}


def test_preview_hyphenated_phrase_finds_both_spellings(sanctions):
    preview = service.topic_preview(
        topic=sanctions, threshold=1.0, rules=[service.RuleSpec("cease-fire", 1.0)]
    )
    assert "Cease-fire holds" in {t for _, t in preview.gain_samples}
    assert preview.lose == 3  # the sanctions articles lose it


def test_preview_matches_what_apply_and_reextract_store(sanctions):
    editor_only = Article.objects.get(title="Weather")
    ArticleTopic.objects.create(article=editor_only, topic=sanctions, origin=Origin.EDITOR)
    ArticleTopic.objects.filter(topic=sanctions, article__title="Council meets").update(
        suppressed=True
    )
    before = holders(sanctions)
    preview = service.topic_preview(topic=sanctions, threshold=2.0, rules=NEW_RULES)
    # Save the rules, then apply in the foreground.
    TopicRule.objects.create(topic=sanctions, phrase="embargo", weight=2.0)
    TopicRule.objects.create(topic=sanctions, phrase="recipe", kind=RuleKind.EXCLUDE)
    job = service.topic_apply_start(topic=sanctions, background=False)
    service.topic_apply_run(job=job)
    job.refresh_from_db()
    assert job.status == TopicApplyJob.Status.FINISHED and job.percent == 100
    assert (job.gained, job.lost) == (preview.gain, preview.lose) == (1, 1)
    after = holders(sanctions)
    assert after - before == {"Arms embargo imposed"}
    assert before - after == {"Cooking with sanctions"}
    assert "Weather" in after  # the editor's topic stays
    assert ArticleTopic.objects.get(article__title="Council meets").suppressed
    # reextract agrees with what the job stored.
    summary = articles_reextract(workers=1)
    assert holders(sanctions) == after
    assert summary.diff.added["topics"] == summary.diff.removed["topics"] == 0


def test_admin_preview_saves_nothing_then_save_starts_a_job(sanctions, editor_client):
    url = f"/admin/articles/topic/{sanctions.pk}/change/"
    data = topic_change_form(sanctions, "embargo")
    page = editor_client.post(url, data | {"_preview": "Preview"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="preview-gain">1<' in html and 'id="preview-lose">0<' in html
    assert "Arms embargo imposed" in html
    assert 'value="embargo"' in html  # the edited form is shown again
    assert sanctions.rules.count() == 1 and not TopicApplyJob.objects.exists()

    saved = editor_client.post(url, data | {"_save": "Save"})
    job = TopicApplyJob.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == f"/admin/articles/topicapplyjob/{job.pk}/change/"
    assert sanctions.rules.count() == 2
    progress = editor_client.get(saved["Location"])
    assert progress.status_code == 200
    assert 'http-equiv="refresh"' in progress.content.decode()  # pending: refreshes
    service.topic_apply_run(job=job)
    done = editor_client.get(saved["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in done and "1 gained the topic" in done


def test_saving_without_rule_changes_starts_no_job(sanctions, editor_client):
    data = topic_change_form(sanctions, name="Sanctions and embargoes")
    response = editor_client.post(f"/admin/articles/topic/{sanctions.pk}/change/", data)
    assert response.status_code == 302 and not TopicApplyJob.objects.exists()


def test_preview_of_many_candidates_scores_an_even_sample_and_scales(sanctions, monkeypatch):
    monkeypatch.setattr(service, "PREVIEW_LIMIT", 2)
    preview = service.topic_preview(topic=sanctions, threshold=2.0, rules=NEW_RULES)
    assert preview.estimated and preview.candidates == 4 and preview.scored == 2
    # Ids 1st and 3rd of the four candidates are scored; each stands for two.
    assert preview.gain + preview.lose + preview.keep == 4


def test_preview_on_a_large_table_reads_a_page_sample(sanctions, monkeypatch):
    """Above SAMPLE_ROWS articles the candidates come from TABLESAMPLE; here it covers all."""
    monkeypatch.setattr(service, "_sample_fraction", lambda: 0.9999)
    preview = service.topic_preview(topic=sanctions, threshold=2.0, rules=NEW_RULES)
    assert preview.estimated
    assert (preview.gain, preview.lose, preview.keep, preview.candidates) == (1, 1, 2, 4)
    assert [t for _, t in preview.gain_samples] == ["Arms embargo imposed"]


def test_a_job_a_restarted_server_left_behind_can_be_run_again(sanctions, editor_client):
    job = service.topic_apply_start(topic=sanctions, background=False)
    page = editor_client.get(f"/admin/articles/topicapplyjob/{job.pk}/change/").content.decode()
    assert "Run again" not in page
    TopicApplyJob.objects.filter(pk=job.pk).update(
        status=TopicApplyJob.Status.RUNNING, updated_at=timezone.now() - timedelta(minutes=5)
    )
    page = editor_client.get(f"/admin/articles/topicapplyjob/{job.pk}/change/").content.decode()
    assert "Run again" in page and 'http-equiv="refresh"' not in page
    response = editor_client.post(f"/admin/articles/topicapplyjob/{job.pk}/rerun/")
    new = TopicApplyJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/admin/articles/topicapplyjob/{new.pk}/change/"
