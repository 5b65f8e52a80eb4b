"""The import run's admin page: a queued run's progress across workers (issue 20)."""

from __future__ import annotations

import pytest

from articles.models import ImportBatch, ImportRun

pytestmark = pytest.mark.django_db


def test_a_queued_runs_page_shows_batches_written_of_sent_and_by_worker(admin_client):
    run = ImportRun.objects.create(batches_total=3, plan={"furniture": {"k": ["x" * 50]}})
    ImportBatch.objects.create(import_run=run, number=0, records=1000, worker="a pid 1")
    ImportBatch.objects.create(
        import_run=run, number=1, records=400, worker="b pid 2", cpu_seconds=2.5
    )
    in_process = ImportRun.objects.create()

    listing = admin_client.get("/admin/articles/importrun/").content.decode()
    assert "2 of 3 written" in listing and "in-process" in listing

    page = admin_client.get(f"/admin/articles/importrun/{run.pk}/change/").content.decode()
    assert "2 of 3 written" in page
    assert "<td>a pid 1</td><td>1</td><td>1000</td><td>0.0</td>" in page
    assert "<td>b pid 2</td><td>1</td><td>400</td><td>2.5</td>" in page
    assert "x" * 50 not in page  # the workers' plan is not shown

    page = admin_client.get(f"/admin/articles/importrun/{in_process.pk}/change/")
    assert "in-process (no task queue)" in page.content.decode()


def test_the_runs_list_counts_batches_in_one_query(admin_client, django_assert_max_num_queries):
    for n in range(5):
        run = ImportRun.objects.create(batches_total=2)
        ImportBatch.objects.create(import_run=run, number=0, worker=f"w{n}")
    admin_client.get("/admin/articles/importrun/")  # warm: sessions, content types
    with django_assert_max_num_queries(8):
        response = admin_client.get("/admin/articles/importrun/")
    assert response.content.decode().count("1 of 2 written") == 5
