"""Ingest: page files → Articles → an index, in committed batches, under the write lock.
Every file (or bulk record) that fails is skipped with its reason and counted; the rest goes
in. Extraction runs on worker processes (index.pipeline); writing stays in this one."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from corpus.article import Article
from corpus.extract import Overrides
from corpus.manifest import Manifest
from corpus.read import InputFile, Skipped, find_inputs
from index.base import Engine, WriteReport, article_digest
from index.build import BATCH_SIZE, index_dir_ready
from index.lock import WriteLock
from index.pipeline import BULK_KINDS, MIN_PARALLEL_FILES, Extractor, page_tasks
from index.store import open_or_create_index
from index.stories import assign_stories


@dataclass(slots=True)
class IngestSummary:
    """What one ingest did, for the closing summary."""

    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = ""

    def add(self, report: WriteReport) -> None:
        self.added += report.added
        self.updated += report.updated
        self.unchanged += report.unchanged


def ingest_paths(
    paths: list[Path],
    index_dir: Path,
    *,
    engine: str | None = None,
    overrides: Overrides | None = None,
    manifest: Manifest | None = None,
    wait: float = 0.0,
    progress: Callable[[int], object] | None = None,
    on_start: Callable[[int | None], object] | None = None,
    on_commit: Callable[[list[Article], WriteReport], object] | None = None,
    batch_size: int | None = None,
    jobs: int | None = None,
) -> IngestSummary:
    """Ingest every page under `paths`. Raises IndexLockedError when another ingest writes.

    `on_start(total_files)` and `progress(1)` per file let a caller draw a progress bar;
    `on_commit(batch, report)` is called once the engine has made a batch durable;
    `batch_size` is the number of articles per commit (default BATCH_SIZE); `jobs` the number
    of extraction processes (default: one per core). `on_start` gets None as the total when
    bulk files (.jsonl, .warc) make the number of pages unknown in advance.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    inputs: list[InputFile] = []
    for found in find_inputs(paths):
        if isinstance(found, Skipped):
            summary.skipped.append(found)
        else:
            inputs.append(found)
    summary.files = len(inputs) + len(summary.skipped)
    bulk = any(found.kind in BULK_KINDS for found in inputs)
    parallel = bulk or len(inputs) >= MIN_PARALLEL_FILES
    extractor = Extractor(jobs or os.cpu_count() or 1, parallel=parallel)
    with extractor, WriteLock(index_dir_ready(index_dir), wait=wait):
        store = open_or_create_index(index_dir, engine)
        summary.engine = store.name
        batch_size = batch_size or BATCH_SIZE
        try:
            if on_start:
                on_start(None if bulk else len(inputs))
            tasks = page_tasks(inputs, lambda path: _overrides_for(path, overrides, manifest))
            batch: list[Article] = []
            for result in extractor.run(tasks):
                if isinstance(result, Skipped):
                    summary.skipped.append(result)
                else:
                    batch.append(result)
                if progress:
                    progress(1)
                if len(batch) >= batch_size:
                    summary.add(_write(store, batch, on_commit))
                    batch = []
            if batch:
                summary.add(_write(store, batch, on_commit))
        finally:
            store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _write(
    store: Engine,
    batch: list[Article],
    on_commit: Callable[[list[Article], WriteReport], object] | None = None,
) -> WriteReport:
    # The same article twice in one batch (two copies of one page): keep the last copy, and
    # count an earlier one as if it had been written first: unchanged when the kept copy stores
    # the same record, else updated (so that the summary does not depend on the batch size).
    last = {article.id: article for article in batch}
    unique = assign_stories(list(last.values()), store)
    report = store.write(unique)  # returns once the batch is durable (fsynced)
    copies = [article for article in batch if article is not last[article.id]]
    if copies:
        kept = {article.id: article for article in unique}
        same = sum(
            article_digest(replace(copy, story=kept[copy.id].story))
            == article_digest(kept[copy.id])
            for copy in copies
        )
        report = replace(
            report, unchanged=report.unchanged + same, updated=report.updated + len(copies) - same
        )
    if on_commit:
        on_commit(unique, report)
    return report


def _overrides_for(
    path: Path, overrides: Overrides | None, manifest: Manifest | None
) -> Overrides | None:
    """Return the manifest's values for the file, with run-wide --outlet/--date on top."""
    found = manifest.lookup(path) if manifest else None
    if overrides is None:
        return found
    if found is None:
        return overrides
    return Overrides(
        url=found.url,
        title=found.title,
        outlet=overrides.outlet or found.outlet,
        date=overrides.date or found.date,
    )
