"""The Whoosh analyzer: words as `corpus.fold` finds and folds them, so that indexing, querying
and highlighting share one analysis (case, accents, apostrophes, transliteration, plurals)."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from corpus.fold import fold_word, iter_words


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
