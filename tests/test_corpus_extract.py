"""Trimmed pages of our own (tests/pages/) through the whole extract step: comment sections of
three kinds, navigation, share widgets, captions and related links gone; metadata found."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from corpus.extract import Overrides, extract_file

PAGES = Path(__file__).parent / "pages"


def test_wordpress_page_with_comments_captions_and_share_widgets() -> None:
    article = extract_file(PAGES / "wordpress_comments.html", "html")
    assert article.to_dict() == {
        "source": str(PAGES / "wordpress_comments.html"),
        "id": article.id,
        "url": "https://valleycourier.example/2017/02/shrine-blast/",
        "title": "Shrine blast kills worshippers in Sindh",
        "text": (
            "SEHWAN: A suicide bomber struck the crowded courtyard of a Sufi shrine in southern "
            "Pakistan on Thursday evening, killing dozens of devotees who had gathered for the "
            "weekly ritual dance, officials in the provincial health department said.\n\n"
            "The Islamic State group said through its news channel that one of its fighters "
            "carried out the bombing. Police said the attacker entered through the gate reserved "
            "for women, where searches were lighter.\n\n"
            "Hospitals in the nearest towns struggled to cope with the wounded, and the army sent "
            "helicopters to move the most serious cases to Hyderabad and Karachi during the "
            "night.\n\n"
            "The attack was the latest in a week of bombings across the country, several of "
            "which were claimed by Jamaat-ul-Ahrar, a faction that broke away from the Pakistani "
            "Taliban in 2014."
        ),
        "date": "2017-02-17",
        "date_source": "page metadata (article:published_time)",
        "outlet": "Valley Courier",
        "outlet_source": "page metadata",
        "site": "Valley Courier",
        "groups": ["Islamic State", "Jamaat-ul-Ahrar", "Tehrik-i-Taliban Pakistan"],
        "author": "Staff Reporter",
    }


def test_disqus_comments_removed_and_caption_date_not_taken() -> None:
    article = extract_file(PAGES / "disqus_undated.html", "html")
    assert (article.title, article.date, article.date_source, article.outlet) == (
        "Analysis: Why the Haqqani Network matters",
        None,
        None,
        "Border Review",
    )
    assert article.groups == ("Afghan Taliban", "Haqqani Network")
    assert article.text.startswith("The Haqqani Network, a semi-autonomous wing")
    assert article.text.endswith("military planning for the first time.")
    for leaked in ("Khorasan", "Lashkar-e-Taiba", "Share this story", "Our Correspondent"):
        assert leaked not in article.text


def test_custom_comment_section_and_json_ld() -> None:
    article = extract_file(PAGES / "custom_comments_jsonld.html", "html")
    assert (article.url, article.date, article.date_source, article.outlet, article.author) == (
        "https://gulfwire.example/world/border-guards-saravan",
        datetime.date(2017, 4, 27),
        "page metadata (JSON-LD datePublished)",
        "Gulf Wire",
        "Desk Editor",
    )
    assert article.groups == ("Jaysh al-Adl",)
    assert article.text.endswith("strike its bases if Pakistan did not.")
    for leaked in ("Jundallah", "Hezbollah", "Oil prices", "More from"):
        assert leaked not in article.text


def test_cp1252_page_is_decoded() -> None:
    article = extract_file(PAGES / "cp1252.html", "html")
    assert article.title == "Café owner’s account of the Kabul blast"
    assert article.text.split("\n\n")[1].startswith("“We heard nothing before the bang,” he said")


def test_overrides_win_and_say_so() -> None:
    overrides = Overrides(outlet="Manifest Outlet", date=datetime.date(2016, 5, 1))
    article = extract_file(PAGES / "disqus_undated.html", "html", overrides=overrides)
    assert (article.outlet, article.outlet_source, article.date, article.date_source) == (
        "Manifest Outlet",
        "manifest",
        datetime.date(2016, 5, 1),
        "manifest",
    )


def test_same_page_same_id() -> None:
    first = extract_file(PAGES / "wordpress_comments.html", "html")
    second = extract_file(PAGES / "wordpress_comments.html", "html")
    assert first == second
    assert first.fingerprint == second.fingerprint


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_no_page_furniture_survives(name: str) -> None:
    text = extract_file(PAGES / name, "html").text
    for furniture in ("Reply", "Share on", "Tweet", "Sign up", "Related", "All rights", "Home"):
        assert furniture not in text
