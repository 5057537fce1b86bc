"""A page's headline: the visible <h1> and the metadata titles (og:title, JSON-LD headline,
<title>) judged against each other, with site names, kickers and subtitles taken off."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from corpus.article import normalize_space
from corpus.metadata import PageMeta, ld_value, page_url

_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " › ", " · ", " ~ ")
_WORD = re.compile(r"\w+")
# An <h1> this many words or fewer is a logo or a section name, unless another source agrees.
_SHORT_H1 = 2
_VISIBLE_TEXT = ".//text()[not(ancestor::style) and not(ancestor::script)]"
# Class or id names of the page parts whose headings are not the article's: logos, site titles,
# widgets and labels only screen readers see.
_FURNITURE_NAME = re.compile(
    r"(site-?)?(logo|branding|brand|masthead)|site-?(title|name|header)|navbar[\w-]*"
    r"|widget-?title|sr-only|screen-reader-text|visually-hidden|assistive-text|aural|noscreen|hidden"
)
# Class names of a rubric printed above the headline inside its <h1> ("Klimaschutz").
_KICKER_NAME = re.compile(r"kicker|topline|overline|dachzeile|eyebrow|topic|label|rubric|small")
_HIDDEN_NAME = re.compile(r"sr-only|screen-reader-text|visually-hidden|assistive-text|hidden")
# A bare host name ("davidbau.com") in an <h1> is the site's logo.
_HOST = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
# Invisible characters that only hint at line breaks: soft hyphen, zero-width space and joiners.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans("‘’‚‛“”„«»", '\'\'\'\'"""""')
_KICKER_ENDS = ":|-–—»›·/"
_OPENING_QUOTES = "\"'‘“„«»"
# UTF-8 bytes read as Latin-1 or cp1252 ("Ã©", "â€™"): a lead byte's character, then a
# continuation byte's character.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)
# A site's name squeezed to letters ("fouryears") names the site only when at least this long.
_MIN_SITE_KEY = 4


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _key(text: str) -> str:
    """The text as titles are compared: case, dashes, quotes and spacing folded."""
    return normalize_space(_DASHES.sub("-", text).translate(_QUOTES)).casefold()


def _squeeze(text: str) -> str:
    return "".join(_words(text))


def _agrees(h1: str, other: str) -> bool:
    """Whether a heading and a metadata title name the same article."""
    a, b = _key(h1), _key(other)
    if a == b or (len(a) > 8 and b.startswith(a)) or (len(b) > 8 and a.startswith(b)):
        return True
    first, second = set(_words(h1)), set(_words(other))
    if not first or not second:
        return False
    return len(first & second) / len(first | second) > 0.5


def clean_title(text: str) -> str:
    """Return a title with invisible characters removed, UTF-8 that was read as Latin-1 or
    cp1252 ("Investorâ€™s") repaired, and white space folded."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    if _MOJIBAKE.search(text):
        for codec in ("cp1252", "latin-1"):
            try:
                text = text.encode(codec).decode("utf-8")
                break
            except UnicodeError:
                continue  # not mis-decoded UTF-8 in this codec
    return normalize_space(text)


@dataclass(frozen=True, slots=True)
class _Heading:
    """One <h1>/<h2>: its text, its text nodes (element boundaries can hide a space), and
    whether it sits in page furniture."""

    text: str
    pieces: tuple[str, ...]
    furniture: bool
    headline: str  # the text without a rubric in its own element above it

    @property
    def spaced(self) -> str:
        return normalize_space(" ".join(self.pieces))


def _headings(tree: HtmlElement, tag: str) -> list[_Heading]:
    found = []
    for element in tree.iter(tag):
        pieces = tuple(_INVISIBLE.sub("", piece) for piece in element.xpath(_VISIBLE_TEXT))
        text = clean_title("".join(pieces))
        if _WORD.search(text):
            headline = _without_kicker(element) or text
            found.append(_Heading(text, pieces, _is_furniture(element), headline))
    return found


def _without_kicker(element: HtmlElement) -> str | None:
    """The heading's text after a leading rubric element (class "kicker", "topline", ...),
    without the separator hidden for screen readers; None when there is no such rubric."""
    children = [child for child in element if isinstance(child.tag, str)]
    if not children or (element.text or "").strip():
        return None
    first = children[0]
    if not _KICKER_NAME.search(f"{first.get('class') or ''} {first.get('id') or ''}".casefold()):
        return None
    pieces = [first.tail or ""]
    for child in children[1:]:
        if not _HIDDEN_NAME.search((child.get("class") or "").casefold()):
            pieces.append("".join(child.xpath(_VISIBLE_TEXT)))
        pieces.append(child.tail or "")
    rest = clean_title("".join(pieces))
    return rest if len(rest.split()) >= 2 else None


def _is_furniture(element: HtmlElement) -> bool:
    """Whether a heading sits in page furniture: navigation, a sidebar, the footer, a link, a
    label only screen readers see, or the page header's logo (a <header> outside the article)."""
    chain = [element, *element.iterancestors()]
    for index, node in enumerate(chain):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("nav", "aside", "footer", "a"):
            return True
        if tag == "header" and not any(a.tag in ("article", "main") for a in chain[index:]):
            if not any(a.tag in ("article", "main") for a in chain[:index]):
                return True
        names = f"{node.get('class') or ''} {node.get('id') or ''}".casefold().split()
        if any(_FURNITURE_NAME.fullmatch(name) for name in names):
            return True
    return False


def _site_names(meta: PageMeta, site: str | None, url: str | None) -> list[str]:
    """The names a title may carry for its site: the site name, og:site_name, the publisher,
    the host and its main label ("zoll" for www.zoll.de)."""
    names = [site, meta.metas.get("og:site_name"), meta.metas.get("application-name")]
    if meta.ld_article:
        names.append(ld_value(meta.ld_article.get("publisher")))
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".")[:-1] if label != "www"]
    if labels:
        names += [host.removeprefix("www."), max(labels, key=len)]
    return [name for name in names if name]


def _is_site(part: str, names: list[str], *, loose: bool = False) -> bool:
    """Whether a title part names the site: equal to a name (letters only, "Disfunctions.de" for
    disfunctions.de); `loose` also takes a short part that starts with a name ("Zoll online")."""
    key, letters = _key(part), _squeeze(part)
    for name in names:
        name_letters = _squeeze(name)
        if key == _key(name) or (letters and letters == name_letters):
            return True
        if loose and len(name_letters) >= _MIN_SITE_KEY and len(part.split()) <= 4:
            if letters.startswith(name_letters):
                return True
    return False


def _strip_site(title: str, names: list[str]) -> str:
    """The title without a trailing " | Site" part and without a leading "Site | " part."""
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if not sep or not head.strip():
            continue
        if _is_site(tail, names, loose=True) or (
            len(tail.split()) <= 4 and len(head) > 2 * len(tail)
        ):
            title = head.strip()
            break
    for name in names:
        # "NEWS WEB EASY|headline", "davidbau.com headline": the site glued to the front.
        if len(title) > len(name) + 3 and _key(title).startswith(_key(name)):
            rest = title[len(name) :]
            if rest[0] in "|:-–—»›·/" or (rest[0] == " " and "." in name):
                stripped = rest.lstrip(" |:-–—»›·/")
                if len(stripped.split()) >= 2 or len(stripped) >= 8:  # CJK has no spaces
                    return stripped
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.partition(separator)
        if sep and tail.strip() and _is_site(head, names):
            return tail.strip()
    return title


def strip_site_suffix(title: str, site: str | None) -> str:
    """Return the title without a trailing " | Site" (or " - Site", " – Site") part."""
    return _strip_site(title, [site] if site else [])


def _is_site_heading(heading: str, names: list[str], titles: list[str]) -> bool:
    """Whether an <h1> is the site's logo: a site name, or the first part of a metadata title
    that starts like a site name ("Four Years Remaining » Blog Archive » ..." on fouryears.eu)."""
    if _is_site(heading, names):
        return True
    key = _key(heading)
    return _is_site(heading, names, loose=True) and any(
        _split_title(t)[0] != t and _key(_split_title(t)[0]) == key for t in titles
    )


def _split_title(title: str) -> list[str]:
    parts = [title]
    for separator in _TITLE_SEPARATORS:
        parts = [piece.strip() for part in parts for piece in part.split(separator)]
    return [part for part in parts if part]


def _is_trailing_part(heading: str, titles: list[str]) -> bool:
    """Whether a heading is the " | Site Name" end of a metadata title (the site's logo)."""
    key = _key(heading)
    for title in titles:
        title_key = _key(title)
        if title_key != key and title_key.endswith(key):
            before = title_key[: -len(key)].rstrip()
            if before and not before[-1].isalnum():
                return True
    return False


def page_title(tree: HtmlElement, meta: PageMeta, site: str | None) -> str:
    """Return the headline: the <h1> that agrees with the metadata titles, else the first <h1>
    outside the page furniture, else the part of a metadata title that is a heading, else the
    first metadata title without its " | Site" parts."""
    names = _site_names(meta, site, page_url(tree, meta))
    h1s = _headings(tree, "h1")
    names += [h.text for h in h1s if _HOST.fullmatch(h.text)]
    titles = [
        meta.metas.get("og:title"),
        ld_value(meta.ld_article.get("headline")) if meta.ld_article else None,
        meta.metas.get("twitter:title"),
    ]
    head_title = tree.find(".//title")
    if head_title is not None:
        titles.append(head_title.text_content())
    titles = [clean_title(t) for t in titles if t and clean_title(t)]
    stripped = [_strip_site(t, names) for t in titles]
    h1s = [h for h in h1s if not _is_site_heading(h.text, names, titles)]
    for furniture in (False, True):
        for heading in h1s[:8]:
            if heading.furniture == furniture and _heading_agrees(heading, stripped):
                return _drop_kicker(heading, stripped, titles)
    for heading in h1s:
        if (
            not heading.furniture
            and len(heading.text.split()) > _SHORT_H1
            and not heading.text.endswith(":")
            and not _is_trailing_part(heading.text, titles)
        ):
            return heading.headline
    keys = {_key(h.text): h.text for h in [*h1s, *_headings(tree, "h2")] if not h.furniture}
    for title in titles:
        for part in _split_title(title):
            if _key(part) in keys and len(part.split()) > _SHORT_H1 and not _is_site(part, names):
                return keys[_key(part)]
    if stripped:
        return _complete(stripped[0], stripped)
    longer = [h.text for h in h1s if len(h.text.split()) > _SHORT_H1]
    return (longer or [h.text for h in h1s] or [""])[0]


def _heading_agrees(heading: _Heading, titles: list[str]) -> bool:
    """Whether a metadata title agrees with the heading; a heading of a word or two only when
    equal to one, since such a heading shares its words with many titles."""
    if len(heading.text.split()) <= _SHORT_H1:
        return any(_is_title_part(heading.text, t) for t in titles)
    return any(_agrees(text, t) for text in (heading.text, heading.spaced) for t in titles)


def _is_title_part(heading: str, title: str) -> bool:
    """Whether the heading is the title, its start cut off by punctuation ("Bielersee-Winterhechte
    | ...") or its end after a colon ("SONNENENERGIE: Der WindRebell"); the end after " | " is the
    site's name."""
    key, title_key = _key(heading), _key(title)
    if key == title_key:
        return True
    after = title_key.removeprefix(key).lstrip() if title_key.startswith(key) else ""
    before = title_key.removesuffix(key).rstrip() if title_key.endswith(key) else ""
    return bool(after and after[0] in _KICKER_ENDS) or before.endswith(":")


def _complete(title: str, titles: list[str]) -> str:
    """The title, or a longer metadata title it is the start of when it was cut at a quote
    (content="Biden calls it "unfit"" ends the attribute at the inner quote)."""
    for other in titles:
        rest = other[len(title) :].lstrip()
        if len(other) > len(title) and other.startswith(title) and rest[0] in _OPENING_QUOTES:
            return other
    return title


def _drop_kicker(heading: _Heading, titles: list[str], raw_titles: list[str]) -> str:
    """The heading without a kicker ("Klimaschutz: ", a rubric in its own element) or a subtitle
    in its own element that the metadata title leaves out."""
    text = heading.text
    titles = [t for t in titles if len(t.split()) >= 2 and len(t) < len(text)]
    for title in titles:
        tail = text[-len(title) :]
        before = text[: -len(title)].rstrip()
        if _key(tail) == _key(title) and before and before[-1] in _KICKER_ENDS:
            return tail
    cuts = range(1, len(heading.pieces))
    # Kickers first: a subtitle is cut only when no title is the heading's end.
    for part in [heading.pieces[cut:] for cut in cuts] + [heading.pieces[:cut] for cut in cuts]:
        if any(_key("".join(part)) == _key(title) for title in titles):
            return clean_title("".join(part))
    if heading.headline != text:
        return heading.headline
    if text.islower():
        # An all-lower-case heading is capitalised by the style sheet; the metadata is not.
        for title in raw_titles:
            for part in _split_title(title):
                if _key(part) == _key(text):
                    return part
    return text
