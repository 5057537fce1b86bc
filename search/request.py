"""SearchRequest: the parameters of one search, read and checked from a query string or CLI."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace

from index.base import SORTS, UNDATED_MODES, Filters
from search.errors import ParameterError
from search.parse import MAX_QUERY_CHARS, period_end, period_start

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_RESULT_WINDOW = 10_000  # page × per_page; deeper paging costs too much to rank
MAX_FILTER_VALUES = 50
SINGLE_PARAMS = (
    "q",
    "date_from",
    "date_to",
    "undated",
    "sort",
    "page",
    "per_page",
    "aliases",
    "rollup",
    "cursor",
    "collapse",
)
ALIAS_MODES = ("on", "off")
ROLLUP_MODES = ("false", "true")
COLLAPSE_MODES = ("none", "story")
LIST_PARAMS = ("group", "outlet")
PARAMS = (*SINGLE_PARAMS, *LIST_PARAMS)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What a user asked for, as given (dates kept as written, e.g. "2014-11")."""

    q: str = ""
    groups: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    undated: str = "include"
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    aliases: str = "on"  # "off": exact wording, no expansion of group names to their aliases
    rollup: bool = False  # group filters also match the groups' branches
    cursor: str | None = None  # deep paging: where the page starts (see search.cursor)
    collapse: str = "none"  # "story": one hit per story, its other copies listed with it

    def to_dict(self) -> dict:
        """Return the request as the API echoes it under "query"."""
        return {
            "q": self.q,
            "group": list(self.groups),
            "outlet": list(self.outlets),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "undated": self.undated,
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
            "aliases": self.aliases,
            "rollup": self.rollup,
            "cursor": self.cursor,
            "collapse": self.collapse,
        }

    def filters(self) -> Filters:
        """Return the engine filters (dates widened to whole periods)."""
        return Filters(
            groups=self.groups,
            outlets=self.outlets,
            date_from=_period_start(self.date_from, "date_from"),
            date_to=_period_end(self.date_to, "date_to"),
            undated=self.undated,
        )

    def with_changes(self, **changes: object) -> SearchRequest:
        """Return a copy with some parameters changed (for links to other pages and facets)."""
        return replace(self, **changes)

    def to_params(self, *, collapse_default: str = "none") -> list[tuple[str, str]]:
        """Return the request as query-string pairs, leaving out defaults (for permalinks).
        The staff pages fold stories by default: they pass collapse_default="story"."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        pairs += [("group", value) for value in self.groups]
        pairs += [("outlet", value) for value in self.outlets]
        for name, value, default in (
            ("date_from", self.date_from, None),
            ("date_to", self.date_to, None),
            ("undated", self.undated, "include"),
            ("sort", self.sort, "relevance"),
            ("page", self.page, 1),
            ("per_page", self.per_page, DEFAULT_PER_PAGE),
            ("aliases", self.aliases, "on"),
            ("rollup", "true" if self.rollup else "false", "false"),
            ("cursor", self.cursor, None),
            ("collapse", self.collapse, collapse_default),
        ):
            if value != default:
                pairs.append((name, str(value)))
        return pairs


def parse_request(
    names: list[str],
    get_list: Callable[[str], list[str]],
    *,
    strict: bool = True,
    extra: tuple[str, ...] = (),
) -> SearchRequest:
    """Return the SearchRequest of query-string parameters. Raises ParameterError naming one.

    `names` are the parameter names given; with `strict`, one not in PARAMS or `extra` is an
    error (the caller reads the `extra` ones).
    """
    if strict:
        for name in names:
            if name not in PARAMS and name not in extra:
                known = ", ".join((*PARAMS, *extra))
                raise ParameterError(f"unknown parameter {name!r}; known: {known}", param=name)
    single: dict[str, str | None] = {}
    for name in SINGLE_PARAMS:
        values = get_list(name)
        if len(values) > 1:
            raise ParameterError(f"give {name} once (it was given {len(values)} times)", param=name)
        single[name] = values[0] if values else None
    q = single["q"] or ""
    if len(q) > MAX_QUERY_CHARS:
        raise ParameterError(
            f"query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}", param="q"
        )
    lists = {}
    for name in LIST_PARAMS:
        values = [" ".join(value.split()) for value in get_list(name)]
        values = list(dict.fromkeys(value for value in values if value))
        if len(values) > MAX_FILTER_VALUES:
            raise ParameterError(f"at most {MAX_FILTER_VALUES} {name} values", param=name)
        lists[name] = tuple(values)
    date_from = _blank_to_none(single["date_from"])
    date_to = _blank_to_none(single["date_to"])
    start = _period_start(date_from, "date_from")
    end = _period_end(date_to, "date_to")
    if start and end and start > end:
        raise ParameterError(
            f"date_from ({date_from}) is after date_to ({date_to})", param="date_from"
        )
    undated = _choice(single["undated"], "undated", UNDATED_MODES)
    sort = _choice(single["sort"], "sort", SORTS)
    aliases = _choice(single["aliases"], "aliases", ALIAS_MODES)
    rollup = _choice(single["rollup"], "rollup", ROLLUP_MODES) == "true"
    collapse = _choice(single["collapse"], "collapse", COLLAPSE_MODES)
    page = _integer(single["page"], "page", 1, 1, None)
    per_page = _integer(single["per_page"], "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    cursor = _blank_to_none(single["cursor"])
    if cursor and single["page"]:
        raise ParameterError("give page or cursor, not both", param="cursor")
    if page * per_page > MAX_RESULT_WINDOW:
        raise ParameterError(
            f"page × per_page may be at most {MAX_RESULT_WINDOW:,}; to walk further, page with "
            "the cursor parameter: pass each response's next_cursor as cursor",
            param="page",
        )
    return SearchRequest(
        q=q,
        groups=lists["group"],
        outlets=lists["outlet"],
        date_from=date_from,
        date_to=date_to,
        undated=undated,
        sort=sort,
        page=page,
        per_page=per_page,
        aliases=aliases,
        rollup=rollup,
        cursor=cursor,
        collapse=collapse,
    )


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _choice(value: str | None, name: str, allowed: tuple[str, ...]) -> str:
    if value is None or value == "":
        return allowed[0]
    if value not in allowed:
        raise ParameterError(f"{name} must be one of {', '.join(allowed)}", param=name)
    return value


def whole_number(value: str | None) -> int | None:
    """Return the value of a plain decimal number of up to 9 ASCII digits, else None."""
    digits = (value or "").strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:  # "²" is a digit too
        return None
    return int(digits)


def _integer(value: str | None, name: str, default: int, low: int, high: int | None) -> int:
    if value is None or value == "":
        return default
    number = whole_number(value)
    if number is None:
        raise ParameterError(f"{name} must be a whole number, e.g. {default}", param=name)
    if number < low or (high is not None and number > high):
        bound = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ParameterError(f"{name} must be {bound}", param=name)
    return number


def _period_start(value: str | None, name: str) -> datetime.date | None:
    return period_start(value, name) if value else None


def _period_end(value: str | None, name: str) -> datetime.date | None:
    return period_end(value, name) if value else None
