"""Python stand-ins for trafilatura's slowest XPath expressions, used while Dossier runs it.

trafilatura prunes a page and finds its article container with XPath expressions that test
class and id values by EXSLT regular expressions (`re:test`), which lxml answers with a Python
callback for every element and test. On news pages those expressions took about a quarter of
the whole extract step (20 of 75 ms a page on wcxb). Each stand-in walks the same elements in
C (`iterdescendants` with a tag filter) and runs the expression's own regular expressions, read
from its text, once per element: the same elements in the same order, 2.5 to 8 times faster
per expression.

The stand-ins take the expressions' places only inside `stand_ins()`, so trafilatura called by
anyone else stays as it is, and only for an expression whose text is the one its stand-in was
written from (`_WRITTEN_FROM`): a trafilatura release that changes an expression keeps its own.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import trafilatura.xpaths
from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement

Select = Callable[[HtmlElement], list[HtmlElement]]

# re:test(nodes, 'pattern'[, 'flags']) in an expression's text, in order
_REGEX_TEST = re.compile(r"re:test\([^,()]+,\s*'([^']*)'(?:\s*,\s*'([^']*)')?\)")
_BODY_TAGS = ("article", "div", "main", "section")
_PART_TAGS = ("div", "item", "list", "p", "section", "span")  # after trafilatura's tag conversion
_ELEMENTS = etree.Element  # as a tag filter: every element, no comments or processing instructions


def _regexes(path: str) -> list[re.Pattern[str]]:
    """The expression's regular expressions in order, compiled as lxml's EXSLT does."""
    return [
        re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
        for pattern, flags in _REGEX_TEST.findall(path)
    ]


def _first_of(element: HtmlElement, first: str, second: str) -> str:
    """The value of whichever of two attributes comes first on the element, '' without either:
    what `string(@a|@b)` and `re:test(@a|@b, ...)` read (the first node in document order)."""
    one, other = element.get(first), element.get(second)
    if one is None or other is None:
        return one or other or ""
    return one if next(k for k in element.keys() if k in (first, second)) == first else other


def _named(element: HtmlElement, by_id: re.Pattern[str], by_class: re.Pattern[str]) -> bool:
    """`re:test(@id, by_id) or re:test(@class, by_class)`."""
    return (
        by_id.search(element.get("id") or "") is not None
        or by_class.search(element.get("class") or "") is not None
    )


def _discarded_parts(regexes: list[re.Pattern[str]]) -> Select:
    """OVERALL_DISCARD_XPATH[0]: navigation, sharing, ads, bylines and the like."""
    cookie, by_id, by_class = regexes

    def matches(element: HtmlElement) -> bool:
        get = element.get
        return (
            get("data-lp-replacement-content") is not None
            or "nav" in (get("role") or "").replace("N", "n")
            or "MostPopularStories" in (get("data-component") or "")
            or cookie.search(_first_of(element, "id", "class")) is not None
            or _named(element, by_id, by_class)
        )

    return _every(_PART_TAGS, matches)


def _hidden_parts(regexes: list[re.Pattern[str]]) -> Select:
    """OVERALL_DISCARD_XPATH[1]: hidden elements, comment titles and reply forms."""
    hidden, by_id, by_class = regexes

    def matches(element: HtmlElement) -> bool:
        get = element.get
        element_id, element_class, style = get("id"), get("class"), get("style")
        if element_id is None and element_class is None and style is None:  # most elements
            return get("aria-hidden") == "true"
        style = style or ""
        return (
            element_class == "comments-title"
            or _first_of(element, "id", "class").startswith("reply-")
            or hidden.search(_first_of(element, "id", "style")) is not None
            or "display:none" in style
            or "display: none" in style
            or _named(element, by_id, by_class)
            or get("aria-hidden") == "true"
        )

    return _every(_ELEMENTS, matches)


def _comment_sections(regexes: list[re.Pattern[str]]) -> Select:
    """REMOVE_COMMENTS_AND_LISTS_XPATH[0]: comment sections (lists only when named so)."""
    by_id, by_class, list_by_id, list_by_class = regexes
    tags = ("div", "list", "section", "details", "ol", "ul")

    def matches(element: HtmlElement) -> bool:
        return _named(element, by_id, by_class) and (
            element.tag not in ("ol", "ul") or _named(element, list_by_id, list_by_class)
        )

    return _every(tags, matches)


def _appended_parts(regexes: list[re.Pattern[str]]) -> Select:
    """RAW_TREE_PRUNE_XPATH[0]: ad boxes and infinite-scroll pages appended to the article."""
    by_id, by_class, box_by_id, box_by_class = regexes

    def matches(element: HtmlElement) -> bool:
        return _named(element, by_id, by_class) and (
            element.find(".//h1") is None or _named(element, box_by_id, box_by_class)
        )

    tags = ("div", "section", "aside")
    return _every(tags, matches)


def _named_bodies(regexes: list[re.Pattern[str]]) -> Select:
    """BODY_XPATH[0]: containers named as the article body. The expression's `[1]` applies to
    each parent's children: the first such container among its siblings, all of them."""
    by_id, by_class = regexes

    def matches(element: HtmlElement) -> bool:
        get = element.get
        element_class = get("class")
        return (
            element_class in ("post", "entry")
            or get("itemprop") == "articleBody"
            or get("id") == "articleContent"
            or _named(element, by_id, by_class)
        )

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found, parents = [], set()
        for element in tree.iterdescendants(_BODY_TAGS):
            if matches(element) and (parent := element.getparent()) not in parents:
                parents.add(parent)
                found.append(element)
        return found

    return select


def _story_bodies(regexes: list[re.Pattern[str]]) -> Select:
    """BODY_XPATH[2]: the first container named as an article or story."""
    by_id, fulltext, by_class = regexes
    classes = ("postarea", "art-postcontent", "text", "cell", "story")

    def matches(element: HtmlElement) -> bool:
        get = element.get
        element_class = get("class") or ""
        return (
            get("role") == "article"
            or get("id") in ("article", "story")
            or get("class") in classes
            or by_id.search(get("id") or "") is not None
            or fulltext.search(element_class) is not None
            or by_class.search(element_class) is not None
        )

    return _first(_BODY_TAGS, matches)


def _content_bodies(regexes: list[re.Pattern[str]]) -> Select:
    """BODY_XPATH[3]: the first container named as the page's main content."""
    by_id, by_class = regexes

    def matches(element: HtmlElement) -> bool:
        get = element.get
        element_id, element_class = get("id") or "", get("class") or ""
        return (
            get("id") == "content"
            or get("class") == "content"
            or _named(element, by_id, by_class)
            or "main-content" in element_id.replace("C", "c").replace("M", "m")
            or "main-content" in element_class.replace("C", "c").replace("M", "m")
            or "page-content" in element_class.replace("C", "c").replace("P", "p")
        )

    return _first(_BODY_TAGS, matches)


def _share_buttons(regexes: list[re.Pattern[str]]) -> Select:
    """RAW_TREE_PRUNE_XPATH[1]: Elementor's share buttons."""

    def matches(element: HtmlElement) -> bool:
        return "elementor-share-buttons" in (element.get("class") or "")

    return _every(("div", "section", "aside"), matches)


def _captions(regexes: list[re.Pattern[str]]) -> Select:
    """DISCARD_IMAGE_ELEMENTS[0]: image captions."""

    def matches(element: HtmlElement) -> bool:
        return "caption" in (element.get("id") or "") or "caption" in (element.get("class") or "")

    return _every(_PART_TAGS, matches)


def _teasers(regexes: list[re.Pattern[str]]) -> Select:
    """TEASER_DISCARD_XPATH[0]: teasers of other articles."""

    def matches(element: HtmlElement) -> bool:
        folded = ((element.get(name) or "").replace("T", "t") for name in ("id", "class"))
        return any("teaser" in value for value in folded)

    return _every(_PART_TAGS, matches)


def _every(tags: object, matches: Callable[[HtmlElement], bool]) -> Select:
    """`.//*[tags][matches]`: every descendant of those tags that matches, in document order."""
    return lambda tree: [e for e in tree.iterdescendants(tags) if matches(e)]


def _first(tags: object, matches: Callable[[HtmlElement], bool]) -> Select:
    """`(.//*[tags][matches])[1]`: the first such descendant, in a list of one or none."""
    return lambda tree: next(([e] for e in tree.iterdescendants(tags) if matches(e)), [])


# (list name in trafilatura.xpaths, position): the SHA-256 prefix of the expression text the
# stand-in was written from, and the stand-in's maker (given the expression's regexes)
_WRITTEN_FROM: dict[tuple[str, int], tuple[str, Callable[[list[re.Pattern[str]]], Select]]] = {
    ("OVERALL_DISCARD_XPATH", 0): ("a837e58a1b1ea116", _discarded_parts),
    ("OVERALL_DISCARD_XPATH", 1): ("c1d5b70b8cd03783", _hidden_parts),
    ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0): ("9cc18d34e6e2d258", _comment_sections),
    ("RAW_TREE_PRUNE_XPATH", 0): ("01e7c660fd6406f2", _appended_parts),
    ("RAW_TREE_PRUNE_XPATH", 1): ("3c7afe92279543d5", _share_buttons),
    ("DISCARD_IMAGE_ELEMENTS", 0): ("cb1ab981e44913f7", _captions),
    ("TEASER_DISCARD_XPATH", 0): ("ebb02f066626551d", _teasers),
    ("BODY_XPATH", 0): ("caaa561ceca17064", _named_bodies),
    ("BODY_XPATH", 2): ("6c9b5e1fdc092943", _story_bodies),
    ("BODY_XPATH", 3): ("10a7ceacc0ff8cdf", _content_bodies),
}


@dataclass(frozen=True)
class StandIn:
    """Called as trafilatura calls its expression; `path` is the expression's text."""

    expression: XPath
    select: Select

    @property
    def path(self) -> str:
        return self.expression.path

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        return self.select(tree)


@dataclass(frozen=True)
class Replacement:
    """One expression of trafilatura.xpaths (`name`[`position`]) and its stand-in."""

    name: str
    position: int
    expressions: list  # the list in trafilatura.xpaths, shared by the modules that use it
    original: XPath
    stand_in: StandIn


@functools.cache
def replacements() -> tuple[Replacement, ...]:
    """The expressions of the installed trafilatura that `stand_ins()` replaces, with theirs."""
    found = []
    for (name, position), (digest, make) in _WRITTEN_FROM.items():
        expressions = getattr(trafilatura.xpaths, name, None)
        if not isinstance(expressions, list) or position >= len(expressions):
            continue
        original = expressions[position]
        if not isinstance(original, XPath):  # someone else's stand-in or recorder
            continue
        text = original.path
        if hashlib.sha256(text.encode()).hexdigest()[: len(digest)] == digest:
            stand_in = StandIn(original, make(_regexes(text)))
            found.append(Replacement(name, position, expressions, original, stand_in))
    return tuple(found)


@contextmanager
def stand_ins() -> Iterator[None]:
    """Run the block with the stand-ins in their expressions' places (not thread-safe: the
    expressions are module data; the stand-ins select what the expressions do, so a thread
    that sees them gets the same results)."""
    for replacement in replacements():
        replacement.expressions[replacement.position] = replacement.stand_in
    try:
        yield
    finally:
        for replacement in replacements():
            replacement.expressions[replacement.position] = replacement.original
