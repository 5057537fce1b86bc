"""Syndicated copies folded into stories: a wire story republished with small edits by other
outlets is one story; collapse=story shows one hit with the copies listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import ingest_paths
from web import create_app

BODY = (
    "QUETTA: Gunmen on motorcycles opened fire on a minibus carrying Hazara traders to the "
    "wholesale vegetable market on the eastern edge of the city on Tuesday morning, killing "
    "five men and wounding two others, police said. A senior police officer said the attackers "
    "fled toward the mountains and that checkpoints had been set up on roads leading out of "
    "the city. Lashkar-e-Jhangvi, the banned sectarian group behind most attacks on the Hazara "
    "community, claimed responsibility in a message sent to local reporters. Hazara elders "
    "announced a sit-in beside the bodies and demanded protection from the provincial "
    "government, saying that the community had buried hundreds of its members in a decade."
)


def _capture(title: str, outlet_line: str, body: str) -> str:
    return f"{title}\n\n{outlet_line}\n{title}\n\n{body}\n"


def write_story_pages(pages: Path) -> None:
    """Write three captures: a wire story, an edited copy of it, and an unrelated story."""
    pages.mkdir(parents=True)
    (pages / "wire.txt").write_text(
        _capture("Gunmen kill five Hazara traders in Quetta", "Gulf Wire Service May 3, 2016", BODY)
    )
    edited = BODY.replace("on Tuesday morning", "early on Tuesday").replace(
        "killing five men", "killing five people"
    )
    (pages / "daily.txt").write_text(
        _capture(
            "Five Hazara traders shot dead in Quetta",
            "Frontier Ledger May 4, 2016",
            edited + " The Ledger's correspondent reported from the hospital.",
        )
    )
    (pages / "other.txt").write_text(
        _capture(
            "Quetta traders close shops in protest",
            "Frontier Ledger May 5, 2016",
            "QUETTA: Traders in the city's main bazaar kept their shops shut on Thursday to "
            "protest against the killing of Hazara vegetable sellers, and marched to the press "
            "club with black flags. Their leaders said they would reopen only when the "
            "government named the officials responsible for security on the market road, and "
            "asked the provincial assembly to hold a special session on sectarian attacks.",
        )
    )


@pytest.fixture(scope="module", params=["whoosh", "tantivy"])
def client(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("stories")
    pages = folder / "pages"
    write_story_pages(pages)
    index_dir = folder / "index"
    summary = ingest_paths([pages], index_dir, engine=request.param, jobs=1)
    assert (summary.added, summary.skipped) == (3, [])
    return create_app({"INDEX_DIR": str(index_dir)}).test_client()


def test_copies_share_a_story_and_others_do_not(client) -> None:
    hits = client.get("/api/search?q=Quetta&sort=oldest").get_json()["hits"]
    stories = {hit["title"]: hit["story"] for hit in hits}
    assert (
        stories["Gunmen kill five Hazara traders in Quetta"]
        == (stories["Five Hazara traders shot dead in Quetta"])
    )
    assert (
        stories["Quetta traders close shops in protest"]
        != (stories["Gunmen kill five Hazara traders in Quetta"])
    )


def test_collapse_shows_one_hit_per_story_with_its_copies(client) -> None:
    body = client.get("/api/search?q=Quetta&sort=oldest&collapse=story").get_json()
    assert (body["total"], body["stories"]) == (3, 2)
    assert [(hit["title"], [c["outlet"] for c in hit["copies"]]) for hit in body["hits"]] == [
        ("Gunmen kill five Hazara traders in Quetta", ["Frontier Ledger"]),
        ("Quetta traders close shops in protest", []),
    ]
    outlets = {v["value"]: (v["count"], v["stories"]) for v in body["facets"]["outlet"]}
    assert outlets == {"Frontier Ledger": (2, 2), "Gulf Wire Service": (1, 1)}
    groups = {v["value"]: (v["count"], v["stories"]) for v in body["facets"]["group"]}
    assert groups["Lashkar-e-Jhangvi"] == (2, 1)


def test_without_collapse_every_copy_is_a_hit(client) -> None:
    body = client.get("/api/search?q=Quetta").get_json()
    assert (body["total"], len(body["hits"])) == (3, 3)


def test_staff_page_folds_by_default_and_toggles(client) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/?q=Hazara").get_data(as_text=True), "html.parser")
    assert len(page.select(".hit")) == 2
    assert page.select_one(".also-in").get_text(" ", strip=True).startswith("Also in:")
    assert page.select_one("#collapse-toggle")["href"] == "/?q=Hazara&collapse=none"
    every = BeautifulSoup(
        client.get("/?q=Hazara&collapse=none").get_data(as_text=True), "html.parser"
    )
    assert len(every.select(".hit")) == 3
    assert every.select_one("#collapse-toggle")["href"] == "/?q=Hazara"


def test_reingest_is_the_same_article_not_a_copy(client) -> None:
    index_dir = Path(client.application.config["INDEX_DIR"])
    pages = index_dir.parent / "pages"
    summary = ingest_paths([pages], index_dir, jobs=1)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 3)
    body = client.get("/api/search?collapse=story").get_json()
    assert (body["total"], body["stories"]) == (3, 2)
