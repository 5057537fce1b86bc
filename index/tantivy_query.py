"""Our query tree and facet selections as tantivy queries, on the folded fields that
index/tantivy_documents.py fills; prefixes expand against the index's words, under a cap."""

from __future__ import annotations

import tantivy

from corpus.fold import fold_word, fold_words
from index.base import Filters, QueryTooBroadError
from index.columns import LAST_DAY, NO_DATE, date_number
from index.limits import current_limits
from index.query import And, DateRange, MatchAll, Node, Not, Or, Phrase, Prefix, Term

TITLE_BOOST = 2.0  # as the Whoosh schema's field_boost: a word in the title counts double
FOLDED = {"title": "title_folded", "text": "text_folded"}  # the searched field of each
_KEYWORD_VALUES = {"group": "group_value", "outlet": "outlet_value"}
_Occur = tantivy.Occur


def facet_selections(schema: tantivy.Schema, filters: Filters) -> dict[str, tantivy.Query]:
    """Return the filter query of each facet with a selection: group, outlet, month."""
    chosen: dict[str, tantivy.Query] = {}
    if filters.groups:
        chosen["group"] = tantivy.Query.term_set_query(schema, "group_value", list(filters.groups))
    if filters.outlets:
        chosen["outlet"] = tantivy.Query.term_set_query(
            schema, "outlet_value", list(filters.outlets)
        )
    low = max(date_number(filters.date_from, 0), 1)
    high = date_number(filters.date_to, LAST_DAY)
    dated = tantivy.Query.range_query(
        schema, "date", tantivy.FieldType.Unsigned, low, high, use_inverted_index=True
    )
    undated = tantivy.Query.term_query(schema, "date", NO_DATE)
    ranged = filters.date_from is not None or filters.date_to is not None
    if filters.undated == "only":
        chosen["month"] = undated
    elif filters.undated == "exclude":
        chosen["month"] = dated
    elif ranged:
        chosen["month"] = any_of(dated, undated)
    return chosen


def compile_query(schema: tantivy.Schema, node: Node, searcher) -> tantivy.Query:
    """Return the tantivy query for a query tree. Raises QueryTooBroadError."""
    if isinstance(node, MatchAll):
        return tantivy.Query.all_query()
    if isinstance(node, Term | Phrase):
        return _compile_words(schema, node)
    if isinstance(node, Prefix):
        return _compile_prefix(schema, node, searcher)
    if isinstance(node, DateRange):
        return tantivy.Query.range_query(
            schema,
            "date",
            tantivy.FieldType.Unsigned,
            date_number(node.start, 10000101),
            date_number(node.end, LAST_DAY),
            use_inverted_index=True,
        )
    if isinstance(node, Or):
        return any_of(*(compile_query(schema, child, searcher) for child in node.children))
    if isinstance(node, Not):
        return tantivy.Query.boolean_query(
            [
                (_Occur.Must, tantivy.Query.all_query()),
                (_Occur.MustNot, compile_query(schema, node.child, searcher)),
            ]
        )
    if isinstance(node, And):
        clauses = [
            (_Occur.MustNot, compile_query(schema, child.child, searcher))
            if isinstance(child, Not)
            else (_Occur.Must, compile_query(schema, child, searcher))
            for child in node.children
        ]
        if all(occur == _Occur.MustNot for occur, _query in clauses):
            clauses.append((_Occur.Must, tantivy.Query.all_query()))
        return tantivy.Query.boolean_query(clauses)
    raise TypeError(f"unknown query node {node!r}")


def _compile_words(schema: tantivy.Schema, node: Term | Phrase) -> tantivy.Query:
    if node.field in _KEYWORD_VALUES:
        key = " ".join(node.text.split()).casefold()
        return tantivy.Query.term_query(schema, node.field, key)
    words = fold_words(node.text)
    if not words:
        return tantivy.Query.empty_query()
    slop = node.slop if isinstance(node, Phrase) else 0
    parts = []
    for field in (node.field,) if node.field else ("title", "text"):
        if len(words) == 1:
            part = tantivy.Query.term_query(schema, FOLDED[field], words[0])
        else:
            part = tantivy.Query.phrase_query(schema, FOLDED[field], words, slop=slop)
        parts.append(_boosted(field, part))
    return parts[0] if len(parts) == 1 else any_of(*parts)


def _compile_prefix(schema: tantivy.Schema, node: Prefix, searcher) -> tantivy.Query:
    if node.field in _KEYWORD_VALUES:
        targets = [(node.field, node.field)]
        stem = node.text.casefold()
    else:
        targets = [(f, FOLDED[f]) for f in ((node.field,) if node.field else ("title", "text"))]
        stem = fold_word(node.text) if node.text else ""
    parts = []
    for field, indexed in targets:
        terms = [term for term, _freq in searcher.terms_with_prefix(indexed, stem)]
        cap = current_limits().prefix_expansion  # MAX_PREFIX_EXPANSION unless configured
        if len(terms) > cap:
            raise QueryTooBroadError(
                f"{node.text}* matches more than {cap} words (the wildcard expansion "
                "limit); use a longer prefix"
            )
        if terms:
            part = tantivy.Query.term_set_query(schema, indexed, terms)
            parts.append(_boosted(field, part))
    if not parts:
        return tantivy.Query.empty_query()
    return parts[0] if len(parts) == 1 else any_of(*parts)


def _boosted(field: str, query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boost_query(query, TITLE_BOOST) if field == "title" else query


def all_of(*queries: tantivy.Query) -> tantivy.Query:
    """Return a query matching what every one of `queries` matches."""
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(_Occur.Must, query) for query in queries])


def any_of(*queries: tantivy.Query) -> tantivy.Query:
    """Return a query matching what any one of `queries` matches."""
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(_Occur.Should, query) for query in queries])
