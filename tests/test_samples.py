"""The bundled sample archive (corpus/samples/, written for the project) extracts as its
expected.json says, and ingests whole: every page in, no page skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.extract import extract_file
from corpus.groups import load_gazetteer
from corpus.read import InputFile, find_inputs

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["articles"]


def _fold(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_extracts_as_expected(name: str) -> None:
    expected = EXPECTED[name]
    found = next(iter(find_inputs([SAMPLES / name])))
    assert isinstance(found, InputFile)
    article = extract_file(found.path, found.kind, gazetteer=load_gazetteer())
    text = _fold(article.text)
    assert (article.title, article.outlet, article.date and article.date.isoformat()) == (
        expected["title"],
        expected["outlet"],
        expected["date"],
    )
    assert _fold(expected["text_starts"]) in text[:300]
    assert text.endswith(_fold(expected["text_ends"]))
    assert [s for s in expected["text_excludes"] if _fold(s) in text] == []
    groups = set(article.groups)
    assert sorted(set(expected["groups_required"]) - groups) == []
    allowed = set(expected["groups_required"]) | set(expected.get("groups_allowed", []))
    assert sorted(groups - allowed) == []


def test_every_sample_file_is_listed() -> None:
    pages = {
        str(item.path.relative_to(SAMPLES))
        for item in find_inputs([SAMPLES])
        if isinstance(item, InputFile)
    }
    assert pages == set(EXPECTED)
    assert len(pages) >= 30
