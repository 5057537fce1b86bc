"""The query tree every engine understands. `search/` parses the query language into it;
each engine compiles it to its own queries. Field None means the default fields (title, text)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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
