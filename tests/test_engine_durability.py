"""Durability of the tantivy engine: a batch is reported written only after its files, the
index's meta.json and the folder are flushed to disk (the Whoosh engine's is in test_crash)."""

from __future__ import annotations

import os
from pathlib import Path

from index.build import build_index
from index.store import open_index
from index.whoosh_engine import article_digest
from tests.conftest import ARTICLES


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
