"""The publication date of an HTML page, judged by where it comes from: page metadata, then a
<time> marked as published, then the URL's date, then the date line by the headline, then
htmldate's reading of the markup only when an independent source agrees. Unsure means undated."""

from __future__ import annotations

import collections
import datetime
import itertools
import re
from email.utils import parsedate_tz
from urllib.parse import unquote, urlsplit

from htmldate import find_date
from lxml.html import HtmlElement

from corpus.dates import parse_iso_date
from corpus.metadata import PageMeta, ld_value

# <meta> names and properties that state the publication date, most specific first.
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published_on",
    "parsely-pub-date",
    "sailthru.date",
    "sw-pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "article.published",
    "published",
    "date",
)
# Metadata that names a date without saying which one: believed only when another source agrees.
WEAK_META = ("dc.date", "dcterms.date")
# Metadata that gives the date of the last change, which is not the publication date.
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dateupdate",
    "last-modified",
    "dcterms.modified",
)
# Standard-time UTC offsets (hours) of countries in one time zone, by their domain: a site
# under .de dates a story posted at 23:30 UTC on the next day. Summer time is left out.
_COUNTRY_ZONES = {
    domain: offset
    for offset, domains in (
        (0, "uk ie pt is ma gh sn"),
        (1, "de at ch fr it es nl be lu pl cz sk hu si hr rs ba se no dk ng dz tn"),
        (2, "gr ro bg ua fi ee lv lt il ps eg za lb jo sy"),
        (3, "tr iq sa qa kw by ke et ye"),
        (3.5, "ir"),
        (4, "ae om"),
        (4.5, "af"),
        (5, "pk"),
        (5.5, "in lk"),
        (5.75, "np"),
        (6, "bd"),
        (8, "cn hk sg tw my ph"),
        (9, "jp kr"),
        (-3, "br ar uy"),
        (-4, "bo ve py cl"),
        (-5, "pe co ec pa"),
        (-6, "mx gt cr sv hn ni"),
    )
    for domain in domains.split()
}
# A timestamp in UTC: its calendar day may be the day after (or before) the publisher's own.
_UTC_STAMP = re.compile(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)$|\bGMT$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|_|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2]|[a-z]{3,9})/", re.I)
_URL_NAMED_MONTH = re.compile(r"/((?:19|20)\d\d)/([a-z]{3,9})/([0-3]?\d)(?:/|$)", re.I)
_PUBLISHED_MARK = re.compile(r"publish|pubdate|posted|entry-date|created", re.I)
_NOT_PUBLISHED = re.compile(r"updat|modif|comment", re.I)
# Containers whose dates belong to something else: reader comments, lists of other articles.
_OTHER_CONTAINER = re.compile(
    r"(?:^|[-_])(?:comments?|related|teasers?|recommend\w*|popular|sidebar|trending|read-?next|"
    r"more-stories)(?:$|[-_])",
    re.I,
)


def url_date(url: str | None) -> datetime.date | None:
    """Return the date in a URL's /YYYY/MM/DD/ (or /YYYY/month/DD/) path, else None."""
    if not url:
        return None
    path = urlsplit(url).path
    match = _URL_DATE.search(path)
    if match:
        year, month, day = map(int, match.groups())
    else:  # /2023/october/03/
        match = _URL_NAMED_MONTH.search(path)
        number = _MONTH_NUMBER.get(match.group(2).casefold()) if match else None
        if not number:
            return None
        year, month, day = int(match.group(1)), number, int(match.group(3))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None  # an impossible date in a URL is no date


def _url_month(url: str | None) -> tuple[int, int] | None:
    """The (year, month) of a URL's /YYYY/MM/ or /YYYY/month-name/ path, else None."""
    if not url:
        return None
    match = _URL_MONTH.search(unquote(urlsplit(url).path))
    if not match:
        return None
    month = match.group(2)
    number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month.casefold())
    return (int(match.group(1)), number) if number else None


def _in_other_part(element: HtmlElement) -> bool:
    """Whether an element sits in a comment section, a list of other articles or the footer."""
    for node in (element, *element.iterancestors()):
        if node.tag in ("body", "html"):
            return False
        if node.tag in ("aside", "nav"):
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''}".split()
        if any(_OTHER_CONTAINER.search(mark) for mark in marks):
            return True
    return False


def _time_dates(tree: HtmlElement) -> tuple[datetime.date | None, list[datetime.date]]:
    """Return the date of a <time> marked as published, and the dates of the other <time>
    tags, leaving out those marked as the last change and those in comments and lists of other
    articles."""
    published, every = None, []
    for tag in tree.iter("time"):
        found = parse_iso_date(tag.get("datetime"))
        if not found or _in_other_part(tag):
            continue
        mark = _publication_mark(tag)
        if mark is False:
            continue  # the date of the last change, or of a comment
        every.append(found)
        if published is None and mark:
            published = found
    return published, every


def _publication_mark(tag: HtmlElement) -> bool | None:
    """True when a <time> is marked as published, False when marked as the last change or a
    comment, None when unmarked. Its own class and itemprop speak first, then its parent's
    class ("entry-date published updated" is published)."""
    if "pubdate" in tag.attrib:
        return True
    parent = tag.getparent()
    for marks in (f"{tag.get('class') or ''} {tag.get('itemprop') or ''}", parent.get("class")):
        if marks and _PUBLISHED_MARK.search(marks):
            return True
        if marks and _NOT_PUBLISHED.search(marks):
            return False
    return None


def page_date(
    tree: HtmlElement, meta: PageMeta, url: str | None
) -> tuple[datetime.date | None, str | None]:
    """Return (date, date_source) for the page, or (None, None) when no source is sure."""
    published, every = _time_dates(tree)
    stated, stamp, source = _stated_date(meta, published, url)
    modified = _modified_only(meta, every)
    header = _header_dates(tree)
    if stated and _disagrees(stated, header, modified):
        return None, None  # the metadata and the date line by the headline name other days
    if stated and _contradicted(stated, published, every, tree):
        return None, None  # the page's visible dates name another day
    if stated:
        return _local_day(stated, stamp, url), source
    if len(set(header)) == 1 and header[0] not in modified:
        return header[0], "date line by the headline"
    witnesses = {
        day: local
        for day, local in _witnesses(tree, meta, url, every).items()
        if day not in modified
    }
    for key in WEAK_META:
        found = _loose_date(meta.metas.get(key))
        if found in witnesses:
            return witnesses[found], f"page metadata ({key}, confirmed)"
    if witnesses:  # htmldate's answer counts only when confirmed: not worth asking otherwise
        found = _htmldate(tree)
        if found in witnesses:
            return witnesses[found], "page markup (htmldate, confirmed)"
    return None, None


def _disagrees(
    stated: datetime.date, header: list[datetime.date], modified: set[datetime.date]
) -> bool:
    """Whether the date line by the headline shows another day than the stated one: the
    metadata's last change, or a single date more than a day away (not a time-zone shift)."""
    if stated in header:
        return False
    if modified & set(header):
        return True
    return len(set(header)) == 1 and abs((header[0] - stated).days) > 1


def _contradicted(
    stated: datetime.date,
    published: datetime.date | None,
    times: list[datetime.date],
    tree: HtmlElement,
) -> bool:
    """Whether the page shows another day than the stated one, more than a day away (not a
    time-zone shift): a <time> marked as published, or the first <time> when the first date
    line after the headline gives the same day."""
    if published and abs((published - stated).days) > 1:
        return True
    if not times or abs((times[0] - stated).days) <= 1:
        return False
    return _byline_dates(tree)[:1] == times[:1]


def _modified_only(meta: PageMeta, times: list[datetime.date]) -> set[datetime.date]:
    """The dates the metadata gives as the last change and no source gives as published."""
    modified = {_loose_date(meta.metas.get(key)) for key in MODIFIED_META}
    modified.update(_loose_date(ld_value(obj.get("dateModified"))) for obj in meta.ld)
    published = {_loose_date(ld_value(obj.get("datePublished"))) for obj in meta.ld}
    published.update(_loose_date(meta.metas.get(key)) for key in WEAK_META)
    return modified - published - set(times[:1]) - {None}


def _stated_date(
    meta: PageMeta, published: datetime.date | None, url: str | None
) -> tuple[datetime.date | None, str | None, str | None]:
    """(date, the value it was read from, date_source) of the sources that say outright that
    they give the publication date, most trusted first."""
    for key in DATE_META:
        found = parse_iso_date(meta.metas.get(key))
        if found:
            return found, meta.metas[key], f"page metadata ({key})"
    if meta.ld_article:
        value = ld_value(meta.ld_article.get("datePublished"))
        found = parse_iso_date(value)
        if found:
            return found, value, "page metadata (JSON-LD datePublished)"
    if published:
        return published, None, "page metadata (<time> published)"
    from_url = url_date(url)
    if from_url:
        return from_url, None, "url"
    for key in DATE_META:
        found = _loose_date(meta.metas.get(key))
        if found:
            return found, meta.metas[key], f"page metadata ({key})"
    return None, None, None


def _local_day(found: datetime.date, stamp: str | None, url: str | None) -> datetime.date:
    """The publisher's own day for a timestamp written in UTC: the URL's date when it is the
    day before or after (a story posted late in the evening, local time), else the day in the
    time zone of the country whose domain the site has."""
    if not stamp or not _UTC_STAMP.search(stamp):
        return found
    local = url_date(url)
    if local and abs((local - found).days) == 1:
        return local
    host = (urlsplit(url).hostname or "") if url else ""
    offset = _COUNTRY_ZONES.get(host.rpartition(".")[2])
    moment = _utc_moment(stamp)
    if offset is None or moment is None or moment.date() != found:
        return found
    return (moment + datetime.timedelta(hours=offset)).date()


def _utc_moment(stamp: str) -> datetime.datetime | None:
    """The date and time of a UTC timestamp (ISO 8601 or e-mail style), else None."""
    try:
        return datetime.datetime.fromisoformat(stamp.strip().replace("GMT", "").strip())
    except ValueError:
        parts = parsedate_tz(stamp)
        try:
            return datetime.datetime(*parts[:6]) if parts else None
        except ValueError:
            return None


def _witnesses(
    tree: HtmlElement, meta: PageMeta, url: str | None, times: list[datetime.date]
) -> dict[datetime.date, datetime.date]:
    """Dates that a second part of the page gives (JSON-LD datePublished of any object, the
    first <time> tag, the first date lines after the headline), each with the publisher's own
    day (not the same for a JSON-LD timestamp in UTC, see _local_day)."""
    found: dict[datetime.date, datetime.date] = {}
    for obj in meta.ld:
        value = ld_value(obj.get("datePublished"))
        day = _loose_date(value)
        if day:
            found.setdefault(day, _local_day(day, value, url))
    for day in [*times[:1], *_byline_dates(tree)[:_BYLINE_WITNESSES]]:
        found.setdefault(day, day)
    month = _url_month(url)
    if month:  # a URL's /YYYY/MM/ path rules out dates of other months
        found = {day: local for day, local in found.items() if (day.year, day.month) == month}
    return found


_MONTH_DAY_YEAR = re.compile(r"^\s*((?:19|20)\d\d)[-/.](\d\d?)[-/.](\d\d?)(?:$|[T\s])")


def _loose_date(value: str | None) -> datetime.date | None:
    """The date of a metadata value in any unambiguous form: ISO with short parts, Y/M/D,
    an e-mail style date, or a single written date ("July 17, 2025")."""
    if not value:
        return None
    found = parse_iso_date(value)
    if found:
        return found
    match = _MONTH_DAY_YEAR.match(value)
    try:
        if match:
            return datetime.date(*map(int, match.groups()))
        parts = parsedate_tz(value)
        if parts:
            return datetime.date(*parts[:3])
    except ValueError:
        return None  # not a calendar date
    written = set(_written_dates(value))
    return written.pop() if len(written) == 1 else None


def _htmldate(tree: HtmlElement) -> datetime.date | None:
    """htmldate's original-date reading of the page markup (no free-text search)."""
    try:
        found = find_date(tree, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None  # htmldate fails on some malformed trees; no date is the honest answer
    return parse_iso_date(found)


_MONTHS = (
    ("january", "jan", "januar", "janvier", "enero"),
    ("february", "feb", "februar", "février", "febrero"),
    ("march", "mar", "märz", "mars", "marzo"),
    ("april", "apr", "avril", "abril"),
    ("may", "mai", "mayo"),
    ("june", "jun", "juni", "juin", "junio"),
    ("july", "jul", "juli", "juillet", "julio"),
    ("august", "aug", "août", "agosto"),
    ("september", "sep", "sept", "septembre", "septiembre"),
    ("october", "oct", "oktober", "octobre", "octubre", "okt"),
    ("november", "nov", "novembre", "noviembre"),
    ("december", "dec", "dezember", "décembre", "diciembre", "dez"),
)
# How much of the text around the headline counts as its header (byline, date line).
_HEADER_CHARS = 400
_NEAR_ELEMENTS = 30
# A date line or byline is short; a date inside a longer sentence is narrative.
_LINE_WORDS = 14
_NOT_HEADER = frozenset(
    ("head", "figure", "figcaption", "picture", "script", "style", "noscript", "blockquote")
)
# How far after the headline a date line may stand (elements in document order).
_BYLINE_ELEMENTS = 200
# How many of those date lines may confirm a date (later ones are lists of other stories).
_BYLINE_WITNESSES = 2


_MONTH_NUMBER = {name: n for n, names in enumerate(_MONTHS, start=1) for name in names}
_MONTH_NAME = "|".join(sorted(map(re.escape, _MONTH_NUMBER), key=len, reverse=True))
_WRITTEN_DATE = re.compile(
    rf"(?<![\w.])(?:(?P<d1>[0-3]?\d)\.\s?(?P<m1>[01]?\d)\.\s?(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
    rf"|(?P<n3>{_MONTH_NAME})\.?\s+(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y3>(?:19|20)\d\d)"
    rf"|(?P<d4>[0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<n4>{_MONTH_NAME})\.?,?\s+"
    rf"(?P<y4>(?:19|20)\d\d))(?!\d)",
    re.I,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_UPDATED_LINE = re.compile(r"updat|aktualisiert|modifi|geändert|mis à jour|actualizad", re.I)


def _written_dates(text: str) -> list[datetime.date]:
    """The dates written out in a line (day.month.year, ISO, or with month names)."""
    found: list[datetime.date] = []
    if not _YEAR.search(text):  # every form has a year: most lines are done here
        return found
    for match in _WRITTEN_DATE.finditer(text):
        parts = match.groupdict()
        for n in "1234":
            if parts.get(f"y{n}"):
                month = parts.get(f"m{n}") or _MONTH_NUMBER.get(parts[f"n{n}"].casefold())
                try:
                    found.append(
                        datetime.date(int(parts[f"y{n}"]), int(month), int(parts[f"d{n}"]))
                    )
                except (TypeError, ValueError):
                    pass  # not a calendar date
    return found


def _header_dates(tree: HtmlElement) -> list[datetime.date]:
    """The dates written in short lines next to the headline (a byline or date line), not
    in a caption or a sentence of the story; lines saying "updated" are left out."""
    heading = next(tree.iter("h1"), None)
    if heading is None:
        return []
    container = heading
    for _ in range(3):  # climb to the block that holds the headline and its byline
        parent = container.getparent()
        if parent is None or len(parent.text_content()) > _HEADER_CHARS * 3:
            break
        container = parent
    if container is heading and heading.getparent() is not None:
        container = heading.getparent()
    elements = [el for el in container.iter() if isinstance(el.tag, str)]
    at = elements.index(heading)
    return _line_dates(elements[max(0, at - _NEAR_ELEMENTS) : at + _NEAR_ELEMENTS])


def _byline_dates(tree: HtmlElement) -> list[datetime.date]:
    """The dates of short lines from just before the headline to well after it, in page
    order, outside captions, comments and lists of other articles; not "updated" lines.
    A page without an <h1> is read from its first <h2>, else from the top of its body."""
    heading = next(tree.iter("h1"), None)
    if heading is None:
        heading = next(tree.iter("h2", "body"), None)
    if heading is None:
        return []
    # the elements just before the heading, the heading and those after it (the walk stops
    # there: a page may hold thousands more)
    elements = (el for el in tree.iter() if isinstance(el.tag, str))
    before = collections.deque(
        itertools.takewhile(lambda el: el is not heading, elements), _NEAR_ELEMENTS
    )
    window = [*before, heading, *itertools.islice(elements, _BYLINE_ELEMENTS - 1)]
    return _line_dates(window, outside_other_parts=True)


def _line_dates(
    elements: list[HtmlElement], *, outside_other_parts: bool = False
) -> list[datetime.date]:
    """The dates written in the short lines among `elements`, in order: not in captions or
    other non-header parts, not "updated" lines (nor, if asked, in comments and lists of
    other articles)."""
    found: list[datetime.date] = []
    for element in elements:
        if element.tag in _NOT_HEADER:
            continue
        text = _short_line(element)
        # Cheapest test first: few lines hold a year, which every written date has.
        if text is None or not _YEAR.search(text) or _UPDATED_LINE.search(text):
            continue
        dates = _written_dates(text)
        # (iterancestors with tags filters in C)
        if not dates or next(element.iterancestors(*_NOT_HEADER), None) is not None:
            continue
        if not (outside_other_parts and _in_other_part(element)):
            found.extend(dates)
    return found


def _short_line(element: HtmlElement) -> str | None:
    """The element's text (`text_content()`) when it has at most _LINE_WORDS words, else None,
    read no further than needed: a container of the whole story is no line."""
    if not len(element):  # no children: its text is the one piece (most lines)
        text = element.text or ""
        return text if len(text.split()) <= _LINE_WORDS else None
    pieces: list[str] = []
    words = wordy = 0  # words of the pieces, pieces with a word
    for piece in element.itertext():
        pieces.append(piece)
        count = len(piece.split())
        if count:
            words, wordy = words + count, wordy + 1
            # two pieces with words, with only empty pieces between, may join two words
            # into one, no more; a piece of white space between them keeps them apart
            if words - (wordy - 1) > _LINE_WORDS:
                return None
    text = "".join(pieces)
    return text if len(text.split()) <= _LINE_WORDS else None
