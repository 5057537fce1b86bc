"""The query language → our query tree, and its refusals (each a QueryError with a position)."""

from __future__ import annotations

import datetime

import pytest

from index.query import And, DateRange, MatchAll, Not, Or, Phrase, Prefix, Term
from search.errors import QueryError
from search.parse import parse_query


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("", MatchAll()),
        ("jundullah", Term("jundullah")),
        ("Lashkar-e-Jhangvi attack", And((Term("Lashkar-e-Jhangvi"), Term("attack")))),
        ('"army school" Peshawar', And((Phrase("army school"), Term("Peshawar")))),
        ('"army school"~3', Phrase("army school", None, 3)),
        ("ISIS OR Daesh", Or((Term("ISIS"), Term("Daesh")))),
        ("quetta -hazara", And((Term("quetta"), Not(Term("hazara"))))),
        ("quetta AND NOT hazara", And((Term("quetta"), Not(Term("hazara"))))),
        ("(ISIS OR Daesh) Nangarhar", And((Or((Term("ISIS"), Term("Daesh"))), Term("Nangarhar")))),
        ("title:quetta", Term("quetta", "title")),
        ('group:"Islamic State"', Phrase("Islamic State", "group")),
        ("outlet:(Dawn OR Reuters)", Or((Term("Dawn", "outlet"), Term("Reuters", "outlet")))),
        ("attack*", Prefix("attack")),
        (
            "date:[2014-01 TO 2014-12]",
            DateRange(datetime.date(2014, 1, 1), datetime.date(2014, 12, 31)),
        ),
        ("date:2016-02", DateRange(datetime.date(2016, 2, 1), datetime.date(2016, 2, 29))),
        ("date:[2015 TO *]", DateRange(datetime.date(2015, 1, 1), None)),
        ("NOT NOT quetta", Not(Not(Term("quetta")))),
    ],
)
def test_parses_into_our_tree(text: str, tree: object) -> None:
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ('jundullah "pledge', "unbalanced quote at position 10", 10),
        ("(quetta attack", "cannot read the query at the end: unbalanced parentheses", None),
        ("quetta AND", "cannot read the query at the end: an operator needs a term after it", None),
        (
            "*stan",
            "leading wildcards are not supported; put * at the end of a word at position 0",
            0,
        ),
        ("qu?tta", "wildcards are only supported at the end of a word, as word* at position 0", 0),
        ("a*", "word* needs at least 2 letters before the * at position 0", 0),
        (
            "author:smith",
            "unknown field 'author'; use one of title, text, group, outlet, date at position 0",
            0,
        ),
        ("date:[2016 TO 2015]", "date range starts after it ends at position 5", 5),
        (
            "date:[soon TO 2015]",
            "'soon' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-11)",
            None,
        ),
        ("quetta^2", "boosts (^) are not supported at position 0", 0),
        ("quetta~", "fuzzy search (word~) is not supported; use word* or OR at position 0", 0),
        (
            "pay:[1 TO 5]",
            "unknown field 'pay'; use one of title, text, group, outlet, date at position 0",
            0,
        ),
        ("quetta OR -hazara", "NOT cannot be a choice of OR; write a AND NOT b at position 0", 0),
        ("(" * 40 + "a" + ")" * 40, "parentheses nested deeper than 32 at position 32", 32),
        ("a " * 501, "query is 1002 characters long; the limit is 1000", 1000),
    ],
)
def test_refusals_say_what_and_where(text: str, message: str, position: int | None) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert (caught.value.message, caught.value.position, caught.value.param) == (
        message,
        position,
        "q",
    )
