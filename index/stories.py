"""Folding syndicated copies into stories at ingest: an article joins the story of the most
similar indexed (or same-batch) article when their fingerprints say they are one text."""

from __future__ import annotations

from dataclasses import replace

from corpus.article import Article
from corpus.minhash import SAME_STORY, band_keys, similarity
from index.base import Engine, StoryMember


def assign_stories(articles: list[Article], engine: Engine) -> list[Article]:
    """Return the articles with `story` set: an existing copy's story, else their own id."""
    batch: dict[str, list[StoryMember]] = {}
    assigned = []
    for article in articles:
        keys = band_keys(article.fingerprint)
        story = article.id
        if keys:
            candidates = engine.story_candidates(keys)
            candidates += [member for key in keys for member in batch.get(key, ())]
            story = _best_story(article, candidates)
            member = StoryMember(article.id, story, article.fingerprint or "")
            for key in keys:
                batch.setdefault(key, []).append(member)
        assigned.append(replace(article, story=story))
    return assigned


def _best_story(article: Article, candidates: list[StoryMember]) -> str:
    best, best_score = article.id, SAME_STORY
    for member in candidates:
        if member.article_id == article.id:
            return member.story  # re-ingested: it keeps its story
        score = similarity(article.fingerprint or "", member.fingerprint)
        if score > best_score or (score == best_score and best == article.id):
            best, best_score = member.story, score
    return best
