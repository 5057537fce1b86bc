"""The five seed articles: `dossier ingest` then `dossier extract --json` and /api/search agree
with ../shared/seeds/EXPECTED.json (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHARED
from web import create_app
from web.cli import main

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(
    not (SEEDS / "EXPECTED.json").exists(), reason=f"no seeds at {SEEDS} (../shared is absent)"
)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _expected() -> dict[str, dict]:
    return json.loads((SEEDS / "EXPECTED.json").read_text(encoding="utf-8"))["articles"]


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    from click.testing import CliRunner

    files = sorted(str(path) for path in SEEDS.glob("*.txt"))
    result = CliRunner().invoke(main, ["extract", "--json", *files])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [record["source"] for record in records] == files
    return {Path(record["source"]).name: record for record in records}


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    index_dir = tmp_path_factory.mktemp("seeds-index")
    result = CliRunner().invoke(main, ["ingest", str(SEEDS), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Ingested 5 files into {index_dir} (whoosh) in ")
    assert result.output.endswith(": 5 added, 0 updated, 0 unchanged, 0 skipped.\n")
    return index_dir


@pytest.mark.parametrize("name", sorted(_expected()) if (SEEDS / "EXPECTED.json").exists() else [])
def test_extract_matches_expected(extracted, name: str) -> None:
    expected = _expected()[name]
    record = extracted[name]
    text = _fold(record["text"])
    assert (record["title"], record["outlet"], record["date"]) == (
        expected["title"],
        expected["outlet"],
        expected["date"],
    )
    assert _fold(expected["text_starts"]) in text[:300]
    assert text.endswith(_fold(expected["text_ends"]))
    assert [s for s in expected["text_excludes"] if _fold(s) in text] == []
    groups = set(record["groups"])
    assert sorted(set(expected["groups_required"]) - groups) == []
    assert sorted(groups - set(expected["groups_required"]) - set(expected["groups_allowed"])) == []
    assert record["groups"] == sorted(record["groups"])


def test_api_agrees_with_extract(seed_index, extracted) -> None:
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()
    for name, expected in _expected().items():
        record = extracted[name]
        body = client.get("/api/search", query_string={"q": f'title:"{expected["title"]}"'})
        hits = body.get_json()["hits"]
        assert [(h["id"], h["title"], h["outlet"], h["date"], h["groups"]) for h in hits] == [
            (
                record["id"],
                expected["title"],
                expected["outlet"],
                expected["date"],
                record["groups"],
            )
        ]
        stored = client.get(f"/api/articles/{record['id']}").get_json()
        similar = stored.pop("similar")
        assert stored == record
        assert record["id"] not in [item["id"] for item in similar]


def test_reingest_changes_nothing(seed_index) -> None:
    from click.testing import CliRunner

    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()
    before = client.get("/api/search?per_page=100&sort=oldest").get_json()["hits"]
    result = CliRunner().invoke(main, ["ingest", str(SEEDS), "--index", str(seed_index)])
    assert result.output.endswith(": 0 added, 0 updated, 5 unchanged, 0 skipped.\n")
    after = client.get("/api/search?per_page=100&sort=oldest").get_json()["hits"]
    assert after == before
    assert client.get("/healthz").get_json()["articles"] == 5
