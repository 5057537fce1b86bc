"""The Whoosh postings fast path gives exactly what Whoosh's own format gives with our analyzer:
same words, frequencies, weights, positions and character offsets."""

from __future__ import annotations

import pytest
from whoosh import formats

from index.analysis import FoldedCharacters, folded_text_field, folding_analyzer
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
