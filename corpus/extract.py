"""One page file (or its text) → `Article`: choose the HTML or plain-text path, apply
overrides (manifest, --outlet/--date), tag groups and fingerprint the text."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from corpus.article import Article, ArticleError, make_article_id
from corpus.credits import find_outlet_credit, is_agency
from corpus.groups import Gazetteer, load_gazetteer
from corpus.html import parse_html
from corpus.minhash import fingerprint
from corpus.plaintext import clean_plaintext
from corpus.read import read_page


@dataclass(frozen=True, slots=True)
class Overrides:
    """Values that win over what the page says (from a manifest, a .jsonl record or the CLI)."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: datetime.date | None = None
    source_label: str = "manifest"  # how date_source/outlet_source name where they came from


def extract_file(
    path: Path, kind: str, *, overrides: Overrides | None = None, gazetteer: Gazetteer | None = None
) -> Article:
    """Return the Article of one page file. Raises InputError or ArticleError saying why not."""
    raw = read_page(path, kind)
    return extract_article(
        raw, kind=kind, source=str(path), overrides=overrides, gazetteer=gazetteer
    )


def extract_article(
    raw: str,
    *,
    kind: str,
    source: str,
    overrides: Overrides | None = None,
    gazetteer: Gazetteer | None = None,
) -> Article:
    """Return the Article of one decoded page ("html" or "text"). Raises ArticleError."""
    overrides = overrides or Overrides()
    if kind == "html":
        parts = parse_html(raw, source=source)
        url, title, text, author = parts.url, parts.title, parts.text, parts.author
        date, date_source = parts.date, parts.date_source
        outlet, outlet_source = (
            (parts.site_name, "page metadata") if parts.site_name else (None, None)
        )
    elif kind == "text":
        clean = clean_plaintext(raw)
        url, title, text, author = None, clean.title or "", clean.text, clean.author
        date, date_source = clean.date, clean.date_source
        outlet, outlet_source = clean.outlet, clean.outlet_source
    else:
        raise ArticleError(f"unknown page kind {kind!r} for {source}; expected html or text")
    if not text.strip():
        raise ArticleError(f"no article text found in {source}")
    site = outlet if kind == "html" else None
    credit = find_outlet_credit(text)
    if credit and (outlet is None or (credit[1] == "dateline" and is_agency(credit[0]))):
        # A wire story republished by a site: the agency is the outlet, the site is kept.
        outlet, outlet_source = credit
    if url and site is None and kind == "html":
        site = _host_name(url)
    if outlet is None and url:
        outlet, outlet_source = _host_name(url), "url"
    url = overrides.url or url
    if overrides.title:
        title = overrides.title
    if overrides.outlet:
        outlet, outlet_source = overrides.outlet, overrides.source_label
    if overrides.date:
        date, date_source = overrides.date, overrides.source_label
    if not title:
        raise ArticleError(f"no title found in {source}; give one in a manifest")
    gazetteer = gazetteer or load_gazetteer()
    groups = gazetteer.tag(title + "\n\n" + text)
    return Article(
        id=make_article_id(url, text),
        url=url,
        title=title,
        text=text,
        date=date,
        date_source=date_source if date else None,
        outlet=outlet,
        outlet_source=outlet_source if outlet else None,
        groups=tuple(sorted(groups)),
        author=author,
        source=source,
        fingerprint=fingerprint(text),
        site=site,
    )


def _host_name(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
