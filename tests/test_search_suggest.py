"""Did-you-mean and similar articles behave alike on both engines."""

from __future__ import annotations

import pytest

from index.build import build_index
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
