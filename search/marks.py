"""Highlighting a whole article for the article page: the query's matches marked in escaped
text, with the same word folding as the index, so "al Qaeda" marks "al-Qa'ida"."""

from __future__ import annotations

from index.highlight import MatchSpec, mark_text


def mark_paragraphs(text: str, spec: MatchSpec) -> list[str]:
    """Return the article's paragraphs, each escaped and marked."""
    return [mark_text(paragraph, spec) for paragraph in text.split("\n\n") if paragraph.strip()]
