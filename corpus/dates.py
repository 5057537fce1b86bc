"""Publication dates from machine-readable strings (ISO dates and timestamps). Never guesses."""

from __future__ import annotations

import datetime
import re

_ISO_DATE = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)(?:$|[T\s])")
_COMPACT = re.compile(r"^\s*((?:19|20)\d\d)(\d\d)(\d\d)(?:$|T)")


def parse_iso_date(value: str | None) -> datetime.date | None:
    """Return the calendar date of an ISO 8601 date or timestamp, or None when it is not one.

    The date is the one written (the publisher's local day), not converted to UTC.
    """
    if not value:
        return None
    match = _ISO_DATE.match(value) or _COMPACT.match(value)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def parse_day(value: str) -> datetime.date:
    """Return the date of a `YYYY-MM-DD` string. Raises ValueError saying the expected form."""
    found = parse_iso_date(value) if re.fullmatch(r"\d{4}-\d\d-\d\d", value.strip()) else None
    if not found:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2015-03-31")
    return found
