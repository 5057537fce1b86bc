"""Who published an article and when, read from header lines, datelines and outlet credits.

Pure functions over clean text, shared by the plain-text cleaner and HTML-derived text.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from dateutil import parser as date_parser

from corpus.article import normalize_space

# Every credit verb has one of these in its case-folded form (none holds an "i": "İ" and "ı"
# match "i" in the case-insensitive pattern, but fold otherwise), so a paragraph without one
# has no credit and is not searched.
_CREDIT_CUES = ("told", "tell", "spoke", "speak", "talk", "nterv")


class OutletDataError(ValueError):
    """The known-outlets data (corpus/outlets.json or a caller's JSON) is malformed."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """A known outlet or agency: canonical `name`, every spelling in `aliases`."""

    name: str
    aliases: tuple[str, ...]
    agency: bool


def parse_outlets(data: str) -> tuple[Outlet, ...]:
    """Return the outlets in a JSON document shaped like corpus/outlets.json.

    Raises OutletDataError naming the entry that is malformed.
    """
    try:
        rows = json.loads(data)["outlets"]
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise OutletDataError(f"outlets JSON needs an 'outlets' list: {err}") from err
    outlets = []
    for number, row in enumerate(rows):
        try:
            name, aliases, agency = row["name"], tuple(row["aliases"]), row["agency"]
        except (KeyError, TypeError) as err:
            raise OutletDataError(f"outlet #{number} needs name, aliases and agency") from err
        if not name or not isinstance(agency, bool) or name not in aliases:
            raise OutletDataError(f"outlet #{number} ({name!r}): aliases must include the name")
        outlets.append(Outlet(name=name, aliases=aliases, agency=agency))
    return tuple(outlets)


@cache
def load_outlets() -> tuple[Outlet, ...]:
    """Return the known outlets shipped in corpus/outlets.json. Raises OutletDataError."""
    data = resources.files("corpus").joinpath("outlets.json").read_text(encoding="utf-8")
    return parse_outlets(data)


def _fold(name: str) -> str:
    """Return a lookup key: white space folded, case folded, a leading "the" dropped."""
    key = normalize_space(name).strip(" .,:;|").casefold()
    return key.removeprefix("the ")


@lru_cache(maxsize=8)
def _alias_table(outlets: tuple[Outlet, ...]) -> dict[str, str]:
    return {_fold(alias): outlet.name for outlet in outlets for alias in outlet.aliases}


@cache  # ours, without hashing the outlets tuple (~100 dataclasses) at every lookup
def _known_alias_table() -> dict[str, str]:
    return _alias_table(load_outlets())


def is_agency(name: str, outlets: Sequence[Outlet] | None = None) -> bool:
    """Return whether a canonical outlet name is a wire or photo agency in the known outlets."""
    known = load_outlets() if outlets is None else tuple(outlets)
    return any(outlet.agency and outlet.name == name for outlet in known)


def lookup_outlet(name: str, outlets: Sequence[Outlet] | None = None) -> str | None:
    """Return the canonical outlet for a name standing on its own (any case), else None."""
    table = _known_alias_table() if outlets is None else _alias_table(tuple(outlets))
    return table.get(_fold(name))


# --- dates in header lines ---------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}"  # November 17, 2014
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"  # 17 November 2014
    rf"|{_YEAR}-\d{{1,2}}-\d{{1,2}}"  # 2014-11-17
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR})"  # 17/11/2014, only when unambiguous
)
_TIME = (
    r"(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s*\(?(?:(?-i:[A-Z]{2,5})|[+-]\d{2}:?\d{2})\)?)?"
)
_ISO_TIME = r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_SEP = r"\s*[,|\-–—/•·]?\s*"
_LABEL = (
    r"(?:(?:first\s+)?published|posted|updated|last\s+updated|last\s+modified|modified"
    r"|date|dated)(?:\s+(?:on|at))?\s*[:|\-–—]?\s*"
)
# The whole line must be a date: an optional label and weekday, the date, an optional time.
_DATE_LINE = re.compile(
    rf"^(?:{_LABEL})?(?:{_WEEKDAY}{_SEP})?(?:{_TIME}{_SEP})?(?P<date>{_DATE}){_ISO_TIME}"
    rf"(?:{_SEP}(?:{_WEEKDAY}{_SEP})?{_TIME})?\s*\.?$",
    re.IGNORECASE,
)
_TRAILING_DATE = re.compile(
    rf"(?:^|(?<=[\s,|\-–—:]))(?:{_LABEL})?(?:{_WEEKDAY}{_SEP})?(?P<date>{_DATE}){_ISO_TIME}"
    rf"(?:{_SEP}{_TIME})?\s*\.?$",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(
    rf"^(?:{_WEEKDAY}{_SEP})?(?P<date>{_DATE})(?:{_SEP}{_TIME})?\s*[|\-–—•·]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(rf"^(\d{{1,2}})[/.](\d{{1,2}})[/.]({_YEAR})$")


def _to_date(text: str) -> datetime.date | None:
    """Return the date a matched date expression names, or None if it is ambiguous or invalid."""
    numeric = _NUMERIC.match(text)
    dayfirst = False
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first <= 12 and second <= 12 and first != second:
            return None  # 03/04/2014 could be March or April: unsure, so undated
        dayfirst = first > 12
    try:
        return date_parser.parse(text, dayfirst=dayfirst, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def parse_header_date(line: str) -> datetime.date | None:
    """Return the date of a header line that is only a date, else None.

    Accepts an optional label ("Published:", "Updated"), weekday and time, e.g.
    "10 July 2014, 14:19" or "Published: Monday, Nov. 17, 2014 10:14 PM PKT". Any other
    words (a sentence, a caption) make it not a header line, so the answer is None.
    """
    match = _DATE_LINE.match(normalize_space(line))
    return _to_date(match.group("date")) if match else None


def split_dated_header(line: str) -> tuple[str, datetime.date] | None:
    """Return (label, date) for a header line like "Reuters November 17, 2014", else None.

    The label is the rest of the line with separators trimmed; a line with no label
    (a date-only line) or whose date is unsure gives None.
    """
    text = normalize_space(line)
    match = _TRAILING_DATE.search(text)
    if match:
        label = text[: match.start()]
    else:
        match = _LEADING_DATE.match(text)
        if not match:
            return None
        label = match.group("rest")
    label = label.strip(" ,|-–—/•·:")
    when = _to_date(match.group("date"))
    # A header label is a few words (an outlet, a name, a place), not a sentence.
    if when is None or not re.search(r"[^\W\d_]", label) or len(label.split()) > 8:
        return None
    return label, when


# --- datelines and credits in the article text ------------------------------------------

_PLACE = r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*"
_DATELINE = re.compile(
    rf"^(?:{_PLACE})(?:,\s*[A-Z][A-Za-z.'’\- ]{{1,30}}?)?(?:,?\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?"
    r"\s*\((?P<name>[^()]{1,40})\)\s*(?:—|–|--?|:)"
)
_BARE_DATELINE = re.compile(r"^\((?P<name>[^()]{1,40})\)\s*(?:—|–|--?|:)")
# An unknown outlet in a dateline is taken as it stands only when it is a short capitalised
# abbreviation ("VR", "KUNA"); anything longer might be a place or a remark.
_SHORT_NAME = re.compile(r"^[A-Z][A-Z0-9&./\-]{1,9}$")
_NOT_OUTLETS = frozenset({"UPDATE", "UPDATED", "FILE", "PHOTO", "VIDEO", "AUDIO", "GMT", "UTC"})
_CREDIT_VERBS = (
    r"(?i:told|telling|spoke\s+to|speaking\s+to|talked\s+to|talking\s+to"
    r"|(?:said\s+)?in\s+an\s+interview\s+with|interviewed\s+by)"
)
# How many opening paragraphs may carry a dateline.
DATELINE_PARAGRAPHS = 3


@lru_cache(maxsize=8)
def _credit_patterns(outlets: tuple[Outlet, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    aliases = sorted({a for o in outlets for a in o.aliases}, key=len, reverse=True)
    names = "|".join(re.escape(a) for a in aliases)
    # Case-sensitive on the name, so "told the news" is not "The News".
    credit = re.compile(rf"\b{_CREDIT_VERBS}\s+(?:(?i:the|an?)\s+)?(?P<name>{names})(?![\w-])")
    sign_off = re.compile(rf"(?:[—–]|\s-{{1,2}})\s*\(?(?P<name>{names})\)?\s*\.?$")
    return credit, sign_off


@cache
def _known_credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _credit_patterns(load_outlets())


def _dateline_outlet(paragraph: str, outlets: tuple[Outlet, ...] | None) -> str | None:
    match = _DATELINE.match(paragraph) or _BARE_DATELINE.match(paragraph)
    if not match:
        return None
    name = match.group("name").strip()
    known = lookup_outlet(name, outlets)
    if known:
        return known
    bare = match.re is _BARE_DATELINE
    if not bare and _SHORT_NAME.match(name) and name not in _NOT_OUTLETS:
        return name
    return None


def find_outlet_credit(
    text: str, outlets: Sequence[Outlet] | None = None
) -> tuple[str, str] | None:
    """Return (outlet, outlet_source) from a dateline or an outlet credit in clean text, else None.

    A dateline ("WASHINGTON (VR) —", "(Reuters) -") at the start of one of the first
    paragraphs wins ("dateline"). Otherwise a credit naming a known outlet ("told Reuters",
    "spoke to McClatchy", "said in an interview with CNN", a closing "— AFP") counts
    ("credit"); the outlet credited most often wins, and a tie between outlets is None.
    Mentions such as "the BBC reported" are not credits.
    """
    known = tuple(outlets) if outlets is not None else None  # None: ours, cached tables
    lines = text.split("\n")
    paragraphs = (p for p in map(normalize_space, lines) if p)
    for paragraph in itertools.islice(paragraphs, DATELINE_PARAGRAPHS):
        outlet = _dateline_outlet(paragraph, known)
        if outlet:
            return outlet, "dateline"
    credit, sign_off = _known_credit_patterns() if known is None else _credit_patterns(known)
    counts: Counter[str] = Counter()
    for paragraph in _cued_paragraphs(text, lines):
        for match in credit.finditer(paragraph):
            counts[lookup_outlet(match.group("name"), known) or match.group("name")] += 1
    last = next((p for p in map(normalize_space, reversed(lines)) if p), None)
    if last:
        closing = sign_off.search(last)
        if closing:
            counts[lookup_outlet(closing.group("name"), known) or closing.group("name")] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0], "credit"


def _cued_paragraphs(text: str, lines: list[str]) -> list[str]:
    """The paragraphs (`lines` of `text`, white space folded) whose case-folded text holds a
    credit cue, in order."""
    # One case-fold of the whole text: it keeps every "\n" and makes no other white space, so
    # its lines are the lines' case-folds, and a cue (no white space) is in a line exactly
    # when it is in the line with its white space folded.
    folded = text.casefold()
    cues = [cue for cue in _CREDIT_CUES if cue in folded]
    if not cues:
        return []
    return [
        normalize_space(line)
        for line, folded_line in zip(lines, folded.split("\n"), strict=True)
        if any(cue in folded_line for cue in cues)
    ]


# Words that name a news publication: "Bengal Herald", "Gulf Wire Service", "Quetta Chronicle".
_OUTLET_WORDS = frozenset(
    "times post herald chronicle news tribune observer courier express dispatch journal gazette "
    "monitor review press wire service agency daily weekly telegraph standard star mail guardian "
    "independent nation today radio tv television network media ledger voice sun mirror record "
    "bulletin register globe inquirer examiner sentinel leader citizen online digest magazine "
    "insider newswire bureau broadcasting channel".split()
)
_OUTLET_NAME = re.compile(r"^(?:The\s+)?[A-Z][\w&.'’\-]*(?:\s+[A-Z&][\w&.'’\-]*){0,4}$")


def looks_like_outlet(name: str) -> bool:
    """Return whether a short Title Case name reads as a publication ("Bengal Herald")."""
    name = name.strip()
    if not _OUTLET_NAME.match(name):
        return False
    return any(word.casefold().strip(".") in _OUTLET_WORDS for word in name.split()[1:] or [""])
