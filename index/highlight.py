"""Highlight markup: page text HTML-escaped, only `<mark>…</mark>` added."""

from __future__ import annotations

import html
import re

from whoosh import highlight

from corpus.fold import fold_word

_ADJACENT_MARKS = re.compile(r"</mark>([\s\-‐‑–]+)<mark>")

SNIPPET_CHARS = 240


class MarkFormatter(highlight.Formatter):
    """Formats each fragment as escaped text with matches in <mark>; `format` returns a list."""

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
    """Pinpoint fragments (from stored character offsets) that never overlap each other.

    Matches of `stray` words (words the query wants only inside an exact phrase) count only
    next to another match, so a lone "e" does not make a passage for "Lashkar-e-Jhangvi".
    """

    def __init__(self, *args: object, stray: frozenset[str] = frozenset(), **kwargs: object):
        super().__init__(*args, **kwargs)
        self.stray = stray

    def _drop_stray(self, tokens: list) -> list:
        if not self.stray:
            return tokens
        kept = []
        for n, token in enumerate(tokens):
            before = tokens[n - 1] if n else None
            after = tokens[n + 1] if n + 1 < len(tokens) else None
            near = (before is not None and token.startchar - before.endchar <= 3) or (
                after is not None and after.startchar - token.endchar <= 3
            )
            if token.text not in self.stray or near:
                kept.append(token)
        return kept

    def fragment_matches(self, text: str, tokens: list) -> object:
        previous_end = 0
        for fragment in super().fragment_matches(text, self._drop_stray(list(tokens))):
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


def join_marks(marked: str) -> str:
    """Return marked HTML with marks joined across spaces and hyphens: <mark>Islamic State</mark>,
    <mark>Lashkar-e-Jhangvi</mark>."""
    return _ADJACENT_MARKS.sub(r"\1", marked)


_SINGLE_MARK = re.compile(r"<mark>([^<\s\-‐‑–]+)</mark>")


def unmark_words(marked: str, words: frozenset[str]) -> str:
    """Return marked HTML with lone marks of `words` removed (phrase words outside the phrase)."""
    if not words:
        return marked

    def keep_or_drop(match: re.Match[str]) -> str:
        plain = html.unescape(match.group(1))
        return match.group(1) if fold_word(plain) in words else match.group(0)

    return _SINGLE_MARK.sub(keep_or_drop, marked)


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
