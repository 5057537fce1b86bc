"""Remove what is never article text from a parsed page before extraction: reader-comment
sections of the common kinds (WordPress, Disqus, schema.org Comment, "N Comments" headings),
navigation, share widgets, related links and captions."""

from __future__ import annotations

import re

from lxml.etree import Element, XPath
from lxml.html import HtmlElement

# Tags whose content is never article text.
FURNITURE_TAGS = frozenset(
    "script style noscript iframe figcaption svg button template select textarea".split()
)
# One id or class token of a reader-comment container ("comments", "comment-list",
# "disqus_thread", "wp-comments-area"); "has-comments" or "comment-count" are not containers.
_COMMENT_TOKEN = re.compile(
    r"(?!(?:has|no|show|count|with|open|closed|enable|disable|toggle|allow|add|post)[-_])"
    r"(?:[a-z0-9]{1,12}[-_]?)?"
    r"(?:comments?|commentlist|comment-?list|disqus_thread|disqus|respond|replies|discussion|"
    r"kommentare|comentarios|commentaires|coral-?talk|talk-stream)"
    r"(?:[-_](?:list|area|section|wrapper|container|thread|block|box|holder|wrap|form|respond|"
    r"main|content|widget|stream|panel|module|app))*",
    re.I,
)
# One id or class token of a block that sits next to the article but is never part of it
# (a cookie-policy table is a consent widget's; a "trending" strip lists other stories; an
# accessibility toolbar offers font sizes and contrasts; an add-to-calendar button hides the
# event's title, times and description again in <var>s; an author box introduces the writer; a
# call-to-action box sells a trial, a demo, a download or a donation).
_FURNITURE_TOKEN = re.compile(
    r"(?:createdby|createdate|modifydate|article-info|breadcrumbs?|print-only|skip-link|"
    r"(?!(?:has|no|show|with|hide)[-_])(?:\w+[-_])??(?:about[-_]?the[-_]?author|"
    r"author[-_]?(?:box|bio|info|card|profile|details|description)|saboxplugin-wrap)(?:[-_]\w+)*|"
    r"(?!(?:has|no|show|with|above|below|before|after)[-_])(?:[a-z0-9]+[-_])*?cta(?:[-_](?:box|wrap|"
    r"wrapper|container|banner|block|panel|section|holder|bar|footer|sidebar|modal|area))*|"
    r"accessibility-(?:text|icons?|heading|toolbar|tools|options|widget|panel|controls)|"
    r"(?:\w+-)?a11y-toolbar(?:-\w+)*|add-?to-?calendar(?:-\w+)*|atc_event|"
    r"cookie-?(?:banner|notice|consent|bar)|cookie-?(?:law|policy|settings|preferences)[\w-]*|"
    r"newsletter(?:-signup|-form|-box)?|dateline-meta|latestnews|mostread|most-?popular|"
    r"trending(?:[-_]\w+)*|share-?(?:bar|buttons|tools|links)|social-?share|sharedaddy|"
    r"related-?(?:posts|articles|stories|links))",
    re.I,
)
# A cheap first look, on the lowercased value (re.I makes this slow on long utility-class lists):
# most id and class values hold none of the words the token patterns need.
# The words are grouped by first letter: the engine then tries one branch per letter, not per word.
_MAYBE = re.compile(
    r"a(?:11y|ccessib|tc_|uthor)|breadcrumb|c(?:alendar|omentario|omment|ookie|reated|ta)|"
    r"d(?:ateline|iscussion|isqus)|info|kommentar|latest|m(?:odif|ostread)|newsletter|"
    r"p(?:opular|rint)|r(?:elated|epl|espond)|s(?:abox|hare|kip)|t(?:alk|rending)"
)
_COMMENT_TYPES = re.compile(r"schema\.org/(?:Comment|UserComments|Answer)\b", re.I)
_COMMENT_HEADING = re.compile(
    r"^\s*(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|kommentare?|"
    r"commentaires?|comentarios?|reacties|discussion)\s*(?:\(\d+\))?\s*:?\s*$"
    r"|^\s*(?:leave|post|add|write|submit)\s+an?\s+(?:comment|reply|response)\b"
    r"|^\s*(?:schreibe|hinterlasse)\s+einen\s+kommentar\b"
    r"|^\s*\d+\s+(?:thoughts?|responses?|comments?|kommentare?)\s+(?:on|to|zu)\b",
    re.I,
)
# A heading that opens the list of what the article cites: it goes with what follows it.
_SOURCES_HEADING = re.compile(
    r"^\s*(?:references|bibliography|works\s+cited|sources|citations)\s*:?\s*$", re.I
)
_HEADINGS = ("h2", "h3", "h4", "h5")
# Placeholder text of an unfilled page template ("Lorem ipsum dolor sit amet ..."): the text nodes
# that start with it, and the card around them when the card says little else ("Head Line 1",
# "Learn More").
_PLACEHOLDER = ("orem ipsum", "orem Ipsum", "OREM IPSUM")  # a substring look first: C speed
_PLACEHOLDER_TEXT = XPath(
    "//body//text()[starts-with(normalize-space(translate(., 'LI', 'li')), 'lorem ipsum')]"
)
_CARD_WORDS = 8
# Form controls that hold no article text, unless the parser put the page inside an unclosed one.
_CONTROLS = frozenset(("button", "select", "textarea", "figcaption"))
_CONTROL_CHARS = 2000
# Never drop a container holding more than this share of the page's text: its class is a theme's.
_MOST_OF_PAGE = 0.6
_KEEP = frozenset(("html", "body", "main", "article"))


def _text_length(element: HtmlElement) -> int:
    return len(element.text_content())


def remove_furniture(tree: HtmlElement) -> None:
    """Remove comment sections and page furniture from the tree in place."""
    doomed: list[HtmlElement] = list(tree.iter(*FURNITURE_TAGS))
    doomed.extend(_marked_elements(tree))
    for element in tree.iter(*_HEADINGS):
        heading = element.text_content() or ""
        if _COMMENT_HEADING.match(heading) or _SOURCES_HEADING.match(heading):
            doomed.extend(_comment_block(element))
    body = tree.find("body")
    page_text = (body if body is not None else tree).text_content()
    total = len(page_text)
    if any(word in page_text for word in _PLACEHOLDER):
        doomed.extend(_placeholder_cards(tree))
    for element in doomed:
        if _is_detached(element, tree):
            continue
        if element.tag in _CONTROLS and _text_length(element) > _CONTROL_CHARS:
            # An unclosed <button> or <select>: the parser hung the rest of the page inside it.
            element.drop_tag()
            continue
        if total and element.tag not in FURNITURE_TAGS:
            # A comment section may outweigh the story; a theme's wrapper also holds the headline.
            if (
                _text_length(element) > _MOST_OF_PAGE * total
                and next(element.iter("h1"), None) is not None
            ):
                continue
        element.drop_tree()


def _marked_elements(tree: HtmlElement) -> list[HtmlElement]:
    """The elements, in page order, whose id or class names a comment section or furniture
    (never the page's main containers), then those whose schema.org type is a comment."""
    # Each element is handed out once: an XPath query for the attributes costs more on real pages
    # (~1 ms each). Comprehensions, not one loop: a Python loop body per element costs more still.
    elements = list(tree.iter(Element))
    ids = [element.get("id") for element in elements]
    classes = [element.get("class") for element in elements]
    # A page repeats its class values: each distinct one is read once.
    marks = {value for value in {*ids, *classes} if value and _is_mark(value)}
    marked = [
        element
        for element, element_id, element_class in zip(elements, ids, classes, strict=True)
        if (element_id in marks or element_class in marks) and element.tag not in _KEEP
    ]
    item_types = [element.get("itemtype") for element in elements]
    typed = [
        element
        for element, item_type in zip(elements, item_types, strict=True)
        if item_type and _COMMENT_TYPES.search(item_type)
    ]
    return marked + typed


def _is_mark(value: str) -> bool:
    """Whether an id or class value holds a comment-section or furniture token."""
    return bool(_MAYBE.search(value.lower())) and any(
        _COMMENT_TOKEN.fullmatch(t) or _FURNITURE_TOKEN.fullmatch(t) for t in value.split()
    )


def _placeholder_cards(tree: HtmlElement) -> list[HtmlElement]:
    """The elements holding template placeholder text, each widened to the largest ancestor
    whose other text is under _CARD_WORDS words."""
    found = _PLACEHOLDER_TEXT(tree)
    placeholder = set(found)
    cards = []
    for text in found:
        card = text.getparent()
        if text.is_tail:  # dropping the element before it would keep its tail
            card = card.getparent()
        for parent in card.iterancestors():
            if parent.tag in _KEEP or next(parent.iter("h1"), None) is not None:
                break
            other = sum(len(t.split()) for t in parent.itertext() if t not in placeholder)
            if other >= _CARD_WORDS:
                break
            card = parent
        cards.append(card)
    return cards


def _comment_block(heading: HtmlElement) -> list[HtmlElement]:
    """The heading of a comment section ("12 Comments") or of a list of sources, and everything
    after it in its parent."""
    return [heading, *heading.itersiblings()]


def _is_detached(element: HtmlElement, root: HtmlElement) -> bool:
    """Whether an ancestor of the element was already dropped (it no longer hangs from root)."""
    # iterancestors with a tag skips the other ancestors in C, without a Python object for each.
    return element is not root and next(element.iterancestors(root.tag), None) is not root
