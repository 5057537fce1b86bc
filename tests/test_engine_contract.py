"""One contract, both engines: the same articles in a Whoosh and a tantivy index answer every
query with the same matches, facet counts, marks and errors (scores and ranking may differ)."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from corpus.article import Article, make_article_id
from corpus.extract import extract_file
from corpus.groups import load_gazetteer
from corpus.read import InputFile, find_inputs
from index.base import EngineQuery, Filters, QueryTooBroadError
from index.build import build_index
from index.store import ENGINES, open_index
from search.errors import QueryError
from search.parse import parse_query
from search.request import parse_request
from search.service import run_search
from tests.conftest import ARTICLES

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
BROAD_TEXT = " ".join(f"zq{n:03d}" for n in range(230))  # more words than a prefix may expand to

QUERIES = [
    "",
    "islamic state",
    "Islamic-State",
    '"islamic state"',
    "Lashkar-e-Jhangvi",
    "lashkar e jhangvi",
    "Tehrik-i-Taliban",
    "Tehreek-e-Taliban",
    "al qaeda",
    "al-Qa'ida",
    "AL QAIDA",
    "taliban OR daesh",
    "taliban -pakistan",
    "NOT taliban",
    "(quetta OR peshawar) AND gunmen",
    "gunm*",
    "title:taliban",
    "text:quetta",
    'group:"Islamic State"',
    'outlet:"gulf wire"',
    "date:2015",
    "date:[2014-01 TO 2014-12]",
    "date:[2016 TO *]",
    '"police training"~2',
    "attacks",
    "militias",
    "café",
    "zq007",
    "nonexistentword",
]

FILTERS = [
    {},
    {"group": "Islamic State"},
    {"group": ["Islamic State", "Lashkar-e-Jhangvi"], "outlet": "Gulf Wire"},
    {"date_from": "2015", "date_to": "2016-06"},
    {"undated": "only", "outlet": "Frontier Ledger"},
]


def _contract_articles() -> list[Article]:
    gazetteer = load_gazetteer()
    found = [extract_file(f.path, f.kind, gazetteer=gazetteer) for f in _sample_files()]
    broad = "Many zq words, for the prefix cap: " + BROAD_TEXT
    extra = Article(
        id=make_article_id(None, broad),
        url=None,
        title="A word list",
        text=broad,
        date=datetime.date(2017, 2, 3),
        date_source="test",
        outlet="Test Desk",
        outlet_source="test",
    )
    return [*ARTICLES, *found, extra]


def _sample_files() -> list[InputFile]:
    return [found for found in find_inputs([SAMPLES]) if isinstance(found, InputFile)]


@pytest.fixture(scope="module")
def engines(tmp_path_factory) -> dict:
    articles = _contract_articles()
    opened = {}
    for name in sorted(ENGINES):
        folder = tmp_path_factory.mktemp(f"contract-{name}")
        assert build_index(articles, folder, engine=name) == len(articles)
        opened[name] = open_index(folder)
    yield opened
    for engine in opened.values():
        engine.close()


def _search(engine, q: str, **params) -> dict:
    given = {"q": [q], "per_page": ["100"]}
    given |= {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    result = run_search(engine, parse_request(list(given), lambda name: given.get(name, [])))
    body = result.to_dict()
    hits = {hit["id"]: (hit["title_html"], tuple(hit["snippets"])) for hit in body["hits"]}
    return {"total": body["total"], "hits": hits, "facets": body["facets"]}


def test_both_engines_are_registered() -> None:
    assert sorted(ENGINES) == ["tantivy", "whoosh"]


@pytest.mark.parametrize("q", QUERIES)
def test_same_matches_facets_and_marks(engines, q: str) -> None:
    for params in FILTERS:
        whoosh, tantivy = (_search(engines[name], q, **params) for name in ("whoosh", "tantivy"))
        assert tantivy == whoosh, (q, params)


def test_the_contract_queries_find_something(engines) -> None:
    found = [q for q in QUERIES if _search(engines["tantivy"], q)["total"]]
    assert len(found) >= len(QUERIES) - 1  # only the nonexistent word finds nothing


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_marks_are_escaped_and_only_mark(engines, name: str) -> None:
    found = _search(engines[name], "markup OR islamic")
    title_html, snippets = found["hits"][make_article_id("javascript:alert(1)", ARTICLES[-1].text)]
    assert title_html == (
        "<mark>Markup</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; in a title"
    )
    assert snippets == (
        "A page whose text carries <mark>markup</mark>: &lt;img src=x "
        "onerror=&quot;alert(1)&quot;&gt; and a &lt;b&gt;bold&lt;/b&gt; claim about the "
        "<mark>Islamic</mark> State &amp; its allies.",
    )


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_prefix_over_the_cap_is_refused(engines, name: str) -> None:
    with pytest.raises(QueryTooBroadError, match=r"zq\* matches more than 200 words"):
        engines[name].search(EngineQuery(parse_query("zq*")))
    with pytest.raises(QueryError):
        _search(engines[name], "zq*")
    assert engines[name].search(EngineQuery(parse_query("zq1*"))).total == 1


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_facet_totals_add_up(engines, name: str) -> None:
    found = engines[name].search(EngineQuery(parse_query(""), limit=0))
    assert found.total == len(_contract_articles())
    assert sum(found.facets.month.values()) + found.facets.undated == found.total


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_sorting_and_paging(engines, name: str) -> None:
    engine = engines[name]
    newest = engine.search(EngineQuery(parse_query("taliban"), sort="newest", limit=100))
    days = [hit.article.date for hit in newest.hits]
    dated = [day for day in days if day]
    assert dated == sorted(dated, reverse=True) and days[len(dated) :] == [None] * (
        len(days) - len(dated)
    )
    oldest = engine.search(EngineQuery(parse_query("taliban"), sort="oldest", limit=100))
    assert [hit.article.date for hit in oldest.hits][: len(dated)] == sorted(dated)
    pages = [
        hit.article.id
        for offset in (0, 3, 6)
        for hit in engine.search(
            EngineQuery(parse_query("taliban"), sort="newest", offset=offset, limit=3)
        ).hits
    ]
    assert pages == [hit.article.id for hit in newest.hits][:9]


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_rewrite_counts_added_updated_unchanged(tmp_path, name: str) -> None:
    build_index(ARTICLES[:2], tmp_path, engine=name)
    engine = open_index(tmp_path)
    try:
        changed = dataclasses.replace(ARTICLES[1], title="A new title")
        report = engine.write([ARTICLES[0], changed, ARTICLES[2]])
        assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
        assert engine.count() == 3
        assert engine.get(ARTICLES[1].id).title == "A new title"
        assert engine.get("no-such-id") is None
        assert sorted(a.id for a in engine.iter_articles()) == sorted(a.id for a in ARTICLES[:3])
    finally:
        engine.close()


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_version_changes_with_every_commit_that_changes_something(tmp_path, name: str) -> None:
    build_index(ARTICLES[:2], tmp_path, engine=name)
    writer, reader = open_index(tmp_path), open_index(tmp_path)
    try:
        first = reader.version()
        assert writer.version() == first  # the same commit, seen by two openers
        writer.write(ARTICLES[:2])  # nothing changed: no commit
        assert reader.version() == first
        writer.write([dataclasses.replace(ARTICLES[1], title="A new title")])  # same count
        assert reader.count() == 2
        assert reader.version() != first  # a cached answer or a cursor is now stale
    finally:
        writer.close()
        reader.close()


def test_filters_select_by_day(engines) -> None:
    day = Filters(date_from=datetime.date(2015, 1, 9), date_to=datetime.date(2015, 1, 9))
    for engine in engines.values():
        found = engine.search(EngineQuery(parse_query("quetta"), filters=day, limit=100))
        dates = {hit.article.date for hit in found.hits}
        assert dates <= {datetime.date(2015, 1, 9), None}
