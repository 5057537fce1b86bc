"""Near-duplicate fingerprint of an article's text: a 64-bit SimHash over word 3-shingles."""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache

from corpus.fold import fold_word, iter_words

BITS = 64
# Folding is the slow part of fingerprinting, and news text repeats its words: remember them.
_fold = lru_cache(maxsize=1 << 16)(fold_word)


def simhash(text: str) -> str:
    """Return the SimHash of the text's folded word 3-shingles as 16 hex digits."""
    words = [_fold(word) for word, _start, _end in iter_words(text)]
    shingles = Counter(" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2)))
    # One 64-character bit string per distinct shingle, repeated by its count; column n of the
    # joined strings holds bit 63-n of every shingle, so a slice counts the ones of one bit.
    rows = "".join(
        format(int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big"), "064b")
        * count
        for s, count in shingles.items()
    )
    total = sum(shingles.values())
    result = 0
    for bit in range(BITS):
        if 2 * rows[BITS - 1 - bit :: BITS].count("1") > total:
            result |= 1 << bit
    return f"{result:016x}"


def distance(first: str, second: str) -> int:
    """Return the number of differing bits between two fingerprints."""
    return (int(first, 16) ^ int(second, 16)).bit_count()
