"""The main block of a plain-text capture: the run of lines that holds the article's prose,
found as the best-scoring contiguous span (prose lines score their words, other lines cost)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)]*$")
# A line of this many words, or of a few words that ends a sentence, reads as prose.
PROSE_WORDS = 12
SHORT_PROSE_WORDS = 6
# What a non-prose line (menu item, link, headline of another story) costs inside the span.
LINE_COST = 3


def _score(line: str) -> float:
    words = len(line.split())
    if words >= PROSE_WORDS or (words >= SHORT_PROSE_WORDS and _SENTENCE_END.search(line)):
        return words
    if words >= SHORT_PROSE_WORDS:
        return 0  # a standfirst or subheading: kept when it touches the prose, never a reason
    return -LINE_COST


def main_block(lines: list[str]) -> list[str]:
    """Return the contiguous lines with the highest total score (all lines when none scores)."""
    best, best_span = 0.0, (0, len(lines))
    total, start = -1.0, 0
    for n, line in enumerate(lines):
        if total < 0:
            total, start = 0.0, n
        total += _score(line)
        if total > best:
            best, best_span = total, (start, n + 1)
    return lines[best_span[0] : best_span[1]]
