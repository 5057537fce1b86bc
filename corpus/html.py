"""HTML page → article parts: metadata from the page head with BeautifulSoup, furniture and
comment sections removed, then the article body by trafilatura (comments excluded)."""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import trafilatura
from bs4 import BeautifulSoup, Tag

from corpus.article import ArticleError, normalize_space
from corpus.dates import parse_iso_date
from corpus.plaintext import is_furniture_line

# Containers that are never article text: reader comments, navigation, share widgets, related links.
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:comments?|comment-list|commentlist|disqus(?:_thread)?|respond|replies|"
    r"reader-?comments|user-?comments|fb-comments|discussion|share|sharing|sharebar|social|"
    r"related|more-from|newsletter|subscribe|breadcrumbs?|nav|navbar|navigation|menu|"
    r"site-header|site-footer|footer|sidebar|widget|advert|ads?|promo|tags|author-bio|"
    r"byline|dateline-meta|print-only|skip-link|cookie|read-?more|also-read|modifydate|"
    r"createdate|createdby|article-info|ad-?slot|ad-?container)(?:$|[-_\s])",
    re.I,
)
_FURNITURE_TAGS = (
    "nav",
    "footer",
    "aside",
    "form",
    "script",
    "style",
    "noscript",
    "iframe",
    "figcaption",
    "svg",
    "button",
    "template",
)
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "dc.date.issued"),
    ("name", "DC.date.issued"),
    ("name", "dcterms.created"),
    ("name", "date"),
)
# trafilatura renders table cells with " | " between them: trim that off the edges of a paragraph.
_TABLE_EDGES = re.compile(r"^(?:\|\s*)+|(?:\s*\|)+$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)")
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ")


@dataclass(frozen=True, slots=True)
class HtmlParts:
    """What one HTML page says about itself, before overrides and group tagging."""

    url: str | None
    title: str
    text: str
    date: datetime.date | None
    date_source: str | None
    site_name: str | None
    author: str | None


def parse_html(html: str, *, source: str) -> HtmlParts:
    """Return the article parts of one page. Raises ArticleError when no article text is found."""
    soup = BeautifulSoup(html, "lxml")
    ld = _json_ld(soup)
    url = _page_url(soup, ld)
    site_name = _meta(soup, "property", "og:site_name") or _ld_publisher(ld)
    title = _page_title(soup, ld, site_name)
    date, date_source = _page_date(soup, ld, url)
    author = _page_author(soup, ld)
    _remove_furniture(soup)
    text = _article_text(str(soup), url=url, soup=soup)
    text = _drop_repeated_title(text, title)
    if not text:
        raise ArticleError(f"no article text found in {source}")
    if not title:
        title = text.split("\n", 1)[0][:200]
    return HtmlParts(url, title, text, date, date_source, site_name, author)


def _meta(soup: BeautifulSoup, attr: str, value: str) -> str | None:
    tag = soup.find("meta", attrs={attr: value})
    if isinstance(tag, Tag):
        content = tag.get("content")
        if isinstance(content, str) and content.strip():
            return normalize_space(content)
    return None


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    """Return the JSON-LD objects of the page (flattened @graph), ignoring broken blocks."""
    objects: list[dict] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
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


def _ld_name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return normalize_space(value) if isinstance(value, str) and value.strip() else None


def _ld_publisher(ld: list[dict]) -> str | None:
    article = _ld_article(ld)
    return _ld_name(article.get("publisher")) if article else None


def _page_url(soup: BeautifulSoup, ld: list[dict]) -> str | None:
    link = soup.find("link", attrs={"rel": "canonical"})
    candidates = [
        link.get("href") if isinstance(link, Tag) else None,
        _meta(soup, "property", "og:url"),
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and urlsplit(candidate.strip()).scheme in ("http", "https"):
            return candidate.strip()
    return None


def _page_title(soup: BeautifulSoup, ld: list[dict], site_name: str | None) -> str:
    article = _ld_article(ld)
    h1 = soup.find("h1")
    candidates = [
        _meta(soup, "property", "og:title"),
        _meta(soup, "name", "twitter:title"),
        _ld_name(article.get("headline")) if article else None,
        normalize_space(h1.get_text(" ")) if isinstance(h1, Tag) else None,
        normalize_space(soup.title.get_text(" ")) if soup.title else None,
    ]
    for candidate in candidates:
        if candidate:
            return strip_site_suffix(candidate, site_name)
    return ""


def strip_site_suffix(title: str, site_name: str | None) -> str:
    """Return the title without a trailing " | Site" (or " - Site", " – Site") part."""
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if not sep or not head:
            continue
        tail_key = tail.strip().casefold()
        if site_name and (tail_key in site_name.casefold() or site_name.casefold() in tail_key):
            return head.strip()
        if len(tail.split()) <= 4 and len(head) > 2 * len(tail):
            return head.strip()
    return title


def _page_date(
    soup: BeautifulSoup, ld: list[dict], url: str | None
) -> tuple[datetime.date | None, str | None]:
    for attr, value in _DATE_META:
        found = parse_iso_date(_meta(soup, attr, value))
        if found:
            return found, f"page metadata ({value})"
    article = _ld_article(ld)
    if article:
        found = parse_iso_date(_ld_name(article.get("datePublished")))
        if found:
            return found, "page metadata (JSON-LD datePublished)"
    for time_tag in soup.find_all("time", attrs={"datetime": True}):
        marks = " ".join([*(time_tag.get("class") or []), time_tag.get("itemprop") or ""])
        if time_tag.has_attr("pubdate") or re.search(r"publish|pubdate|posted", marks, re.I):
            found = parse_iso_date(time_tag.get("datetime"))
            if found:
                return found, "page metadata (<time> published)"
    if url:
        match = _URL_DATE.search(urlsplit(url).path)
        if match:
            try:
                return datetime.date(*map(int, match.groups())), "url"
            except ValueError:
                pass  # an impossible date in a URL is no date
    return None, None


def _page_author(soup: BeautifulSoup, ld: list[dict]) -> str | None:
    author = _meta(soup, "name", "author")
    if author and not author.startswith("http"):
        return author
    article = _ld_article(ld)
    return _ld_name(article.get("author")) if article else None


def _remove_furniture(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_FURNITURE_TAGS):
        tag.decompose()
    body = soup.body
    total = len(body.get_text()) if body else 0
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])]) if tag.attrs else ""
        if marks and _FURNITURE.search(marks):
            # Never drop a container that holds most of the page: its class is a theme's.
            if total and len(tag.get_text()) > 0.6 * total:
                continue
            tag.decompose()


def _article_text(html: str, *, url: str | None, soup: BeautifulSoup) -> str:
    extracted = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=False,
        deduplicate=False,
        with_metadata=False,
    )
    paragraphs = [
        _TABLE_EDGES.sub("", normalize_space(line)) for line in (extracted or "").split("\n")
    ]
    paragraphs = [p for p in paragraphs if p and not is_furniture_line(p)]
    if not paragraphs:  # trafilatura found nothing: fall back to the page's paragraphs
        root = soup.find("article") or soup.find("main") or soup.body or soup
        paragraphs = [normalize_space(p.get_text(" ")) for p in root.find_all("p")]
        paragraphs = [p for p in paragraphs if p]
    return "\n\n".join(paragraphs)


def _drop_repeated_title(text: str, title: str) -> str:
    if not title:
        return text
    paragraphs = text.split("\n\n")
    key = title.casefold()
    # The headline again, alone or after a kicker or breadcrumb ("Explainers <title>").
    while paragraphs and (
        paragraphs[0].casefold() == key
        or (
            paragraphs[0].casefold().endswith(key)
            and len(paragraphs[0].split()) <= len(title.split()) + 5
        )
    ):
        paragraphs.pop(0)
    return "\n\n".join(paragraphs)
