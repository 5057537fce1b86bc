"""The Whoosh engine tells new, changed and unchanged articles from the digests its last write
left, without reading every stored digest again, unless another writer has committed since."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from index.base import WriteReport, article_digest
from index.whoosh_engine import WhooshEngine
from tests.conftest import ARTICLES


def _unread(engine: WhooshEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_every_digest() -> dict[str, str]:
        raise AssertionError("the digests were read from the index")

    monkeypatch.setattr(engine, "digests", read_every_digest)


def test_a_second_batch_uses_the_digests_the_first_left(tmp_path: Path, monkeypatch) -> None:
    engine = WhooshEngine(tmp_path, create=True)
    assert engine.write(ARTICLES[:4]) == WriteReport(added=4)
    _unread(engine, monkeypatch)
    changed = dataclasses.replace(ARTICLES[0], title="A changed title")
    assert engine.write([changed, ARTICLES[1], *ARTICLES[4:6]]) == WriteReport(
        added=2, updated=1, unchanged=1
    )
    assert engine.write(ARTICLES[:2]) == WriteReport(updated=1, unchanged=1)
    assert engine.write(ARTICLES[:2]) == WriteReport(unchanged=2)  # nothing committed
    assert engine.write([changed]) == WriteReport(updated=1)
    monkeypatch.undo()
    expected = [changed, *ARTICLES[1:6]]
    assert engine.digests() == {article.id: article_digest(article) for article in expected}
    engine.close()


def test_another_writers_commit_makes_the_digests_read_again(tmp_path: Path) -> None:
    engine = WhooshEngine(tmp_path, create=True)
    engine.write(ARTICLES[:3])
    changed = dataclasses.replace(ARTICLES[0], title="A changed title")
    other = WhooshEngine(tmp_path)
    assert other.write([changed, ARTICLES[3]]) == WriteReport(added=1, updated=1)
    other.close()
    assert engine.write([changed, ARTICLES[3], ARTICLES[1]]) == WriteReport(unchanged=3)
    assert engine.count() == 4
    engine.close()


def test_a_failed_write_makes_the_digests_read_again(tmp_path: Path, monkeypatch) -> None:
    engine = WhooshEngine(tmp_path, create=True)
    engine.write(ARTICLES[:2])

    real = engine._document
    calls = []

    def broken(article, digest):  # the second article of the batch fails
        calls.append(article)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(article, digest)

    with monkeypatch.context() as patch:
        patch.setattr(engine, "_document", broken)
        with pytest.raises(OSError):
            engine.write(ARTICLES[2:4])
    # nothing of the failed batch was committed: its articles are new, not unchanged
    assert engine.write(ARTICLES[:4]) == WriteReport(added=2, unchanged=2)
    engine.close()
