"""Group tagging: find the militant groups named in clean article text, using gazetteer.json.

Reads only the project's gazetteer (built by `corpus.gazetteer_build`, then edited by hand).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_GAZETTEER = Path(__file__).with_name("gazetteer.json")
BUILD_COMMAND = "python -m corpus.gazetteer_build ../shared/data/groups/groups.json"

_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"  # dropped inside a word: al-Qa'ida = al-Qaida
_TOKEN = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")  # a word, digits included
_DOTTED = re.compile(r"[^\W_](?:\.[^\W_])+\.?(?![^\W_])")  # I.S., T.T.P.: the dots are kept
# A gap that joins two pieces of one word: hyphens (also one broken at a line end), soft hyphens,
# zero-width characters and combining accents (which split words of a text in NFD).
_JOINERS = "\u00ad\u200b-\u200d\u2060\u0300-\u036f"
_TIGHT = re.compile(rf"[-\u2010\u2011{_JOINERS}]+(?:[^\S\n]*\n\s*)?|[{_JOINERS}]*")
_SENTENCE_END = re.compile(r"[.!?]")  # "before"/"after" phrases do not reach across these
_ADJACENT_SCORE = 10_000  # a "before"/"after" phrase settles an ambiguous mention outright
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s|\n")
_SENTENCE_WEIGHT = 5  # a cue in the mention's own sentence counts this many times
_NEAR_TOKENS = 30  # a cue this close to the mention (other sentence) counts _NEAR_WEIGHT times
_NEAR_WEIGHT = 2
_FAR_CAP = 1  # further away, a cue counts this many times however often it occurs
_SHOUT_WORDS = 8  # words either side of a mention used to detect all-caps text


class GazetteerError(ValueError):
    """The gazetteer is missing or invalid, or a group name is unknown; the message says the fix."""


@dataclass(frozen=True, slots=True)
class Context:
    """Evidence that lets an ambiguous alias tag this group (the rules are in gazetteer.json)."""

    aliases: tuple[str, ...] = ()
    cues: tuple[tuple[str, int], ...] = ()
    named: int = 0
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """One organisation of the gazetteer. `name` is the canonical facet value."""

    name: str
    short: str | None
    aliases: tuple[str, ...]
    parent: str | None
    related_parents: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    case_sensitive: frozenset[str] = frozenset()  # as flagged (short all-caps ones are anyway)
    typos: frozenset[str] = frozenset()
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (alias, other groups it can mean)
    context: Context | None = None


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


def _plain(raw: str) -> str:
    """Return `raw` without accents, apostrophes or compatibility forms (NFKD), case kept."""
    decomposed = unicodedata.normalize("NFKD", raw)
    return "".join(c for c in decomposed if c not in _APOSTROPHES and not unicodedata.combining(c))


class _Doc:
    """A text cut into tokens: offsets into the original, case-kept and case-folded forms."""

    __slots__ = ("text", "starts", "ends", "cased", "folded", "_index", "_cues")

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [match.span() for match in _TOKEN.finditer(text)]
        cased = [text[start:end] for start, end in spans]
        odd = [
            k
            for k, raw in enumerate(cased)
            if len(raw) == 1 or not raw.isascii() or "'" in raw or "`" in raw
        ]
        if odd:
            spans, cased = _fix_tokens(text, spans, cased, odd)
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.cased = cased
        self.folded = [raw.casefold() for raw in cased]
        self._index: dict[str, list[int]] | None = None
        self._cues: dict[str, list[tuple[int, int, int, int]]] = {}

    def gap(self, j: int) -> str:
        """Return the characters between token j-1 and token j."""
        return self.text[self.ends[j - 1] : self.starts[j]]

    def sentence(self, i: int, j: int) -> tuple[int, int]:
        """Return the first and last token of the sentence around tokens i..j."""
        lo, hi, last = i, j, len(self.starts) - 1
        while lo > 0 and i - lo < 100 and not _SENTENCE_BREAK.search(self.gap(lo)):
            lo -= 1
        while hi < last and hi - j < 100 and not _SENTENCE_BREAK.search(self.gap(hi + 1)):
            hi += 1
        return lo, hi

    def cue_hits(
        self, group: str, rules: _Rules, firsts: frozenset[str]
    ) -> list[tuple[int, int, int, int]]:
        """Return (first token, last token, weight, cue number) per cue of `group` found; cached.

        `firsts` holds the first word of every cue of every group: only those are indexed.
        """
        hits = self._cues.get(group)
        if hits is None:
            if self._index is None:
                self._index = defaultdict(list)
                for position in [p for p, token in enumerate(self.folded) if token in firsts]:
                    self._index[self.folded[position]].append(position)
            hits = self._cues[group] = [
                (p, p + len(phrase) - 1, weight, cue)
                for cue, (phrase, weight) in enumerate(rules.cues)
                for p in self._index.get(phrase[0], ())
                if tuple(self.folded[p : p + len(phrase)]) == phrase
            ]
        return hits


def _fix_tokens(
    text: str, spans: list[tuple[int, int]], cased: list[str], odd: list[int]
) -> tuple[list[tuple[int, int]], list[str]]:
    """Return the tokens with dotted acronyms joined, possessives cut, accents, apostrophes gone."""
    drop_until, dropped = 0, set()
    for k in odd:
        start, end = spans[k]
        if start < drop_until:
            dropped.add(k)  # a letter inside a dotted acronym already joined
            continue
        raw = cased[k]
        if len(raw) == 1:
            dotted = _DOTTED.match(text, start) if text.startswith(".", end) else None
            if dotted:
                raw, drop_until = dotted.group(), dotted.end()
                spans[k], cased[k] = (start, drop_until), raw if raw[-1] == "." else raw + "."
                n = k + 1
                while n < len(spans) and spans[n][0] < drop_until:
                    dropped.add(n)
                    n += 1
                continue
        if len(raw) > 2 and raw[-1] in "sS" and raw[-2] in _APOSTROPHES:
            raw, spans[k] = raw[:-2], (start, end - 2)  # possessive: "IS's" = "IS"
        cased[k] = _plain(raw) if not raw.isascii() or "'" in raw or "`" in raw else raw
    if dropped:
        keep = [k for k in range(len(spans)) if k not in dropped]
        spans, cased = [spans[k] for k in keep], [cased[k] for k in keep]
    return spans, cased


def normalize_for_matching(text: str) -> tuple[str, list[int]]:
    """Return the folded token text the matcher sees and, per character, its offset in `text`.

    Tokens are joined by one space (mapped to the end of the token before it). Case is folded,
    accents and apostrophes dropped, a possessive 's removed, and hyphens, dashes, line breaks and
    other punctuation become token boundaries.
    """
    doc = _Doc(text)
    chars: list[str] = []
    offsets: list[int] = []
    for k, (start, end, token) in enumerate(zip(doc.starts, doc.ends, doc.folded, strict=True)):
        if k:
            chars.append(" ")
            offsets.append(doc.ends[k - 1])
        if len(token) == end - start and text[start:end].casefold() == token:
            chars.append(token)
            offsets.extend(range(start, end))
            continue
        piece: list[str] = []
        for index in range(start, end):
            for c in _plain(text[index]).casefold():
                piece.append(c)
                offsets.append(index)
        if "".join(piece) != token:  # the dotted-acronym dot added at the end
            piece.append(".")
            offsets.append(end - 1)
        chars.extend(piece)
    return "".join(chars), offsets


def _alias_form(alias: str, case_sensitive: bool) -> tuple[str, str, frozenset[int]]:
    """Return (lookup key, folded key, inner boundaries) of an alias or phrase."""
    doc = _Doc(alias)
    tokens = doc.cased if case_sensitive else doc.folded
    bounds, length = set(), 0
    for token in tokens[:-1]:
        length += len(token)
        bounds.add(length)
    return "".join(tokens), "".join(doc.folded), frozenset(bounds)


def alias_key(alias: str, case_sensitive: bool = False) -> str:
    """Return the words of `alias` as the matcher compares them (case kept if case-sensitive)."""
    doc = _Doc(alias)
    return " ".join(doc.cased if case_sensitive else doc.folded)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_Doc(text).folded)


def is_auto_case_sensitive(alias: str) -> bool:
    """Every all-caps alias of up to 7 letters is case-sensitive (ISIS, ISIL-K, B.L.A.)."""
    letters = [c for c in alias if c.isalpha()]
    return 0 < len(letters) <= 7 and all(c.isupper() for c in letters)


def _shouting(doc: _Doc, i: int, j: int) -> bool:
    """Return True when the words around tokens i..j, on their line, are mostly all-caps."""
    text = doc.text
    line_start = text.rfind("\n", 0, doc.starts[i])
    line_end = text.find("\n", doc.ends[j])
    line_end = len(text) if line_end < 0 else line_end
    upper = lower = 0
    for k in (*range(i - _SHOUT_WORDS, i), *range(j + 1, j + 1 + _SHOUT_WORDS)):
        if 0 <= k < len(doc.cased) and line_start < doc.starts[k] < line_end:
            word = doc.cased[k]
            if len(word) > 1 and word.isupper():
                upper += 1
            elif len(word) > 1 and not word.isdigit():
                lower += 1
    return upper > lower


class Gazetteer:
    """The groups and one compiled matcher; validates the data when built."""

    def __init__(
        self,
        groups: list[Group],
        blockers: list[tuple[str, bool]] | tuple = (),
        source: str = "<gazetteer>",
    ) -> None:
        self.source = source
        self.groups: dict[str, Group] = {}
        for group in groups:
            if group.name in self.groups:
                raise GazetteerError(f"{source}: group {group.name!r} is defined twice; merge them")
            self.groups[group.name] = group
        self._check_references()
        self._tables: tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]] = ({}, {})
        self._prefixes: tuple[set[str], set[str]] = (set(), set())
        self._rules: dict[str, _Rules] = {}
        self._cue_firsts: frozenset[str] = frozenset()
        self._compile(blockers)

    # -- building ------------------------------------------------------------------------------

    def _check_references(self) -> None:
        for group in self.groups.values():
            named = [("parent", group.parent)] if group.parent else []
            named += [("related parent", name) for name in group.related_parents]
            named += [("'also' group", name) for _, names in group.also for name in names]
            for role, name in named:
                if name not in self.groups:
                    raise GazetteerError(
                        f"{self.source}: group {group.name!r} has unknown {role} {name!r}; "
                        f"add a group named {name!r} or correct the {role}"
                    )

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

    def _walk(self, doc: _Doc, i: int, tokens: list[str], sensitive: bool, hits: list) -> None:
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
        self, entry: _Entry, doc: _Doc, i: int, j: int, named: dict[str, list]
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
        self, group: str, doc: _Doc, i: int, j: int, sentence: tuple[int, int], named: list
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
        for first, last, weight, cue in [*doc.cue_hits(group, rules, self._cue_firsts), *named]:
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
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GazetteerError(
            f"no gazetteer at {path}; build it with: {BUILD_COMMAND} {path}"
        ) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise GazetteerError(
            f"{path}, line {err.lineno}, column {err.colno}: invalid JSON ({err.msg})"
        ) from None
    return parse_gazetteer(data, source=str(path))


def parse_gazetteer(data: object, source: str = "<gazetteer>") -> Gazetteer:
    """Return a Gazetteer from decoded gazetteer.json data; raises GazetteerError on a fault."""
    _require(
        isinstance(data, dict) and isinstance(data.get("groups"), list),
        f"{source}: expected an object with a 'groups' list; build it with {BUILD_COMMAND}",
    )
    blockers = []
    for item in data.get("blockers", []):
        ok = isinstance(item, dict) and isinstance(item.get("phrase"), str)
        _require(ok, f"{source}: each blocker must be an object with a 'phrase' string: {item!r}")
        blockers.append((item["phrase"], bool(item.get("case_sensitive"))))
    return Gazetteer([_parse_group(item, source) for item in data["groups"]], blockers, source)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise GazetteerError(message)


def _strings(value: object, where: str) -> tuple[str, ...]:
    ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    _require(ok, f"{where} must be a list of strings, not {value!r}")
    return tuple(value)


def _parse_group(item: object, source: str) -> Group:
    ok = isinstance(item, dict) and isinstance(item.get("name"), str)
    _require(ok, f"{source}: each group must be an object with a 'name' string: {item!r}"[:200])
    name = item["name"]
    where = f"{source}: group {name!r}:"
    aliases = _strings(item.get("aliases", []), f"{where} 'aliases'")
    flags = item.get("alias_flags", {})
    _require(isinstance(flags, dict), f"{where} 'alias_flags' must be an object")
    for alias, flag in flags.items():
        _require(alias in aliases, f"{where} alias_flags names {alias!r}, not one of its aliases")
        _require(isinstance(flag, dict), f"{where} the flags of {alias!r} must be an object")
    also = tuple(
        (alias, _strings(flag["also"], f"{where} 'also' of {alias!r}"))
        for alias, flag in flags.items()
        if flag.get("also")
    )
    context = item.get("context")
    if context is not None:
        _require(isinstance(context, dict), f"{where} 'context' must be an object")
        cues = context.get("cues", {})
        ok = isinstance(cues, dict) and all(type(w) is int for w in cues.values())
        _require(ok, f"{where} context 'cues' must map phrases to whole-number weights")
        _require(type(context.get("named", 0)) is int, f"{where} context 'named' must be a number")
        context = Context(
            aliases=_strings(context.get("aliases", []), f"{where} context 'aliases'"),
            cues=tuple(cues.items()),
            named=context.get("named", 0),
            before=_strings(context.get("before", []), f"{where} context 'before'"),
            after=_strings(context.get("after", []), f"{where} context 'after'"),
        )
    return Group(
        name=name,
        short=item.get("short"),
        aliases=aliases,
        parent=item.get("parent"),
        related_parents=_strings(item.get("related_parents") or [], f"{where} 'related_parents'"),
        ambiguous=frozenset(a for a, f in flags.items() if f.get("ambiguous")),
        case_sensitive=frozenset(a for a, f in flags.items() if f.get("case_sensitive")),
        typos=frozenset(a for a, f in flags.items() if f.get("typo")),
        also=also,
        context=context,
    )
