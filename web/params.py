"""Reading a SearchRequest from the current HTTP request (shared by the API and the pages)."""

from __future__ import annotations

from flask import request

from search.request import SearchRequest, parse_request


def search_request(*, strict: bool = True, extra: tuple[str, ...] = ()) -> SearchRequest:
    """Return the SearchRequest of the query string. Raises ParameterError naming a parameter.
    `extra` names the view's own parameters, read by the view."""
    args = request.args
    return parse_request(list(args.keys()), args.getlist, strict=strict, extra=extra)
