"""Snippets and title marks computed from an article's stored text, for engines that keep no
character offsets of their own (tantivy): the same fragmenter, scorer and formatter as the
Whoosh engine, fed with the query's matches found by `corpus.fold`."""

from __future__ import annotations

from whoosh import highlight

from corpus.article import Article
from corpus.fold import fold_word, iter_words
from index.highlight import (
    MarkFormatter,
    MatchSpec,
    PassageFragmenter,
    lead_snippet,
    mark_text,
    match_spec,
)
from index.query import Node

MAX_CHARS = 240  # the passage length the Whoosh engine uses
SURROUND = 90


def mark_hit(
    article: Article, query: Node, with_snippets: bool = True, count: int = 3
) -> tuple[str, tuple[str, ...]]:
    """Return the escaped, marked title and up to `count` marked passages of the text
    (the lead of the text when no passage matches)."""
    title_html = mark_text(article.title, match_spec(query, "title"))
    if not with_snippets:
        return title_html, ()
    found = passages(article.text, match_spec(query, "text"), count)
    return title_html, tuple(found or [lead_snippet(article.text)])


def passages(text: str, spec: MatchSpec, count: int) -> list[str]:
    """Return the `count` best passages of `text` with the spec's matches marked, in text order."""
    wanted = spec.words | {word for phrase in spec.phrases for word in phrase}
    tokens = []
    for word, start, end in iter_words(text):
        folded = fold_word(word)
        if folded in wanted or (spec.prefixes and folded.startswith(spec.prefixes)):
            tokens.append(highlight.Token(text=folded, startchar=start, endchar=end, matched=True))
    if not tokens:
        return []
    fragmenter = PassageFragmenter(maxchars=MAX_CHARS, surround=SURROUND, autotrim=True, spec=spec)
    fragments = highlight.top_fragments(
        fragmenter.fragment_matches(text, tokens),
        count,
        highlight.BasicFragmentScorer(),
        highlight.FIRST,
        minscore=1,
    )
    return MarkFormatter().format(fragments)
