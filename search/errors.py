"""The errors `search/` raises for bad input; the web layer turns each into a 400."""

from __future__ import annotations


class SearchInputError(ValueError):
    """Bad input from a user: `param` names the parameter, `code` the kind of problem."""

    code = "bad_parameter"

    def __init__(self, message: str, *, param: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.position = position


class QueryError(SearchInputError):
    """The query text cannot be read; `position` is where (0-based) when known."""

    code = "bad_query"

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message, param="q", position=position)


class ParameterError(SearchInputError):
    """A parameter other than the query is malformed or out of range."""
