"""Article body extraction on small hand-written pages: page furniture removed before
trafilatura runs, and the fallbacks when its result misses the page's main text."""

from __future__ import annotations

import pytest
from lxml.html import HtmlElement

import corpus.html
from corpus.furniture import remove_furniture
from corpus.html import _add_main_block, _looks_short, _quick_tree, parse_html, parse_tree

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


def _body_text(html: str) -> str:
    return parse_html(html, source="inline").text


def _sentence(topic: str, n: int) -> str:
    return (
        f"Report {n} on the {topic} says the council met again on Tuesday evening and agreed "
        f"that the work on the {topic} would go on through the winter months, as planned."
    )


def test_main_text_block_left_out_by_the_extractor_is_added_in_page_order() -> None:
    # The story runs over two containers; the first looks like a teaser list to trafilatura.
    first = [_sentence("harbour wall", n) for n in range(6)]
    second = [_sentence("ferry pier", n) for n in range(3)]
    html = (
        "<html><head><title>Harbour works</title></head><body><h1>Harbour works</h1>"
        "<div class='teaser-list'>" + "".join(f"<p>{p}</p>" for p in first) + "</div>"
        "<article><div class='article-body'>"
        + "".join(f"<p>{p}</p>" for p in second)
        + "</div></article></body></html>"
    )
    assert _body_text(html) == "\n\n".join([*first, *second])


def test_scrap_of_a_page_full_of_paragraphs_gives_the_page_paragraphs() -> None:
    # Each stop's paragraph sits in a card of its own inside a part trafilatura drops (a footer
    # here): it keeps the lead only, a scrap of the page's paragraphs.
    stops = [_sentence(f"stop number {n}", n) for n in range(20)]
    html = (
        "<html><head><title>Bus stops</title></head><body><h1>Bus stops</h1>"
        f"<div class='article-body'><p>{_STORY}</p></div><footer>"
        + "".join(f"<div><p>{p}</p></div>" for p in stops)
        + "</footer></body></html>"
    )
    assert _body_text(html) == "\n\n".join([_STORY, *stops])


def test_form_controls_parse_as_plain_elements_and_keep_their_text_rules() -> None:
    # The parser hands out one element class for every tag (no form-handling classes).
    tree = parse_tree(
        "<html><body><form><label>Find</label><input name='q'><select><option>All</option>"
        f"</select></form><p>{_STORY}</p></body></html>",
        source="inline",
    )
    assert {type(element).__name__ for element in tree.iter()} == {"HtmlElement"}
    remove_furniture(tree)
    assert [" ".join(p.text_content().split()) for p in tree.iter("p")] == [_STORY]


def test_quick_pass_copy_leaves_out_what_trafilatura_deletes_unless_it_holds_the_page() -> None:
    tree = parse_tree(
        "<html><body><nav><a href='/'>Home</a></nav><aside><p>Most read</p></aside>"
        "<figure><img src='a.jpg'></figure><figure><table><tr><td>Votes</td></tr></table></figure>"
        f"<article><p>{_STORY}</p></article><footer><p>About us</p></footer></body></html>",
        source="inline",
    )
    quick = _quick_tree(tree, len(tree.text_content()))
    assert [element.tag for element in quick.find("body")] == ["figure", "article"]
    assert len(tree.find("body")) == 6  # the page itself is left whole for the full cascade
    swallowed = parse_tree(
        f"<html><body><nav class='menu'><a href='/'>Home</a><p>{_STORY}</p></body></html>",
        source="inline",
    )
    assert [element.tag for element in _quick_tree(swallowed, 300).find("body")] == ["nav"]


def test_article_inside_an_unclosed_nav_is_still_found() -> None:
    story = [_sentence("harbour wall", n) for n in range(8)]
    html = (
        "<html><head><title>Harbour works</title></head><body><nav class='menu'>"
        "<a href='/'>Home</a><a href='/news'>News</a><h1>Harbour works</h1>"
        + "".join(f"<p>{p}</p>" for p in story)
        + "</body></html>"
    )
    assert _body_text(html) == "\n\n".join(story)


def test_main_block_is_added_only_when_the_extraction_leaves_most_of_its_words_out() -> None:
    block = [_sentence("harbour wall", n) for n in range(5)]
    page = ["Most read", *block]
    # held word for word, or in other line breaks: not added again
    assert _add_main_block(block[:3], page, block) == block[:3]
    assert _add_main_block([" ".join(block[:3])], page, block) == [" ".join(block[:3])]
    # mostly missing: added in page order (the block comes after the extraction's paragraph)
    assert _add_main_block(["Most read", block[0]], page, block) == ["Most read", block[0], *block]


def test_quick_pass_runs_in_recall_mode_when_lists_and_subheadings_stand_among_the_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modes: list[bool] = []

    def record(tree: HtmlElement, url: str | None, *, fast: bool, recall: bool) -> list[str]:
        modes.append(recall)  # stands in for trafilatura: the page's <p>s
        return [p.text_content() for p in tree.iter("p")]

    monkeypatch.setattr(corpus.html, "_run_trafilatura", record)
    story = "".join(f"<p>{_sentence('harbour wall', n)}</p>" for n in range(4))
    steps = "<ul>" + "".join(f"<li>Step {n}: check the tide tables first</li>" for n in range(4))
    aside = "<div><ul><li>Home</li><li>News</li><li>Sport</li><li>Weather</li></ul></div>"
    for block, recall in (
        (f"{story}<h2>What the crews do</h2>{steps}</ul>", True),  # 35 of 140 words
        (f"{story}{aside}", False),  # a menu list nested deeper
        (story, False),
    ):
        modes.clear()
        parse_html(f"<html><body><h1>Harbour</h1><div>{block}</div></body></html>", source="x")
        assert modes[0] is recall


def test_full_cascade_runs_only_when_the_quick_pass_looks_like_a_scrap() -> None:
    # (quick pass words, page <p> words, body words)
    assert _looks_short(90, 100, 200)  # under 100 words
    assert _looks_short(300, 1000, 2000)  # under half the <p> words and a fifth of the body
    assert _looks_short(300, 200, 4000)  # under a tenth of the body: its text is not in <p>s
    assert not _looks_short(300, 1000, 1200)  # under half the <p> words, most of the body
    assert not _looks_short(300, 200, 2000)  # all the <p> words, over a tenth of the body


def test_cookie_policy_tables_and_trending_strips_go() -> None:
    assert _paragraphs(
        "<html><body><div class='trending_slider'><p>Ten foods for longer hair</p></div>"
        f"<article><p>{_STORY}</p></article><div class='cli-tab'><table "
        "class='cookielawinfo-row-cat-table'><tr><td><p>This cookie is set by a plugin</p></td>"
        "</tr></table></div></body></html>"
    ) == [_STORY]


def test_a_long_disclaimer_in_the_footer_is_not_the_main_text_block() -> None:
    # The story's paragraphs sit in a box each, so the footer's block has the most <p> words.
    story = [_sentence("harbour wall", n) for n in range(6)]
    disclaimer = [
        f"Notice {n}: this material is for general information only and is not advice; consult "
        "a qualified adviser before you act on it, as rules may change without notice, and "
        "the firm cannot be held liable for any use of what is written on these pages."
        for n in range(3)
    ]
    html = (
        "<html><head><title>Harbour works</title></head><body><h1>Harbour works</h1><article>"
        + "".join(f"<div class='box'><p>{p}</p></div>" for p in story)
        + "</article><footer><div class='legal'>"
        + "".join(f"<p>{p}</p>" for p in disclaimer)
        + "</div></footer></body></html>"
    )
    assert _body_text(html) == "\n\n".join(story)


def test_accessibility_toolbars_and_add_to_calendar_buttons_go() -> None:
    assert _paragraphs(
        "<html><body><div class='accessibility-text'><p>Font size options</p></div>"
        "<div class='pojo-a11y-toolbar-overlay'><p>Grayscale</p></div>"
        f"<article><p>{_STORY}</p><span class='addtocalendar'><var class='atc_event'>"
        "<p>2023-01-10 10:30:00</p></var></span></article></body></html>"
    ) == [_STORY]


def test_template_placeholder_cards_go() -> None:
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
    card = (
        f"<div class='col'><h5>Head Line</h5><p>{filler}</p><ul><li>Lorem ipsum 1</li>"
        "<li>Lorem ipsum 2</li></ul><a href='#'>Learn More</a></div>"
    )
    assert _paragraphs(
        f"<html><body><article><p>{_STORY}</p><div class='row'>{card}{card}</div>"
        f"<h3>Lorem Ipsum</h3><p>{filler}</p></article></body></html>"
    ) == [_STORY]


def test_subheadings_the_extraction_left_out_are_put_back_before_their_paragraphs() -> None:
    # No container looks like an article's to trafilatura: its wild-text recovery takes the
    # <p>s only.
    story = []
    for topic in ("harbour wall", "ferry pier", "lighthouse"):
        story.append(f"Works on the {topic}")
        story += [_sentence(topic, n) for n in range(3)]
    html = (
        "<html><head><title>Harbour works</title></head><body><h1>Harbour works</h1>"
        "<div class='rich-text'>"
        + "".join(f"<h3>{p}</h3>" if p.startswith("Works") else f"<p>{p}</p>" for p in story)
        + "</div></body></html>"
    )
    assert _body_text(html) == "\n\n".join(story)


def test_author_boxes_go() -> None:
    assert _paragraphs(
        f"<html><body><article><p>{_STORY}</p><div class='post-author-box-wrap'><p>Sam writes "
        "about boats and has sailed round the island twice.</p></div></article>"
        "<div class='author_bio'><p>More by Sam</p></div></body></html>"
    ) == [_STORY]


def test_call_to_action_boxes_go() -> None:
    assert _paragraphs(
        f"<html><body><article><p>{_STORY}</p><div class='article-cta-box'><p>Enjoyed this "
        "piece? Give what you can.</p></div><div class='hs_cos_wrapper_type_cta'><p>Book a demo"
        "</p></div></article></body></html>"
    ) == [_STORY]


def test_main_block_is_added_with_the_other_boxes_of_its_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pitch = (
        "Centralise, simplify and scale your training with our platform: book a demo today and "
        "see how the whole team can save time on admin and spend it on the work that matters."
    )
    monkeypatch.setattr(corpus.html, "_run_trafilatura", lambda *args, **kwargs: [pitch])
    first = [_sentence("harbour wall", n) for n in range(2)]
    second = [_sentence("ferry pier", n) for n in range(5)]
    html = (
        "<html><body><h1>Harbour</h1><div class='story-box'>"
        + "".join(f"<p>{p}</p>" for p in first)
        + f"</div><div class='promo'>{pitch}</div><div class='story-box'>"
        + "".join(f"<p>{p}</p>" for p in second)
        + "</div></body></html>"
    )
    assert _body_text(html) == "\n\n".join([*first, *second, pitch])


def test_a_list_of_sources_goes_with_its_heading() -> None:
    assert _paragraphs(
        f"<html><body><article><p>{_STORY}</p><div class='notes'><h4>References</h4><ol><li><p>"
        "Harbour Board. Annual report. 2019;4(2):1-9.</p></li></ol></div></article></body></html>"
    ) == [_STORY]
