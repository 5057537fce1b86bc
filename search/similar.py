"""More like this: articles whose text shares an article's most distinctive words, leaving
out the article itself and its near-duplicates (other copies of the same story)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from corpus.article import Article
from corpus.fold import fold_words
from corpus.minhash import SAME_STORY, similarity
from index.base import Engine, EngineQuery
from index.query import Or, Term

CANDIDATE_WORDS = 25  # most frequent words whose rarity is looked up
QUERY_WORDS = 12  # most distinctive words the similar-articles query uses
_STOPWORDS = frozenset(
    """a about after again against all also am an and any are as at be because been before
    being between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more
    most my no nor not now of off on once only or other our out over own said same say says she
    should so some such than that the their them then there these they this those through to
    too under until up very was we were what when where which while who whom why will with
    would you your told according also last new one two three year years week month people
    officials official""".split()
)


@dataclass(frozen=True, slots=True)
class Similar:
    article: Article
    score: float


def distinctive_words(engine: Engine, article: Article) -> list[str]:
    """Return the article's words ranked by frequency in it times rarity in the archive."""
    counts = Counter(
        word
        for word in fold_words(article.title + " " + article.text)
        if len(word) > 2 and word not in _STOPWORDS and not word.isdigit()
    )
    total = max(engine.count(), 1)
    scored = []
    for word, count in counts.most_common(CANDIDATE_WORDS):
        found = engine.search(EngineQuery(Term(word), limit=0, with_facets=False))
        df = max(found.total, 1)
        scored.append((count * math.log(1 + total / df), word))
    scored.sort(reverse=True)
    return [word for _score, word in scored[:QUERY_WORDS]]


def similar_articles(engine: Engine, article: Article, limit: int = 5) -> list[Similar]:
    """Return up to `limit` articles most like `article`, without its own copies."""
    words = distinctive_words(engine, article)
    if not words:
        return []
    query = Or(tuple(Term(word) for word in words))
    found = engine.search(
        EngineQuery(query, limit=limit + 10, with_facets=False, with_snippets=False)
    )
    similar = []
    for hit in found.hits:
        other = hit.article
        if other.id == article.id or _same_story(article, other):
            continue
        similar.append(Similar(other, hit.score))
        if len(similar) >= limit:
            break
    return similar


def _same_story(first: Article, second: Article) -> bool:
    if first.story and first.story == second.story:
        return True
    return similarity(first.fingerprint or "", second.fingerprint or "") >= SAME_STORY
