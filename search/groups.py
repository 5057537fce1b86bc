"""The groups in an archive: each with its article count, aliases and parent (for /groups)."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.groups import Gazetteer, GazetteerError
from index.base import Engine
from search.request import SearchRequest
from search.service import run_search


@dataclass(frozen=True, slots=True)
class GroupSummary:
    name: str
    count: int
    parent: str | None
    aliases: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "count": self.count,
            "parent": self.parent,
            "aliases": list(self.aliases),
        }


def list_groups(engine: Engine, gazetteer: Gazetteer) -> list[GroupSummary]:
    """Return every group tagged in the archive, most articles first."""
    facets = run_search(engine, SearchRequest(per_page=1), gazetteer).facets
    summaries = []
    for value in facets.group:
        try:
            group = gazetteer.groups[value.value]
            parent, aliases = group.parent, tuple(sorted(group.aliases, key=str.casefold))
        except KeyError:  # tagged by an older gazetteer that no longer has the group
            parent, aliases = None, ()
        summaries.append(GroupSummary(value.value, value.count, parent, aliases))
    return summaries


def parents_of(names: tuple[str, ...], gazetteer: Gazetteer) -> dict[str, str]:
    """Return {group: parent} for the named groups that have a parent."""
    found = {}
    for name in names:
        try:
            parent = gazetteer.parent_of(name)
        except GazetteerError:
            continue
        if parent:
            found[name] = parent
    return found
