"""Ingest write-path benchmark, run on demand: the main process's CPU per article (stories and
the Whoosh write, in committed batches) for Dossier's writer against Whoosh's own writer reading
every stored digest at each batch, in the same process, rounds interleaved. Pages are extracted
once, on every core; each round writes them all into a fresh index.

    .venv/bin/python tests/benchmarks/ingest_write.py [PAGES ...] [--rounds 5] [--batch-size 100]

PAGES default to ../shared/data/extraction. Writes tests/benchmarks/results/ingest-write.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from whoosh import writing  # noqa: E402

from corpus.article import Article  # noqa: E402
from corpus.read import Skipped, find_inputs  # noqa: E402
from index import whoosh_engine  # noqa: E402
from index.build import BATCH_SIZE  # noqa: E402
from index.ingest import _write  # noqa: E402
from index.pipeline import Extractor, page_tasks  # noqa: E402

PAGES = ROOT.parent / "shared" / "data" / "extraction"
RESULTS = Path(__file__).resolve().parent / "results" / "ingest-write.json"
VARIANTS = ("whoosh", "dossier")


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    """Write with Dossier's writer, or (`whoosh`) with Whoosh's own, digests read per batch."""
    if name == "dossier":
        yield
        return
    saved = whoosh_engine.SegmentWriter, whoosh_engine.WhooshEngine._known_digests
    whoosh_engine.SegmentWriter = writing.SegmentWriter
    whoosh_engine.WhooshEngine._known_digests = lambda engine, generation: engine.digests()
    try:
        yield
    finally:
        whoosh_engine.SegmentWriter, whoosh_engine.WhooshEngine._known_digests = saved


def extract(paths: list[Path]) -> list[Article]:
    """Return the Articles of the pages, extracted on every core."""
    inputs = [found for found in find_inputs(paths) if not isinstance(found, Skipped)]
    with Extractor(os.cpu_count() or 1) as extractor:
        found = extractor.run(page_tasks(inputs, lambda path: None))
        return [result for result in found if isinstance(result, Article)]


def write_all(articles: list[Article], batch_size: int, folder: Path) -> tuple[float, dict]:
    """Write the articles in batches into a fresh index; return CPU seconds and its digests."""
    engine = whoosh_engine.WhooshEngine(folder, create=True)
    started = time.process_time()
    for first in range(0, len(articles), batch_size):
        _write(engine, articles[first : first + batch_size])
    seconds = time.process_time() - started
    digests = engine.digests()
    engine.close()
    return seconds, digests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path, default=[PAGES])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args(argv)
    articles = extract(args.pages)
    print(f"{len(articles)} articles, batches of {args.batch_size}, {args.rounds} rounds")
    per_article: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(args.rounds):
            order = VARIANTS if round_number % 2 == 0 else VARIANTS[::-1]
            found = {}
            for name in order:
                with variant(name):
                    folder = Path(scratch) / f"{name}-{round_number}"
                    seconds, found[name] = write_all(articles, args.batch_size, folder)
                per_article[name].append(seconds / len(articles) * 1000)
            if found["whoosh"] != found["dossier"]:
                raise SystemExit("the two writers' indexes hold different articles")
            print(f"round {round_number + 1}: " + ", ".join(
                f"{name} {per_article[name][-1]:.2f}" for name in VARIANTS
            ) + " ms per article")  # fmt: skip
    medians = {name: statistics.median(values) for name, values in per_article.items()}
    print("median ms CPU per article: " + ", ".join(f"{n} {v:.2f}" for n, v in medians.items()))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "articles": len(articles),
        "batch_size": args.batch_size,
        "ms_per_article": per_article,
        "median_ms_per_article": medians,
    }
    args.json.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
