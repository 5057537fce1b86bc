"""~200 fixed benchmark queries drawn from the generated corpus itself (deterministic by seed):
single words, two-word AND, exact phrases, rare words, very common words, group filters and
date ranges. Each query is the API's parameters, e.g. {"q": "minister", "group": ["Hamas"]}."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable

from corpus.article import Article

_WORD = re.compile(r"[A-Za-z]{4,}")
_STOP = {
    "that", "with", "have", "this", "from", "they", "were", "been", "which", "their", "said",
    "there", "will", "would", "also", "more", "than", "about", "when", "some", "what", "into",
}  # fmt: skip


def build_queries(sample: Iterable[Article], groups: list[str], seed: int = 7) -> list[dict]:
    """Return the fixed query set built from a sample of the corpus (the first 2,000 articles)."""
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for article in sample:
        words = [w.lower() for w in _WORD.findall(article.text)]
        counts.update(w for w in words if w not in _STOP)
        bigrams.update(
            (a, b) for a, b in zip(words, words[1:], strict=False) if {a, b}.isdisjoint(_STOP)
        )
    ranked = [word for word, _n in counts.most_common()]
    common = ranked[:30]
    middle = ranked[200:2000]
    rare = [word for word, n in counts.items() if n == 2]
    rare.sort()
    phrases = [pair for pair, n in bigrams.most_common(400) if n > 3]
    queries: list[dict] = []
    queries += [{"kind": "common", "q": word} for word in common]
    queries += [{"kind": "word", "q": word} for word in rng.sample(middle, 40)]
    queries += [{"kind": "rare", "q": word} for word in rng.sample(rare, 30)]
    for _ in range(30):
        first, second = rng.sample(middle[:600], 2)
        queries.append({"kind": "and", "q": f"{first} {second}"})
    queries += [{"kind": "phrase", "q": f'"{a} {b}"'} for a, b in rng.sample(phrases, 30)]
    queries += [
        {"kind": "group", "q": rng.choice(["", rng.choice(middle)]), "group": [name]}
        for name in rng.sample(groups, 20)
    ]
    for _ in range(20):
        year = rng.randint(2010, 2020)
        queries.append(
            {
                "kind": "dates",
                "q": rng.choice(common + middle[:300]),
                "date_from": f"{year}-{rng.randint(1, 6):02d}",
                "date_to": f"{year + rng.randint(0, 2)}-{rng.randint(7, 12):02d}",
            }
        )
    return queries
