"""Export: every match of a search (up to a cap) as CSV or JSON Lines rows, streamed."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from corpus.groups import Gazetteer
from index.base import Engine, EngineHit
from search.request import SearchRequest
from search.service import plan_search, search_engine

COLUMNS = ("id", "url", "title", "outlet", "date", "groups", "story", "snippet")
FORMATS = ("csv", "jsonl")
DEFAULT_EXPORT_CAP = 50_000
CHUNK = 1_000  # hits fetched per engine call while exporting
_MARK = re.compile(r"</?mark>")


@dataclass(frozen=True, slots=True)
class Export:
    """An export about to stream: how many match, how many rows come, and the rows."""

    total: int
    rows: int
    cap: int
    lines: Iterator[str]

    @property
    def truncated(self) -> bool:
        return self.rows < self.total


def start_export(
    engine: Engine, request: SearchRequest, gazetteer: Gazetteer, *, fmt: str, cap: int
) -> Export:
    """Return the export of every match of `request` (its page and per_page are ignored).
    Raises QueryError or ParameterError for bad input, before anything streams."""
    plan = plan_search(request, gazetteer)
    base = replace(plan.query, offset=0, limit=min(CHUNK, cap), with_facets=False, snippet_count=1)
    first = search_engine(engine, base)
    rows = min(first.total, cap)

    def hits() -> Iterator[EngineHit]:
        yield from first.hits
        offset = len(first.hits)
        while offset < rows:
            chunk = search_engine(
                engine, replace(base, offset=offset, limit=min(CHUNK, rows - offset))
            )
            if not chunk.hits:
                return
            yield from chunk.hits
            offset += len(chunk.hits)

    records = (_record(hit) for hit in _limited(hits(), rows))
    lines = _csv_lines(records) if fmt == "csv" else _jsonl_lines(records)
    return Export(first.total, rows, cap, lines)


def _limited(hits: Iterator[EngineHit], count: int) -> Iterator[EngineHit]:
    for number, hit in enumerate(hits):
        if number >= count:
            return
        yield hit


def _record(hit: EngineHit) -> dict:
    article = hit.article
    snippet = hit.snippets[0] if hit.snippets else ""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date.isoformat() if article.date else None,
        "groups": list(article.groups),
        "story": article.story or article.id,
        "snippet": html.unescape(_MARK.sub("", snippet)),  # plain text: no HTML in a CSV cell
    }


def _csv_lines(records: Iterator[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        row = {**record, "groups": "; ".join(record["groups"])}
        writer.writerow([_csv_safe(row[column]) for column in COLUMNS])
        yield buffer.getvalue()


def _csv_safe(value: object) -> str:
    """Return the cell text; a leading = + - @ is quoted so spreadsheets do not run it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _jsonl_lines(records: Iterator[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
