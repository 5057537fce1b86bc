"""The analysis fast paths give exactly what the plain paths give: Whoosh postings equal Whoosh's
own format with our analyzer (words, frequencies, weights, positions, character offsets), and the
words found without the word pattern, with their offsets and snippets, equal the pattern's."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import formats, highlight

from corpus.fold import fold_word, fold_words, iter_words, spaced_words, words
from index import snippets
from index.analysis import FoldedCharacters, folded_text_field, folding_analyzer, word_spans
from index.highlight import MarkFormatter, MatchSpec, PassageFragmenter
from tests.conftest import ARTICLES

TEXTS = [
    "",
    "al-Qa'ida, al Qaeda and AL QAIDA’s men",
    "Tehrik-i-Taliban Pakistan (TTP) and Tehreek-e-Taliban; militias, attacks, parties",
    "Café Zürich — naïve jihadists’ claims; 2014 and 2,015 and ٢٠١٦",
    "word word word  word\nword",
    *(article.text for article in ARTICLES),
    *(article.title for article in ARTICLES),
]


@pytest.mark.parametrize("boost", [1.0, 2.0])
@pytest.mark.parametrize("text", TEXTS)
def test_folded_characters_equal_whoosh_characters(text: str, boost: float) -> None:
    analyzer = folding_analyzer()
    ours = list(FoldedCharacters(field_boost=boost).word_values(text, analyzer, mode="index"))
    whoosh = list(formats.Characters(field_boost=boost).word_values(text, analyzer, mode="index"))
    assert ours == whoosh


def test_text_field_indexes_through_the_fast_path() -> None:
    field = folded_text_field(field_boost=2.0)
    assert type(field.format) is FoldedCharacters
    assert field.format.field_boost == 2.0
    postings = list(field.index("Daesh and daesh"))
    assert [(term, freq, weight) for term, freq, weight, _value in postings] == [
        (b"daesh", 2, 4.0),
        (b"and", 1, 2.0),
    ]


# ASCII letters, digits and gaps, every kind of apostrophe, and non-ASCII gaps and letters
_TRICKY = "aZ9_ '\n-.,’ʼ‘£—“”é\u0301Ⅻ٢"


def _pattern_spans(text: str) -> list[tuple[int, int]]:
    return [(start, end) for _word, start, end in iter_words(text)]


def _spaced_spans(spaced: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(r"\S+", spaced)]


@given(st.text(alphabet=_TRICKY, max_size=40))
def test_spaced_words_keep_the_pattern_words_and_offsets(text: str) -> None:
    spaced = spaced_words(text)
    if spaced is None:  # letters or digits outside ASCII: the word pattern's job
        assert any(not char.isascii() and char.isalnum() for char in text)
        assert words(text) == [word for word, _start, _end in iter_words(text)]
        return
    assert len(spaced) == len(text)
    assert _spaced_spans(spaced) == _pattern_spans(text)
    assert [fold_word(word) for word in spaced.split()] == [
        fold_word(word) for word, _start, _end in iter_words(text)
    ]


@given(st.text(alphabet=_TRICKY, max_size=40))
def test_word_spans_equal_the_pattern(text: str) -> None:
    def folded(spans):
        return [(fold_word(word), start, end) for word, start, end in spans]

    assert folded(word_spans(text)) == folded(iter_words(text))


@pytest.mark.parametrize("text", TEXTS)
def test_words_and_folds_equal_the_pattern_on_real_text(text: str) -> None:
    spaced = spaced_words(text)
    assert spaced is None or _spaced_spans(spaced) == _pattern_spans(text)
    assert fold_words(text) == [fold_word(word) for word, _start, _end in iter_words(text)]
    assert snippets.folded_text(text) == " ".join(fold_words(text))


SPECS = [
    MatchSpec(frozenset({"qaida", "word"})),
    MatchSpec(frozenset({"taliban"}), prefixes=("milit",)),
    MatchSpec(phrases=(("tehrik", "e", "taliban"),)),
    MatchSpec(frozenset({"the", "and"})),
]


def _pattern_passages(text: str, spec: MatchSpec, count: int) -> list[str]:
    """The passages as the word pattern marks them: each matching word's own offsets."""
    wanted = spec.words | {word for phrase in spec.phrases for word in phrase}
    tokens = [
        highlight.Token(text=folded, startchar=start, endchar=end, matched=True)
        for folded, start, end in ((fold_word(w), s, e) for w, s, e in iter_words(text))
        if folded in wanted or (spec.prefixes and folded.startswith(spec.prefixes))
    ]
    fragmenter = PassageFragmenter(
        maxchars=snippets.MAX_CHARS, surround=snippets.SURROUND, autotrim=True, spec=spec
    )
    fragments = highlight.top_fragments(
        fragmenter.fragment_matches(text, tokens), count, highlight.BasicFragmentScorer(),
        highlight.FIRST, minscore=1,
    )  # fmt: skip
    return MarkFormatter().format(fragments)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("text", TEXTS)
def test_snippets_equal_those_of_the_word_pattern(text: str, spec: MatchSpec) -> None:
    assert snippets.passages(text, spec, 3) == _pattern_passages(text, spec, 3)
