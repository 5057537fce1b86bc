"""Text normalisation and tokenisation for matching group names: what counts as "the same" words.

Folds case, drops accents and apostrophes, joins dotted acronyms and cuts possessives.
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections import defaultdict

import numpy as np

from corpus.fold import keep_inner_apostrophes

_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"  # dropped inside a word: al-Qa'ida = al-Qaida
_NO_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_TOKEN = re.compile(rf"[^\W_]+(?:[{_APOSTROPHES}][^\W_]+)*")  # a word, digits included
_DOTTED = re.compile(r"[^\W_](?:\.[^\W_])+\.?(?![^\W_])")  # I.S., T.T.P.: the dots are kept
# Every ASCII character that cannot be in a token, made a space (an apostrophe "'"); see _tokens.
_ASCII_GAPS = str.maketrans(
    {chr(c): "'" if chr(c) in _APOSTROPHES else " " for c in range(128) if not chr(c).isalnum()}
)
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_SPACE, _QUOTE = ord(" "), ord("'")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s|\n")
_SHOUT_WORDS = 8  # words either side of a mention used to detect all-caps text


def _plain(raw: str) -> str:
    """Return `raw` without accents, apostrophes or compatibility forms (NFKD), case kept."""
    # Apostrophes first: NFKD makes the acute accent (al-Qa´ida) a space and a combining accent.
    decomposed = unicodedata.normalize("NFKD", raw.translate(_NO_APOSTROPHES))
    return "".join(c for c in decomposed if c not in _APOSTROPHES and not unicodedata.combining(c))


class _Doc:
    """A text cut into tokens: offsets into the original, case-kept and case-folded forms."""

    __slots__ = ("text", "starts", "ends", "cased", "folded", "_index", "_cues")

    def __init__(self, text: str) -> None:
        self.text = text
        starts, ends, cased, odd = _tokens(text)
        if odd:
            starts, ends, cased = _fix_tokens(text, starts, ends, cased, odd)
        self.starts = starts
        self.ends = ends
        self.cased = cased
        self.folded = list(map(str.casefold, cased))
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
        self, group: str, cues: tuple[tuple[tuple[str, ...], int], ...], firsts: frozenset[str]
    ) -> list[tuple[int, int, int, int]]:
        """Return (first token, last token, weight, cue number) per cue of `group` found; cached.

        `cues` are the group's (folded words, weight) pairs. `firsts` holds the first word of
        every cue of every group: only those are indexed.
        """
        hits = self._cues.get(group)
        if hits is None:
            if self._index is None:
                self._index = defaultdict(list)
                for position in [p for p, token in enumerate(self.folded) if token in firsts]:
                    self._index[self.folded[position]].append(position)
            hits = self._cues[group] = [
                (p, p + len(phrase) - 1, weight, cue)
                for cue, (phrase, weight) in enumerate(cues)
                for p in self._index.get(phrase[0], ())
                if tuple(self.folded[p : p + len(phrase)]) == phrase
            ]
        return hits


def _tokens(text: str) -> tuple[list[int], list[int], list[str], list[int]]:
    """Return the starts, ends and text of the `_TOKEN` matches in `text`, and which of them are
    odd (one character, an apostrophe, or not ASCII: `_fix_tokens` looks at those).

    The regular expression takes ~90 ns a character; this finds the same matches (the tests
    compare) in a fraction of that: in a copy of the text of the same length, every character
    outside a token is made a space (letters and digits outside ASCII an "a", apostrophes
    between two of them "'"), and numpy finds where the runs of non-spaces start and end.
    """
    plain, letters = text, False
    if not text.isascii():
        for char in set(_ASCII_RUNS.sub("", text)):
            letters = letters or char.isalnum()
            gap = "'" if char in _APOSTROPHES else " "
            plain = plain.replace(char, "a" if char.isalnum() else gap)
    spaced = keep_inner_apostrophes(plain.translate(_ASCII_GAPS))
    codes = np.frombuffer(f" {spaced} ".encode("ascii"), dtype=np.uint8)
    inside = codes != _SPACE
    bounds = np.flatnonzero(inside[1:] != inside[:-1])  # where a token starts or ends
    starts, ends = bounds[0::2], bounds[1::2]
    odd = np.flatnonzero(ends - starts == 1)
    owners = np.empty(0, dtype=odd.dtype)  # of the tokens with an apostrophe
    if "'" in spaced:
        quotes = np.flatnonzero(codes == _QUOTE) - 1
        owners = np.unique(np.searchsorted(starts, quotes, side="right") - 1)
        odd = np.union1d(odd, owners)
    starts, ends, odd = starts.tolist(), ends.tolist(), odd.tolist()
    if letters:
        tokens = list(map(text.__getitem__, map(slice, starts, ends)))
        foreign = map(operator.not_, map(str.isascii, tokens))
        odd = sorted({*odd, *itertools.compress(itertools.count(), foreign)})
    else:
        tokens = spaced.split()  # the text's own characters, but where an apostrophe is
        for k in owners.tolist():
            tokens[k] = text[starts[k] : ends[k]]
    return starts, ends, tokens, odd


def _fix_tokens(
    text: str, starts: list[int], ends: list[int], cased: list[str], odd: list[int]
) -> tuple[list[int], list[int], list[str]]:
    """Return the tokens with dotted acronyms joined, possessives cut, accents, apostrophes gone."""
    drop_until, dropped = 0, set()
    for k in odd:
        start, end = starts[k], ends[k]
        if start < drop_until:
            dropped.add(k)  # a letter inside a dotted acronym already joined
            continue
        raw = cased[k]
        if len(raw) == 1:
            dotted = _DOTTED.match(text, start) if text.startswith(".", end) else None
            if dotted:
                raw, drop_until = dotted.group(), dotted.end()
                ends[k], cased[k] = drop_until, raw if raw[-1] == "." else raw + "."
                n = k + 1
                while n < len(starts) and starts[n] < drop_until:
                    dropped.add(n)
                    n += 1
                continue
        if len(raw) > 2 and raw[-1] in "sS" and raw[-2] in _APOSTROPHES:
            raw, ends[k] = raw[:-2], end - 2  # possessive: "IS's" = "IS"
        cased[k] = _plain(raw) if not raw.isascii() or "'" in raw or "`" in raw else raw
    for k in sorted(dropped, reverse=True):
        del starts[k], ends[k], cased[k]
    return starts, ends, cased


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
    """Return the case-folded words of a context phrase."""
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
