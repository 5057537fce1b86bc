"""Our query tree as a Whoosh query, and which query words each shown hit holds (for
highlighting from stored character offsets)."""

from __future__ import annotations

from whoosh import query

from corpus.fold import fold_word
from index.analysis import folding_analyzer
from index.base import QueryTooBroadError
from index.columns import date_number
from index.limits import current_limits
from index.query import And, DateRange, MatchAll, Node, Not, Or, Phrase, Prefix, Term


def has_phrase(node: Node) -> bool:
    """Return whether the tree holds a phrase (which Whoosh matches position by position)."""
    if isinstance(node, Phrase):
        return True
    if isinstance(node, Not):
        return has_phrase(node.child)
    return isinstance(node, And | Or) and any(has_phrase(child) for child in node.children)


def matched_terms(searcher, compiled: query.Query, docnums: list[int]) -> tuple[dict, dict]:
    """Return which of the query's text terms each document holds, as Whoosh's `terms=True`
    would, but for the shown hits only (recording them for every match costs a second pass)."""
    termdocs: dict[tuple[str, bytes], list[int]] = {}
    docterms: dict[int, list[tuple[str, bytes]]] = {docnum: [] for docnum in docnums}
    wanted = sorted(docnums)
    reader = searcher.reader()
    field = reader.schema["text"]
    # Not compiled.existing_terms(): its loop variable overwrites its `fieldname` argument,
    # so after a title term it skips every text term.
    terms = {
        ("text", field.to_bytes(text))
        for leaf in compiled.leaves()
        if leaf.field() == "text"
        for _name, text in leaf.expanded_terms(reader, phrases=True)
    }
    for term in sorted(term for term in terms if term in reader):
        postings = searcher.postings(*term)
        for docnum in wanted:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                termdocs.setdefault(term, []).append(docnum)
                docterms[docnum].append(term)
    return termdocs, docterms


def compile_query(node: Node, reader) -> query.Query:
    """Return the Whoosh query for a query tree. Raises QueryTooBroadError for huge expansions."""
    if isinstance(node, MatchAll):
        return query.Every()
    if isinstance(node, Term | Phrase):
        return _compile_words(node, reader)
    if isinstance(node, Prefix):
        return _compile_prefix(node, reader)
    if isinstance(node, DateRange):
        # An open end stays None: Whoosh matches every document for an end of 99991231
        # on this 32-bit field, undated ones included.
        end = date_number(node.end) if node.end else None
        return query.NumericRange("date", date_number(node.start, 10000101), end)
    if isinstance(node, Or):
        return query.Or([compile_query(child, reader) for child in node.children])
    if isinstance(node, Not):
        return query.AndNot(query.Every(), compile_query(node.child, reader))
    if isinstance(node, And):
        positives = [compile_query(c, reader) for c in node.children if not isinstance(c, Not)]
        negatives = [compile_query(c.child, reader) for c in node.children if isinstance(c, Not)]
        positive = query.And(positives) if positives else query.Every()
        if negatives:
            return query.AndNot(positive, query.Or(negatives))
        return positive
    raise TypeError(f"unknown query node {node!r}")


def _compile_words(node: Term | Phrase, reader) -> query.Query:
    if node.field in ("group", "outlet"):
        return query.Term(node.field, " ".join(node.text.split()).casefold())
    analyzer = folding_analyzer()
    words = [token.text for token in analyzer(node.text)]
    if not words:
        return query.NullQuery
    slop = node.slop + 1 if isinstance(node, Phrase) else 1
    parts = []
    for field in (node.field,) if node.field else ("title", "text"):
        if len(words) == 1:
            parts.append(query.Term(field, words[0]))
        else:
            parts.append(query.Phrase(field, words, slop=slop))
    return parts[0] if len(parts) == 1 else query.Or(parts)


def _compile_prefix(node: Prefix, reader) -> query.Query:
    stem = fold_word(node.text) if node.text else ""
    if node.field in ("group", "outlet"):
        fields_ = (node.field,)
        stem = node.text.casefold()
    else:
        fields_ = (node.field,) if node.field else ("title", "text")
    cap = current_limits().prefix_expansion  # MAX_PREFIX_EXPANSION unless configured
    for field in fields_:
        expansions = 0
        for _term in reader.expand_prefix(field, stem):
            expansions += 1
            if expansions > cap:
                raise QueryTooBroadError(
                    f"{node.text}* matches more than {cap} words (the wildcard expansion "
                    "limit); use a longer prefix"
                )
    parts = [query.Prefix(field, stem) for field in fields_]
    return parts[0] if len(parts) == 1 else query.Or(parts)
