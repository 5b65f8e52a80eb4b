"""The extraction benchmark runs on a small corpus file and prints its figures."""

from __future__ import annotations

import json

from bench import extract as bench

ARTICLES = [
    {
        "title": "Ministers meet in Geneva",
        "text": "Russian Foreign Minister Sergey Lavrov met Syrian officials in Geneva on "
        "Monday. Lavrov said the talks on a ceasefire would go on.",
        "date": "2016-03-01",
    },
    {
        "title": "Trade talks resume",
        "text": "Chinese and American negotiators resumed trade talks in Beijing.",
        "date": "2019-05-02",
    },
]


def test_bench_prints_ms_per_article(tmp_path, capsys):
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    assert bench.main([str(corpus), "--limit", "10", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 articles" in out
    assert "ms/article" in out


def test_bench_fails_clearly_without_articles(tmp_path, capsys):
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text("", encoding="utf-8")
    assert bench.main([str(corpus)]) == 1
    assert "no articles" in capsys.readouterr().err
