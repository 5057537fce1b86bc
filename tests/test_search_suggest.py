"""Did-you-mean and similar articles behave alike on both engines."""

from __future__ import annotations

import pytest

from index.build import build_index
from index.spelling import is_one_edit, one_edit_away
from index.store import open_index
from search.similar import similar_articles
from tests.conftest import ARTICLES, search_with


@pytest.fixture(scope="module", params=["whoosh", "tantivy"])
def engine(request, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp(f"suggest-{request.param}")
    build_index(ARTICLES, index_dir, engine=request.param)
    opened = open_index(index_dir)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Peshawr", "peshawar"),
        ("gunmn school", "gunmen school"),
        ("Nangarhar", None),  # found: nothing to suggest
        ("xylophone", None),  # nothing close
    ],
)
def test_did_you_mean(engine, query: str, suggestion: str | None) -> None:
    assert search_with(engine, q=query).suggestion == suggestion


def test_similar_articles_leave_out_the_article(engine) -> None:
    found = similar_articles(engine, ARTICLES[1])
    titles = [item.article.title for item in found]
    assert ARTICLES[1].title not in titles
    assert titles[:2] == [
        "Taliban gunmen storm army school in Peshawar",
        "Police academy attack claimed by two groups",
    ]


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("quetaa", "quetta"),  # substitution
        ("queta", "quetta"),  # deletion
        ("quettaa", "quetta"),  # insertion
        ("queuing", "queueing"),  # insertion in the middle
        ("quetat", "quetta"),  # transposition
    ],
)
def test_one_edit_away_covers_every_kind_of_edit(typo: str, word: str) -> None:
    assert word in one_edit_away(typo)
    assert typo in one_edit_away(word)


def test_one_edit_away_keeps_the_first_two_letters() -> None:
    found = one_edit_away("quetta")
    assert all(candidate[:2] == "qu" for candidate in found)
    assert "quetta" not in found
    assert "uqetta" not in found and "kuetta" not in found


@pytest.mark.parametrize("word", ["quetta", "peshawar", "gunmen", "qaida"])
def test_both_engines_mean_the_same_by_one_edit(word: str) -> None:
    """The Whoosh engine generates the spellings; the tantivy engine checks the words it
    reads: every generated spelling passes the check, and a two-edit word does not."""
    assert all(is_one_edit(word, candidate) for candidate in one_edit_away(word))
    assert not is_one_edit(word, word)
    assert not is_one_edit(word, word[:2] + word[3:] + "zz")
