"""Cleaning plain-text captures: the shared seed pages, then one small fake capture per rule."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.article import normalize_space
from corpus.plaintext import (
    _SHARE_FILLER,
    _SHARE_WORDS,
    CleanText,
    PlaintextError,
    _is_share_line,
    clean_plaintext,
    is_furniture_line,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
EXPECTED = SEEDS / "EXPECTED.json"


def _seed_names() -> list[str]:
    if not EXPECTED.is_file():
        return []
    return sorted(json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"])


@pytest.mark.skipif(not EXPECTED.is_file(), reason=f"no shared seed pages at {SEEDS}")
@pytest.mark.parametrize("name", _seed_names())
def test_seed_capture_matches_expected(name: str) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["articles"][name]
    clean = clean_plaintext((SEEDS / name).read_text(encoding="utf-8"))
    text = normalize_space(clean.text)
    got = {
        "title": clean.title,
        "outlet": clean.outlet,
        "date": clean.date.isoformat() if clean.date else None,
        "starts_early": normalize_space(expected["text_starts"]) in text[:300],
        "ends": text.endswith(normalize_space(expected["text_ends"])),
        "excluded_found": [x for x in expected["text_excludes"] if normalize_space(x) in text],
    }
    assert got == {
        "title": expected["title"],
        "outlet": expected["outlet"],
        "date": expected["date"],
        "starts_early": True,
        "ends": True,
        "excluded_found": [],
    }


# Our own fake articles below; each paragraph is a made-up sentence about a made-up town.
P1 = (
    "Flood waters rose across the valley on Tuesday, cutting the main road to the market town "
    "and leaving hundreds of families waiting on rooftops for boats to arrive."
)
P2 = "Local officials said the river had not reached such a height in forty years."
P3 = (
    "Relief groups asked for more boats and clean water, and said the next two days of rain "
    "would decide how many villages could be reached before the weekend."
)
BODY = f"{P1}\n\n{P2}\n\n{P3}"


def _clean(
    text: str,
    *,
    title: str | None = "Floods cut off valley town",
    author: str | None = None,
    date: datetime.date | None = None,
    outlet: str | None = None,
    outlet_source: str | None = None,
) -> CleanText:
    return CleanText(
        title=title,
        text=text,
        author=author,
        date=date,
        date_source="header line" if date else None,
        outlet=outlet,
        outlet_source=outlet_source,
    )


def test_repeated_title_header_line_and_standfirst() -> None:
    raw = (
        "Floods cut off valley town\n\n"
        "Rescuers struggle to reach villages after a week of rain\n\n"
        "Reuters March 3, 2021\n"
        "Floods cut off valley town\n\n"
        f"{BODY}\n"
    )
    standfirst = "Rescuers struggle to reach villages after a week of rain"
    assert clean_plaintext(raw) == _clean(
        f"{standfirst}\n\n{BODY}",
        date=datetime.date(2021, 3, 3),
        outlet="Reuters",
        outlet_source="header line",
    )


def test_breadcrumb_ending_with_title_is_removed() -> None:
    raw = f"Home World Asia Floods cut off valley town\n\nFloods cut off valley town\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(BODY)


def test_arrow_breadcrumb_is_not_the_title() -> None:
    raw = f"Home » World » Asia\n\nFloods cut off valley town\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(BODY)


def test_leading_date_line_is_a_date_not_the_title() -> None:
    raw = f"3 March 2021, 09:15\n\nFloods cut off valley town\n\nBy Jane Roe\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(BODY, author="Jane Roe", date=datetime.date(2021, 3, 3))


def test_agency_byline_gives_the_outlet() -> None:
    raw = f"Floods cut off valley town\n\nby AFP\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(BODY, outlet="AFP", outlet_source="byline")


def test_byline_with_outlet_and_date() -> None:
    raw = f"Floods cut off valley town\n\nBy Jane Roe | Reuters | Published: Mar. 3, 2021\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(
        BODY,
        author="Jane Roe",
        date=datetime.date(2021, 3, 3),
        outlet="Reuters",
        outlet_source="byline",
    )


def test_caption_pair_with_trailing_credit_and_photo_credits_are_removed() -> None:
    caption = "Boats carry families across the flooded square near the old mill, March 2, 2021"
    raw = (
        "Floods cut off valley town\n\n"
        "Omar Doe—AFP\n\n"
        f"{caption}\n{caption} AP\n\n"
        f"{P1}\n\nPhoto: Jane Roe\n\n{P2}\n\n{P3}"
    )
    assert clean_plaintext(raw) == _clean(BODY)


@pytest.mark.parametrize(
    "comments",
    [
        "Sam Reader | 3 years ago | Reply\n\nThis flood was predicted.\n\nReplying to Sam\n\n"
        "Comments are moderated and may take a while to appear.",
        "12 comments\n\nAnother reader wrote a long reply about the dam and the river.",
        "Add a comment\n\nSign in to comment\n\nA comment saying the river is a disgrace.",
        "Leave a Comment\n\nYour email address will not be published.",
        "Load more comments",
        "Please let us know if you're having issues with commenting.",
    ],
)
def test_comment_sections_are_dropped_to_the_end(comments: str) -> None:
    raw = f"Floods cut off valley town\n\n{BODY}\n\n{comments}\n"
    assert clean_plaintext(raw) == _clean(BODY)


def test_comment_count_above_the_body_does_not_cut_the_body() -> None:
    raw = f"Floods cut off valley town\n\n4 comments\n\n{BODY}\n\n4 comments\n\nNice work."
    assert clean_plaintext(raw) == _clean(BODY)


def test_share_lines_are_removed() -> None:
    raw = (
        "Floods cut off valley town\n\nShare this\nShare on Facebook\nTweet\nEmail\n\n"
        f"{P1}\n\n{P2}\n\nFacebook | Twitter | WhatsApp\n\n{P3}\n\n    and share via\n"
    )
    assert clean_plaintext(raw) == _clean(BODY)


def test_body_paragraph_mentioning_reply_stays() -> None:
    reply = "The mayor did not reply to questions, and a reply from the ministry is still awaited."
    raw = f"Floods cut off valley town\n\n{P1}\n\n{reply}\n\n{P2}\n\nReply\n\nA reader comment."
    assert clean_plaintext(raw) == _clean(f"{P1}\n\n{reply}\n\n{P2}")


def test_related_block_is_removed_and_body_goes_on() -> None:
    raw = (
        f"Floods cut off valley town\n\n{P1}\n\nRelated Articles\n\nDam repairs delayed again\n"
        f"Market traders count their losses\n\n{P2}\n\nRead more: River levels in charts\n\n{P3}"
    )
    assert clean_plaintext(raw) == _clean(BODY)


def test_date_in_the_body_leaves_the_capture_undated() -> None:
    dated = "On March 3, 2021, the council met to plan the repairs, officials said."
    raw = f"Floods cut off valley town\n\n{dated}\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(f"{dated}\n\n{BODY}")


def test_outlet_named_in_the_narrative_is_not_a_credit() -> None:
    mention = (
        "The BBC reported the first evacuations, and a BBC correspondent said more would follow."
    )
    raw = (
        f"Floods cut off valley town\n\n{P1}\n\n{mention}\n\nThe floods were heavy, the BBC noted."
    )
    assert clean_plaintext(raw) == _clean(
        f"{P1}\n\n{mention}\n\nThe floods were heavy, the BBC noted."
    )


def test_dateline_and_credit_give_the_outlet() -> None:
    dateline = f"RIVERTON (VN) — {P1}"
    credit = "One boatman told McClatchy the water was still rising."
    assert clean_plaintext(f"Floods cut off valley town\n\n{dateline}\n\n{P2}") == _clean(
        f"{dateline}\n\n{P2}", outlet="VN", outlet_source="dateline"
    )
    assert clean_plaintext(f"Floods cut off valley town\n\n{P1}\n\n{credit}") == _clean(
        f"{P1}\n\n{credit}", outlet="McClatchy", outlet_source="credit"
    )


def test_header_line_outlet_wins_over_byline_and_dateline() -> None:
    raw = f"Floods cut off valley town\n\nDawn March 3, 2021\n\nby AFP\n\nRIVERTON (VN) — {P1}"
    assert clean_plaintext(raw) == _clean(
        f"RIVERTON (VN) — {P1}",
        date=datetime.date(2021, 3, 3),
        outlet="Dawn",
        outlet_source="header line",
    )


def test_published_date_wins_over_updated_date() -> None:
    raw = f"Floods cut off valley town\n\nUpdated: 5 March 2021\nPublished: 3 March 2021\n\n{BODY}"
    assert clean_plaintext(raw) == _clean(BODY, date=datetime.date(2021, 3, 3))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("  \n\n \u00a0\n", "the plain-text capture is empty"),
        (
            "Share this\n\nTweet\n\nLeave a Comment",
            "no article text is left in the capture once furniture is removed",
        ),
    ],
)
def test_capture_without_text_raises(raw: str, message: str) -> None:
    with pytest.raises(PlaintextError) as caught:
        clean_plaintext(raw)
    assert str(caught.value) == message


def test_main_block_trims_menus_and_related_headlines_around_the_prose() -> None:
    from corpus.textblock import main_block

    prose = [
        "Flood waters rose across the valley on Tuesday, cutting the main road to the town.",
        "Relief groups",
        "asked for more boats and clean water, and said the next two days would decide it.",
    ]
    lines = ["Home", "World", "Sport", *prose, "Most read", "Ferries suspended", "Contact us"]
    assert main_block(lines) == prose


def reference_share_line(line: str) -> bool:
    """The share-line rule as first written: split the whole line, then judge its words."""
    tokens = [t for t in re.split(r"[\s|•·,:/]+", line.casefold()) if t and not t.isdigit()]
    return (
        0 < len(tokens) <= 12
        and any(t in _SHARE_WORDS for t in tokens)
        and all(t in _SHARE_WORDS or t in _SHARE_FILLER for t in tokens)
    )


SHARE_PIECES = [
    *("Share", "SHARE", "tweet", "E-mail", "Facebook", "the", "story", "via", "google+"),
    *("militants", "Said", "12", "2024", "|", "•", "·", ",", ":", "/", " ", "\xa0", "\n", ""),
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SHARE_PIECES), max_size=20), st.sampled_from(["", " ", "|"]))
def test_share_line_rule_equals_judging_every_word(pieces: list[str], glue: str) -> None:
    line = glue.join(pieces)
    assert _is_share_line(line) == reference_share_line(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Share this article | Tweet | Email", True),
        ("Share 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20", True),
        ("share " * 12, True),
        ("share " * 13, False),
        ("Share | Print | Militants", False),
        ("the story via your friends", False),
        ("| , 12 /", False),
    ],
)
def test_share_lines(line: str, expected: bool) -> None:
    assert _is_share_line(line) is expected
    assert reference_share_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Photo: Reuters", True),
        ("AFP/John Smith", True),
        ("Read more: the attack", True),
        ("Advertisement", True),
        ("Militants attacked a checkpoint, police said.", False),
    ],
)
def test_furniture_line_with_its_word_count_given(line: str, expected: bool) -> None:
    assert is_furniture_line(line) is expected
    assert is_furniture_line(line, len(line.split())) is expected
