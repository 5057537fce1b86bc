"""Paragraph rules for text extracted from HTML: the headline repeated at the top, share and
advert lines, photo credits, "Read more"/"[VIDEO]" link lines, and the sign-off furniture at
the end (follow us, write to the author, copyright notices)."""

from __future__ import annotations

import re

from corpus.plaintext import is_furniture_line

_LINK_TAG = re.compile(r"\[(?:[A-Z]{3,}|Video|Photos?|Gallery)\]\s*\|?\s*$")
_LINK_LEAD = re.compile(
    r"^(?:SEE|READ|WATCH|MORE|RELATED|ALSO READ|READ MORE|CLICK HERE)\b[^a-z]{0,40}[:\-–—]"
    r"|^(?:Related|See also|Also on [\w.]+|Also read|Read also|Read more|More)\s*[:\-–—]?\s",
)
_GALLERY = re.compile(r"^(?:image|photo|picture|slide)\s+\d+\s+(?:of|/)\s+\d+$", re.I)
_SIGN_OFF = re.compile(
    r"^(?:follow\s+(?:us|him|her|them|\w+(?:\s+\w+)?)\s+on\s+(?:twitter|facebook|instagram)"
    r"|(?:e-?mail|write\s+to|contact)\s+[\w .'’-]{2,60}\s+(?:at|on)\s+\S+@"
    r"|have\s+a\s+(?:news\s+)?tip\?"
    r"|click\s+here\s+to\b"
    r"|(?:get|sign\s+up\s+for)\s+(?:the\s+latest|our)\b.{0,60}\b(?:newsletters?|inbox)\b"
    r"|like\s+this\s+story\?\s+share\s+it"
    r"|this\s+copy\s+is\s+for\s+your\s+personal,\s+non-commercial\s+use"
    r"|copyright\s+(?:©|\(c\)|\d{4})|©\s*(?:\d{4}|copyright)"
    r"|all\s+rights\s+reserved\.?$"
    r"|our\s+standards\s*:"
    r"|an\s+error\s+has\s+occurred,?\s+please\s+try\s+again"
    r"|this\s+article\s+has\s+been\s+sent\s+to\b)",
    re.I,
)
# Sign-off rules apply only to short paragraphs: a long one is prose that happens to match.
_SIGN_OFF_WORDS = 45


def _is_link_line(paragraph: str, words: int) -> bool:
    return words <= 30 and bool(_LINK_TAG.search(paragraph) or _LINK_LEAD.match(paragraph))


def _is_sign_off(paragraph: str, words: int) -> bool:
    return words <= _SIGN_OFF_WORDS and bool(_SIGN_OFF.search(paragraph))


def _is_furniture(paragraph: str) -> bool:
    words = len(paragraph.split())  # counted once for every rule
    return (
        is_furniture_line(paragraph, words)
        or _is_link_line(paragraph, words)
        or bool(_GALLERY.match(paragraph))
        or _is_sign_off(paragraph, words)
    )


def _is_title(paragraph: str, title: str) -> bool:
    """The headline again, alone or after a kicker or breadcrumb ("Explainers <title>")."""
    key, line = title.casefold(), paragraph.casefold()
    return line == key or (line.endswith(key) and len(line.split()) <= len(key.split()) + 5)


def clean_paragraphs(paragraphs: list[str], title: str) -> list[str]:
    """Return the paragraphs without furniture lines and without the repeated headline."""
    kept = [p for p in paragraphs if not _is_furniture(p)]
    if title:
        while kept and _is_title(kept[0], title):
            kept.pop(0)
        kept = [p for n, p in enumerate(kept) if n > 3 or p.casefold() != title.casefold()]
    return kept
