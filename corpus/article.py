"""The one record that travels the pipeline: a clean article with its metadata."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit


class ArticleError(ValueError):
    """A page could not be turned into an Article; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article. `text` is the article body only, white space normalised."""

    id: str  # noqa: A003 - the contract's field name; see make_article_id
    url: str | None
    title: str
    text: str
    date: datetime.date | None  # `import datetime`, so the field name can stay `date`
    date_source: str | None
    outlet: str | None
    outlet_source: str | None
    groups: tuple[str, ...] = ()
    author: str | None = None
    source: str | None = None  # the file (or archive member) the article came from
    fingerprint: str | None = None  # MinHash signature (hex), see corpus.minhash
    site: str | None = None  # the publishing site, kept when `outlet` is a wire agency it credits
    story: str | None = None  # id of the story (syndicated copies) it belongs to; set at ingest
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """Return the JSON form of the article (the fields of DESIGN.md, dates as ISO strings)."""
        return {
            "source": self.source,
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "outlet": self.outlet,
            "outlet_source": self.outlet_source,
            "site": self.site,
            "groups": list(self.groups),
            "author": self.author,
        }

    def to_brief(self) -> dict:
        """Return the short JSON form used in lists of other articles (copies, similar)."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date.isoformat() if self.date else None,
        }

    @classmethod
    def from_dict(cls, record: dict) -> Article:
        """Return the article of a stored record: `to_dict()` plus fingerprint and story."""
        day = record.get("date")
        return cls(
            id=record["id"],
            url=record.get("url"),
            title=record["title"],
            text=record["text"],
            date=datetime.date.fromisoformat(day) if day else None,
            date_source=record.get("date_source"),
            outlet=record.get("outlet"),
            outlet_source=record.get("outlet_source"),
            groups=tuple(record.get("groups") or ()),
            author=record.get("author"),
            source=record.get("source"),
            fingerprint=record.get("fingerprint"),
            site=record.get("site"),
            story=record.get("story"),
        )


def normalize_space(text: str) -> str:
    """Return `text` with every run of Unicode white space folded to one plain space, trimmed."""
    # str.split() cuts at exactly the characters `\s` matches (str.isspace), 3x faster than
    # re.sub(r"\s+", " ", text).strip(), which it equals (tests compare).
    return " ".join(text.split())


def canonical_url(url: str) -> str:
    """Return the URL with scheme and host lower-cased, no fragment and no trailing slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def make_article_id(url: str | None, text: str) -> str:
    """Return a stable id: from the canonical URL when known, else from the clean text."""
    if url and urlsplit(url).scheme in ("http", "https"):
        basis = "url:" + canonical_url(url)
    else:
        basis = "text:" + normalize_space(text)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
