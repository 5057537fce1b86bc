"""The group matcher's tokeniser: the fast path (`_tokens`, no regular expression) finds exactly
the tokens of the token pattern, with the same offsets, and `_Doc` fixes them as it always did."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.textmatch import _TOKEN, _Doc, _tokens, normalize_for_matching
from tests.conftest import ARTICLES

# Word characters, every apostrophe kind, "_", dots, dashes, white space, accents (composed and
# combining), letters and digits outside ASCII, curly quotes and a character beyond the BMP.
ALPHABET = list("aZ9_ .'`’‘ʼ´-\n\t\xa0éßİ²٢ЖΣ\u0301“”—…😀")


def regex_tokens(text: str) -> tuple[list[int], list[int], list[str], list[int]]:
    """What `_tokens` must return: the token pattern's matches and the odd ones among them."""
    spans = [match.span() for match in _TOKEN.finditer(text)]
    cased = [text[start:end] for start, end in spans]
    odd = [
        k
        for k, raw in enumerate(cased)
        if len(raw) == 1 or not raw.isascii() or "'" in raw or "`" in raw
    ]
    return [start for start, _ in spans], [end for _, end in spans], cased, odd


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=60))
def test_tokens_of_mixed_text_equal_the_pattern(text: str) -> None:
    assert _tokens(text) == regex_tokens(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_tokens_of_any_text_equal_the_pattern(text: str) -> None:
    assert _tokens(text) == regex_tokens(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "a",
        "'a'",
        "a''b",
        "rock'n'roll don`t al-Qa’ida’s ʼx´",
        "snake_case __init__ 3_000",
        "Zürich naïve e\u0301 İstanbul ٢٠١٦",
        *(article.text for article in ARTICLES),
    ],
)
def test_tokens_of_examples_equal_the_pattern(text: str) -> None:
    assert _tokens(text) == regex_tokens(text)


def test_doc_fixes_acronyms_possessives_and_apostrophes() -> None:
    doc = _Doc("The U.S.'s I.S. strike: al-Qa’ida, e\u0301te ISIS’s a_b don't x. T.T.P")
    assert doc.starts == [0, 4, 9, 11, 16, 24, 27, 35, 37, 40, 47, 49, 51, 57, 60]
    assert doc.ends == [3, 8, 10, 15, 22, 26, 33, 36, 39, 44, 48, 50, 56, 58, 65]
    assert doc.cased == [
        *("The", "U.S.", "s", "I.S.", "strike", "al", "Qaida", "e", "te", "ISIS"),
        *("a", "b", "dont", "x", "T.T.P."),
    ]
    assert doc.folded == [token.casefold() for token in doc.cased]


def test_normalize_for_matching_maps_every_character() -> None:
    text = "U.S. al-Qa’ida’s Café"
    assert normalize_for_matching(text) == (
        "u.s. al qaida cafe",
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 17, 18, 19, 20],
    )
