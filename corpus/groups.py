"""Group tagging: find the militant groups named in clean article text, using gazetteer.json.

The gazetteer's data and validation live in `corpus.gazetteer`, the text normalisation the matcher
compares with in `corpus.textmatch`; this module compiles the matcher and re-exports both.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from corpus.gazetteer import (
    DEFAULT_GAZETTEER,
    Context,
    GazetteerError,
    Group,
    index_groups,
    parse_groups,
    read_gazetteer,
)
from corpus.textmatch import (
    _alias_form,
    _Doc,
    _phrase,
    _shouting,
    alias_key,
    is_auto_case_sensitive,
    normalize_for_matching,
)

__all__ = [
    "DEFAULT_GAZETTEER",
    "Context",
    "Gazetteer",
    "GazetteerError",
    "Group",
    "Mention",
    "alias_key",
    "is_auto_case_sensitive",
    "load_gazetteer",
    "normalize_for_matching",
    "parse_gazetteer",
]

# A gap that joins two pieces of one word: hyphens (also one broken at a line end), soft hyphens,
# zero-width characters and combining accents (which split words of a text in NFD).
_JOINERS = "\u00ad\u200b-\u200d\u2060\u0300-\u036f"
_TIGHT = re.compile(rf"[-\u2010\u2011{_JOINERS}]+(?:[^\S\n]*\n\s*)?|[{_JOINERS}]*")
_SENTENCE_END = re.compile(r"[.!?]")  # "before"/"after" phrases do not reach across these
_ADJACENT_SCORE = 10_000  # a "before"/"after" phrase settles an ambiguous mention outright
_SENTENCE_WEIGHT = 5  # a cue in the mention's own sentence counts this many times
_NEAR_TOKENS = 30  # a cue this close to the mention (other sentence) counts _NEAR_WEIGHT times
_NEAR_WEIGHT = 2
_FAR_CAP = 1  # further away, a cue counts this many times however often it occurs


@dataclass(frozen=True, slots=True)
class Mention:
    """One group named in a text: `text` is exactly `document[start:end]`."""

    group: str
    text: str
    start: int
    end: int
    alias: str  # the gazetteer alias that matched


@dataclass(frozen=True, slots=True)
class _Entry:
    alias: str
    group: str | None  # None: a blocker, which consumes its span and tags nothing
    lookup: str  # the matcher's key: `key`, or the case-kept form for case-sensitive aliases
    key: str  # folded, separators removed: what decides which aliases are "the same"
    bounds: frozenset[int]  # where the alias has word boundaries inside `key`
    ambiguous: bool
    case_sensitive: bool
    resolvers: tuple[str, ...] = ()  # groups whose context may settle this ambiguous alias


@dataclass(frozen=True, slots=True)
class _Rules:
    named: int
    cues: tuple[tuple[tuple[str, ...], int], ...]
    before: tuple[tuple[str, ...], ...]
    after: tuple[tuple[str, ...], ...]


class Gazetteer:
    """The groups and one compiled matcher; validates the data when built."""

    def __init__(
        self,
        groups: list[Group],
        blockers: list[tuple[str, bool]] | tuple = (),
        source: str = "<gazetteer>",
    ) -> None:
        self.source = source
        self.groups: dict[str, Group] = index_groups(groups, source)
        self._tables: tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]] = ({}, {})
        self._prefixes: tuple[set[str], set[str]] = (set(), set())
        self._rules: dict[str, _Rules] = {}
        self._cue_firsts: frozenset[str] = frozenset()
        self._compile(blockers)

    # -- building ------------------------------------------------------------------------------

    def _compile(self, blockers: list[tuple[str, bool]] | tuple) -> None:
        entries: list[_Entry] = []
        claims: dict[str, set[str]] = defaultdict(set)
        for group in self.groups.values():
            also = dict(group.also)
            for alias in dict.fromkeys((group.name, *group.aliases)):
                sensitive = alias in group.case_sensitive or is_auto_case_sensitive(alias)
                key, folded, bounds = _alias_form(alias, sensitive)
                if not key:
                    raise GazetteerError(
                        f"{self.source}: alias {alias!r} of group {group.name!r} has no letters; "
                        "remove it"
                    )
                ambiguous = alias in group.ambiguous
                entries.append(_Entry(alias, group.name, key, folded, bounds, ambiguous, sensitive))
                claims[folded].update((group.name, *also.get(alias, ())))
        self._check_collisions(entries)
        aliases = {entry.key: entry for entry in entries}
        for phrase, sensitive in blockers:
            key, folded, bounds = _alias_form(phrase, sensitive)
            if folded in aliases:
                hidden = aliases[folded]
                raise GazetteerError(
                    f"{self.source}: blocker {phrase!r} would hide alias {hidden.alias!r} of "
                    f"group {hidden.group!r}; remove one of them"
                )
            entries.append(_Entry(phrase, None, key, folded, bounds, False, sensitive))
        settles: dict[str, set[str]] = {}
        for group in self.groups.values():
            if group.context:
                self._rules[group.name] = self._compile_context(group, claims, entries)
                settles[group.name] = {_alias_form(a, False)[1] for a in group.context.aliases}
        firsts = (phrase[0] for rules in self._rules.values() for phrase, _ in rules.cues)
        self._cue_firsts = frozenset(firsts)
        for entry in entries:
            if entry.ambiguous:
                resolvers = (g for g in claims[entry.key] if entry.key in settles.get(g, ()))
                entry = replace(entry, resolvers=tuple(sorted(resolvers)))
            self._tables[entry.case_sensitive].setdefault(entry.lookup, []).append(entry)
            prefixes = self._prefixes[entry.case_sensitive]
            prefixes.update(entry.lookup[:n] for n in range(1, len(entry.lookup) + 1))

    def _check_collisions(self, entries: list[_Entry]) -> None:
        first: dict[str, _Entry] = {}
        same: dict[tuple[str | None, str, frozenset[int]], _Entry] = {}
        for entry in entries:
            other = first.setdefault(entry.key, entry)
            if other.group != entry.group and not (other.ambiguous and entry.ambiguous):
                raise GazetteerError(
                    f"{self.source}: alias {other.alias!r} of group {other.group!r} and alias "
                    f"{entry.alias!r} of group {entry.group!r} are the same after normalisation "
                    f"({alias_key(entry.alias)!r}); flag both ambiguous or remove one"
                )
            twin = same.setdefault((entry.group, entry.lookup, entry.bounds), entry)
            if twin.ambiguous != entry.ambiguous:
                raise GazetteerError(
                    f"{self.source}: aliases {twin.alias!r} and {entry.alias!r} of group "
                    f"{entry.group!r} are the same after normalisation but only one is flagged "
                    "ambiguous; flag both or neither"
                )

    def _compile_context(
        self, group: Group, claims: dict[str, set[str]], entries: list[_Entry]
    ) -> _Rules:
        context = group.context
        ambiguous = {entry.key for entry in entries if entry.ambiguous}
        for alias in context.aliases:
            folded = _alias_form(alias, False)[1]
            if folded not in ambiguous or group.name not in claims[folded]:
                raise GazetteerError(
                    f"{self.source}: the context of group {group.name!r} lists {alias!r}, which "
                    f"is not an ambiguous alias of this group or of a group naming it in 'also'; "
                    "fix the context's aliases"
                )
        phrases = [*(c for c, _ in context.cues), *context.before, *context.after]
        for phrase in phrases:
            if not _phrase(phrase):
                raise GazetteerError(
                    f"{self.source}: the context of group {group.name!r} has an empty phrase "
                    f"{phrase!r}; remove it"
                )
        return _Rules(
            named=context.named,
            cues=tuple((_phrase(cue), weight) for cue, weight in context.cues),
            before=tuple(_phrase(p) for p in context.before),
            after=tuple(_phrase(p) for p in context.after),
        )

    # -- matching ------------------------------------------------------------------------------

    def mentions(self, text: str) -> list[Mention]:
        """Return the groups named in `text`, in order, longest match first; raises nothing."""
        doc = _Doc(text)
        found = self._find(doc)
        named: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
        for i, j, group, _ in self._choose(found, doc, None):
            if group in self._rules:  # its unambiguous mentions are a cue for its ambiguous ones
                named[group].append((i, j, self._rules[group].named, -1))
        return [
            Mention(group, text[doc.starts[i] : doc.ends[j]], doc.starts[i], doc.ends[j], e.alias)
            for i, j, group, e in self._choose(found, doc, named)
        ]

    def tag(self, text: str) -> tuple[str, ...]:
        """Return the sorted canonical names of the groups named in `text`."""
        return tuple(sorted({mention.group for mention in self.mentions(text)}))

    def parent_of(self, name: str) -> str | None:
        """Return the parent group's name, or None; raises GazetteerError for an unknown name."""
        return self._group(name).parent

    def aliases_of(self, name: str) -> tuple[str, ...]:
        """Return every alias of a group; raises GazetteerError for an unknown name."""
        return self._group(name).aliases

    def _group(self, name: str) -> Group:
        try:
            return self.groups[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self.groups), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise GazetteerError(f"no group named {name!r} in {self.source}{hint}") from None

    def _find(self, doc: _Doc) -> dict[int, list[tuple[int, _Entry]]]:
        """Return, per start token, the best alias for each possible end, longest first."""
        found: dict[int, list[tuple[int, _Entry]]] = {}
        folded_prefixes, cased_prefixes = self._prefixes[False], self._prefixes[True]
        folded_table = self._tables[False]
        tokens, last = doc.folded, len(doc.folded) - 1
        for i, (folded, cased) in enumerate(zip(tokens, doc.cased, strict=True)):
            # Cheap test first: most words ("the", "in") start no alias and join no next word.
            walk_folded = folded in folded_prefixes and (
                folded in folded_table or (i < last and folded + tokens[i + 1] in folded_prefixes)
            )
            walk_cased = cased in cased_prefixes
            if not (walk_folded or walk_cased):
                continue
            hits: list[tuple[int, bool, _Entry]] = []
            if walk_folded:
                self._walk(doc, i, tokens, False, hits)
            if walk_cased:
                self._walk(doc, i, doc.cased, True, hits)
            if hits:
                # Per end: blockers first, then an alias whose boundaries equal the text's
                # ("ISK" vs "IS-K"), then the ambiguous reading (the cautious one).
                hits.sort(
                    key=lambda h: (-h[0], h[2].group is not None, not h[1], not h[2].ambiguous)
                )
                best: dict[int, _Entry] = {}
                for end, _, entry in hits:
                    best.setdefault(end, entry)
                found[i] = list(best.items())
        return found

    def _walk(
        self,
        doc: _Doc,
        i: int,
        tokens: list[str],
        sensitive: bool,
        hits: list[tuple[int, bool, _Entry]],
    ) -> None:
        """Add the aliases that start at token i, joining tokens while they stay a key prefix."""
        table, prefixes = self._tables[sensitive], self._prefixes[sensitive]
        key = tokens[i]
        if key not in prefixes:
            return
        loose: list[int] = []  # boundaries the text has and the alias must have too
        tight: list[int] = []  # hyphen-joined pieces the alias may write as one word
        j = i
        while True:
            for entry in table.get(key, ()):
                if all(b in entry.bounds for b in loose):
                    hits.append((j, entry.bounds == frozenset(loose + tight), entry))
            j += 1
            if j == len(tokens) or key + tokens[j] not in prefixes:
                return
            (tight if _TIGHT.fullmatch(doc.gap(j)) else loose).append(len(key))
            key += tokens[j]

    def _choose(
        self,
        found: dict[int, list[tuple[int, _Entry]]],
        doc: _Doc,
        named: dict[str, list[tuple[int, int, int, int]]] | None,
    ) -> list[tuple[int, int, str, _Entry]]:
        """Pick mentions left to right, longest first; ambiguous ones only when `named` is given."""
        chosen: list[tuple[int, int, str, _Entry]] = []
        resume = 0
        for i, options in found.items():
            if i < resume:
                continue
            for j, entry in options:
                if entry.group is None:
                    resume = j + 1
                    break
                group = entry.group
                if entry.ambiguous:
                    group = self._resolve(entry, doc, i, j, named) if named is not None else None
                if group:
                    chosen.append((i, j, group, entry))
                    resume = j + 1
                    break
        return chosen

    def _resolve(
        self,
        entry: _Entry,
        doc: _Doc,
        i: int,
        j: int,
        named: dict[str, list[tuple[int, int, int, int]]],
    ) -> str | None:
        """Return the group an ambiguous mention settles on, or None when the text does not say."""
        if not entry.resolvers:
            return None
        if entry.case_sensitive and _shouting(doc, i, j):
            return None
        sentence = doc.sentence(i, j)
        scores = {g: self._score(g, doc, i, j, sentence, named.get(g, [])) for g in entry.resolvers}
        best = max(scores.values())
        winners = [g for g, score in scores.items() if score == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def _score(
        self,
        group: str,
        doc: _Doc,
        i: int,
        j: int,
        sentence: tuple[int, int],
        named: list[tuple[int, int, int, int]],
    ) -> int:
        """Return how strongly the text around tokens i..j speaks for `group` (0: not at all)."""
        rules, folded = self._rules[group], doc.folded
        for phrase in rules.before:
            start = i - len(phrase)
            if start >= 0 and tuple(folded[start:i]) == phrase:
                if not _SENTENCE_END.search(doc.gap(i)):
                    return _ADJACENT_SCORE
        for phrase in rules.after:
            end = j + 1 + len(phrase)
            if end <= len(folded) and tuple(folded[j + 1 : end]) == phrase:
                if not _SENTENCE_END.search(doc.gap(j + 1)):
                    return _ADJACENT_SCORE
        score, far = 0, defaultdict(int)
        hits = [*doc.cue_hits(group, rules.cues, self._cue_firsts), *named]
        for first, last, weight, cue in hits:
            if first <= j and last >= i:
                continue  # the mention is no evidence for itself
            if sentence[0] <= first <= sentence[1]:
                score += weight * _SENTENCE_WEIGHT
            elif abs(first - i) <= _NEAR_TOKENS:
                score += weight * _NEAR_WEIGHT
            elif far[cue] < _FAR_CAP:  # a cue repeated all over the text is still one cue
                far[cue] += 1
                score += weight
        return score


# -- loading ---------------------------------------------------------------------------------


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Return the gazetteer at `path` (default: ours, cached); raises GazetteerError if invalid."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.lru_cache(maxsize=1)
def _load_default() -> Gazetteer:
    return _load(DEFAULT_GAZETTEER)


def _load(path: Path) -> Gazetteer:
    return parse_gazetteer(read_gazetteer(path), source=str(path))


def parse_gazetteer(data: object, source: str = "<gazetteer>") -> Gazetteer:
    """Return a Gazetteer from decoded gazetteer.json data; raises GazetteerError on a fault."""
    groups, blockers = parse_groups(data, source)
    return Gazetteer(groups, blockers, source)
