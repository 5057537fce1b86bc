"""Searches over the inline archive's real Whoosh index: matching, facets, filters, paging,
sorting and highlighting, compared as whole values."""

from __future__ import annotations

import pytest

from index.store import open_index
from search.errors import ParameterError
from search.request import parse_request
from search.service import view_article
from tests.conftest import search_with as search


@pytest.fixture(scope="module")
def engine(index_dir):
    opened = open_index(index_dir)
    yield opened
    opened.close()


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


def test_words_must_all_match(engine) -> None:
    assert titles(search(engine, q="quetta suicide")) == [
        "Police academy attack claimed by two groups"
    ]


def test_transliteration_and_apostrophes_fold(engine) -> None:
    found = search(engine, q="al Qaida", sort="oldest")
    assert titles(found) == [
        "Al Qaeda announces South Asia branch",
        "Jundullah pledges support to Islamic State",
    ]
    assert found.hits[1].snippets == (
        "… said the pledge shows the pull of the Syria-based movement in a region long "
        "dominated by <mark>al-Qa&#x27;ida</mark>.",
    )


def test_hyphenated_name_is_a_phrase_not_a_negation(engine) -> None:
    assert sorted(titles(search(engine, q="Lashkar-e-Jhangvi"))) == [
        "Gunmen kill Hazara traders in Quetta",
        "Police academy attack claimed by two groups",
        "Why sectarian groups drift toward the Islamic State",
    ]
    assert titles(search(engine, q="Tehrik-i-Taliban commanders")) == [
        "Why sectarian groups drift toward the Islamic State"
    ]


def test_or_not_phrase_prefix_and_fields(engine) -> None:
    assert sorted(titles(search(engine, q="Daesh OR Hazara", aliases="off"))) == [
        "Daesh fighters push into Nangarhar districts",
        "Gunmen kill Hazara traders in Quetta",
    ]
    assert titles(search(engine, q="quetta -hazara", sort="oldest")) == [
        "Police academy attack claimed by two groups"
    ]
    assert titles(search(engine, q='"army-run school"')) == [
        "Taliban gunmen storm army school in Peshawar"
    ]
    assert titles(search(engine, q='"school army"')) == []
    assert sorted(titles(search(engine, q="nangar*"))) == [
        "Daesh fighters push into Nangarhar districts"
    ]
    assert titles(search(engine, q="title:gunmen", sort="oldest")) == [
        "Taliban gunmen storm army school in Peshawar",
        "Gunmen kill Hazara traders in Quetta",
    ]
    assert titles(search(engine, q='group:"lashkar-e-jhangvi al-alami"')) == [
        "Police academy attack claimed by two groups"
    ]
    assert titles(search(engine, q="date:[2014-12 TO 2015-01]", sort="newest")) == [
        "Gunmen kill Hazara traders in Quetta",
        "Taliban gunmen storm army school in Peshawar",
    ]


def test_title_outranks_body(engine) -> None:
    assert titles(search(engine, q="gunmen"))[:2] == [
        "Gunmen kill Hazara traders in Quetta",
        "Taliban gunmen storm army school in Peshawar",
    ]


def test_facets_count_all_matches_under_the_other_selections(engine) -> None:
    result = search(engine, q="Islamic State", group="Lashkar-e-Jhangvi", aliases="off")
    assert titles(result) == ["Why sectarian groups drift toward the Islamic State"]
    assert result.facets.to_dict() == {
        "group": [
            {"value": "Islamic State", "count": 4, "stories": 4, "selected": False},
            {"value": "Tehrik-i-Taliban Pakistan", "count": 2, "stories": 2, "selected": False},
            {"value": "al-Qaeda", "count": 1, "stories": 1, "selected": False},
            {"value": "Jundullah (Pakistan)", "count": 1, "stories": 1, "selected": False},
            {"value": "Lashkar-e-Jhangvi", "count": 1, "stories": 1, "selected": True},
            {"value": "Lashkar-e-Jhangvi al-Alami", "count": 1, "stories": 1, "selected": False},
        ],
        "outlet": [{"value": "Gulf Wire", "count": 1, "stories": 1, "selected": False}],
        "month": [],
        "undated": 1,
    }


def test_months_fill_gaps_and_undated_modes(engine) -> None:
    everything = search(engine)
    assert everything.total == 8
    assert [(m.value, m.count) for m in everything.facets.month] == [
        ("2014-09", 1),
        ("2014-10", 0),
        ("2014-11", 1),
        ("2014-12", 1),
        ("2015-01", 1),
        ("2015-02", 0),
        ("2015-03", 0),
        ("2015-04", 0),
        ("2015-05", 0),
        ("2015-06", 1),
    ] + [
        (f"{y}-{m:02d}", 0)
        for y, m in [(2015, 7), (2015, 8), (2015, 9), (2015, 10), (2015, 11), (2015, 12)]
        + [(2016, m) for m in range(1, 10)]
    ] + [("2016-10", 1)]
    assert everything.facets.undated == 2
    assert search(engine, undated="only").total == 2
    assert search(engine, undated="exclude").total == 6
    assert search(engine, date_from="2015", date_to="2015", undated="exclude").total == 2
    # undated=include keeps undated articles beside the dated ones in the range
    assert search(engine, date_from="2015", date_to="2015").total == 4


def test_outlet_filter_several_values(engine) -> None:
    result = search(engine, outlet=["Indus Dispatch", "Frontier Ledger"])
    assert result.total == 4
    assert result.facets.to_dict()["outlet"] == [
        {"value": "Gulf Wire", "count": 3, "stories": 3, "selected": False},
        {"value": "Frontier Ledger", "count": 2, "stories": 2, "selected": True},
        {"value": "Indus Dispatch", "count": 2, "stories": 2, "selected": True},
    ]


def test_sorting_and_paging(engine) -> None:
    newest = search(engine, sort="newest", per_page="3")
    assert [hit.date for hit in newest.hits] == ["2016-10-26", "2015-06-20", "2015-01-09"]
    assert newest.pages == 3
    second = search(engine, sort="newest", per_page="3", page="2")
    assert [hit.date for hit in second.hits] == ["2014-12-16", "2014-11-17", "2014-09-04"]
    last = search(engine, sort="newest", per_page="3", page="3")
    assert [hit.date for hit in last.hits] == [None, None]
    oldest = search(engine, sort="oldest", per_page="2")
    assert [hit.date for hit in oldest.hits] == ["2014-09-04", "2014-11-17"]
    assert search(engine, page="9").hits == ()


def test_snippets_and_titles_are_escaped_with_only_mark(engine) -> None:
    hit = search(engine, q="markup onerror").hits[0]
    assert (
        hit.title_html
        == "<mark>Markup</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; in a title"
    )
    assert hit.snippets == (
        "A page whose text carries <mark>markup</mark>: &lt;img src=x <mark>onerror</mark>="
        "&quot;alert(1)&quot;&gt; and a &lt;b&gt;bold&lt;/b&gt; claim about the Islamic State "
        "&amp; its allies.",
    )


def test_article_view_marks_query_words(engine, articles) -> None:
    view = view_article(articles[0], "al Qaeda pledge")
    assert view.paragraphs_html == (
        "A splinter faction of the Pakistani Taliban said on Monday that it backs the Islamic "
        "State group.",
        "Jundullah&#x27;s spokesman said envoys of the group met its leaders in the tribal "
        "areas. Analysts said the <mark>pledge</mark> shows the pull of the Syria-based movement "
        "in a region long dominated by <mark>al-Qa&#x27;ida</mark>.",
    )


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        ({"per_page": "101"}, "per_page", "per_page must be from 1 to 100"),
        ({"page": "0"}, "page", "page must be at least 1"),
        ({"page": "x"}, "page", "page must be a whole number, e.g. 1"),
        (
            {"page": "101", "per_page": "100"},
            "page",
            "page × per_page may be at most 10,000; to walk further, page with the cursor "
            "parameter: pass each response's next_cursor as cursor",
        ),
        ({"sort": "best"}, "sort", "sort must be one of relevance, newest, oldest"),
        ({"undated": "maybe"}, "undated", "undated must be one of include, exclude, only"),
        ({"aliases": "no"}, "aliases", "aliases must be one of on, off"),
        ({"rollup": "yes"}, "rollup", "rollup must be one of false, true"),
        (
            {"date_from": "2015-13"},
            "date_from",
            "'2015-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-11)",
        ),
        (
            {"date_from": "2016", "date_to": "2015"},
            "date_from",
            "date_from (2016) is after date_to (2015)",
        ),
        ({"q": ["a", "b"]}, "q", "give q once (it was given 2 times)"),
        (
            {"grup": "x"},
            "grup",
            "unknown parameter 'grup'; known: q, date_from, date_to, "
            "undated, sort, page, per_page, aliases, rollup, cursor, collapse, group, outlet",
        ),
    ],
)
def test_bad_parameters_are_named(params, param, message) -> None:
    given = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    with pytest.raises(ParameterError) as caught:
        parse_request(list(given), lambda name: given.get(name, []))
    assert (caught.value.param, caught.value.message) == (param, message)


def test_neighbouring_marks_are_joined(engine) -> None:
    hit = search(engine, q="pledges support").hits[0]
    assert hit.title_html == "Jundullah <mark>pledges support</mark> to Islamic State"


def test_phrase_words_alone_are_not_marked(engine) -> None:
    hit = search(engine, q='"Tehreek-e-Taliban commanders"').hits[0]
    assert hit.snippets == (
        "… share an ideology with the Islamic State, analysts say, which makes cooperation easy. "
        "<mark>Tehreek-e-Taliban commanders</mark> have also defected.",
    )
    # a lone "e" or "Taliban" elsewhere is not a match of the phrase
    view = view_article(engine.get(hit.id), "Lashkar-e-Jhangvi commanders")
    assert view.paragraphs_html == (
        "Sectarian outfits such as <mark>Lashkar-e-Jhangvi</mark> share an ideology with the "
        "Islamic State, analysts say, which makes cooperation easy. Tehreek-e-Taliban "
        "<mark>commanders</mark> have also defected.",
    )


def test_group_names_find_articles_under_any_alias(engine) -> None:
    # The Nangarhar article says only "Daesh"; the markup article "Islamic State".
    found = search(engine, q="ISIS", sort="oldest")
    assert titles(found) == [
        "Jundullah pledges support to Islamic State",
        "Daesh fighters push into Nangarhar districts",
        "Police academy attack claimed by two groups",
        "Why sectarian groups drift toward the Islamic State",
        'Markup <script>alert("x")</script> in a title',
    ]
    assert [hit.matched_aliases for hit in found.hits] == [
        ("Islamic State", "Islamic State group"),
        ("Daesh",),
        ("Islamic State group",),
        ("Islamic State",),
        ("Islamic State",),
    ]
    assert found.hits[1].title_html == "<mark>Daesh</mark> fighters push into Nangarhar districts"
    assert search(engine, q="ISIS", aliases="off").total == 0
    assert titles(search(engine, q="Tehreek-e-Taliban", sort="oldest")) == [
        "Jundullah pledges support to Islamic State",
        "Taliban gunmen storm army school in Peshawar",
        "Why sectarian groups drift toward the Islamic State",
    ]


def test_rollup_includes_branches(engine) -> None:
    assert titles(search(engine, group="Lashkar-e-Jhangvi", sort="oldest")) == [
        "Gunmen kill Hazara traders in Quetta",
        "Why sectarian groups drift toward the Islamic State",
    ]
    rolled = search(engine, group="Lashkar-e-Jhangvi", rollup="true", sort="oldest")
    assert titles(rolled) == [
        "Gunmen kill Hazara traders in Quetta",
        "Police academy attack claimed by two groups",
        "Why sectarian groups drift toward the Islamic State",
    ]
    assert [(v.value, v.selected) for v in rolled.facets.group if v.selected] == [
        ("Lashkar-e-Jhangvi", True)
    ]


def test_numbers_in_other_scripts_are_refused_not_crashed() -> None:
    for value in ("²", "٣", "１"):
        given = {"page": [value]}
        with pytest.raises(ParameterError) as caught:
            parse_request(["page"], lambda name, given=given: given.get(name, []))
        assert caught.value.message == "page must be a whole number, e.g. 1"
