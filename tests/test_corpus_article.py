"""White-space folding: normalize_space (str.split) equals the regular expression it replaced."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.article import normalize_space

# Every character `\s` matches, and a few it does not (zero-width space, BOM, letters).
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))]
ALPHABET = [*SPACES, "\u200b", "\ufeff", "a", "é", "."]


def regex_normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=40))
def test_normalize_space_equals_the_regex(text: str) -> None:
    assert normalize_space(text) == regex_normalize(text)


def test_normalize_space_folds_every_white_space_character() -> None:
    text = "a".join(SPACES) + "b"
    assert normalize_space(text) == "a " * (len(SPACES) - 1) + "b"
    assert normalize_space(" \u200b a\xa0\u2003b\n\u2028") == "\u200b a b"
