"""Word folding: the ASCII shortcut of fold_word gives what the full Unicode steps give."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.fold import TRANSLITERATIONS, _fold_plural, fold_word


def reference_fold(word: str) -> str:
    """fold_word's steps for every word, as first written (no ASCII shortcut, no cache)."""
    word = re.sub(r"['’ʼ‘]s$", "", word)
    word = re.sub(r"['’ʼ‘]", "", word)
    word = unicodedata.normalize("NFKD", word)
    word = "".join(ch for ch in word if not unicodedata.combining(ch)).casefold()
    word = TRANSLITERATIONS.get(word, word)
    return _fold_plural(word)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(list("aAzZsS09_'’ʼ‘éÉßİıﬁ\u0301ΣКi")), min_size=1, max_size=10))
def test_fold_word_equals_the_unicode_steps(word: str) -> None:
    assert fold_word.__wrapped__(word) == reference_fold(word)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Attacks", "attack"),
        ("PARTIES", "party"),
        ("Qaeda", "qaida"),
        ("Qa'ida's", "qaida"),
        ("Taleban", "taliban"),
        ("I", "e"),
        ("Houthis", "huthi"),
        ("Café", "cafe"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("2014s", "2014"),
        ("snake_case", "snake_case"),
    ],
)
def test_fold_word_examples(word: str, expected: str) -> None:
    assert fold_word(word) == expected
    assert reference_fold(word) == expected
