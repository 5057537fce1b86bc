"""Highlighting shared by every engine and the article page: which words of a text match a
query (exact phrases only where the whole phrase stands), and the markup: page text
HTML-escaped, only `<mark>…</mark>` added, neighbouring marks joined."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import highlight

from corpus.fold import fold_word, fold_words, iter_words
from index.query import And, Node, Or, Phrase, Prefix, Term

SNIPPET_CHARS = 240
_GAP = 3  # characters between the words of a phrase: a space, a hyphen, "' "
_ADJACENT_MARKS = re.compile(r"</mark>([\s\-‐‑–]+)<mark>")


@dataclass(frozen=True, slots=True)
class MatchSpec:
    """What a query looks for in one field, as folded words."""

    words: frozenset[str] = frozenset()  # wanted wherever they stand
    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()  # wanted only as the whole phrase


def match_spec(node: Node, field: str) -> MatchSpec:
    """Return what the query tree looks for in `field` (negated parts left out)."""
    words: set[str] = set()
    prefixes: list[str] = []
    phrases: set[tuple[str, ...]] = set()

    def visit(item: Node) -> None:
        if isinstance(item, Term | Phrase) and item.field in (None, field):
            folded = tuple(fold_words(item.text))
            if len(folded) > 1 and (isinstance(item, Term) or item.slop == 0):
                phrases.add(folded)
            else:
                words.update(folded)
        elif isinstance(item, Prefix) and item.field in (None, field):
            prefixes.append(fold_word(item.text))
        elif isinstance(item, And | Or):
            for child in item.children:
                visit(child)
        # Not: its words are what an article must not have; nothing to mark.

    visit(node)
    return MatchSpec(frozenset(words), tuple(prefixes), tuple(sorted(phrases)))


def select_matches(tokens: list[tuple[str, int, int]], spec: MatchSpec) -> list[int]:
    """Return the indexes of the (folded word, start, end) tokens that match the spec."""
    keep = [
        folded in spec.words or (bool(spec.prefixes) and folded.startswith(spec.prefixes))
        for folded, _start, _end in tokens
    ]
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in spec.phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    if by_first:
        for i, (folded, _start, _end) in enumerate(tokens):
            for phrase in by_first.get(folded, ()):
                j = i + len(phrase)
                if j <= len(tokens) and all(
                    tokens[i + k][0] == phrase[k]
                    and (k == 0 or tokens[i + k][1] - tokens[i + k - 1][2] <= _GAP)
                    for k in range(len(phrase))
                ):
                    keep[i:j] = [True] * len(phrase)
    return [i for i, kept in enumerate(keep) if kept]


def mark_text(text: str, spec: MatchSpec) -> str:
    """Return `text` HTML-escaped with the spec's matches wrapped in <mark>."""
    tokens = [(fold_word(word), start, end) for word, start, end in iter_words(text)]
    out: list[str] = []
    last = 0
    for i in select_matches(tokens, spec):
        _folded, start, end = tokens[i]
        out.append(html.escape(text[last:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return join_marks("".join(out))


def join_marks(marked: str) -> str:
    """Return marked HTML with marks joined across spaces and hyphens: <mark>Islamic State</mark>,
    <mark>Lashkar-e-Jhangvi</mark>."""
    return _ADJACENT_MARKS.sub(r"\1", marked)


def escape_plain(text: str) -> str:
    """Return page text as safe HTML with no markup at all."""
    return html.escape(text, quote=True)


def lead_snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Return the escaped opening of a text, cut at a word boundary, for hits without matches."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return escape_plain(flat)
    cut = flat.rfind(" ", 0, limit)
    return escape_plain(flat[: cut if cut > 0 else limit]) + " …"


class MarkFormatter(highlight.Formatter):
    """Whoosh formatter: escaped text with matches in <mark>; `format` returns a list."""

    def _text(self, text: str) -> str:
        return html.escape(text, quote=True)

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return "<mark>" + self._text(highlight.get_text(text, token, replace)) + "</mark>"

    def format_fragment(self, fragment: highlight.Fragment, replace: bool = False) -> str:
        body = super().format_fragment(fragment, replace=replace)
        body = join_marks(" ".join(body.split()))  # paragraph breaks read as spaces here
        if fragment.startchar > 0:
            body = "… " + body
        if fragment.endchar < len(fragment.text.rstrip()):
            body = body + " …"
        return body

    def format(self, fragments: list, replace: bool = False) -> list[str]:  # type: ignore[override]
        return [self.format_fragment(fragment, replace=replace) for fragment in fragments]


class PassageFragmenter(highlight.PinpointFragmenter):
    """Whoosh pinpoint fragments (from stored character offsets) that never overlap, built
    only from real matches: a word of an exact phrase counts only inside the whole phrase."""

    def __init__(self, *args: object, spec: MatchSpec | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec

    def fragment_matches(self, text: str, tokens: Iterable) -> object:
        tokens = sorted(tokens, key=lambda token: token.startchar)
        if self.spec is not None:
            triples = [(token.text, token.startchar, token.endchar) for token in tokens]
            tokens = [tokens[i] for i in select_matches(triples, self.spec)]
        previous_end = 0
        for fragment in super().fragment_matches(text, tokens):
            first = fragment.matches[0].startchar
            if fragment.startchar < previous_end:
                start = min(previous_end, first)
                space = text.find(" ", start, first)
                fragment.startchar = space + 1 if space >= 0 else start
            # Reach the text's very start or end rather than stop a word or two short of it.
            if fragment.startchar and " " not in text[: fragment.startchar].strip():
                fragment.startchar = 0
            if " " not in text[fragment.endchar :].strip():
                fragment.endchar = len(text)
            previous_end = fragment.endchar
            yield fragment
