"""Publication dates judged by their source, on small pages of our own words: metadata in the
forms publishers write, <time> tags in comments and teaser lists, the date line by the
headline, and htmldate only when another part of the page agrees."""

from __future__ import annotations

import datetime

from corpus.html import parse_tree
from corpus.metadata import read_meta
from corpus.pagedate import page_date

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
