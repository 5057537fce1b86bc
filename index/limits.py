"""Bounds on the cost of one query. The web layer sets them per request from its config; the
query parser and the engines' wildcard expansion read them where the work happens."""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """How big one query may be; each bound is refused with a message that names it."""

    query_chars: int = 1000  # characters of query text
    terms: int = 64  # words, phrases, wildcards and dates in one query
    depth: int = 32  # nested parentheses
    prefix_expansion: int = 200  # indexed words one `word*` may stand for


# QueryLimits is frozen, so one shared default is safe.
_CURRENT: ContextVar[QueryLimits] = ContextVar(
    "dossier_query_limits",
    default=QueryLimits(),  # noqa: B039
)


def current_limits() -> QueryLimits:
    """Return the limits of the current request (the defaults outside one)."""
    return _CURRENT.get()


def set_limits(limits: QueryLimits) -> Token:
    """Make `limits` current; return the token that `reset_limits` takes."""
    return _CURRENT.set(limits)


def reset_limits(token: Token) -> None:
    """Restore the limits that were current before `set_limits`."""
    _CURRENT.reset(token)
