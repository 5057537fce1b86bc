"""Running a search: SearchRequest → query tree → engine → SearchResult with facets."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, replace

from corpus.article import Article
from corpus.groups import Gazetteer, load_gazetteer
from index.base import Engine, EngineQuery, EngineResult, FacetCounts, QueryTooBroadError
from index.highlight import mark_text, match_spec
from index.query import MatchAll, Node
from search.aliases import expand_aliases, matched_aliases, with_branches
from search.cursor import decode_cursor, encode_cursor, search_key
from search.errors import QueryError
from search.marks import mark_paragraphs
from search.parse import parse_query
from search.request import SearchRequest
from search.result import Facets, FacetValue, Hit, SearchResult
from search.suggest import suggest_query

MAX_FACET_VALUES = 100


@dataclass(frozen=True, slots=True)
class Plan:
    """A request made ready for an engine: the expanded tree, the filters, the named groups."""

    query: EngineQuery
    named_groups: tuple[str, ...]
    parsed: Node  # the query as written, before group names were expanded


def plan_search(request: SearchRequest, gazetteer: Gazetteer) -> Plan:
    """Return the engine query of a request (one page of it). Raises QueryError/ParameterError."""
    tree = parsed = parse_query(request.q)
    named: tuple[str, ...] = ()
    if request.aliases == "on":
        expansion = expand_aliases(tree, gazetteer)
        tree, named = expansion.tree, expansion.groups
    filters = request.filters()
    if request.rollup and filters.groups:
        filters = replace(filters, groups=with_branches(filters.groups, gazetteer))
    # Without a query every article scores alike: "relevance" then means newest first.
    sort = "newest" if request.sort == "relevance" and isinstance(tree, MatchAll) else request.sort
    engine_query = EngineQuery(
        query=tree,
        filters=filters,
        sort=sort,
        offset=(request.page - 1) * request.per_page,
        limit=request.per_page,
        collapse=request.collapse == "story",
    )
    return Plan(engine_query, named, parsed)


def search_engine(engine: Engine, query: EngineQuery) -> EngineResult:
    """Run one engine query. Raises QueryError when it would expand past a bound."""
    try:
        return engine.search(query)
    except QueryTooBroadError as err:
        raise QueryError(str(err)) from None


def run_search(
    engine: Engine, request: SearchRequest, gazetteer: Gazetteer | None = None
) -> SearchResult:
    """Return the result of one search. Raises QueryError or ParameterError for bad input."""
    started = time.perf_counter()
    gazetteer = gazetteer or load_gazetteer()
    plan = plan_search(request, gazetteer)
    named = plan.named_groups
    query = plan.query
    version = index_version(engine)
    key = search_key(request.to_params())
    if request.cursor:
        query = replace(query, offset=decode_cursor(request.cursor, version, key))
    found = search_engine(engine, query)
    end = query.offset + query.limit
    shown = found.stories if query.collapse else found.total
    next_cursor = encode_cursor(end, version, key) if end < shown else None
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
            story=hit.article.story or hit.article.id,
            copies=tuple(copy.to_brief() for copy in hit.copies),
        )
        for hit in found.hits
    )
    suggestion = None
    if query.offset == 0:
        suggestion = suggest_query(engine, request.q, plan.parsed, plan.query, found.total)
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    facets = build_facets(found.facets, request)
    return SearchResult(
        request,
        found.total,
        took_ms,
        hits,
        facets,
        suggestion=suggestion,
        offset=query.offset,
        next_cursor=next_cursor,
        stories=found.stories,
    )


def index_version(engine: Engine) -> str:
    """Return a token that changes whenever the index changes (for cursors and ETags)."""
    return engine.version()


def build_facets(counts: FacetCounts, request: SearchRequest) -> Facets:
    """Return the facet lists: by count (then name), selected values always shown;
    months in order with empty months between the first and last filled with zero."""
    return Facets(
        group=_selectable(counts.group, request.groups, counts.group_stories),
        outlet=_selectable(counts.outlet, request.outlets, counts.outlet_stories),
        month=_months(counts.month),
        undated=counts.undated,
    )


def _selectable(
    counts: dict[str, int], selected: tuple[str, ...], stories: dict[str, int]
) -> tuple[FacetValue, ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    values = [
        FacetValue(value, count, value in selected, stories.get(value, count))
        for value, count in ranked
    ]
    values = values[:MAX_FACET_VALUES]
    shown = {value.value for value in values}
    values += [
        FacetValue(value, counts.get(value, 0), True, stories.get(value, 0))
        for value in selected
        if value not in shown
    ]
    return tuple(values)


def _months(counts: dict[str, int]) -> tuple[FacetValue, ...]:
    if not counts:
        return ()
    return tuple(
        FacetValue(key, counts.get(key, 0)) for key in _month_range(min(counts), max(counts))
    )


@functools.lru_cache(maxsize=256)  # an archive's span repeats from search to search
def _month_range(first: str, last: str) -> tuple[str, ...]:
    """Return every month from `first` to `last` ("YYYY-MM"), in order."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(key)
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
