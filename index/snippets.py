"""Snippets and title marks computed from an article's stored text, for engines that keep no
character offsets of their own (tantivy): the same fragmenter, scorer and formatter as the
Whoosh engine, fed with the query's matches found by `corpus.fold`."""

from __future__ import annotations

import re

from whoosh import highlight

from corpus.article import Article
from corpus.fold import WORD_PATTERN, fold_word, spaced_words, words
from index.highlight import (
    MarkFormatter,
    MatchSpec,
    PassageFragmenter,
    lead_snippet,
    mark_text,
)

_WORDS = re.compile(WORD_PATTERN)  # the words of corpus.fold.iter_words
_group = re.Match.group  # a match's whole text
MAX_CHARS = 240  # the passage length the Whoosh engine uses
SURROUND = 90
FOLD_CACHE_WORDS = 1_000_000


class _FoldCache(dict):
    """Folded form per word. Folding is the cost of indexing and marking from Python, and news
    vocabulary repeats, so each distinct word is folded once (a dict hit runs in C)."""

    def __missing__(self, word: str) -> str:
        if len(self) >= FOLD_CACHE_WORDS:
            self.clear()
        folded = self[word] = fold_word(word)
        return folded


_folds = _FoldCache()


def folded_text(text: str) -> str:
    """Return the text's words folded as `corpus.fold.fold_words` does, joined by spaces."""
    return " ".join(map(_folds.__getitem__, words(text)))


def mark_hit(
    article: Article, title_spec: MatchSpec, text_spec: MatchSpec | None, count: int = 3
) -> tuple[str, tuple[str, ...]]:
    """Return the escaped, marked title and up to `count` marked passages of the text (the
    lead of the text when no passage matches; no passages when `text_spec` is None)."""
    title_html = mark_text(article.title, title_spec)
    if text_spec is None:
        return title_html, ()
    found = passages(article.text, text_spec, count)
    return title_html, tuple(found or [lead_snippet(article.text)])


def _positions(folded: list[str], present: set[str]) -> list[int]:
    """Return the indexes of the present words in `folded`, in order (list.index runs in C)."""
    found = []
    for word in present:
        i = folded.index(word)
        while True:
            found.append(i)
            try:
                i = folded.index(word, i + 1)
            except ValueError:
                break
    found.sort()
    return found


def _spans_in_spaced(spaced: str, surfaces: list[str], hits: list[int]) -> list[tuple[int, int]]:
    """Return the (start, end) of the hit words in `spaced` (`corpus.fold.spaced_words`), whose
    `split()` is `surfaces`. Every occurrence of a hit's word is a hit (a match depends on the
    word alone), so its k-th hit is its k-th whole-word occurrence."""
    spans = []
    resume: dict[str, int] = {}
    size = len(spaced)
    for i in hits:
        word = surfaces[i]
        start = spaced.find(word, resume.get(word, 0))
        end = start + len(word)
        while (start and spaced[start - 1] != " ") or (end < size and spaced[end] != " "):
            start = spaced.find(word, start + 1)
            end = start + len(word)
        resume[word] = end
        spans.append((start, end))
    return spans


def passages(text: str, spec: MatchSpec, count: int) -> list[str]:
    """Return the `count` best passages of `text` with the spec's matches marked, in text order."""
    wanted = spec.words | {word for phrase in spec.phrases for word in phrase}
    # the words and their folds collected in C (no Python code per word)
    spaced = spaced_words(text)
    if spaced is None:  # letters outside ASCII: the word pattern's words and offsets
        matches = list(_WORDS.finditer(text))
        surfaces = list(map(_group, matches))
    else:
        surfaces = spaced.split()
    folded = list(map(_folds.__getitem__, surfaces))
    if spec.prefixes:
        hits = [i for i, f in enumerate(folded) if f in wanted or f.startswith(spec.prefixes)]
    else:
        hits = _positions(folded, wanted.intersection(folded))
    if not hits:
        return []
    if spaced is None:
        spans = [matches[i].span() for i in hits]
    else:
        spans = _spans_in_spaced(spaced, surfaces, hits)
    tokens = [
        highlight.Token(text=folded[i], startchar=start, endchar=end, matched=True)
        for i, (start, end) in zip(hits, spans, strict=True)
    ]
    fragmenter = PassageFragmenter(maxchars=MAX_CHARS, surround=SURROUND, autotrim=True, spec=spec)
    fragments = highlight.top_fragments(
        fragmenter.fragment_matches(text, tokens),
        count,
        highlight.BasicFragmentScorer(),
        highlight.FIRST,
        minscore=1,
    )
    return MarkFormatter().format(fragments)
