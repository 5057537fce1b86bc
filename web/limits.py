"""Request limits as configuration (safe defaults below, each a `DOSSIER_<NAME>` variable),
checked before a view runs and refused with a 400/413 JSON that names the limit."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, request

from index.limits import QueryLimits, reset_limits, set_limits
from search.errors import ParameterError
from search.parse import MAX_QUERY_CHARS
from search.request import (
    DEFAULT_PER_PAGE,
    MAX_FILTER_VALUES,
    MAX_PER_PAGE,
    MAX_RESULT_WINDOW,
    whole_number,
)

_QUERY = QueryLimits()

DEFAULTS = {
    "MAX_CONTENT_LENGTH": 64 * 1024,  # request body bytes; the app reads no bodies (→ 413)
    "MAX_QUERY_STRING_BYTES": 8000,  # the URL's query string (gunicorn's own cap is 8190)
    "MAX_QUERY_CHARS": _QUERY.query_chars,  # characters of q
    "MAX_QUERY_TERMS": _QUERY.terms,  # words, phrases, wildcards and dates in q
    "MAX_QUERY_DEPTH": _QUERY.depth,  # nested parentheses in q
    "MAX_PREFIX_EXPANSION": _QUERY.prefix_expansion,  # indexed words one `word*` may match
    # Lower only: the search layer's constants are the ceilings of these three.
    "MAX_PER_PAGE": MAX_PER_PAGE,  # per_page
    "MAX_RESULT_WINDOW": MAX_RESULT_WINDOW,  # page × per_page
    "MAX_FILTER_VALUES": MAX_FILTER_VALUES,  # values of one group/outlet filter
    # EXPORT_CAP (rows one /api/export may stream) is set with the export, in create_app.
}


def register(app: Flask) -> None:
    """Fill in the defaults the config does not set, and check each request against them."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)

    @app.before_request
    def check_limits():
        config = current_app.config
        body_limit = config.get("MAX_CONTENT_LENGTH")
        if body_limit and request.content_length and request.content_length > body_limit:
            abort(
                413,
                description=f"request body over {body_limit:,} bytes (MAX_CONTENT_LENGTH); "
                "this API reads none",
            )
        query_bytes = len(request.query_string)
        if query_bytes > config["MAX_QUERY_STRING_BYTES"]:
            raise ParameterError(
                f"query string is {query_bytes:,} bytes; the limit is "
                f"{config['MAX_QUERY_STRING_BYTES']:,} (MAX_QUERY_STRING_BYTES)",
                param="q",
            )
        _check_args(config)
        g.dossier_limits = set_limits(
            QueryLimits(
                query_chars=config["MAX_QUERY_CHARS"],
                terms=config["MAX_QUERY_TERMS"],
                depth=config["MAX_QUERY_DEPTH"],
                prefix_expansion=config["MAX_PREFIX_EXPANSION"],
            )
        )

    @app.teardown_request
    def restore_limits(_error: BaseException | None) -> None:
        token = g.pop("dossier_limits", None)
        if token is not None:
            reset_limits(token)


def _check_args(config) -> None:
    """Refuse what a configured limit stricter than the search layer's own ceiling forbids
    (at the defaults the search layer's checks, with their own messages, apply)."""
    args = request.args
    q = args.get("q", "")
    limit = config["MAX_QUERY_CHARS"]
    if limit < MAX_QUERY_CHARS and len(q) > limit:
        raise ParameterError(
            f"query is {len(q)} characters long; the limit is {limit} (MAX_QUERY_CHARS)",
            param="q",
        )
    limit = config["MAX_FILTER_VALUES"]
    for name in ("group", "outlet"):
        count = len(args.getlist(name))
        if limit < MAX_FILTER_VALUES and count > limit:
            raise ParameterError(
                f"{count} {name} values; the limit is {limit} (MAX_FILTER_VALUES)", param=name
            )
    per_page = _number(args.get("per_page"))
    limit = config["MAX_PER_PAGE"]
    if limit < MAX_PER_PAGE and per_page is not None and per_page > limit:
        raise ParameterError(
            f"per_page is {per_page}; the limit is {limit} (MAX_PER_PAGE)", param="per_page"
        )
    window = (_number(args.get("page")) or 1) * (per_page or DEFAULT_PER_PAGE)
    limit = config["MAX_RESULT_WINDOW"]
    if limit < MAX_RESULT_WINDOW and window > limit:
        raise ParameterError(
            f"page × per_page is {window:,}; the limit is {limit:,} (MAX_RESULT_WINDOW)",
            param="page",
        )


def _number(value: str | None) -> int | None:
    """Return a plain whole number, or None (the search layer explains malformed ones)."""
    return whole_number(value)
