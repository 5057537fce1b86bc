"""The one small interface between `search/` and the engines, and the records it passes."""

from __future__ import annotations

import datetime
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus.article import Article
from index.query import Node

UNDATED_MODES = ("include", "exclude", "only")
SORTS = ("relevance", "newest", "oldest")
MAX_PREFIX_EXPANSION = 200  # a `word*` may stand for at most this many indexed words


class EngineError(RuntimeError):
    """An index could not be opened, read or written; the message says what to do."""


class IndexNotFoundError(EngineError):
    """There is no index at the given folder."""


class IndexNotReadyError(EngineError):
    """The index exists but cannot be read yet (being created, or damaged)."""


class IndexLockedError(EngineError):
    """Another writer holds the index."""


class QueryTooBroadError(ValueError):
    """A query form would expand past a bound (e.g. `a*` matching thousands of words)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Facet selections: several values of one facet are OR-ed, different facets AND-ed."""

    groups: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    undated: str = "include"


@dataclass(frozen=True, slots=True)
class EngineQuery:
    """One search as an engine runs it."""

    query: Node
    filters: Filters = Filters()
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10
    with_facets: bool = True
    with_snippets: bool = True
    snippet_count: int = 3
    collapse: bool = False  # one hit per story (syndicated copies folded), others as `copies`


@dataclass(frozen=True, slots=True)
class EngineHit:
    """One ranked match: its stored record plus highlighted title and snippets (escaped HTML)."""

    article: Article
    score: float
    title_html: str
    snippets: tuple[str, ...]
    copies: tuple[Article, ...] = ()  # with collapse: the story's other articles


@dataclass(slots=True)
class FacetCounts:
    """Counts over all matches, each facet under the other facets' selections."""

    group: dict[str, int] = field(default_factory=dict)
    outlet: dict[str, int] = field(default_factory=dict)
    month: dict[str, int] = field(default_factory=dict)
    undated: int = 0
    group_stories: dict[str, int] = field(default_factory=dict)  # distinct stories per value
    outlet_stories: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class EngineResult:
    total: int
    hits: list[EngineHit]
    facets: FacetCounts
    stories: int = 0  # distinct stories among the matches


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An indexed article that may be a copy of a new one: its id, story and fingerprint."""

    article_id: str
    story: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What one write did: articles added, updated (changed content) and unchanged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


class Engine(ABC):
    """A search engine over one index folder."""

    name: str

    @abstractmethod
    def write(self, articles: Iterable[Article]) -> WriteReport:
        """Add or update articles and commit them durably. Raises IndexLockedError."""

    @abstractmethod
    def search(self, query: EngineQuery) -> EngineResult:
        """Run one query. Raises QueryTooBroadError for an over-broad query."""

    @abstractmethod
    def get(self, article_id: str) -> Article | None:
        """Return the stored article, or None when the id is unknown."""

    @abstractmethod
    def count(self) -> int:
        """Return how many articles the index holds."""

    @abstractmethod
    def size_bytes(self) -> int:
        """Return the index's size on disk."""

    @abstractmethod
    def version(self) -> str:
        """Return a token that changes whenever a commit changes what searches see (for
        cursors and ETags)."""

    def iter_articles(self) -> Iterator[Article]:
        """Yield every stored article (to rebuild the index on another engine)."""
        raise NotImplementedError(f"the {self.name} engine cannot list its articles")

    def story_candidates(self, keys: list[str]) -> list[StoryMember]:
        """Return the indexed articles sharing any of these fingerprint band keys."""
        return []

    def close(self) -> None:  # noqa: B027 - engines without resources need nothing here
        """Release readers and files."""


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """What `dossier.json` in an index folder records."""

    path: Path
    engine: str


def folder_size(folder: Path) -> int:
    """Return the bytes of the files in `folder`; a file a concurrent commit or merge removes
    while we count is simply no longer part of the index."""
    total = 0
    for path in folder.iterdir():
        try:
            if path.is_file():
                total += path.stat().st_size
        except FileNotFoundError:
            continue
    return total


def article_digest(article: Article) -> str:
    """Return a digest of everything stored for an article, to tell unchanged re-ingests."""
    return digested_record(article)[0]


def digested_record(article: Article) -> tuple[str, bytes]:
    """Return the article's digest and the JSON it is taken from: `to_dict()` with the
    fingerprint and the story (the article's own id when alone), keys sorted, UTF-8."""
    story = article.story or article.id  # an article alone is its own story
    record = {**article.to_dict(), "fingerprint": article.fingerprint, "story": story}
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32], blob
