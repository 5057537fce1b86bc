"""SearchResult: what one search found, rendered alike by the HTML pages, the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.request import SearchRequest


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: `title_html` and `snippets` are escaped text with only <mark> as markup."""

    id: str  # the Article id; the contract's key
    url: str | None
    title: str
    title_html: str
    outlet: str | None
    date: str | None
    groups: tuple[str, ...]
    score: float
    snippets: tuple[str, ...]
    matched_aliases: tuple[str, ...] = ()  # names of the query's groups as this article writes them
    story: str | None = None  # the story (syndicated copies) this article belongs to
    copies: tuple[dict, ...] = ()  # with collapse=story: the story's other articles

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "title_html": self.title_html,
            "outlet": self.outlet,
            "date": self.date,
            "groups": list(self.groups),
            "score": self.score,
            "snippets": list(self.snippets),
            "matched_aliases": list(self.matched_aliases),
            "story": self.story,
            "copies": list(self.copies),
        }


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False
    stories: int | None = None  # distinct stories among the `count` articles


@dataclass(frozen=True, slots=True)
class Facets:
    group: tuple[FacetValue, ...] = ()
    outlet: tuple[FacetValue, ...] = ()
    month: tuple[FacetValue, ...] = ()
    undated: int = 0

    def to_dict(self) -> dict:
        def selectable(values: tuple[FacetValue, ...]) -> list[dict]:
            return [
                {"value": v.value, "count": v.count, "stories": v.stories, "selected": v.selected}
                for v in values
            ]

        return {
            "group": selectable(self.group),
            "outlet": selectable(self.outlet),
            "month": [{"value": v.value, "count": v.count} for v in self.month],
            "undated": self.undated,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    request: SearchRequest
    total: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: Facets = field(default_factory=Facets)
    suggestion: str | None = None
    offset: int = 0  # where this page starts among all matches
    next_cursor: str | None = None
    stories: int = 0  # distinct stories among the matches

    @property
    def pages(self) -> int:
        """Return how many pages of results there are (at least 1)."""
        shown = self.stories if self.request.collapse == "story" else self.total
        return max(1, -(-shown // self.request.per_page))

    def to_dict(self) -> dict:
        """Return the JSON body of /api/search (DESIGN.md)."""
        return {
            "query": self.request.to_dict(),
            "total": self.total,
            "stories": self.stories,
            "took_ms": self.took_ms,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": self.facets.to_dict(),
            "suggestion": self.suggestion,
            "next_cursor": self.next_cursor,
        }
