"""Extraction for ingest: input files and bulk records → Articles, in input order, on N worker
processes. Only a bounded number of pages is in flight, so memory does not grow with the input."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from corpus.article import Article, ArticleError
from corpus.bulk import Page, iter_pages, text_article
from corpus.extract import Overrides, extract_article, extract_file
from corpus.groups import Gazetteer, load_gazetteer
from corpus.read import InputError, InputFile, Skipped
from index.workers import die_with_parent

BULK_KINDS = ("jsonl", "warc")
CHUNK = 8  # pages per task sent to a worker: fewer round trips, still a smooth progress bar
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: keeps workers busy, bounds memory
MIN_PARALLEL_FILES = 16  # below this (and no bulk file), starting workers costs more than it saves


@dataclass(frozen=True, slots=True)
class Task:
    """One page to extract: a file (path) or a bulk record (its decoded text)."""

    source: str
    kind: str
    path: Path | None = None
    raw: str | None = None
    overrides: Overrides | None = None


Result = Article | Skipped


def page_tasks(
    inputs: Iterable[InputFile], overrides_for: Callable[[Path], Overrides | None]
) -> Iterator[Task | Skipped]:
    """Yield a task per page: one per page file, one per record of a bulk file (read lazily)."""
    for found in inputs:
        if found.kind not in BULK_KINDS:
            yield Task(
                str(found.path), found.kind, path=found.path, overrides=overrides_for(found.path)
            )
            continue
        run_wide = overrides_for(found.path)
        try:
            for page in iter_pages(found.path, found.kind):
                if isinstance(page, Skipped):
                    yield page
                else:
                    yield _bulk_task(page, run_wide)
        except InputError as err:
            yield Skipped(str(found.path), str(err))


def _bulk_task(page: Page, run_wide: Overrides | None) -> Task:
    """A record's own values win over the page; --outlet/--date win over the record."""
    own = page.overrides or Overrides()
    if run_wide is not None:
        own = Overrides(
            url=own.url or run_wide.url,
            title=own.title or run_wide.title,
            outlet=run_wide.outlet or own.outlet,
            date=run_wide.date or own.date,
            source_label=run_wide.source_label
            if run_wide.outlet or run_wide.date
            else own.source_label,
        )
    return Task(page.source, page.kind, raw=page.raw, overrides=own)


class Extractor:
    """Worker processes that extract pages. Enter it before taking the write lock and opening
    an engine: the workers are forked then, so they share the loaded code and gazetteer but
    never hold the lock's file or the engine's threads."""

    def __init__(self, jobs: int, *, parallel: bool = True) -> None:
        self.jobs = jobs if parallel else 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Extractor:
        if self.jobs > 1:
            load_gazetteer()  # loaded once here, inherited by every worker
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            self._pool.submit(load_gazetteer).result()  # a fork pool starts every worker now
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def run(self, tasks: Iterable[Task | Skipped]) -> Iterator[Result]:
        """Yield the Article (or why it was skipped) of every task, in input order."""
        if self._pool is None:
            gazetteer = load_gazetteer()
            for task in tasks:
                yield task if isinstance(task, Skipped) else run_task(task, gazetteer)
            return
        pool = self._pool
        pending: deque[Future | list[Result]] = deque()
        source = iter(tasks)
        while True:
            while len(pending) < self.jobs * IN_FLIGHT_PER_JOB:
                chunk = list(islice(source, CHUNK))
                if not chunk:
                    break
                work: list[Task] = []
                for item in chunk:  # skipped records keep their place in the order
                    if isinstance(item, Task):
                        work.append(item)
                        continue
                    if work:
                        pending.append(pool.submit(_run_chunk, work))
                        work = []
                    pending.append([item])
                if work:
                    pending.append(pool.submit(_run_chunk, work))
            if not pending:
                return
            head = pending.popleft()
            yield from head if isinstance(head, list) else head.result()


_worker_gazetteer: Gazetteer | None = None


def _start_worker(parent: int) -> None:
    global _worker_gazetteer
    die_with_parent(parent)
    _worker_gazetteer = load_gazetteer()


def _run_chunk(tasks: list[Task]) -> list[Result]:
    gazetteer = _worker_gazetteer or load_gazetteer()
    return [run_task(task, gazetteer) for task in tasks]


def run_task(task: Task, gazetteer: Gazetteer) -> Result:
    """Return the task's Article, or why it was skipped (the reason a person can act on)."""
    try:
        if task.kind == "article":
            page = Page(task.source, task.raw or "", task.kind, task.overrides)
            return text_article(page, gazetteer)
        if task.path is not None:
            return extract_file(task.path, task.kind, overrides=task.overrides, gazetteer=gazetteer)
        return extract_article(
            task.raw or "", kind=task.kind, source=task.source, overrides=task.overrides,
            gazetteer=gazetteer,
        )  # fmt: skip
    except (InputError, ArticleError, UnicodeError) as err:
        return Skipped(task.source, str(err))
    except RecursionError:
        return Skipped(task.source, "HTML nested too deeply")
