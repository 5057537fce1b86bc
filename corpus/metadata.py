"""What an HTML page says about itself: canonical URL, title, site name, author and JSON-LD,
read from the parsed tree (lxml) before any cleaning. Dates live in corpus.pagedate."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from corpus.article import normalize_space

_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " › ", " · ", " ~ ")
_WORD = re.compile(r"\w+")
# An <h1> this many words or fewer is a logo or a section name, unless another source agrees.
_SHORT_H1 = 2


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


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _agrees(h1: str, other: str) -> bool:
    """Whether a heading and a metadata title name the same article."""
    a, b = h1.casefold(), other.casefold()
    if a == b or (len(a) > 8 and b.startswith(a)) or (len(b) > 8 and a.startswith(b)):
        return True
    first, second = set(_words(h1)), set(_words(other))
    if not first or not second:
        return False
    return len(first & second) / len(first | second) > 0.5


def page_title(tree: HtmlElement, meta: PageMeta, site: str | None) -> str:
    """Return the headline: the <h1> that agrees with the metadata titles, else the first
    metadata title without its " | Site" suffix, else the first <h1>."""
    titles = [
        meta.metas.get("og:title"),
        ld_value(meta.ld_article.get("headline")) if meta.ld_article else None,
        meta.metas.get("twitter:title"),
    ]
    head_title = tree.find(".//title")
    if head_title is not None:
        titles.append(normalize_space(head_title.text_content()))
    titles = [t for t in titles if t]
    stripped = [strip_site_suffix(t, site) for t in titles]
    headings = [normalize_space(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h][:8]
    for heading in headings:
        if site and heading.casefold() == site.casefold():
            continue  # the site's logo in an <h1>
        if any(_agrees(heading, t) for t in stripped):
            return _drop_kicker(heading, stripped)
    if stripped:
        return stripped[0]
    longer = [h for h in headings if len(h.split()) > _SHORT_H1]
    return (longer or headings or [""])[0]


def _drop_kicker(heading: str, titles: list[str]) -> str:
    """The heading without a kicker ("Klimaschutz: ", a rubric in a <span>) that the metadata
    title leaves out: the heading's tail that equals a metadata title."""
    for title in titles:
        if len(title.split()) >= 3 and len(title) < len(heading):
            tail = heading[-len(title) :]
            if tail.casefold() == title.casefold() and not heading[-len(title) - 1].isalnum():
                return tail
    return heading


def strip_site_suffix(title: str, site: str | None) -> str:
    """Return the title without a trailing " | Site" (or " - Site", " – Site") part."""
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if not sep or not head.strip():
            continue
        tail_key = tail.strip().casefold()
        if site and (tail_key in site.casefold() or site.casefold() in tail_key):
            return head.strip()
        if len(tail.split()) <= 4 and len(head) > 2 * len(tail):
            return head.strip()
    return title
