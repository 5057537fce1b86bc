"""What an HTML page says about itself: canonical URL, site name, author and JSON-LD, read
from the parsed tree (lxml) before any cleaning. Titles live in corpus.title, dates in
corpus.pagedate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from corpus.article import normalize_space


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The page head's metadata: the raw <meta> map, JSON-LD objects and the article object."""

    metas: dict[str, str]
    ld: list[dict]
    ld_article: dict | None


def read_meta(tree: HtmlElement) -> PageMeta:
    """Return the <meta> values (first of each name/property/itemprop) and the JSON-LD objects."""
    metas: dict[str, str] = {}
    for tag in tree.iter("meta"):
        content = tag.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if key:
                metas.setdefault(key.strip().casefold(), normalize_space(content))
    ld = _json_ld(tree)
    return PageMeta(metas, ld, _ld_article(ld))


def _json_ld(tree: HtmlElement) -> list[dict]:
    """Return the JSON-LD objects of the page (flattened @graph), ignoring broken blocks."""
    objects: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().casefold() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # broken JSON-LD is common and says nothing reliable
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    objects.extend(obj for obj in graph if isinstance(obj, dict))
    return objects


def _ld_article(ld: list[dict]) -> dict | None:
    for obj in ld:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(
            isinstance(k, str) and k.endswith(("Article", "BlogPosting", "Report")) for k in kinds
        ):
            return obj
    return None


def ld_value(value: object) -> str | None:
    """Return a JSON-LD value as one string (the first of a list, the name of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return normalize_space(value) if isinstance(value, str) and value.strip() else None


def page_url(tree: HtmlElement, meta: PageMeta) -> str | None:
    """Return the canonical URL (link rel=canonical, then og:url) when it is an http(s) URL."""
    candidates = [
        link.get("href")
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").casefold().split()
    ]
    candidates.append(meta.metas.get("og:url"))
    for candidate in candidates:
        if candidate and urlsplit(candidate.strip()).scheme in ("http", "https"):
            return candidate.strip()
    return None


def site_name(meta: PageMeta) -> str | None:
    """Return og:site_name, else the JSON-LD article's publisher name."""
    found = meta.metas.get("og:site_name")
    if found:
        return found
    return ld_value(meta.ld_article.get("publisher")) if meta.ld_article else None


def page_author(meta: PageMeta) -> str | None:
    """Return the author named in <meta name=author> or the JSON-LD article."""
    author = meta.metas.get("author")
    if author and not author.startswith("http"):
        return author
    return ld_value(meta.ld_article.get("author")) if meta.ld_article else None
