"""Crash test, run on demand: kill -9 freshly started `dossier ingest` processes at random
moments (200 kills by default), checking after each kill that the index opens (or answers 503
while its first creation is unfinished), that every batch the ingest reported as committed is
there and complete, and after each sequence that a re-run equals an uninterrupted run.

    .venv/bin/python -m tests.benchmarks.crash                  # 20 sequences × 10 kills
    .venv/bin/python -m tests.benchmarks.crash --sequences 5 --kills 10 --pages 200

Unlike the suite (tests/test_crash.py), each process is a real exec of the `dossier` script, so
kills also land during start-up. Writes tests/benchmarks/results/crash-<kills>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.test_crash import BATCH, Zygote, digests, ingest_args, kill_trials, write_corpus

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=20)
    parser.add_argument("--kills", type=int, default=10, help="kills per sequence")
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else time.time_ns() % 1_000_000
    dossier = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
    children: list[subprocess.Popen] = []  # kept, so that only we reap them

    def start(command: list[str]) -> int:
        child = subprocess.Popen(
            [dossier, *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        children.append(child)
        return child.pid

    zygote = Zygote()  # only for the reference and the final re-runs
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        pages = write_corpus(work / "pages", args.pages)
        reference_dir = work / "reference"
        started = time.perf_counter()
        subprocess.run(
            [dossier, *ingest_args(pages, reference_dir, work / "ref.jsonl", ())],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        run_seconds = time.perf_counter() - started
        reference = digests(reference_dir)
        began = time.perf_counter()
        try:
            tally = kill_trials(
                zygote,
                pages,
                work,
                reference,
                run_seconds,
                random.Random(seed),
                sequences=args.sequences,
                kills=args.kills,
                start_command=start,
                first_delay=(0.0, run_seconds),
                extra=(),  # extraction workers as configured by default
            )
        finally:
            zygote.close()
    body = {
        "seed": seed,
        "pages": args.pages,
        "batch_size": BATCH,
        "uninterrupted_run_s": round(run_seconds, 2),
        "total_s": round(time.perf_counter() - began, 1),
        **tally,
    }
    print(json.dumps(body, indent=2))
    results = REPO / "tests" / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"crash-{tally['kills']}.json"
    out.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
