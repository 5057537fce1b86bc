"""Header dates, datelines, outlet credits and the known-outlets data."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.credits import (
    DATELINE_PARAGRAPHS,
    Outlet,
    OutletDataError,
    _credit_patterns,
    _dateline_outlet,
    _fold,
    find_outlet_credit,
    load_outlets,
    lookup_outlet,
    parse_header_date,
    parse_outlets,
    split_dated_header,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 March 2021, 09:15", datetime.date(2021, 3, 3)),
        ("March 3, 2021", datetime.date(2021, 3, 3)),
        ("Published: Wednesday, Mar. 3, 2021 10:14 PM PKT", datetime.date(2021, 3, 3)),
        ("Last updated: Sept. 30, 2019", datetime.date(2019, 9, 30)),
        ("Posted on 3rd March 2021 at 9:15 am", datetime.date(2021, 3, 3)),
        ("09:15, 3 March 2021", datetime.date(2021, 3, 3)),
        ("Wednesday 3 March 2021 09.15 GMT", datetime.date(2021, 3, 3)),
        ("2021-03-03", datetime.date(2021, 3, 3)),
        ("2021-03-03T09:15:00Z", datetime.date(2021, 3, 3)),
        ("23/03/2021", datetime.date(2021, 3, 23)),
        ("03/23/2021", datetime.date(2021, 3, 23)),
        ("03/04/2021", None),  # day-first or month-first: unsure, so no date
        ("February 30, 2021", None),
        ("Updated 2 hours ago", None),
        ("The council met on March 3, 2021.", None),
        ("March 3, 2021 and again later", None),
        ("", None),
    ],
)
def test_parse_header_date(line: str, expected: datetime.date | None) -> None:
    assert parse_header_date(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Reuters March 3, 2021", ("Reuters", datetime.date(2021, 3, 3))),
        ("Dawn | Updated: 3 March 2021", ("Dawn", datetime.date(2021, 3, 3))),
        ("March 3, 2021 | AFP", ("AFP", datetime.date(2021, 3, 3))),
        ("3 March 2021, 09:15", None),  # date only: no label
        ("Reuters 03/04/2021", None),  # date unsure
        ("Reuters", None),
        ("Boats crossed the square on a wet and windy morning, March 2, 2021", None),
    ],
)
def test_split_dated_header(line: str, expected: tuple[str, datetime.date] | None) -> None:
    assert split_dated_header(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RIVERTON (VN) — Water rose overnight.", ("VN", "dateline")),
        ("RIVERTON, Mar 3 (Reuters) - Water rose.", ("Reuters", "dateline")),
        ("RIVERTON, Northland (AP) — Water rose.", ("AP", "dateline")),
        ("KABUL (Pajhwok): Water rose.", ("Pajhwok", "dateline")),
        ("(Reuters) - Water rose.", ("Reuters", "dateline")),
        ("Standfirst line.\n\nRIVERTON (VN) — Water rose.", ("VN", "dateline")),
        ("A.\n\nB.\n\nC.\n\nRIVERTON (VN) — Water rose.", None),  # too far down
        ("(Northland Post) - Water rose.", None),  # unknown and not a place dateline
        ("RIVERTON (Northland Post) — Water rose.", None),  # unknown and not short capitals
        ("RIVERTON (PHOTO) — Water rose.", None),
        ("RIVERTON: Water rose.", None),
        ("A boatman told Reuters the water was rising.", ("Reuters", "credit")),
        (
            "He told the BBC and later told a Reuters reporter. She told Reuters.",
            ("Reuters", "credit"),
        ),
        ("Researchers who spoke to McClatchy were worried.", ("McClatchy", "credit")),
        ("He said in an interview with Al Jazeera that it rose.", ("Al Jazeera", "credit")),
        ("She told The Associated Press it rose.", ("AP", "credit")),
        ("Water rose.\n\nThe road was shut. — AFP", ("AFP", "credit")),
        ("He told Reuters.\n\nShe told AFP.", None),  # a tie between outlets: unsure
        ("The BBC reported it. A BBC correspondent agreed, the BBC noted.", None),
        ("The mayor told the news agency it rose.", None),
        ("He told Northland Radio it rose.", None),  # unknown outlet in a credit
        ("", None),
    ],
)
def test_find_outlet_credit(text: str, expected: tuple[str, str] | None) -> None:
    assert find_outlet_credit(text) == expected


def test_find_outlet_credit_with_own_outlets() -> None:
    outlets = (Outlet(name="Valley News", aliases=("Valley News", "VN"), agency=False),)
    assert find_outlet_credit("He told VN it rose.", outlets) == ("Valley News", "credit")
    assert find_outlet_credit("He told Reuters it rose.", outlets) is None


def test_lookup_outlet_folds_case_and_leading_the() -> None:
    assert [lookup_outlet(n) for n in ("REUTERS", "the Associated Press", "Express Tribune")] == [
        "Reuters",
        "AP",
        "The Express Tribune",
    ]
    assert lookup_outlet("Northland Radio") is None


def test_shipped_outlets_are_well_formed() -> None:
    outlets = load_outlets()
    names = [o.name for o in outlets]
    aliases = [a for o in outlets for a in o.aliases]
    assert len(names) == len(set(names))
    assert len(aliases) == len(set(aliases))
    assert {"Reuters", "AFP", "AP", "McClatchy", "BBC"} <= set(names)
    assert next(o for o in outlets if o.name == "AFP").agency is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "[]",
            "outlets JSON needs an 'outlets' list: list indices must be integers or slices, "
            "not str",
        ),
        ('{"outlets": [{"name": "X"}]}', "outlet #0 needs name, aliases and agency"),
        (
            '{"outlets": [{"name": "X", "aliases": ["Y"], "agency": false}]}',
            "outlet #0 ('X'): aliases must include the name",
        ),
    ],
)
def test_parse_outlets_rejects_malformed_data(data: str, message: str) -> None:
    with pytest.raises(OutletDataError) as caught:
        parse_outlets(data)
    assert str(caught.value) == message


def reference_credit(text: str) -> tuple[str, str] | None:
    """find_outlet_credit as first written: every paragraph searched, white space by regex."""
    known = load_outlets()
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    for paragraph in paragraphs[:DATELINE_PARAGRAPHS]:
        outlet = _dateline_outlet(paragraph, known)
        if outlet:
            return outlet, "dateline"
    credit, sign_off = _credit_patterns(known)
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        for match in credit.finditer(paragraph):
            counts[lookup_outlet(match.group("name"), known) or match.group("name")] += 1
    if paragraphs:
        closing = sign_off.search(paragraphs[-1])
        if closing:
            counts[lookup_outlet(closing.group("name"), known) or closing.group("name")] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0], "credit"


# Credit verbs in every case, with the letters the case-insensitive pattern also takes for
# "i", "k" and "s" (İ, ı, K, ſ), outlets, datelines, separators, white space and line breaks
# of all kinds.
CREDIT_PIECES = [
    *("told", "TOLD", "Telling", "spoke to", "ſpoke to", "SPEAKING TO", "talKed to"),
    *("talking to", "said in an interview with", "in an İnterview with", "in an ınterview with"),
    *("interviewed by", "Interviewed By", "the", "an", "Reuters", "AFP", "The News", "BBC"),
    *("the Associated Press", "WASHINGTON (Reuters) —", "(AP) -", "police", "said", "—", " - "),
    *(".", ",", " ", "  ", "\n", "\n\n", "\xa0", "\t", "\u2003", "\r\n", "\u2028", "\x85"),
    *("Straße", "ﬁled", "İİ"),  # case-folds that change a line's length
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CREDIT_PIECES), max_size=25))
def test_find_outlet_credit_equals_searching_every_paragraph(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert find_outlet_credit(text) == reference_credit(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police said the attack was over, an official ſpoke to Reuters.",
        "Police said an official told AFP.\n\nAnother talKed to AFP.\nA third told Reuters.",
        "She said in an ınterview with the BBC that it was over.",
        "Nothing here credits anyone — AFP",
    ],
)
def test_find_outlet_credit_examples_equal_searching_every_paragraph(text: str) -> None:
    assert find_outlet_credit(text) == reference_credit(text)
    assert find_outlet_credit(text) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u2028\u3000.|aB"))))
def test_lookup_outlet_folds_white_space_as_the_regex_did(name: str) -> None:
    expected = re.sub(r"\s+", " ", name).strip(" .,:;|").casefold().removeprefix("the ")
    assert _fold(name) == expected
