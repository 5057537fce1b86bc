"""Alias-aware search on an index of the sample archive and the seeds: a group named by any of
its names finds its articles under all of them, and highlights mark the other spellings."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import ingest_paths
from index.store import open_index
from search.service import view_article
from tests.conftest import SHARED
from tests.conftest import search_with as search

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("aliases-index")
    paths = [SAMPLES] + ([SEEDS] if SEEDS.is_dir() else [])
    summary = ingest_paths(paths, index_dir)
    assert summary.skipped == []
    opened = open_index(index_dir)
    yield opened
    opened.close()


def ids(result) -> set[str]:
    return {hit.id for hit in result.hits}


def tagged(engine, group: str) -> set[str]:
    return ids(search(engine, group=group, per_page="100"))


@pytest.mark.parametrize(
    ("query", "group"),
    [
        ("ISIS", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("isil", "Islamic State"),
        ("al Qaida", "al-Qaeda"),
        ("al-Qa'ida", "al-Qaeda"),
        ("Tehreek-e-Taliban", "Tehrik-i-Taliban Pakistan"),
        ("TTP", "Tehrik-i-Taliban Pakistan"),
        ("Lashkar-i-Jhangvi", "Lashkar-e-Jhangvi"),
        ("LeJ", "Lashkar-e-Jhangvi"),
        ("Hizbollah", "Hezbollah"),
    ],
)
def test_any_alias_finds_every_article_of_the_group(engine, query: str, group: str) -> None:
    found = search(engine, q=query, per_page="100")
    assert tagged(engine, group) <= ids(found)
    assert tagged(engine, group)


def test_isis_finds_articles_that_say_only_daesh_or_islamic_state(engine) -> None:
    found = search(engine, q="ISIS", per_page="100")
    names = {name for hit in found.hits for name in hit.matched_aliases}
    assert {"Daesh", "Islamic State"} <= names
    without_isis = [hit for hit in found.hits if "ISIS" not in hit.matched_aliases]
    assert without_isis
    assert search(engine, q="ISIS", aliases="off", per_page="100").total < found.total


@pytest.mark.skipif(not SEEDS.is_dir(), reason="no seeds (../shared is absent)")
def test_al_qaida_marks_every_spelling_in_a_seed(engine) -> None:
    found = search(engine, q="al Qaida", per_page="100")
    seed = next(hit for hit in found.hits if hit.title.startswith("Pakistan's Taliban to"))
    assert set(seed.matched_aliases) >= {"al Qeada", "al-Qa’ida", "Al Qaeda"}
    view = view_article(engine.get(seed.id), "al Qaida")
    marked = [
        part.split("</mark>")[0] for p in view.paragraphs_html for part in p.split("<mark>")[1:]
    ]
    assert {"al Qeada", "al-Qa’ida", "Al Qaeda", "al Qaeda"} <= set(marked)
