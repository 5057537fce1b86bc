"""Running a search: SearchRequest → query tree → engine → SearchResult with facets."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from corpus.article import Article
from corpus.groups import Gazetteer, load_gazetteer
from index.base import Engine, EngineQuery, FacetCounts, QueryTooBroadError
from index.highlight import mark_text, match_spec
from search.aliases import expand_aliases, matched_aliases, with_branches
from search.errors import QueryError
from search.marks import mark_paragraphs
from search.parse import parse_query
from search.request import SearchRequest
from search.result import Facets, FacetValue, Hit, SearchResult

MAX_FACET_VALUES = 100


def run_search(
    engine: Engine, request: SearchRequest, gazetteer: Gazetteer | None = None
) -> SearchResult:
    """Return the result of one search. Raises QueryError or ParameterError for bad input."""
    started = time.perf_counter()
    gazetteer = gazetteer or load_gazetteer()
    tree = parse_query(request.q)
    named: tuple[str, ...] = ()
    if request.aliases == "on":
        expansion = expand_aliases(tree, gazetteer)
        tree, named = expansion.tree, expansion.groups
    filters = request.filters()
    if request.rollup and filters.groups:
        filters = replace(filters, groups=with_branches(filters.groups, gazetteer))
    engine_query = EngineQuery(
        query=tree,
        filters=filters,
        sort=request.sort,
        offset=(request.page - 1) * request.per_page,
        limit=request.per_page,
    )
    try:
        found = engine.search(engine_query)
    except QueryTooBroadError as err:
        raise QueryError(str(err)) from None
    hits = tuple(
        Hit(
            id=hit.article.id,
            url=hit.article.url,
            title=hit.article.title,
            title_html=hit.title_html,
            outlet=hit.article.outlet,
            date=hit.article.date.isoformat() if hit.article.date else None,
            groups=hit.article.groups,
            score=hit.score,
            snippets=hit.snippets,
            matched_aliases=tuple(
                matched_aliases(hit.article.title, hit.article.text, named, gazetteer)
            ),
        )
        for hit in found.hits
    )
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    return SearchResult(request, found.total, took_ms, hits, build_facets(found.facets, request))


def build_facets(counts: FacetCounts, request: SearchRequest) -> Facets:
    """Return the facet lists: by count (then name), selected values always shown;
    months in order with empty months between the first and last filled with zero."""
    return Facets(
        group=_selectable(counts.group, request.groups),
        outlet=_selectable(counts.outlet, request.outlets),
        month=_months(counts.month),
        undated=counts.undated,
    )


def _selectable(counts: dict[str, int], selected: tuple[str, ...]) -> tuple[FacetValue, ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    values = [FacetValue(value, count, value in selected) for value, count in ranked]
    values = values[:MAX_FACET_VALUES]
    shown = {value.value for value in values}
    values += [
        FacetValue(value, counts.get(value, 0), True) for value in selected if value not in shown
    ]
    return tuple(values)


def _months(counts: dict[str, int]) -> tuple[FacetValue, ...]:
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        months.append(FacetValue(key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article with the query's words marked: escaped HTML, only <mark> as markup."""

    article: Article
    title_html: str
    paragraphs_html: tuple[str, ...]


def view_article(
    article: Article, q: str, *, aliases: str = "on", gazetteer: Gazetteer | None = None
) -> ArticleView:
    """Return the article with the matches of query `q` marked. Raises QueryError."""
    tree = parse_query(q)
    if aliases == "on":
        tree = expand_aliases(tree, gazetteer or load_gazetteer()).tree
    return ArticleView(
        article,
        mark_text(article.title, match_spec(tree, "title")),
        tuple(mark_paragraphs(article.text, match_spec(tree, "text"))),
    )
