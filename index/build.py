"""Writing articles into an index under its write lock, in committed batches."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from corpus.article import Article
from index.lock import WriteLock
from index.store import open_or_create_index
from index.stories import assign_stories

BATCH_SIZE = 100  # articles per commit: an interrupted ingest keeps every finished batch


def build_index(articles: Iterable[Article], index_dir: Path, engine: str | None = None) -> int:
    """Write articles into the index at `index_dir` (created when missing); return its count."""
    with WriteLock(index_dir_ready(index_dir)):
        store = open_or_create_index(index_dir, engine)
        try:
            batch: list[Article] = []
            for article in articles:
                batch.append(article)
                if len(batch) >= BATCH_SIZE:
                    store.write(assign_stories(batch, store))
                    batch = []
            if batch:
                store.write(assign_stories(batch, store))
            return store.count()
        finally:
            store.close()


def index_dir_ready(index_dir: Path) -> Path:
    """Return the folder, created if needed (the lock file lives in it)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    return index_dir
