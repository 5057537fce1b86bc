"""Near-duplicate fingerprint of an article's text: a 64-bit SimHash over word 3-shingles."""

from __future__ import annotations

import hashlib

from corpus.fold import fold_words

BITS = 64


def simhash(text: str) -> str:
    """Return the SimHash of the text's folded word 3-shingles as 16 hex digits."""
    words = fold_words(text)
    shingles = [" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))]
    weights = [0] * BITS
    for shingle in shingles:
        value = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    result = sum(1 << bit for bit in range(BITS) if weights[bit] > 0)
    return f"{result:016x}"


def distance(first: str, second: str) -> int:
    """Return the number of differing bits between two fingerprints."""
    return (int(first, 16) ^ int(second, 16)).bit_count()
