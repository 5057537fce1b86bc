"""Article body extraction on small hand-written pages: page furniture removed before
trafilatura runs, and the fallbacks when its result misses the page's main text."""

from __future__ import annotations

from corpus.furniture import remove_furniture
from corpus.html import parse_tree

_STORY = (
    "The ferry to the island ran twice a day all summer, and the harbour office said the "
    "second boat would stay on the timetable until the end of October this year."
)


def _paragraphs(html: str) -> list[str]:
    tree = parse_tree(html, source="inline")
    remove_furniture(tree)
    return [" ".join(p.text_content().split()) for p in tree.iter("p")]


def test_unclosed_button_keeps_the_page_it_swallowed() -> None:
    # The parser hangs everything after an unclosed <button> inside it.
    story = "".join(f"<p>{_STORY} ({n})</p>" for n in range(15))
    assert _paragraphs(
        f"<html><body><button class='menu'>Menu<main>{story}</main></body></html>"
    ) == [f"{_STORY} ({n})" for n in range(15)]


def test_small_buttons_and_share_bars_go() -> None:
    assert _paragraphs(
        "<html><body><button><p>Share this</p></button>"
        "<div class='Share-Bar'><p>Tweet</p></div>"
        f"<p>{_STORY}</p></body></html>"
    ) == [_STORY]
