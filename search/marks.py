"""Highlighting a whole article for the article page: the query's words marked in escaped text,
using the same word folding as the index, so "al Qaeda" marks "al-Qa'ida"."""

from __future__ import annotations

import html
from dataclasses import dataclass

from corpus.fold import fold_word, fold_words, iter_words
from index.highlight import join_marks, unmark_words
from index.query import And, Node, Not, Or, Phrase, Prefix, Term


@dataclass(frozen=True, slots=True)
class QueryWords:
    """Folded words and prefixes a query looks for in one field (title or text)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]

    def matches(self, folded: str) -> bool:
        return folded in self.words or folded.startswith(self.prefixes)


def query_words(node: Node, field: str) -> QueryWords:
    """Return the words a query searches for in `field` (negated parts left out)."""
    words: set[str] = set()
    prefixes: list[str] = []

    def visit(item: Node) -> None:
        if isinstance(item, Term | Phrase) and item.field in (None, field):
            words.update(fold_words(item.text))
        elif isinstance(item, Prefix) and item.field in (None, field):
            prefixes.append(fold_word(item.text))
        elif isinstance(item, And | Or):
            for child in item.children:
                visit(child)
        # Not: its words are what the article must not have; nothing to mark.
        elif isinstance(item, Not):
            return

    visit(node)
    return QueryWords(frozenset(words), tuple(prefixes))


def mark_text(text: str, wanted: QueryWords, stray: frozenset[str] = frozenset()) -> str:
    """Return `text` HTML-escaped with every wanted word wrapped in <mark>."""
    out: list[str] = []
    last = 0
    for word, start, end in iter_words(text):
        if wanted.matches(fold_word(word)):
            out.append(html.escape(text[last:start]))
            out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
            last = end
    out.append(html.escape(text[last:]))
    return unmark_words(join_marks("".join(out)), stray)


def mark_paragraphs(
    text: str, wanted: QueryWords, stray: frozenset[str] = frozenset()
) -> list[str]:
    """Return the article's paragraphs, each escaped and marked."""
    return [
        mark_text(paragraph, wanted, stray) for paragraph in text.split("\n\n") if paragraph.strip()
    ]
