"""Did you mean: when a query finds nothing or little, a close spelling of one of its words
that finds clearly more. Engines that know their vocabulary offer close words."""

from __future__ import annotations

from dataclasses import replace

from index.base import Engine, EngineQuery
from index.query import And, Node, Term

FEW = 3  # results at or below this many ask for a suggestion
MAX_WORDS = 4  # query words tried
MAX_CANDIDATES = 3  # close spellings tried per word
MAX_WORD_CHARS = 30  # longer "words" are not typos of real ones (and cost more to look up)


def suggest_query(engine: Engine, q: str, tree: Node, base: EngineQuery, total: int) -> str | None:
    """Return a corrected query text, or None when no close spelling finds clearly more."""
    suggest_words = getattr(engine, "suggest_words", None)
    if total > FEW or not callable(suggest_words):
        return None
    terms = [term for term in _plain_terms(tree) if len(term.text) <= MAX_WORD_CHARS][:MAX_WORDS]
    best: tuple[int, str] | None = None
    for term in terms:
        for candidate in suggest_words(term.text, MAX_CANDIDATES):
            if candidate.casefold() == term.text.casefold():
                continue
            changed = _replace_term(tree, term, Term(candidate, term.field))
            found = engine.search(replace(base, query=changed, limit=0, with_facets=False))
            enough = found.total > (max(FEW, 2 * total) if total else 0)
            if enough and (best is None or found.total > best[0]):
                best = (found.total, _replace_text(q, term.text, candidate))
    return best[1] if best else None


def _plain_terms(tree: Node) -> list[Term]:
    if isinstance(tree, Term) and tree.field in (None, "title", "text"):
        return [tree]
    if isinstance(tree, And):
        return [t for child in tree.children for t in _plain_terms(child)]
    return []


def _replace_term(tree: Node, old: Term, new: Term) -> Node:
    if tree is old or tree == old:
        return new
    if isinstance(tree, And):
        return And(tuple(_replace_term(child, old, new) for child in tree.children))
    return tree


def _replace_text(q: str, old: str, new: str) -> str:
    position = q.find(old)
    if position < 0:
        return q
    return q[:position] + new + q[position + len(old) :]
