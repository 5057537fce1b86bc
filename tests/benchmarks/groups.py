"""Group tagging speed on real news text: MB of text tagged per CPU-second.

Run on demand: `.venv/bin/python -m tests.benchmarks.groups [--runs 5] [--json FILE]`.
Tags every article of ../shared/data/news/bbc-fulltext (and, as a dense case, the seeds) with
the project's gazetteer; prints the median of the runs and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from corpus.groups import load_gazetteer

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DEFAULT_JSON = ROOT / "tests" / "benchmarks" / "results" / "groups.json"


def _texts(folder: Path, pattern: str) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.glob(pattern))]


def measure(texts: list[str], runs: int) -> dict:
    """Return MB per CPU-second (median of runs) and per-article milliseconds."""
    gazetteer = load_gazetteer()
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    seconds = []
    for _ in range(runs):
        started = time.process_time()
        for text in texts:
            gazetteer.tag(text)
        seconds.append(time.process_time() - started)
    median = statistics.median(seconds)
    return {
        "articles": len(texts),
        "megabytes": round(megabytes, 3),
        "cpu_seconds_median": round(median, 3),
        "mb_per_cpu_second": round(megabytes / median, 2),
        "ms_per_article": round(1000 * median / len(texts), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args()
    news = SHARED / "data" / "news" / "bbc-fulltext"
    if not news.is_dir():
        raise SystemExit(f"no news texts at {news}; this benchmark needs ../shared")
    results = {
        "bbc-fulltext": measure(_texts(news, "*/*.txt"), args.runs),
        "seeds": measure(_texts(SHARED / "seeds", "*.txt"), args.runs),
    }
    print(f"{'corpus':14} {'articles':>8} {'MB':>7} {'MB/CPU-s':>9} {'ms/article':>10}")
    for name, row in results.items():
        print(
            f"{name:14} {row['articles']:8d} {row['megabytes']:7.2f} "
            f"{row['mb_per_cpu_second']:9.2f} {row['ms_per_article']:10.3f}"
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
