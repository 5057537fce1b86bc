"""The HTML cleaner on small pages of our own words: comment sections under a bare heading and
schema.org Comment, wire datelines (outlet = agency, site kept), undated pages, titles, dates."""

from __future__ import annotations

import datetime
from pathlib import Path

from corpus.extract import extract_file
from corpus.html import parse_tree
from corpus.metadata import read_meta, site_name
from corpus.pagedate import page_date, url_date
from corpus.textrules import clean_paragraphs
from corpus.title import page_title, strip_site_suffix

PAGES = Path(__file__).parent / "pages_hard"


def test_headed_comments_removed_and_wire_dateline_gives_agency_with_site() -> None:
    article = extract_file(PAGES / "headed_comments_wire.html", "html")
    assert article.to_dict() == {
        "source": str(PAGES / "headed_comments_wire.html"),
        "id": article.id,
        "url": None,
        "title": "Militants attack checkpoint near Chaman",
        "text": (
            "QUETTA (Reuters) - Gunmen attacked a paramilitary checkpoint near the border town of "
            "Chaman before dawn on Tuesday, killing two soldiers and wounding four others, a "
            "provincial official said.\n\n"
            "No group immediately claimed the attack, but officials said they suspected fighters "
            "who cross the mountains from the other side of the frontier and return there after "
            "raids.\n\n"
            "The crossing was closed for several hours while troops searched the surrounding "
            "villages, and traders said hundreds of lorries were left waiting on both sides of "
            "the gate."
        ),
        "date": None,
        "date_source": None,
        "outlet": "Reuters",
        "outlet_source": "dateline",
        "site": "Harbour Times",
        "groups": [],
        "author": None,
    }


def test_undated_page_stays_undated_and_wordpress_comments_go() -> None:
    article = extract_file(PAGES / "undated_caption.html", "html")
    assert (article.title, article.date, article.date_source, article.outlet) == (
        "Notes from the valley",
        None,
        None,
        None,
    )
    assert article.text.startswith("The road into the valley")
    assert article.text.endswith("repaired and widened.")


def _tree(html: str):
    return parse_tree(html, source="inline")


def test_title_is_the_h1_that_agrees_with_the_metadata() -> None:
    tree = _tree(
        "<html><head><title>Site News | Harbour Times</title>"
        '<meta property="og:title" content="Floods cut the coast road - Harbour Times">'
        "</head><body><h1>Harbour Times</h1><h1>Floods cut the coast road again</h1></body></html>"
    )
    meta = read_meta(tree)
    assert page_title(tree, meta, site_name(meta)) == "Floods cut the coast road again"


def test_site_suffix_is_stripped() -> None:
    assert strip_site_suffix("Floods cut the road | Harbour Times", "Harbour Times") == (
        "Floods cut the road"
    )
    assert strip_site_suffix("Floods cut the road", None) == "Floods cut the road"


def test_date_sources_in_order_and_updated_time_not_taken() -> None:
    tree = _tree(
        '<html><head><meta property="article:published_time" content="2016-03-28T10:00:00+05:00">'
        '</head><body><time class="updated" datetime="2016-03-29">x</time></body></html>'
    )
    assert page_date(tree, read_meta(tree), None) == (
        datetime.date(2016, 3, 28),
        "page metadata (article:published_time)",
    )
    tree = _tree('<html><body><time class="updated" datetime="2016-03-29">x</time></body></html>')
    assert page_date(tree, read_meta(tree), "https://a.example/2016/03/27/story/") == (
        datetime.date(2016, 3, 27),
        "url",
    )
    assert url_date("https://a.example/2016/02/31/story/") is None


def test_paragraph_rules_drop_headline_links_and_sign_offs() -> None:
    paragraphs = [
        "Floods cut the coast road",
        "Water rose over the road at three places overnight, the district office said.",
        "READ MORE: Ferries suspended as storm nears",
        "Dam levels rise after rains [VIDEO]",
        "Image 2 of 9",
        "Follow Harbour Times on Twitter for updates.",
        "Copyright © 2016 Harbour Times. All rights reserved.",
    ]
    assert clean_paragraphs(paragraphs, "Floods cut the coast road") == [
        "Water rose over the road at three places overnight, the district office said."
    ]


def test_comment_containers_of_other_cms_kinds_are_removed() -> None:
    from corpus.furniture import remove_furniture

    tree = _tree(
        "<html><body><h1>Quiet week at the crossing</h1>"
        "<div class='story'><p>The crossing stayed open all week.</p></div>"
        "<div id='kb-comments'><p>First reader line.</p></div>"
        "<div class='SiteComment'><p>Second reader line.</p></div>"
        "<div class='comments'><p>Third reader line.</p></div>"
        "<div class='has-comments'><p>The story continues here.</p></div>"
        "</body></html>"
    )
    remove_furniture(tree)
    assert [" ".join(p.text_content().split()) for p in tree.iter("p")] == [
        "The crossing stayed open all week.",
        "The story continues here.",
    ]


def test_kicker_in_the_h1_is_left_out_when_the_metadata_leaves_it_out() -> None:
    tree = _tree(
        "<html><head>"
        '<meta property="og:title" content="Ferries stop as the storm nears | Bay Post">'
        "</head><body><h1><span>Weather:</span> Ferries stop as the storm nears</h1></body></html>"
    )
    meta = read_meta(tree)
    assert page_title(tree, meta, site_name(meta)) == "Ferries stop as the storm nears"


def _title(html: str) -> str:
    tree = _tree(html)
    meta = read_meta(tree)
    return page_title(tree, meta, site_name(meta))


def test_visible_h1_wins_over_a_metadata_title_that_says_something_else() -> None:
    assert _title(
        "<html><head><title>Top 10 coast road tips for 2016 | Harbour Times</title></head><body>"
        "<header><h1 class='site-title'>Harbour Times Daily</h1></header>"
        "<nav><h1>Latest news from the coast</h1></nav>"
        "<h1>Read this before you go:</h1>"
        "<article><h1>Floods cut the coast road again</h1></article></body></html>"
    ) == ("Floods cut the coast road again")


def test_site_prefix_is_stripped_by_site_name_and_by_host() -> None:
    assert _title(
        '<html><head><link rel="canonical" href="https://www.bmas.de/DE/a.html">'
        "<title>BMAS - New rules for proof of vaccination</title></head><body></body></html>"
    ) == ("New rules for proof of vaccination")
    assert _title(
        '<html><head><meta property="og:site_name" content="NEWS WEB EASY">'
        '<meta property="og:title" content="NEWS WEB EASY|A law bans smacking children">'
        "</head><body></body></html>"
    ) == ("A law bans smacking children")
    assert _title(
        '<html><head><meta property="og:site_name" content="NEWS WEB EASY">'
        '<meta property="og:title" content="NEWS WEB EASY|子どもへの体罰を禁止する法律ができる">'
        "</head><body></body></html>"
    ) == ("子どもへの体罰を禁止する法律ができる")


def test_title_part_that_is_a_heading_is_the_headline() -> None:
    assert _title(
        '<html><head><link rel="canonical" href="http://fouryears.eu/2019/10/21/ints/">'
        "<title>Four Years Remaining » Blog Archive » Interning of small integers</title></head>"
        "<body><h1>Four Years Remaining</h1><h2>Interning of small integers</h2></body></html>"
    ) == ("Interning of small integers")


def test_kicker_in_its_own_element_is_dropped_without_a_space_before_it() -> None:
    assert _title(
        '<html><head><meta property="og:title" content="Pyramid sets with easy laps">'
        "</head><body><h1><span>Session of the week</span>Pyramid sets with easy laps</h1>"
        "</body></html>"
    ) == ("Pyramid sets with easy laps")


def test_title_without_soft_hyphens_and_with_mis_decoded_utf8_repaired() -> None:
    assert _title(
        "<html><head><title>A DIY Investor\u00e2\u0080\u0099s Guide</title></head><body>"
        "<h1>Mes\u00adsen\u00adger are not law\u00adless</h1></body></html>"
    ) == ("Messenger are not lawless")
    assert _title(
        "<html><head><title>A DIY Investor\u00e2\u0080\u0099s Guide</title></head></html>"
    ) == ("A DIY Investor\u2019s Guide")


def test_og_title_cut_at_an_inner_quote_is_completed_from_the_title_tag() -> None:
    assert _title(
        '<html><head><meta property="og:title" content="Senator calls Biden "unfit"">'
        '<title>Senator calls Biden "unfit"</title></head><body></body></html>'
    ) == ('Senator calls Biden "unfit"')


def test_rubric_element_and_hidden_separator_are_left_out_of_the_headline() -> None:
    assert _title(
        "<html><head><title>Harbour Times</title></head><body><h1>"
        "<span class='article-heading__kicker'>Climate</span>"
        "<span class='visually-hidden'>: </span>"
        "<span>Drilling until it gets hot</span></h1></body></html>"
    ) == ("Drilling until it gets hot")


def test_subtitle_in_its_own_element_is_cut_when_the_metadata_leaves_it_out() -> None:
    assert _title(
        '<html><head><meta property="og:title" content="Fish cakes, hot and fresh">'
        "</head><body><h1>Fish cakes, hot and fresh<span>Welcome to the harbour</span></h1>"
        "</body></html>"
    ) == ("Fish cakes, hot and fresh")


def test_short_h1_agrees_only_as_a_whole_title_or_a_part_cut_by_punctuation() -> None:
    assert _title(
        "<html><head><title>SUNPOWER: The Rebel</title></head>"
        "<body><h1>Rebel</h1><h1>The Rebel</h1></body></html>"
    ) == ("The Rebel")


def test_host_name_h1_is_the_logo_and_its_prefix_is_stripped() -> None:
    assert _title(
        "<html><head><title>davidbau.com Vibe Coding</title></head>"
        "<body><h1>davidbau.com</h1><h1>...</h1></body></html>"
    ) == ("Vibe Coding")


def test_title_is_unicode_composed() -> None:
    assert _title("<html><head><title>Cafe\u0301 owners protest</title></head></html>") == (
        "Caf\u00e9 owners protest"
    )
