"""Moving an index to another engine from its stored articles (no original files needed), and
the hint that tells a growing Whoosh archive to move."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from index.base import EngineError
from index.lock import WriteLock
from index.store import ENGINES, _write_info, open_index

SWITCH_HINT_ARTICLES = 20_000  # past this, Whoosh's facets and snippets slow down noticeably
REINDEX_BATCH = 1000  # articles per commit while rebuilding


@dataclass(frozen=True, slots=True)
class ReindexSummary:
    """What a reindex did."""

    articles: int
    source_engine: str
    engine: str
    seconds: float


def switch_hint(engine: str, articles: int) -> str | None:
    """Return advice to move a large Whoosh index to tantivy, or None."""
    if engine == "whoosh" and articles > SWITCH_HINT_ARTICLES and "tantivy" in ENGINES:
        return (
            f"This index holds {articles:,} articles on Whoosh (over {SWITCH_HINT_ARTICLES:,}): "
            "tantivy will be faster; run `dossier reindex --engine tantivy`."
        )
    return None


def reindex(index_dir: Path, engine: str, *, wait: float = 0.0) -> ReindexSummary:
    """Rebuild the index at `index_dir` on `engine` from its stored articles, then switch to it.

    The new engine's files are written beside the old ones; `dossier.json` is switched in one
    atomic rename, so an interrupted reindex leaves the old index in use. Raises EngineError
    (unknown or same engine) and IndexLockedError (another ingest writes).
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(sorted(ENGINES))}")
    started = time.perf_counter()
    with WriteLock(index_dir, wait=wait):
        source = open_index(index_dir)
        if source.name == engine:
            source.close()
            raise EngineError(f"the index at {index_dir} already uses the {engine} engine")
        target_dir = index_dir / engine  # each engine keeps its files in a folder of its name
        shutil.rmtree(target_dir, ignore_errors=True)  # a reindex that was interrupted
        target = ENGINES[engine](index_dir, create=True)
        count = 0
        try:
            articles = source.iter_articles()
            while batch := list(islice(articles, REINDEX_BATCH)):
                target.write(batch)
                count += len(batch)
        finally:
            target.close()
            source.close()
        _write_info(index_dir, engine)
        shutil.rmtree(index_dir / source.name, ignore_errors=True)
    return ReindexSummary(count, source.name, engine, time.perf_counter() - started)
