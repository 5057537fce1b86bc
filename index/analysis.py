"""The Whoosh analyzer: words as `corpus.fold` finds and folds them, so that indexing, querying
and highlighting share one analysis (case, accents, apostrophes, transliteration, plurals)."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from pickle import dumps

import numpy as np
from whoosh import fields, formats
from whoosh.analysis import Token, Tokenizer
from whoosh.system import pack_uint

from corpus.fold import fold_word, iter_words, spaced_words

_SPACE = ord(" ")


class FoldingTokenizer(Tokenizer):
    """Yields one token per word, its text folded by `corpus.fold.fold_word`."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # noqa: PLR0913 - Whoosh's tokenizer protocol
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        for pos, (word, start, end) in enumerate(iter_words(value)):
            token.text = fold_word(word)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def folding_analyzer() -> FoldingTokenizer:
    """Return the analyzer used for the title and text fields."""
    return FoldingTokenizer()


class FoldedCharacters(formats.Characters):
    """Whoosh's positions-and-character-offsets postings, filled straight from corpus.fold's
    words: the same postings the FoldingTokenizer gives, without a Token object per word
    (indexing spends a third of its time there otherwise)."""

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(value, str) or not isinstance(analyzer, FoldingTokenizer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        # Each word's places as Characters.encode stores them, built as the words come: the
        # steps from its previous place (position, start from the previous end) and its length.
        steps: dict[str, list[tuple[int, int, int]]] = {}
        last: dict[str, tuple[int, int]] = {}
        for pos, (word, start, end) in enumerate(word_spans(value)):
            folded = fold_word(word)
            if folded in last:
                last_pos, last_end = last[folded]
                steps[folded].append((pos - last_pos, start - last_end, end - start))
            else:
                steps[folded] = [(pos, start, end - start)]
            last[folded] = (pos, end)
        boost = self.field_boost
        for folded, found in steps.items():
            count = len(found)
            yield folded, count, count * boost, pack_uint(count) + dumps(found, 2)


def word_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Return (word, start, end) for every word of `text`, as `corpus.fold.iter_words` does,
    found without the word pattern where `corpus.fold.spaced_words` can (3× faster)."""
    spaced = spaced_words(text)
    if spaced is None:
        return iter_words(text)
    words = spaced.split()
    # a word starts where a space is followed by something else (spaced_words gave ASCII)
    solid = np.frombuffer(spaced.encode("ascii"), dtype=np.uint8) != _SPACE
    starts = np.flatnonzero(np.diff(solid.view(np.int8), prepend=0) == 1).tolist()
    return zip(words, starts, map(operator.add, starts, map(len, words)), strict=True)


def folded_text_field(*, field_boost: float = 1.0) -> fields.TEXT:
    """Return a stored text field analysed by `folding_analyzer`, with character offsets
    (for highlighting from the postings)."""
    field = fields.TEXT(
        analyzer=folding_analyzer(), stored=True, chars=True, field_boost=field_boost
    )
    field.format = FoldedCharacters(field_boost=field_boost)
    return field
