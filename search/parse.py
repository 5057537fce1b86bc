"""The query language (Lucene-style, DESIGN.md) parsed once into the engines' query tree.

luqum reads the syntax; we then check it against what Dossier supports and build our own tree,
so every engine sees the same query and no engine's parser ever sees user input.
"""

from __future__ import annotations

import calendar
import datetime
import re
import threading

from luqum import tree as lq
from luqum.exceptions import IllegalCharacterError, ParseError
from luqum.parser import parser as _luqum_parser

from index.limits import current_limits
from index.query import (
    FIELDS,
    And,
    DateRange,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
)
from search.errors import QueryError

MAX_QUERY_CHARS = 1000
MAX_DEPTH = 32  # nested parentheses; deeper is refused before parsing
MAX_CLAUSES = 64
MAX_SLOP = 50
_WORD_CHAR = re.compile(r"\w")
_POSITION = re.compile(r"position (\d+)")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_parse_lock = threading.Lock()  # the luqum (ply) parser keeps state between calls


def parse_query(text: str) -> Node:
    """Return the query tree of `text` (MatchAll when blank). Raises QueryError saying where.

    The bounds are the current request's (`index.limits`), by default the constants above.
    """
    limits = current_limits()
    if len(text) > limits.query_chars:
        raise QueryError(
            f"query is {len(text)} characters long; the limit is {limits.query_chars}",
            position=limits.query_chars,
        )
    if not text.strip():
        return MatchAll()
    _check_depth(text, limits.depth)
    try:
        with _parse_lock:
            parsed = _luqum_parser.parse(text)
    except IllegalCharacterError as err:
        position = _error_position(err, text)
        if position is not None and text[position : position + 1] == '"':
            raise QueryError(
                f"unbalanced quote at position {position}", position=position
            ) from None
        raise QueryError(f"cannot read the query: {err}", position=position) from None
    except (ParseError, RecursionError) as err:
        position = _error_position(err, text)
        where = f"at position {position}" if position is not None else "at the end"
        hint = _syntax_hint(text)
        raise QueryError(f"cannot read the query {where}: {hint}", position=position) from None
    builder = _TreeBuilder(text)
    node = builder.build(parsed, None)
    if builder.clauses > limits.terms:
        raise QueryError(f"query has {builder.clauses} terms; the limit is {limits.terms}")
    return node if node is not None else MatchAll()


def _check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    depth = 0
    for position, char in enumerate(text):
        if char == "(":
            depth += 1
            if depth > max_depth:
                raise QueryError(
                    f"parentheses nested deeper than {max_depth} at position {position}",
                    position=position,
                )
        elif char == ")":
            depth -= 1


def _error_position(err: Exception, text: str) -> int | None:
    match = _POSITION.search(str(err))
    return int(match.group(1)) if match else None


def _syntax_hint(text: str) -> str:
    if text.count("(") != text.count(")"):
        return "unbalanced parentheses"
    if text.count("[") != text.count("]") or text.count("{") != text.count("}"):
        return "unbalanced range brackets"
    if re.search(r"\b(AND|OR|NOT)\s*$", text):
        return "an operator needs a term after it"
    if re.search(r":\s*$", text):
        return "a field name needs a value after the colon"
    return "check the operators, parentheses and quotes"


class _TreeBuilder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.clauses = 0

    def fail(self, message: str, item: lq.Item) -> QueryError:
        position = getattr(item, "pos", None)
        suffix = f" at position {position}" if position is not None else ""
        return QueryError(message + suffix, position=position)

    def build(self, item: lq.Item, field: str | None) -> Node | None:  # noqa: C901 - one dispatch
        if isinstance(item, lq.SearchField):
            name = item.name.lower()
            if name not in FIELDS:
                raise self.fail(
                    f"unknown field {item.name!r}; use one of {', '.join(FIELDS)}", item
                )
            if field is not None and field != name:
                raise self.fail(f"field {name!r} inside field {field!r}", item)
            if name == "date":
                return self._date(item.expr)
            return self.build(item.expr, name)
        if isinstance(item, lq.Group | lq.FieldGroup):
            return self.build(item.expr, field)
        if isinstance(item, lq.AndOperation | lq.UnknownOperation):
            return self._combine(And, item, field)
        if isinstance(item, lq.OrOperation):
            return self._combine(Or, item, field)
        if isinstance(item, lq.Not | lq.Prohibit):
            child = self.build(item.a, field)
            return Not(child) if child is not None else None
        if isinstance(item, lq.Plus):
            return self.build(item.a, field)
        if isinstance(item, lq.Proximity):
            if not isinstance(item.term, lq.Phrase):
                raise self.fail("proximity (~N) applies to a quoted phrase", item)
            slop = int(float(item.degree or 1))
            if not 0 <= slop <= MAX_SLOP:
                raise self.fail(f"proximity must be from 0 to {MAX_SLOP}", item)
            return self._phrase(item.term, field, slop)
        if isinstance(item, lq.Phrase):
            return self._phrase(item, field, 0)
        if isinstance(item, lq.Word):
            return self._word(item, field)
        if isinstance(item, lq.Fuzzy):
            raise self.fail("fuzzy search (word~) is not supported; use word* or OR", item)
        if isinstance(item, lq.Boost):
            raise self.fail("boosts (^) are not supported", item)
        if isinstance(item, lq.Range | lq.From | lq.To):
            raise self.fail("ranges are only supported on date, as date:[2014-01 TO 2014-12]", item)
        if isinstance(item, lq.Regex):
            raise self.fail("regular expressions are not supported", item)
        raise self.fail(f"unsupported query syntax {str(item)!r}", item)

    def _combine(self, kind: type[And] | type[Or], item: lq.Item, field: str | None) -> Node | None:
        children = [self.build(child, field) for child in item.children]
        kept = tuple(child for child in children if child is not None)
        if not kept:
            return None
        if len(kept) == 1 and not isinstance(kept[0], Not):
            return kept[0]
        if kind is Or and any(isinstance(child, Not) for child in kept):
            raise self.fail("NOT cannot be a choice of OR; write a AND NOT b", item)
        return kind(kept)

    def _phrase(self, item: lq.Phrase, field: str | None, slop: int) -> Node | None:
        words = item.value[1:-1].strip()
        if not _WORD_CHAR.search(words):
            return None
        self.clauses += 1
        return Phrase(words, field, slop)

    def _word(self, item: lq.Word, field: str | None) -> Node | None:
        value = item.value
        if value.startswith(("*", "?")):
            raise self.fail("leading wildcards are not supported; put * at the end of a word", item)
        if "?" in value or "*" in value[:-1]:
            raise self.fail("wildcards are only supported at the end of a word, as word*", item)
        if not _WORD_CHAR.search(value):
            return None  # punctuation alone (&&, /) matches nothing and restricts nothing
        self.clauses += 1
        value = value.replace("\\", "")
        if value.endswith("*"):
            stem = value[:-1]
            if len(_WORD_CHAR.findall(stem)) < 2:
                raise self.fail("word* needs at least 2 letters before the *", item)
            return Prefix(stem, field)
        return Term(value, field)

    def _date(self, expr: lq.Item) -> Node:
        self.clauses += 1
        if isinstance(expr, lq.Range):
            start = None if _is_open(expr.low) else period_start(str(expr.low), "q")
            end = None if _is_open(expr.high) else period_end(str(expr.high), "q")
            if start and end and start > end:
                raise self.fail("date range starts after it ends", expr)
            return DateRange(start, end)
        if isinstance(expr, lq.From):
            return DateRange(period_start(str(expr.a), "q"), None)
        if isinstance(expr, lq.To):
            return DateRange(None, period_end(str(expr.a), "q"))
        if isinstance(expr, lq.Word | lq.Phrase):
            value = str(expr).strip('"')
            return DateRange(period_start(value, "q"), period_end(value, "q"))
        raise self.fail("date takes YYYY, YYYY-MM, YYYY-MM-DD or a range [A TO B]", expr)


def _is_open(item: lq.Item) -> bool:
    return isinstance(item, lq.Word) and item.value == "*"


def _period(value: str, param: str) -> tuple[int, int | None, int | None]:
    match = _PERIOD.match(value.strip())
    if not match:
        raise _date_error(value, param)
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise _date_error(value, param) from None
    return year, month, day  # type: ignore[return-value]


def _date_error(value: str, param: str) -> QueryError:
    from search.errors import ParameterError  # the query and the filters share the date forms

    message = f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-11)"
    if param == "q":
        return QueryError(message)
    return ParameterError(message, param=param)  # type: ignore[return-value]


def period_start(value: str, param: str) -> datetime.date:
    """Return the first day of a YYYY, YYYY-MM or YYYY-MM-DD period. Raises a SearchInputError."""
    year, month, day = _period(value, param)
    return datetime.date(year, month or 1, day or 1)


def period_end(value: str, param: str) -> datetime.date:
    """Return the last day of a YYYY, YYYY-MM or YYYY-MM-DD period. Raises a SearchInputError."""
    year, month, day = _period(value, param)
    if day:
        return datetime.date(year, month, day)  # type: ignore[arg-type]
    last_month = month or 12
    return datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
