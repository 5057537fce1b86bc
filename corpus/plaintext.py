"""Clean a plain-text capture of a news page into title, body text, byline, date and outlet.

Captures still carry the page furniture (repeated titles, breadcrumbs, bylines, photo credits
and captions, share widgets, related links) and reader comments; written rules remove them.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from corpus.article import ArticleError, normalize_space
from corpus.credits import (
    find_outlet_credit,
    looks_like_outlet,
    lookup_outlet,
    parse_header_date,
    split_dated_header,
)
from corpus.textblock import main_block

# The title, header lines and bylines are looked for among this many lines at the top.
TOP_LINES = 10
HEADER_LINES = 12
# A line this long is article body: the header zone ends before it.
BODY_WORDS = 25
# A "Related Articles" block drops at most this many headline lines after its heading.
RELATED_MAX = 12


class PlaintextError(ArticleError):
    """A plain-text capture holds no article text once the page furniture is removed."""


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article inside a capture. `text` is paragraphs joined by a blank line."""

    title: str | None
    text: str
    author: str | None
    date: datetime.date | None  # `import datetime`, so the field name can stay `date`
    date_source: str | None
    outlet: str | None
    outlet_source: str | None


def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{pattern})$", re.IGNORECASE)


_SHARE_WORDS = frozenset(
    "share shares shared sharing tweet email e-mail print facebook twitter whatsapp linkedin "
    "pinterest reddit telegram tumblr messenger".split()
)
_SHARE_FILLER = frozenset(
    "via and or this the article story page on to with your friends x mail link copy sms "
    "google google+ plus".split()
)
_ADVERT = _full(
    r"advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?"
    r"|continue reading(?: (?:the )?main story| below)?|scroll (?:down )?to continue.*"
    r"|skip (?:this )?advertisement"
)
_FOOTER = re.compile(
    r"^\(?(?i:(?:additional\s+)?(?:reporting|writing|editing|edited|compiled))\s+by\s+[A-Z]"
)
_PHOTO_LABEL = _full(
    r"\(?(?:photo(?:graph)?s?|image|picture|pic|file\s+photo|(?:photo|image)\s+credit|credit"
    r"|courtesy)\s*[:|/]\s*.+|\((?:file\s+)?photo[^)]*\)|file\s+photo\.?"
)
_PHOTO_SOURCE = _full(r"getty(?: images)?|file(?: photo)?|photo|shutterstock|handout")
_CREDIT_SPLIT = re.compile(r"\s*(?:[—–/|]|\s-\s)\s*")
_NAME = re.compile(
    r"^[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|and|&|bin|ibn|al|el|de|da|du|van|von|der|ul|ur))*$"
)
_NAV_SEPARATOR = re.compile(r"\s[»›>]\s")
_SHARE_TOKEN = re.compile(r"[^\s|•·,:/]+")  # what splitting at runs of [\s|•·,:/] leaves

_COMMENT_MARKER = _full(
    r"(?:\d[\d,]*|no|one)\s+(?:comments?|responses?|replies)"
    r"|(?:reader\s+|user\s+)?comments?\s*(?:\(\d+\))?:?"
    r"|(?:\d+\s+)?repl(?:y|ies)|reply\s+to\s+(?:this\s+)?comment"
    r"|replying\s+to\s+.{1,60}"
    r"|(?:leave|post|add|write|submit)\s+(?:an?\s+|your\s+)?(?:comment|reply|response)s?:?"
    r"|(?:sign|log)\s*(?:in|up)\b.{0,40}\bcomment\.?"
    r"|(?:load|show|view|see|read)\s+(?:all\s+|more\s+|the\s+)*comments(?:\s*\(\d+\))?"
    r"|comments\s+are\s+(?:moderated|closed|open)\b.*"
    r"|comments?\s+(?:faq|policy|guidelines)"
    r"|(?:for\s+more\s+information,\s+)?please\s+see\s+our\s+comments?\s+(?:faq|policy|guidelines)\.?"
    r"|please\s+let\s+us\s+know\s+if\s+you(?:'|’)re\s+having\s+(?:issues|problems|trouble)"
    r"\s+with\s+commenting\.?"
    r"|join\s+the\s+(?:conversation|discussion|debate)\.?"
    r"|your\s+email\s+address\s+will\s+not\s+be\s+published\b.*"
    r"|(?:blog\s+)?comments\s+powered\s+by\s+disqus\.?"
    r"|sort\s+by:?\s*(?:newest|oldest|best|top|popular)\b.*"
    # a comment header: "Reader Name | 9 years ago | Reply"
    r"|[^|·•]{1,60}[|·•]\s*(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?"
    r"\s+ago(?:\s*[|·•].{0,30})?"
)
_RELATED_HEADING = _full(
    r"(?:related(?:\s+(?:articles?|stories|news|posts|content|coverage|reading|topics|links))?"
    r"|read\s+more|also\s+read|read\s+also|see\s+also"
    r"|more\s+(?:stories|news|from\s+.{1,40}|on\s+this\s+(?:story|topic))"
    r"|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)"
    r"|recommended(?:\s+(?:for\s+you|stories|articles))?"
    r"|most\s+(?:read|popular|viewed|shared|commented)|trending(?:\s+now)?|top\s+stories"
    r"|editor(?:'|’)?s\s+picks?)\s*:?"
)
_RELATED_LINE = _full(
    r"(?:read\s+more|also\s+read|read\s+also|see\s+also|related|more)\s*[:|»›>\-–—]\s*\S.*"
)
_BYLINE = re.compile(r"^(?:(?:written|posted|reported|story)\s+)?by\s*:?\s+(?P<rest>.+)$", re.I)
_BYLINE_SPLIT = re.compile(r"\s*(?:[|,;/•·]|\s[-–—]\s)\s*")
_UPDATED = re.compile(r"\b(?:updated|modified)\b", re.I)
_RELATIVE_DATE = _full(
    r"(?:(?:published|posted|updated)\s*:?\s*)?(?:\d+|an?)\s+(?:minute|hour|day)s?\s+ago"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


def _words(line: str) -> int:
    return len(line.split())


def _is_body(line: str) -> bool:
    """A line that reads as article prose rather than a heading or a headline."""
    return _words(line) >= BODY_WORDS or (_words(line) >= 6 and bool(_SENTENCE_END.search(line)))


def _is_share_line(line: str) -> bool:
    """1 to 12 words besides numbers, all share or filler words, one at least a share word."""
    # Word by word, stopping at the first other word: prose is rejected at its first words.
    count, share = 0, False
    for match in _SHARE_TOKEN.finditer(line.casefold()):
        token = match.group()
        if token.isdigit():
            continue
        if token in _SHARE_WORDS:
            share = True
        elif token not in _SHARE_FILLER:
            return False
        count += 1
        if count > 12:
            return False
    return share


def _is_photo_source(text: str) -> bool:
    return lookup_outlet(text) is not None or bool(_PHOTO_SOURCE.match(text))


def _is_photo_credit(line: str, words: int) -> bool:
    """ "Photo: ...", "(File photo)", "Name—AFP", "AFP/Name", "AP Photo/Name"; `words` is
    `_words(line)`."""
    if words > 40:
        return False
    if _PHOTO_LABEL.match(line):
        return True
    if words > 8:
        return False
    parts = [p for p in _CREDIT_SPLIT.split(line) if p]
    if len(parts) == 2:
        first, second = parts
        if _is_photo_source(second) and _NAME.match(first):
            return True
        if _is_photo_source(first) and _NAME.match(second):
            return True
    agency_photo = re.match(r"^(.+?)\s+photo\b", parts[0] if parts else "", re.I)
    return bool(agency_photo and lookup_outlet(agency_photo.group(1)))


def _is_furniture(line: str, top: bool, words: int) -> bool:
    """Page furniture that is dropped wherever it stands (navigation only near the top);
    `words` is `_words(line)`."""
    if top and len(_NAV_SEPARATOR.findall(line)) >= 2:
        return True
    short_footer = words <= 30 and _FOOTER.match(line)
    return bool(
        _is_share_line(line) or _ADVERT.match(line) or short_footer or _is_photo_credit(line, words)
    )


def is_furniture_line(line: str, words: int | None = None) -> bool:
    """Return whether one paragraph of extracted text is page furniture, not article text
    (share lines, advert labels, "Read more: …" links, photo credits, credit footers).
    `words` is `len(line.split())` when the caller has counted them already."""
    words = _words(line) if words is None else words
    return _is_furniture(line, False, words) or bool(words <= 30 and _RELATED_LINE.match(line))


def _could_be_title(line: str) -> bool:
    return (
        2 <= _words(line) <= 30
        and parse_header_date(line) is None
        and split_dated_header(line) is None
        and _parse_byline(line) is None
        and lookup_outlet(line) is None
        and not _COMMENT_MARKER.match(line)
        and not _RELATED_HEADING.match(line)
        and not _RELATED_LINE.match(line)
    )


def _breadcrumb_prefix(line: str, title: str) -> bool:
    """True when `line` is a breadcrumb ("Home Latest News <title>") ending with `title`."""
    if line == title or not line.endswith(title):
        return False
    prefix = line[: -len(title)].strip(" »›>/|-–—")
    if not prefix or line[-len(title) - 1] not in " »›>/|":
        return False
    words = [w for w in re.split(r"[\s»›>/|]+", prefix) if w]
    return len(words) <= 6 and all(w[0].isupper() or w == "&" for w in words)


def _find_title(top: list[str]) -> str | None:
    """The repeated line, else the line a breadcrumb ends with, else the first substantial one."""
    candidates = [line for line in top if _could_be_title(line)]
    counts = Counter(candidates)
    for line in candidates:
        if counts[line] > 1:
            return line
    for line in candidates:
        if any(_breadcrumb_prefix(other, line) for other in top):
            return line
    substantial = [line for line in candidates if _words(line) >= 3]
    return substantial[0] if substantial else None


def _is_credit_suffix(suffix: str) -> bool:
    if not suffix or _words(suffix) > 6:
        return False
    if _is_photo_source(suffix.strip("()")) or re.search(r"photo|getty|courtesy|/", suffix, re.I):
        return True
    return any(lookup_outlet(part) for part in re.split(r"[\s()/,|]+", suffix) if part)


def _is_caption_pair(first: str, second: str) -> bool:
    """Two copies of a photo caption, the second often with a trailing credit (" AP")."""
    if _words(first) < 4 or _words(second) < 4:
        return False
    if first == second:
        return True
    short, long = sorted((first, second), key=len)
    return long.startswith(short) and _is_credit_suffix(long[len(short) :].strip())


def _parse_byline(line: str) -> tuple[str | None, str | None, datetime.date | None] | None:
    """Return (author, outlet, date) from "By Name | AFP | Nov 17, 2014", else None."""
    match = _BYLINE.match(line)
    if not match or _words(line) > 14:
        return None
    rest, when = match.group("rest").strip(), None
    dated = split_dated_header(rest)  # before splitting on commas, which dates contain
    if dated:
        rest, when = dated
    authors, outlet = [], None
    for part in filter(None, _BYLINE_SPLIT.split(rest)):
        part = re.sub(r"\s+in\s+[A-Z][\w\s]*$", "", part)  # "By Name in Islamabad"
        if lookup_outlet(part):
            outlet = lookup_outlet(part)
        elif _NAME.match(part) and _words(part) <= 6:
            authors.append(part)
        else:
            return None
    return (", ".join(authors) or None), outlet, when


@dataclass(frozen=True, slots=True)
class _Header:
    date: datetime.date | None = None
    updated: bool = False
    author: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None


def _read_header_line(line: str) -> _Header | None:
    """A date line, an "<Outlet> <date>" line or a byline near the top, else None."""
    when = parse_header_date(line)
    if when:
        return _Header(date=when, updated=bool(_UPDATED.search(line)))
    if _RELATIVE_DATE.match(line):
        return _Header()
    byline = _parse_byline(line)
    if byline:
        author, outlet, when = byline
        updated = bool(_UPDATED.search(line))
        return _Header(when, updated, author, outlet, "byline" if outlet else None)
    dated = split_dated_header(line)
    if not dated:
        known = lookup_outlet(line)
        if known or (_words(line) <= 5 and looks_like_outlet(line)):  # a line naming the outlet
            return _Header(outlet=known or line, outlet_source="header line")
        return None
    label, when = dated
    updated = bool(_UPDATED.search(line))
    outlet = lookup_outlet(label) or (label if looks_like_outlet(label) else None)
    if outlet:
        return _Header(when, updated, outlet=outlet, outlet_source="header line")
    if _NAME.match(label) and _words(label) <= 6:  # a name or place we cannot place: keep date
        return _Header(when, updated)
    return None


def _body_lines(lines: list[str]) -> list[str]:
    """Drop related-link blocks and, once the body has begun, everything from comments on."""
    has_long = any(_words(line) >= BODY_WORDS for line in lines)
    kept: list[str] = []
    started = False
    position = 0
    while position < len(lines):
        line = lines[position]
        position += 1
        if _COMMENT_MARKER.match(line) and _words(line) <= 25:
            if started:
                break  # comment sections run to the end of a capture
            continue
        if _RELATED_LINE.match(line) and _words(line) <= 30:
            continue
        if _RELATED_HEADING.match(line):
            skipped = 0
            while (
                started
                and position < len(lines)
                and skipped < RELATED_MAX
                and not _is_body(lines[position])
                and not _COMMENT_MARKER.match(lines[position])
            ):
                position += 1
                skipped += 1
            continue
        kept.append(line)
        started = started or (_words(line) >= BODY_WORDS if has_long else _is_body(line))
    return kept


def _drop_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Find the title; drop every copy of it and the breadcrumbs that end with it."""
    title = _find_title(lines[:TOP_LINES])
    if title is None:
        return None, lines
    top = [line for line in lines[:TOP_LINES] if not _breadcrumb_prefix(line, title)]
    return title, [line for line in top + lines[TOP_LINES:] if line != title]


def _drop_caption_pairs(lines: list[str]) -> list[str]:
    """Drop both copies of each repeated photo caption (copies at most two lines apart)."""
    drop: set[int] = set()
    for n in range(len(lines)):
        for m in (n + 1, n + 2):
            if m < len(lines) and _is_caption_pair(lines[n], lines[m]):
                drop.update((n, m))
    return [line for n, line in enumerate(lines) if n not in drop]


def _drop_headers(lines: list[str]) -> tuple[list[_Header], list[str]]:
    """Read and drop the date lines, outlet lines and bylines above the first long paragraph."""
    zone = next((n for n, line in enumerate(lines) if _words(line) >= BODY_WORDS), len(lines))
    headers: dict[int, _Header] = {}
    for n in range(min(zone, HEADER_LINES)):
        header = _read_header_line(lines[n])
        if header:
            headers[n] = header
    return list(headers.values()), [line for n, line in enumerate(lines) if n not in headers]


def _breadcrumb_outlet(lines: list[str]) -> str | None:
    """The site name that opens a breadcrumb near the top ("Horn Observer › Somalia › …")."""
    for line in lines[:TOP_LINES]:
        if len(_NAV_SEPARATOR.findall(line)) >= 1:
            first = _NAV_SEPARATOR.split(line)[0].strip()
            known = lookup_outlet(first)
            if known or looks_like_outlet(first):
                return known or first
    return None


def _pick_outlet(
    headers: list[_Header], text: str, breadcrumb: str | None
) -> tuple[str | None, str | None]:
    """Header line, then byline, then breadcrumb, then a dateline or credit in the text."""
    for source in ("header line", "byline"):
        found = next((h.outlet for h in headers if h.outlet_source == source), None)
        if found:
            return found, source
    if breadcrumb:
        return breadcrumb, "breadcrumb"
    return find_outlet_credit(text) or (None, None)


def clean_plaintext(raw: str) -> CleanText:
    """Return the article in a plain-text capture. Raises PlaintextError if no text is left."""
    lines = [line for line in (normalize_space(row) for row in raw.splitlines()) if line]
    if not lines:
        raise PlaintextError("the plain-text capture is empty")
    breadcrumb = _breadcrumb_outlet(lines)
    lines = [
        line for n, line in enumerate(lines) if not _is_furniture(line, n < TOP_LINES, _words(line))
    ]
    title, lines = _drop_title(lines)
    headers, lines = _drop_headers(_drop_caption_pairs(lines))
    text = "\n\n".join(main_block(_body_lines(lines)))
    if not text:
        raise PlaintextError("no article text is left in the capture once furniture is removed")
    # Published beats updated; otherwise the first date line wins.
    dates = [h.date for h in sorted(headers, key=lambda h: h.updated) if h.date]
    outlet, outlet_source = _pick_outlet(headers, text, breadcrumb)
    return CleanText(
        title=title,
        text=text,
        author=next((h.author for h in headers if h.author), None),
        date=dates[0] if dates else None,
        date_source="header line" if dates else None,
        outlet=outlet,
        outlet_source=outlet_source,
    )
