"""The query tree every engine understands. `search/` parses the query language into it;
each engine compiles it to its own queries. Field None means the default fields (title, text)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from corpus.fold import fold_word, fold_words

TEXT_FIELDS = ("title", "text")
KEYWORD_FIELDS = ("group", "outlet")
FIELDS = (*TEXT_FIELDS, *KEYWORD_FIELDS, "date")


@dataclass(frozen=True, slots=True)
class Term:
    """One word (or a hyphenated name, matched as a phrase of its parts)."""

    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in order; `slop` lets them stand up to that many positions apart."""

    text: str
    field: str | None = None
    slop: int = 0


@dataclass(frozen=True, slots=True)
class Prefix:
    """Every word that starts with `text` (a trailing `word*`)."""

    text: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class DateRange:
    """Articles dated from `start` to `end`, both inclusive; None leaves that side open."""

    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class MatchAll:
    """Every article (an empty query)."""


Node = Term | Phrase | Prefix | DateRange | And | Or | Not | MatchAll


def phrase_only_words(node: Node) -> frozenset[str]:
    """Return the folded words a query asks for only inside exact phrases (hyphenated names
    included), never on their own: a lone match of such a word is not a match of the query."""
    in_phrases: set[str] = set()
    alone: set[str] = set()

    def visit(item: Node) -> None:
        if isinstance(item, Term | Phrase):
            words = fold_words(item.text)
            exact = len(words) > 1 and (isinstance(item, Term) or item.slop == 0)
            (in_phrases if exact else alone).update(words)
        elif isinstance(item, Prefix):
            alone.add(fold_word(item.text))
        elif isinstance(item, And | Or):
            for child in item.children:
                visit(child)

    visit(node)
    return frozenset(in_phrases - alone)
