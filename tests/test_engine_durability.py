"""Durability of the tantivy engine: a batch is reported written only after its files, the
index's meta.json and the folder are flushed to disk (the Whoosh engine's is in test_crash);
and a large Whoosh batch written by two processes gives the same index as one process."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from index import whoosh_engine
from index.base import EngineQuery, WriteReport, article_digest
from index.build import build_index
from index.store import open_index
from search.parse import parse_query
from tests.conftest import ARTICLES
from tests.test_crash import digests


def test_tantivy_write_fsyncs_new_files_then_the_folder(tmp_path: Path, monkeypatch) -> None:
    build_index(ARTICLES[:2], tmp_path, engine="tantivy")
    engine = open_index(tmp_path)
    data = tmp_path / "tantivy"
    before = {p.name: p.stat().st_mtime_ns for p in data.iterdir() if p.is_file()}
    events: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        events.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    try:
        report = engine.write(ARTICLES[2:4])
    finally:
        monkeypatch.setattr(os, "fsync", real_fsync)
    assert (report.added, report.updated) == (2, 0)
    changed = {
        p.name
        for p in data.iterdir()
        if p.is_file()
        and before.get(p.name) != p.stat().st_mtime_ns
        and p.name != ".tantivy-writer.lock"
    }
    synced = {Path(path).name for path in events if Path(path).parent == data}
    assert "meta.json" in changed
    assert sorted(changed - synced) == []
    assert events[-1] == str(data)  # the folder last: new names and renames are on disk
    assert engine.digests() == {article.id: article_digest(article) for article in ARTICLES[:4]}
    engine.close()


def _many_articles(count: int) -> list:
    return [
        dataclasses.replace(
            ARTICLES[n % len(ARTICLES)],
            id=f"p{n:04d}",
            url=f"https://wire.example/{n}",
            title=f"{ARTICLES[n % len(ARTICLES)].title} number{n}",
        )
        for n in range(count)
    ]


def test_whoosh_batch_on_two_processes_equals_one_process(tmp_path: Path, monkeypatch) -> None:
    articles = _many_articles(60)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build_index(articles[:10], serial, engine="whoosh")
    build_index(articles[:10], parallel, engine="whoosh")
    changed = [dataclasses.replace(articles[3], title="A changed title"), *articles[10:]]
    reports = {}
    for folder, procs in ((serial, 1), (parallel, 2)):
        monkeypatch.setattr(whoosh_engine, "PARALLEL_PROCS", procs)
        monkeypatch.setattr(whoosh_engine, "PARALLEL_BATCH", 20)
        engine = open_index(folder)
        try:
            reports[procs] = engine.write([*changed, articles[20]])  # one repeated: counted once
        finally:
            engine.close()
    assert reports[1] == reports[2] == WriteReport(added=50, updated=1, unchanged=0)
    assert digests(parallel) == digests(serial)
    assert len(digests(parallel)) == 60
    engine = open_index(parallel)
    try:
        found = engine.search(EngineQuery(parse_query("number42"), limit=5))
        assert [hit.article.id for hit in found.hits] == ["p0042"]
        assert engine.get("p0003").title == "A changed title"
    finally:
        engine.close()
