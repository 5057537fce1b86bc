"""Publication dates judged by their source, on small pages of our own words: metadata in the
forms publishers write, <time> tags in comments and teaser lists, the date line by the
headline, and htmldate only when another part of the page agrees."""

from __future__ import annotations

import datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml.etree import Element
from lxml.html import HtmlElement

from corpus.html import parse_tree
from corpus.metadata import read_meta
from corpus.pagedate import _LINE_WORDS, _short_line, page_date

STORY = "<p>The council met on Monday and agreed to close the coast road for repairs.</p>" * 3


def _date(html: str, url: str | None = None) -> tuple[datetime.date | None, str | None]:
    tree = parse_tree(html, source="test")
    return page_date(tree, read_meta(tree), url)


def test_metadata_dates_in_other_forms_are_read() -> None:
    found = []
    for key, content in (
        ("citation_publication_date", "2019/1/22"),
        ("published", "July 17, 2025"),
        ("og:article:published_time", "Mon Oct 11 14:57:21 CEST 2021"),
        ("sw-pubdate", "2021-11-19"),
    ):
        html = f'<html><head><meta name="{key}" content="{content}"></head><body>{STORY}</body>'
        found.append(_date(html + "</html>"))
    assert found == [
        (datetime.date(2019, 1, 22), "page metadata (citation_publication_date)"),
        (datetime.date(2025, 7, 17), "page metadata (published)"),
        (datetime.date(2021, 10, 11), "page metadata (og:article:published_time)"),
        (datetime.date(2021, 11, 19), "page metadata (sw-pubdate)"),
    ]


def test_time_tags_in_comments_and_teasers_are_not_the_article_date() -> None:
    html = (
        "<html><body><h1>Coast road closed</h1>"
        + STORY
        + '<section id="comments"><time class="published" datetime="2020-09-23">23.09.</time>'
        "</section>"
        '<div class="related-posts"><time class="entry-date" datetime="2020-09-01">1.9.</time>'
        "</div></body></html>"
    )
    assert _date(html) == (None, None)


def test_date_line_by_the_headline_beats_teaser_times() -> None:
    html = (
        "<html><body><article><h1>Coast road closed</h1><p>By Ann Lee | March 5, 2026</p>"
        + STORY
        + '</article><div class="cards"><time datetime="2025-11-20">Nov 20</time>'
        '<time datetime="2025-11-19">Nov 19</time></div></body></html>'
    )
    assert _date(html) == (datetime.date(2026, 3, 5), "date line by the headline")


def test_htmldate_needs_a_second_source() -> None:
    dated_ld = (
        '<html><head><script type="application/ld+json">{"@type": "WebPage", '
        '"datePublished": "2018-11-22T14:30:24+00:00"}</script></head>'
        "<body><h1>Coast road closed</h1>" + STORY + "</body></html>"
    )
    assert _date(dated_ld) == (datetime.date(2018, 11, 22), "page markup (htmldate, confirmed)")
    updated_only = (
        "<html><body><h1>Coast road closed</h1><div>Updated November 19, 2021</div>"
        + STORY
        + "</body></html>"
    )
    assert _date(updated_only) == (None, None)


def test_url_dates_with_month_names_and_utc_timestamps_on_the_url_day() -> None:
    html = f"<html><body><h1>Coast road closed</h1>{STORY}</body></html>"
    assert _date(html, "https://a.example/blog/2023/october/03/coast-road/") == (
        datetime.date(2023, 10, 3),
        "url",
    )
    late = (
        '<html><head><meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
        f"</head><body><h1>Coast road closed</h1>{STORY}</body></html>"
    )
    assert _date(late, "https://a.example/2020/02/24/coast-road/") == (
        datetime.date(2020, 2, 24),
        "page metadata (article:published_time)",
    )
    assert _date(late, "https://a.example/2020/02/20/coast-road/") == (
        datetime.date(2020, 2, 25),
        "page metadata (article:published_time)",
    )


def test_a_date_the_metadata_gives_only_as_modified_is_refused() -> None:
    html = (
        '<html><head><meta property="article:modified_time" content="2026-02-24T15:17:17+00:00">'
        "</head><body><h1>Coast road closed</h1><p>By Ann Lee, February 24, 2026</p>"
        + STORY
        + "</body></html>"
    )
    assert _date(html) == (None, None)
    published = html.replace(
        "<head>",
        '<head><script type="application/ld+json">{"@type": "WebPage", '
        '"datePublished": "2026-02-24T15:17:17+00:00"}</script>',
    )
    assert _date(published) == (datetime.date(2026, 2, 24), "date line by the headline")


def test_a_post_inside_a_blog_widget_keeps_its_date_line() -> None:
    html = (
        '<html><body><h1>Notes from the coast</h1><div class="widget Blog">'
        + STORY
        + '<p>Posted by Ann <time class="published" datetime="2020-04-28">at 10:00</time></p>'
        '</div><div class="sidebar"><time class="published" datetime="2020-05-02">2 May</time>'
        "</div></body></html>"
    )
    assert _date(html) == (datetime.date(2020, 4, 28), "page metadata (<time> published)")


def test_a_headline_date_line_showing_another_day_leaves_the_page_undated() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2024-09-06T13:12:36+00:00">'
        '<meta property="article:modified_time" content="2025-11-14T06:49:57+00:00"></head>'
        "<body><h1>Coast road closed</h1><p>Ann Lee · November 14, 2025</p>"
        + STORY
        + "</body></html>"
    )
    assert _date(html) == (None, None)
    shown = html.replace("November 14, 2025", "September 6, 2024")
    assert _date(shown) == (datetime.date(2024, 9, 6), "page metadata (article:published_time)")
    other_day = html.replace("November 14, 2025", "March 9, 2024")
    assert _date(other_day) == (None, None)
    next_day = html.replace("November 14, 2025", "September 7, 2024")  # a time-zone shift
    assert _date(next_day) == (datetime.date(2024, 9, 6), "page metadata (article:published_time)")


def test_a_url_month_rules_out_a_confirmation_from_another_month() -> None:
    def page(day: str) -> str:
        return (
            '<html><head><script type="application/ld+json">{"@type": "WebPage", '
            f'"datePublished": "{day}T10:00:00+02:00"}}</script></head>'
            f"<body><h1>Coast road closed</h1>{STORY}</body></html>"
        )

    url = "https://a.example/2020/04/coast-road.html"
    assert _date(page("2020-04-28"), url) == (
        datetime.date(2020, 4, 28),
        "page markup (htmldate, confirmed)",
    )
    assert _date(page("2020-05-02"), url) == (None, None)


def test_a_visible_published_date_that_contradicts_the_metadata_leaves_the_page_undated() -> None:
    meta = '<meta name="date" content="2022-01-21T09:00:00+01:00">'
    marked = '<p><time class="entry-date published" datetime="{day}">{day}</time></p>'
    html = f"<html><head>{meta}</head><body><h1>Coast road closed</h1>{marked}{STORY}</body></html>"
    assert _date(html.format(day="2022-01-27")) == (None, None)
    # a day apart is a time-zone shift; the metadata's own day stands
    assert _date(html.format(day="2022-01-22")) == (
        datetime.date(2022, 1, 21),
        "page metadata (date)",
    )
    # the first <time> and the first date line after the headline agree on another day
    shown = (
        f"<html><head>{meta}</head><body><h1>Coast road closed</h1>"
        '<p><time datetime="2022-01-25">25.01.2022</time></p>' + STORY + "</body></html>"
    )
    assert _date(shown) == (None, None)
    # further down, past the headline's block: a <time> marked as the last change says nothing
    # against the publication date, but WordPress marks a story never changed since it was
    # published "published updated", and that one does
    below = (
        f"<html><head>{meta}</head><body><div><h1>Coast road closed</h1></div>"
        f"<div>{STORY * 2}"
        '<p><time class="{mark}" datetime="2022-01-25">25.01.2022</time></p>'
        f"{STORY * 4}</div></body></html>"
    )
    assert [_date(below.format(mark=mark)) for mark in ("", "updated", "published updated")] == [
        (None, None),
        (datetime.date(2022, 1, 21), "page metadata (date)"),
        (None, None),
    ]


def test_utc_timestamps_fall_on_the_day_of_the_sites_country() -> None:
    def page(stamp: str) -> str:
        return (
            f'<html><head><meta property="article:published_time" content="{stamp}">'
            f"</head><body><h1>Coast road closed</h1>{STORY}</body></html>"
        )

    late, early = page("2020-01-07T23:30:16+00:00"), page("2022-05-04T00:44:52Z")
    assert [
        _date(late, "https://a.example.fr/coast-road/")[0],
        _date(late, "https://a.example.com/coast-road/")[0],  # no country: the UTC day
        _date(early, "https://a.example.com.br/coast-road/")[0],
        _date(early, "https://a.example.de/coast-road/")[0],
        _date(page("2020-01-07T23:30:16+01:00"), "https://a.example.fr/coast-road/")[0],
    ] == [
        datetime.date(2020, 1, 8),
        datetime.date(2020, 1, 7),
        datetime.date(2022, 5, 3),
        datetime.date(2022, 5, 4),
        datetime.date(2020, 1, 7),  # a local timestamp is the publisher's day already
    ]
    # a JSON-LD timestamp that confirms htmldate's day is shifted the same way
    confirmed = (
        '<html><head><script type="application/ld+json">{"@type": "WebPage", '
        '"datePublished": "2022-05-04T02:41:00+00:00"}</script></head>'
        f"<body><h1>Coast road closed</h1>{STORY}</body></html>"
    )
    assert _date(confirmed, "https://a.example.bo/coast-road") == (
        datetime.date(2022, 5, 3),
        "page markup (htmldate, confirmed)",
    )


def test_short_lines_are_read_as_their_whole_text_says() -> None:
    # words split by markup ("2<sup>nd</sup>") join across the seam; a long container is no line
    html = (
        "<html><body><div><h1>Ferry service resumes</h1><p>By <b>Staff</b> | June 2<sup>nd"
        "</sup>, 2021</p><p>" + "word " * 13 + "<i>one</i>two</p>"
        f"<div>{STORY}<span>Filed 3 March 2020</span></div></div></body></html>"
    )
    for element in parse_tree(html, source="test").iter():
        text = element.text_content()
        expected = text if len(text.split()) <= _LINE_WORDS else None
        assert _short_line(element) == expected


def _reference_short_line(element: HtmlElement) -> str | None:
    """_short_line as first written: the whole text, then its words counted."""
    text = "".join(element.itertext())
    return text if len(text.split()) <= _LINE_WORDS else None


# Mostly one-word pieces between tags, which join into longer words across the seams.
_MARKUP = st.sampled_from(
    ["x", "x", "x", "x", "2021", "", " ", "\n  ", "<b>", "</b>", "<i>", "</i>", "<span>"]
    + ["</span>", "<br>", "<p>", "</p>", "<div>", "</div>", "<!-- note -->", "June 2", "&nbsp;"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, min_size=10, max_size=100))
@example(["x", "<b>", "x", "</b>"] * 8)  # 16 pieces, one word
def test_short_lines_read_piece_by_piece_equal_the_whole_text(pieces: list[str]) -> None:
    # leaves (one piece), seams that join words, white space and empty tags between words
    tree = parse_tree(f"<html><body><div>{''.join(pieces)}</div></body></html>", source="test")
    for element in tree.iter(Element):
        assert _short_line(element) == _reference_short_line(element)
