"""The tantivy engine's own bookkeeping behind the contract: story counts that stay exact as
stories gain members over several writes, groups past the per-slot columns, articles without
an outlet, large writes prepared on worker processes, and indexes written before all that."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path

import pytest
import tantivy

from corpus.article import Article
from index import tantivy_engine
from index.base import EngineQuery, Filters, article_digest
from index.query import MatchAll, Term
from index.store import open_or_create_index
from search.parse import parse_query
from tests.conftest import ARTICLES

GROUPS = ("Alpha Front", "Beta Brigade", "Gamma Army", "Delta Cell", "Epsilon Wing")


def _article(n: int, *, story: str | None = None, groups=(), outlet: str | None = "Herald"):
    return Article(
        id=f"a{n}",
        url=None,
        title=f"Report {n}",
        text=f"Gunmen attacked a checkpoint, report number {n} says.",
        date=datetime.date(2020, 1 + n % 12, 1) if n % 4 else None,
        date_source=None,
        outlet=outlet,
        outlet_source=None,
        groups=tuple(groups),
        story=story,
    )


# Each write changes who shares a story: a copy before its lead, a copy after its lead, an
# update moving an article into a story whose only member is already indexed.
WRITES = [
    [
        _article(1, groups=GROUPS),
        _article(2, outlet=None, groups=GROUPS[3:]),
        _article(3, story="a9", groups=GROUPS[:1]),
        _article(4, outlet="Courier"),
    ],
    [
        _article(5, story="a1", groups=GROUPS[4:], outlet="Courier"),
        _article(9, groups=GROUPS[:2]),
        _article(6, groups=GROUPS[1:4], outlet=None),
    ],
    [_article(4, story="a2", outlet="Courier"), _article(7, story="a1", groups=GROUPS[2:])],
]


def _expected(articles: list[Article], keep=lambda article: True) -> dict:
    """Facet counts and distinct stories computed directly from the articles."""
    chosen = [article for article in articles if keep(article)]
    counts: dict = {"group": {}, "outlet": {}, "group_stories": {}, "outlet_stories": {}}
    for article in chosen:
        story = article.story or article.id
        values = [("group", name) for name in article.groups]
        values += [("outlet", article.outlet)] if article.outlet else []
        for facet, value in values:
            counts[facet][value] = counts[facet].get(value, 0) + 1
            counts[f"{facet}_stories"].setdefault(value, set()).add(story)
    for facet in ("group", "outlet"):
        counts[f"{facet}_stories"] = {k: len(v) for k, v in counts[f"{facet}_stories"].items()}
    counts["stories"] = len({article.story or article.id for article in chosen})
    counts["total"] = len(chosen)
    return counts


def _found(engine, filters: Filters | None = None) -> dict:
    query = EngineQuery(MatchAll(), filters or Filters(), limit=0, with_snippets=False)
    result = engine.search(query)
    facets = result.facets
    return {
        "group": facets.group,
        "outlet": facets.outlet,
        "group_stories": facets.group_stories,
        "outlet_stories": facets.outlet_stories,
        "stories": result.stories,
        "total": result.total,
    }


def _final(writes: list[list[Article]]) -> list[Article]:
    latest: dict[str, Article] = {}
    for batch in writes:
        for article in batch:
            latest[article.id] = article
    return list(latest.values())


@pytest.mark.parametrize("name", ["tantivy", "whoosh"])
def test_stories_stay_exact_as_they_gain_members(tmp_path: Path, name: str) -> None:
    engine = open_or_create_index(tmp_path / "index", name)
    for done, batch in enumerate(WRITES, start=1):
        engine.write(batch)
        articles = _final(WRITES[:done])
        assert _found(engine) == _expected(articles)
    courier = Filters(outlets=("Courier",))
    expected = _expected(articles, lambda article: article.outlet == "Courier")
    found = _found(engine, courier)
    # the outlet facet counts under the other facets' selections: all outlets
    assert found["outlet"] == _expected(articles)["outlet"]
    assert {k: v for k, v in found.items() if not k.startswith("outlet")} == {
        k: v for k, v in expected.items() if not k.startswith("outlet")
    }
    engine.close()


def test_stories_without_facets_and_with_a_query(tmp_path: Path) -> None:
    engine = open_or_create_index(tmp_path / "index", "tantivy")
    for batch in WRITES:
        engine.write(batch)
    query = EngineQuery(Term("gunmen"), with_facets=False, with_snippets=False)
    result = engine.search(query)
    assert (result.total, result.stories) == (8, 4)  # a1+a5+a7, a9+a3, a2+a4, a6
    engine.close()


def test_large_writes_prepared_on_workers_equal_one_process(tmp_path: Path, monkeypatch) -> None:
    articles = _final(WRITES)
    single = open_or_create_index(tmp_path / "single", "tantivy")
    single.write(articles)
    monkeypatch.setattr(tantivy_engine, "PARALLEL_BATCH", 2)
    monkeypatch.setattr(tantivy_engine, "PREPARE_CHUNK", 2)
    pooled = open_or_create_index(tmp_path / "pooled", "tantivy")
    report = pooled.write(articles)
    assert pooled._pool is not None and pooled._pool is not False  # workers did the folding
    assert (report.added, report.updated, report.unchanged) == (len(articles), 0, 0)
    assert pooled.write(articles).unchanged == len(articles)
    assert pooled.digests() == single.digests()
    assert _found(pooled) == _found(single)
    for article in articles:
        assert pooled.get(article.id) == single.get(article.id)
    pooled.close()
    single.close()


def _schema_before_slots():
    """The schema of indexes written before the story key, the group slots and the flags."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title_folded", tokenizer_name="whitespace")
    builder.add_text_field("text_folded", tokenizer_name="whitespace")
    builder.add_text_field("group", tokenizer_name="raw")
    builder.add_text_field("outlet", tokenizer_name="raw")
    builder.add_text_field("group_value", tokenizer_name="raw", fast=True)
    builder.add_text_field("outlet_value", tokenizer_name="raw", fast=True)
    builder.add_text_field("month", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("date", indexed=True, fast=True)
    builder.add_unsigned_field("date_last", fast=True)
    builder.add_text_field("story", tokenizer_name="raw", fast=True)
    builder.add_text_field("band", tokenizer_name="raw")
    builder.add_bytes_field("record", stored=True)
    return builder.build()


def test_an_index_written_before_the_slots_still_counts_right(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(tantivy_engine, "build_schema", _schema_before_slots)
    open_or_create_index(tmp_path / "older", "tantivy").close()
    monkeypatch.undo()
    older = open_or_create_index(tmp_path / "older", "tantivy")  # opened by today's code
    assert (older._slots, older._story_field) == (False, "story")
    for batch in WRITES:
        older.write(batch)
    assert _found(older) == _expected(_final(WRITES))
    older.close()


def test_facets_on_a_second_thread_give_the_same_result(tmp_path: Path, monkeypatch) -> None:
    """Large indexes count facets on a second thread while they rank: same answer as one
    thread, for plain, filtered, collapsed and empty searches."""
    store = open_or_create_index(tmp_path / "index", "tantivy")
    store.write(ARTICLES)
    queries = [
        EngineQuery(parse_query("islamic state"), limit=5),
        EngineQuery(parse_query('"police training"'), Filters(groups=("Islamic State",))),
        EngineQuery(parse_query("taliban"), collapse=True, sort="newest"),
        EngineQuery(parse_query("nonexistentword")),
    ]
    try:
        monkeypatch.setattr(tantivy_engine, "PARALLEL_SEARCH_DOCS", 10**9)
        one_thread = [store.search(query) for query in queries]
        monkeypatch.setattr(tantivy_engine, "PARALLEL_SEARCH_DOCS", 0)
        two_threads = [store.search(query) for query in queries]
    finally:
        store.close()
    assert two_threads == one_thread
    assert [result.total for result in one_thread][-1] == 0
    assert all(result.total > 0 for result in one_thread[:-1])


def test_the_stored_record_is_the_digested_json(tmp_path: Path) -> None:
    engine = open_or_create_index(tmp_path, "tantivy")
    engine.write(ARTICLES[:3])
    searcher = engine._ix.searcher()
    for article in ARTICLES[:3]:
        query = tantivy.Query.term_query(engine._ix.schema, "id", article.id)
        ((_score, address),) = searcher.search(query, limit=2).hits
        assert json.loads(searcher.doc(address).get_first("record")) == {
            **article.to_dict(),
            "fingerprint": article.fingerprint,
            "story": article.story or article.id,
            "digest": article_digest(article),
        }
        assert engine.get(article.id) == dataclasses.replace(
            article, story=article.story or article.id
        )
    engine.close()
