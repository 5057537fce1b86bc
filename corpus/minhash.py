"""Near-duplicate fingerprints for folding syndicated copies into stories: a MinHash signature
(datasketch) of an article's folded word 3-shingles, its LSH band keys, and similarity."""

from __future__ import annotations

import functools
import hashlib

import numpy as np

from corpus.fold import fold_words

NUM_PERM = 64
BANDS = 16  # LSH: 16 bands of 4 values; copies with Jaccard ≥ 0.8 share a band 99.98 % of the time
ROWS = NUM_PERM // BANDS
SAME_STORY = 0.6  # estimated Jaccard similarity of shingles at which two articles are one story
_SEED = 20141117

_DIGEST = type(hashlib.sha1()).digest
_SHA1_WORDS = 5  # a SHA-1 digest is five 32-bit words; datasketch keeps the first
# datasketch's `_fmix` for 32 bits (MurmurHash3's finalizer): shifts 16, 13, 16
_FMIX_SHIFTS = (np.uint32(16), np.uint32(13))
_FMIX_MULTIPLIERS = (np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35))


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Return datasketch's (a, b) affine32 permutation parameters for our seed (uint32 arrays)."""
    # Imported on first use: datasketch imports scipy (0.8 s), which searching never needs.
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme="affine32").permutations
    return a, b


def fingerprint(text: str) -> str:
    """Return the MinHash signature of the text as 512 hex digits (64 × 32-bit values).

    The values are datasketch's `MinHash(num_perm=64, seed=20141117)` (scheme affine32) updated
    with the UTF-8 shingles, computed here without its per-shingle Python calls: SHA-1 of every
    shingle (its first 4 bytes, little-endian), the MurmurHash3 finalizer, then
    min(a * h + b mod 2**32) per permutation, all as datasketch does.
    """
    words = fold_words(text)
    if len(words) < 3:
        shingles = {" ".join(words)}
    else:
        shingles = {
            f"{a} {b} {c}" for a, b, c in zip(words[:-2], words[1:-1], words[2:], strict=True)
        }
    digests = b"".join(map(_DIGEST, map(hashlib.sha1, map(str.encode, shingles))))
    hashed = np.frombuffer(digests, dtype="<u4")[::_SHA1_WORDS].astype(np.uint32)
    hashed ^= hashed >> _FMIX_SHIFTS[0]
    hashed *= _FMIX_MULTIPLIERS[0]
    hashed ^= hashed >> _FMIX_SHIFTS[1]
    hashed *= _FMIX_MULTIPLIERS[1]
    hashed ^= hashed >> _FMIX_SHIFTS[0]
    a, b = _permutations()
    permuted = np.multiply.outer(a, hashed)  # uint32: wraps modulo 2**32, as datasketch's
    permuted += b[:, np.newaxis]
    values = permuted.min(axis=1)  # along rows: numpy's fastest reduction
    return values.astype(">u4").tobytes().hex()


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
