"""HTML page → article parts: one lxml parse; metadata from the page head; comment sections and
furniture removed; the article body by trafilatura (comments excluded), re-run in its slower
mode only when the quick pass keeps too little of the page; then paragraph-level furniture rules."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import partial

import trafilatura
from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
)

from corpus.article import ArticleError, normalize_space
from corpus.fastxpath import stand_ins
from corpus.furniture import remove_furniture
from corpus.metadata import page_author, page_url, read_meta, site_name
from corpus.pagedate import page_date
from corpus.textrules import clean_paragraphs
from corpus.title import page_title

# trafilatura renders table cells with " | " between them: trim that off the edges of a paragraph.
_TABLE_EDGES = re.compile(r"^(?:\|\s*)+|(?:\s*\|)+$")
_WORD = re.compile(r"\w+")
# The quick pass is kept when it holds this many words and either at least this share of the
# words in the page's <p>s or at least this share of the words of the whole cleaned page ...
_QUICK_SHARE = 0.5
_BODY_SHARE = 0.2
_MIN_WORDS = 100
# ... and in any case at least this share of the page's words (less is a scrap of a page whose
# text is not in <p>s).
_SCRAP_OF_BODY = 0.1
# A result under this many words and this share of the page's <p> words is a scrap: the page's
# paragraphs are taken instead.
_SHORT_WORDS = 250
_SHORT_SHARE = 0.1
# The page's main text block (the element whose <p> children hold the most words, when it holds
# at least _MIN_WORDS) is added when the result holds under this share of its words.
_MAIN_COVERED = 0.5
# The boxes of the main block's kind are added with it when it holds at least this share of
# their words.
_KIN_SHARE = 1 / 3
_SUBHEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
# Lists and subheadings standing among the main block's paragraphs that hold at least this share
# of the block's <p> words make the story one of lists and sections: the quick pass then runs in
# trafilatura's recall mode.
_LISTED = frozenset(("ul", "ol")) | _SUBHEADINGS
_LISTED_SHARE = 0.1
# The main block's subheadings that the extraction left out are put back before the paragraph
# that follows each, found by its first _LEAD characters; a "heading" of more than
# _HEADING_WORDS words is a styled paragraph or a pull quote, not a section's title.
_LEAD = 40
_HEADING_WORDS = 15
# Page parts trafilatura's cleaning deletes with everything in them (its MANUALLY_CLEANED, less
# what remove_furniture already took): the quick pass gets a copy without them, so that its
# XPath passes and tree copies walk a third fewer elements. A <figure> holding a table is kept
# (trafilatura keeps it as a <div>).
_CLEANED_BY_TRAFILATURA = (
    "aside footer nav menu figure picture video audio canvas map object embed dialog fieldset "
    "input label link".split()
)
# ... unless one holds this share of the page's text: the parser hung the page inside an
# unclosed one, which trafilatura's fallbacks on the whole page then recover.
_SWALLOWED_SHARE = 0.2
# Page parts whose paragraphs are never the page's main text block (a sidebar's may be: some
# sites set a story's second half there), unless one holds this share of the page's text.
_PAGE_PARTS = ("footer", "nav")
_PART_OF_PAGE = 0.5
_PARSER = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
# Every element an HtmlElement, chosen in C: lxml.html's own lookup runs a Python method for each
# element object handed out (a tenth of the extract step's CPU), only to give <form>, <input>,
# <select>, <textarea> and <label> form-handling classes that nothing here uses.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement,
        comment=HtmlComment,
        pi=HtmlProcessingInstruction,
        entity=HtmlEntity,
    )
)


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
    head = tree.find("head")
    if head is not None:  # read above; trafilatura's pruning passes would walk it again
        head.drop_tree()
    text = "\n\n".join(clean_paragraphs(_article_paragraphs(tree, url), title))
    if not text:
        raise ArticleError(f"no article text found in {source}")
    if not title:
        title = text.split("\n", 1)[0][:200]
    return HtmlParts(url, title, text, date, date_source, site, author)


def _run_trafilatura(tree: HtmlElement, url: str | None, *, fast: bool, recall: bool) -> list[str]:
    with stand_ins():
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
    # White-space words: str.split runs in C, a regex over a whole page does not.
    return sum(len(p.split()) for p in paragraphs)


def _bag(paragraphs: list[str]) -> Counter[str]:
    return Counter(w.casefold() for p in paragraphs for w in _WORD.findall(p))


def _page_paragraphs(
    tree: HtmlElement,
) -> tuple[list[str], dict[HtmlElement, list[str]], HtmlElement | None]:
    """The page's <p> texts in order, the texts of each element holding <p>s, and the element
    whose <p>s hold the most words (the main text block)."""
    page: list[str] = []
    blocks: dict[HtmlElement, list[str]] = {}
    for element in tree.iter("p"):
        text = normalize_space(element.text_content())
        if text:
            page.append(text)
            blocks.setdefault(element.getparent(), []).append(text)
    ranked = sorted(blocks, key=lambda parent: _words(blocks[parent]), reverse=True)
    block = next((b for b in ranked if not _in_page_part(b, tree)), None)
    return page, blocks, block


def _kin(blocks: dict[HtmlElement, list[str]], block: HtmlElement) -> list[str]:
    """The texts of the main block and of the blocks of its kind (same tag, same class: a story
    set in several boxes of one template component) in page order; the block's own when it
    holds under a third of their words (a page of many stories)."""
    kind = block.get("class")
    kin = [
        text
        for parent, texts in blocks.items()
        if parent is block or (kind and parent.tag == block.tag and parent.get("class") == kind)
        for text in texts
    ]
    return blocks[block] if _words(blocks[block]) < _KIN_SHARE * _words(kin) else kin


def _in_page_part(element: HtmlElement, tree: HtmlElement) -> bool:
    """Whether the element lies in a footer or nav that does not hold the page (a
    disclaimer or a site blurb in the footer is never the article, however long); one that
    holds the headline or most of the text is the parser's, hung round an unclosed tag."""
    part = next(element.iterancestors(*_PAGE_PARTS), None)
    return (
        part is not None
        and next(part.iter("h1"), None) is None
        and len(part.text_content()) < _PART_OF_PAGE * len(tree.text_content())
    )


def _lists_among_paragraphs(block: HtmlElement | None) -> int:
    """Words in the lists and subheadings that stand among the main block's paragraphs."""
    if block is None:
        return 0
    return sum(len(child.text_content().split()) for child in block if child.tag in _LISTED)


def _add_main_block(
    paragraphs: list[str],
    page: list[str],
    main: list[str],
    kin: Callable[[], list[str]] | None = None,
) -> list[str]:
    """The extraction with the page's main text block (with its kin, the other boxes of its
    kind) added when it leaves most of the block out: an article split over two containers, or
    a result that is some other part of the page."""
    counts = {p: len(_WORD.findall(p)) for p in main}
    main_words = sum(counts[p] for p in main)
    if main_words < _MIN_WORDS:
        return paragraphs
    # The block's paragraphs that the extraction holds word for word are covered (a lower bound
    # of the word-bag overlap below, and usually enough: the bags are built only when not).
    found = set(paragraphs)
    if sum(n for p, n in counts.items() if p in found) >= _MAIN_COVERED * main_words:
        return paragraphs
    if (_bag(main) & _bag(paragraphs)).total() >= _MAIN_COVERED * main_words:
        return paragraphs
    # In page order: before the extraction when the block starts before the extraction's first
    # paragraph that is also a page paragraph.
    first = next((n for n, p in enumerate(page) if p in found), len(page))
    main_set = set(main)
    added = [p for p in (kin() if kin else main) if p in main_set or p not in found]
    if page.index(added[0]) < first:
        return [*added, *paragraphs]
    return [*paragraphs, *added]


def _quick_tree(tree: HtmlElement, page_chars: int) -> HtmlElement:
    """A copy of the page without the parts trafilatura deletes anyway (the full cascade gets
    the whole page: its fallbacks read the raw page)."""
    quick = deepcopy(tree)
    for element in list(quick.iter(*_CLEANED_BY_TRAFILATURA)):
        if element.tag == "figure" and element.find(".//table") is not None:
            continue
        if _is_attached(element, quick) and (
            len(element.text_content()) < _SWALLOWED_SHARE * page_chars
        ):
            element.drop_tree()
    return quick


def _is_attached(element: HtmlElement, root: HtmlElement) -> bool:
    # iterancestors with a tag skips the other ancestors in C
    return next(element.iterancestors(root.tag), None) is root


def _looks_short(quick: int, page_words: int, body_words: int) -> bool:
    """Whether the quick pass kept too little of the page: under _MIN_WORDS, or under both
    shares (of the page's <p> words and of its body text), or under a tenth of the body text."""
    return (
        quick < _MIN_WORDS
        or (quick < _QUICK_SHARE * page_words and quick < _BODY_SHARE * body_words)
        or quick < _SCRAP_OF_BODY * body_words
    )


def _article_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    """trafilatura's quick pass; its full cascade when the quick pass looks short; the page's
    paragraphs when both miss most of the page's text."""
    page, blocks, block = _page_paragraphs(tree)
    main = blocks[block] if block is not None else []
    body = tree.find("body")
    body_text = body.text_content() if body is not None else ""
    body_words = len(body_text.split())
    # trafilatura's precision-leaning default drops lists and subheadings that are part of the
    # story (steps, key points, sections); its recall mode keeps them.
    recall = _lists_among_paragraphs(block) >= _LISTED_SHARE * _words(main) > 0
    paragraphs = _run_trafilatura(_quick_tree(tree, len(body_text)), url, fast=True, recall=recall)
    quick = _words(paragraphs)
    page_words = _words(page)
    if _looks_short(quick, page_words, body_words):
        fuller = _run_trafilatura(tree, url, fast=False, recall=True)
        if _words(fuller) > _words(paragraphs):
            paragraphs = fuller
    found = _words(paragraphs)
    if not paragraphs or (found < _SHORT_WORDS and found < _SHORT_SHARE * page_words):
        # trafilatura found nothing, or a scrap of a page with plenty of paragraphs
        return page
    kin = partial(_kin, blocks, block) if block is not None else None
    return _restore_subheadings(_add_main_block(paragraphs, page, main, kin), block)


def _restore_subheadings(paragraphs: list[str], block: HtmlElement | None) -> list[str]:
    """The paragraphs with the main block's subheadings that the extraction left out put back
    before the paragraph that follows each (trafilatura's wild-text recovery, which it falls
    back on when no container of the page looks like an article's, takes no headings)."""
    if block is None:
        return paragraphs
    held = set(paragraphs)
    # by their first characters: a paragraph with line breaks comes out as several
    position = {p[:_LEAD]: n for n, p in reversed(list(enumerate(paragraphs)))}
    before: dict[int, list[str]] = {}
    pending: list[str] = []
    for child in block:
        if child.tag in _SUBHEADINGS:
            text = normalize_space(child.text_content()).rstrip("#¶ ")  # permalink marks
            if text and text not in held and len(text.split()) <= _HEADING_WORDS:
                pending.append(text)
        elif child.tag == "p" and pending:
            n = position.get(normalize_space(child.text_content())[:_LEAD])
            if n is not None:
                before.setdefault(n, []).extend(pending)
            pending = []
    if not before:
        return paragraphs
    restored: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        restored.extend(before.get(n, ()))
        restored.append(paragraph)
    return restored
