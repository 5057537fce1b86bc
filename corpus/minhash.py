"""Near-duplicate fingerprints for folding syndicated copies into stories: a MinHash signature
(datasketch) of an article's folded word 3-shingles, its LSH band keys, and similarity."""

from __future__ import annotations

import functools
import hashlib
from typing import TYPE_CHECKING

from corpus.fold import fold_words

NUM_PERM = 64
BANDS = 16  # LSH: 16 bands of 4 values; copies with Jaccard ≥ 0.8 share a band 99.98 % of the time
ROWS = NUM_PERM // BANDS
SAME_STORY = 0.6  # estimated Jaccard similarity of shingles at which two articles are one story
_SEED = 20141117

if TYPE_CHECKING:
    from datasketch import MinHash


@functools.lru_cache(maxsize=1)
def _template() -> MinHash:
    # Imported on first use: datasketch imports scipy (0.8 s), which searching never needs.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED)


def fingerprint(text: str) -> str:
    """Return the MinHash signature of the text as 512 hex digits (64 × 32-bit values)."""
    words = fold_words(text)
    shingles = {" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))}
    template = _template()
    minhash = type(template)(
        num_perm=NUM_PERM, seed=_SEED, permutations=template.permutations, scheme=template.scheme
    )
    minhash.update_batch(list(shingles))
    return "".join(f"{int(value):08x}" for value in minhash.hashvalues)


def _values(signature: str) -> list[str]:
    return [signature[i : i + 8] for i in range(0, len(signature), 8)]


def is_signature(value: str | None) -> bool:
    """Return whether `value` is a fingerprint made by `fingerprint` (old ones are not)."""
    return bool(value) and len(value) == NUM_PERM * 8  # type: ignore[arg-type]


def similarity(first: str, second: str) -> float:
    """Return the estimated Jaccard similarity of two articles' shingles (0..1)."""
    if not (is_signature(first) and is_signature(second)):
        return 0.0
    pairs = zip(_values(first), _values(second), strict=True)
    return sum(a == b for a, b in pairs) / NUM_PERM


def band_keys(signature: str | None) -> list[str]:
    """Return the LSH band keys of a signature: articles sharing one are story candidates."""
    if not is_signature(signature):
        return []
    values = _values(signature)  # type: ignore[arg-type]
    keys = []
    for band in range(BANDS):
        chunk = "".join(values[band * ROWS : (band + 1) * ROWS])
        keys.append(f"{band}-{hashlib.blake2b(chunk.encode(), digest_size=6).hexdigest()}")
    return keys
