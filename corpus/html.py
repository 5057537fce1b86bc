"""HTML page → article parts: one lxml parse; metadata from the page head; comment sections and
furniture removed; the article body by trafilatura (comments excluded), re-run in its slower
mode only when the quick pass keeps too little of the page; then paragraph-level furniture rules."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from corpus.article import ArticleError, normalize_space
from corpus.furniture import remove_furniture
from corpus.metadata import page_author, page_title, page_url, read_meta, site_name
from corpus.pagedate import page_date
from corpus.textrules import clean_paragraphs

# trafilatura renders table cells with " | " between them: trim that off the edges of a paragraph.
_TABLE_EDGES = re.compile(r"^(?:\|\s*)+|(?:\s*\|)+$")
_WORD = re.compile(r"\w+")
# The quick pass is kept when it holds at least this share of the words in the page's <p>s.
_QUICK_SHARE = 0.5
# ... and at least this share of the words of the whole cleaned page, and this many words.
_BODY_SHARE = 0.2
_MIN_WORDS = 100
_PARSER = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


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


def parse_tree(html: str, *, source: str) -> HtmlElement:
    """Return the parsed page. Raises ArticleError when it is not HTML lxml can read."""
    try:
        return document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ArticleError(f"cannot parse the HTML of {source}: {err}") from err


def parse_html(html: str, *, source: str) -> HtmlParts:
    """Return the article parts of one page. Raises ArticleError when no article text is found."""
    tree = parse_tree(html, source=source)
    meta = read_meta(tree)
    url = page_url(tree, meta)
    site = site_name(meta)
    title = page_title(tree, meta, site)
    date, date_source = page_date(tree, meta, url)
    author = page_author(meta)
    remove_furniture(tree)
    text = "\n\n".join(clean_paragraphs(_article_paragraphs(tree, url), title))
    if not text:
        raise ArticleError(f"no article text found in {source}")
    if not title:
        title = text.split("\n", 1)[0][:200]
    return HtmlParts(url, title, text, date, date_source, site, author)


def _run_trafilatura(tree: HtmlElement, url: str | None, *, fast: bool, recall: bool) -> list[str]:
    extracted = trafilatura.extract(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=recall,
        fast=fast,
        deduplicate=False,
        with_metadata=False,
    )
    paragraphs = [
        _TABLE_EDGES.sub("", normalize_space(line)) for line in (extracted or "").split("\n")
    ]
    return [p for p in paragraphs if p]


def _words(paragraphs: list[str]) -> int:
    return sum(len(_WORD.findall(p)) for p in paragraphs)


def _article_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    """trafilatura's quick pass; its full cascade when the quick pass looks short."""
    page = [normalize_space(p.text_content()) for p in tree.iter("p")]
    page = [p for p in page if p]
    paragraphs = _run_trafilatura(tree, url, fast=True, recall=False)
    quick = _words(paragraphs)
    body = tree.find("body")
    body_words = len(_WORD.findall(body.text_content())) if body is not None else 0
    if (
        quick < _QUICK_SHARE * _words(page)
        or quick < _MIN_WORDS
        or quick < _BODY_SHARE * body_words
    ):
        fuller = _run_trafilatura(tree, url, fast=False, recall=True)
        if _words(fuller) > _words(paragraphs):
            paragraphs = fuller
    if not paragraphs:  # trafilatura found nothing: fall back to the page's paragraphs
        paragraphs = page
    return paragraphs
