"""Deep paging tokens: an opaque `cursor` names where the next page starts, for one search on
one state of the index; it stops working (a 400 that says so) once the index changes."""

from __future__ import annotations

import base64
import hashlib
import json

from search.errors import ParameterError


def search_key(params: list[tuple[str, str]]) -> str:
    """Return a short digest of a search's parameters (without page and cursor)."""
    kept = sorted((k, v) for k, v in params if k not in ("page", "cursor"))
    return hashlib.sha256(json.dumps(kept).encode()).hexdigest()[:12]


def encode_cursor(offset: int, version: str, key: str) -> str:
    """Return the token for the page that starts at `offset`."""
    blob = json.dumps({"o": offset, "v": version, "k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(blob).decode().rstrip("=")


def decode_cursor(token: str, version: str, key: str) -> int:
    """Return the offset a cursor names. Raises ParameterError for a foreign or stale one."""
    try:
        padded = token + "=" * (-len(token) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset, token_version, token_key = int(data["o"]), str(data["v"]), str(data["k"])
    except (ValueError, KeyError, TypeError):
        raise ParameterError(
            "cursor is not a token this server made; use next_cursor from a response",
            param="cursor",
        ) from None
    if token_key != key:
        raise ParameterError(
            "cursor belongs to another search; keep the same q and filters while paging",
            param="cursor",
        )
    if token_version != version:
        raise ParameterError(
            "cursor has expired: the index changed since it was made; start the search again",
            param="cursor",
        )
    if offset < 0:
        raise ParameterError("cursor is not a token this server made", param="cursor")
    return offset
