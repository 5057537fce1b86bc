"""Bulk inputs, read as streams so that memory does not grow with the file: `.jsonl` files of
articles (url, title, html or text; optional outlet and date, which win over the page) and web
archives (`.warc`, `.warc.gz`: each HTML response is one page)."""

from __future__ import annotations

import datetime
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus.article import Article, ArticleError, make_article_id, normalize_space
from corpus.extract import Overrides
from corpus.groups import Gazetteer
from corpus.minhash import fingerprint
from corpus.read import MAX_FILE_BYTES, InputError, Skipped, decode_page

JSONL_LABEL = "jsonl record"  # how date_source/outlet_source name a record's own values
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class Page:
    """One page read out of a bulk file: its decoded text, its kind ("html"; or "article" for a
    record's clean article text, which needs no cleaning) and the values that win."""

    source: str
    raw: str
    kind: str
    overrides: Overrides | None = None


def bulk_kind(path: Path) -> str | None:
    """Return "jsonl" or "warc" for a bulk input file name (optionally .gz), else None."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(".jsonl"):
        return "jsonl"
    if name.endswith(".warc"):
        return "warc"
    return None


def iter_pages(path: Path, kind: str) -> Iterator[Page | Skipped]:
    """Yield every page of a bulk file, or why one record was skipped. Raises InputError when
    the file itself cannot be read."""
    if kind == "jsonl":
        return _jsonl_pages(path)
    if kind == "warc":
        return _warc_pages(path)
    raise InputError(f"unknown bulk kind {kind!r}; expected jsonl or warc")


def _jsonl_pages(path: Path) -> Iterator[Page | Skipped]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        handle = opener(path, "rt", encoding="utf-8", errors="replace")
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}") from err
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:{number}"
            try:
                yield _jsonl_page(line, source)
            except InputError as err:
                yield Skipped(source, str(err))


def _jsonl_page(line: str, source: str) -> Page:
    if len(line) > MAX_FILE_BYTES:
        raise InputError(f"record is over the {MAX_FILE_BYTES:,}-character limit")
    try:
        record = json.loads(line)
    except ValueError as err:
        raise InputError(f"not a JSON object: {err}") from None
    if not isinstance(record, dict):
        raise InputError("not a JSON object")
    html, text = record.get("html"), record.get("text")
    if not (isinstance(html, str) and html.strip()) and not (isinstance(text, str) and text):
        raise InputError('record has neither "html" nor "text"')
    day = record.get("date")
    try:
        date = datetime.date.fromisoformat(day[:10]) if day else None
    except (TypeError, ValueError):
        raise InputError(f"date must look like 2024-05-31, not {day!r}") from None
    overrides = Overrides(
        url=_text(record, "url"),
        title=_text(record, "title"),
        outlet=_text(record, "outlet"),
        date=date,
        source_label=JSONL_LABEL,
    )
    if isinstance(html, str) and html.strip():
        return Page(source, html, "html", overrides)
    return Page(source, text, "article", overrides)


def _text(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f'"{key}" must be a string')
    return value.strip() or None if value else None


def _warc_pages(path: Path) -> Iterator[Page | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = open(path, "rb")
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}") from err
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if not content_type.startswith(_HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#{url}"
                status = record.http_headers.get_statuscode()
                if status != "200":
                    yield Skipped(source, f"HTTP status {status}, not a page")
                    continue
                data = record.content_stream().read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    yield Skipped(source, f"page is over the {MAX_FILE_BYTES:,}-byte limit")
                    continue
                try:
                    raw = decode_page(data, kind="html")
                except InputError as err:
                    yield Skipped(source, str(err))
                    continue
                yield Page(source, raw, "html", Overrides(url=url, source_label="warc"))
        except (ArchiveLoadFailed, OSError, EOFError) as err:
            yield Skipped(str(path), f"unreadable web archive: {err}")


def text_article(page: Page, gazetteer: Gazetteer) -> Article:
    """Return the Article of a record that gives clean text (no page to clean). Raises
    ArticleError when it has no title or no text."""
    given = page.overrides or Overrides()
    paragraphs = [normalize_space(p) for p in page.raw.replace("\r", "").split("\n\n")]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise ArticleError(f"no article text in {page.source}")
    if not given.title:
        raise ArticleError(f'no "title" in {page.source}')
    label = given.source_label
    return Article(
        id=make_article_id(given.url, text),
        url=given.url,
        title=given.title,
        text=text,
        date=given.date,
        date_source=label if given.date else None,
        outlet=given.outlet,
        outlet_source=label if given.outlet else None,
        groups=tuple(sorted(gazetteer.tag(given.title + "\n\n" + text))),
        source=page.source,
        fingerprint=fingerprint(text),
    )
