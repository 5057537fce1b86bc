"""Extraction quality on a fixed subset of ../shared/data/extraction (40 pages per set, about
30 s; skipped when the data is absent). The whole sets are measured on demand by
tests/benchmarks/extraction.py.

These floors guard what the cleaner reaches today, with a little margin; several of issue 3's
targets (wcxb F1 0.950, dates 92 % exact / 4 % wrong, titles 95 %) are not reached yet, and the
floors rise as they are."""

from __future__ import annotations

import pytest

from tests.benchmarks.extraction import DATA, evaluate

pytestmark = pytest.mark.skipif(
    not (DATA / "scrapinghub_aeb" / "ground-truth.jsonl").exists(),
    reason=f"no benchmark data at {DATA} (../shared is absent)",
)
# Pages per dataset: a fixed subset (sorted by a hash of the id), the same on every run.
SAMPLE = 40


@pytest.fixture(scope="module")
def results() -> dict:
    return {
        name: evaluate(name, sample=SAMPLE, baseline=False)["dossier"]
        for name in ("scrapinghub_aeb", "wcxb_articles", "trafilatura_eval")
    }


def test_shingle_f1(results: dict) -> None:
    found = (round(results["scrapinghub_aeb"].f1, 3), round(results["wcxb_articles"].f1, 3))
    assert found[0] >= 0.96 and found[1] >= 0.88, found


def test_empty_or_short_extractions(results: dict) -> None:
    found = {name: scores.empty_or_short for name, scores in results.items()}
    assert found["scrapinghub_aeb"] == 0 and found["trafilatura_eval"] == 0, found
    assert found["wcxb_articles"] <= 1, found


def test_comment_leakage(results: dict) -> None:
    assert results["trafilatura_eval"].comments_leaked <= 0.02


def test_plaintext_f1(results: dict) -> None:
    found = (results["scrapinghub_aeb"].plaintext_f1, results["wcxb_articles"].plaintext_f1)
    assert found[0] >= 0.68 and found[1] >= 0.78, found


def test_dates_exact_and_wrong(results: dict) -> None:
    for name in ("wcxb_articles", "trafilatura_eval"):
        scores = results[name]
        assert scores.date_exact >= 0.65 and scores.date_wrong <= 0.10, name


def test_titles(results: dict) -> None:
    assert results["wcxb_articles"].title_exact >= 0.80
    assert results["trafilatura_eval"].title_exact >= 0.75
