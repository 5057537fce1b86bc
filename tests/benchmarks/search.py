"""Search benchmark, run on demand: per engine (and SQLite FTS5 as the baseline) on a generated
corpus of N articles: ingest throughput and peak memory, index size, in-process latency for
top-10, + facets, + facets + snippets, and HTTP through `dossier serve` with concurrent clients.

    .venv/bin/python -m tests.benchmarks.search --size 10000 --engines whoosh tantivy
    .venv/bin/python -m tests.benchmarks.search --size 100000 --engines tantivy
    .venv/bin/python -m tests.benchmarks.search --size 1000000 --engines tantivy \
        --reuse-index --no-baseline  # searches only, on the index of an earlier run

Prints a table and writes tests/benchmarks/results/search-N.json. The machine is shared and
noisy: compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from itertools import islice
from pathlib import Path

from index.base import EngineQuery
from index.store import open_index, open_or_create_index
from search.parse import parse_query
from search.request import parse_request
from tests.benchmarks import fts5
from tests.benchmarks.corpus import group_names, read_jsonl, write_jsonl
from tests.benchmarks.queries import build_queries

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "benchmarks" / "results"
MODES = ("top10", "facets", "facets+snippets")
WRITE_BATCH = 5000  # articles per engine write (commit) when ingesting prepared articles


def percentiles(samples: list[float]) -> dict:
    """Return p50/p95/p99 and the mean of milliseconds."""
    ordered = sorted(samples)

    def pick(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99),
            "mean": round(statistics.fmean(ordered), 2), "n": len(ordered)}  # fmt: skip


# -- ingest, in a child process so that its peak memory is its own ---------------------------


def ingest_child(engine: str, corpus: Path, index_dir: Path) -> None:
    """Write the corpus into a new index; print docs, seconds and peak RSS as JSON."""
    shutil.rmtree(index_dir, ignore_errors=True)
    store = open_or_create_index(index_dir, engine)
    started = time.perf_counter()
    count = 0
    articles = read_jsonl(corpus)
    while batch := list(islice(articles, WRITE_BATCH)):
        store.write(batch)
        count += len(batch)
    store.close()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"docs": count, "seconds": seconds, "peak_rss_bytes": peak}))


def measure_ingest(engine: str, corpus: Path, index_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.search", "--ingest-child", engine,
         str(corpus), str(index_dir)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    found = json.loads(out.stdout.strip().splitlines()[-1])
    megabytes = corpus.stat().st_size / 1e6
    store = open_index(index_dir)
    size = store.size_bytes()
    store.close()
    return {
        "docs": found["docs"],
        "seconds": round(found["seconds"], 1),
        "docs_per_s": round(found["docs"] / found["seconds"], 1),
        "mb_per_s": round(megabytes / found["seconds"], 2),
        "peak_rss_mb": round(found["peak_rss_bytes"] / 1e6, 1),
        "index_mb": round(size / 1e6, 1),
        "index_to_jsonl": round(size / corpus.stat().st_size, 2),
    }


# -- in-process latency --------------------------------------------------------------------


def engine_queries(queries: list[dict]) -> list[EngineQuery]:
    built = []
    for query in queries:
        given = {k: v if isinstance(v, list) else [v] for k, v in query.items() if k != "kind"}
        request = parse_request(list(given), lambda name, given=given: given.get(name, []))
        built.append(EngineQuery(parse_query(request.q), request.filters(), limit=10))
    return built


def measure_in_process(engine_name: str, index_dir: Path, queries: list[dict]) -> dict:
    store = open_index(index_dir)
    built = engine_queries(queries)
    for query in built[:20]:  # warm up
        store.search(query)
    results = {}
    for mode in MODES:
        samples = []
        for query in built:
            variant = EngineQuery(
                query.query,
                query.filters,
                limit=10,
                with_facets=mode != "top10",
                with_snippets=mode == "facets+snippets",
            )
            started = time.perf_counter()
            found = store.search(variant)
            samples.append((time.perf_counter() - started) * 1000)
            if variant.with_facets:
                check_facets(found)
        results[mode] = percentiles(samples)
    store.close()
    return results


def check_facets(found) -> None:
    """Facet totals must equal the hit total's breakdown (nothing lost at scale)."""
    if sum(found.facets.month.values()) + found.facets.undated < found.total:
        raise AssertionError(f"month facet misses matches: {found.facets} vs {found.total}")


def measure_fts5(db: Path, queries: list[dict]) -> dict:
    baseline = fts5.Baseline(db)
    for query in queries[:20]:
        baseline.search(query, True, True)
    results = {}
    for mode in MODES:
        samples = []
        for query in queries:
            started = time.perf_counter()
            baseline.search(query, mode != "top10", mode == "facets+snippets")
            samples.append((time.perf_counter() - started) * 1000)
        results[mode] = percentiles(samples)
    return results


# -- HTTP ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_of_children(pid: int) -> list[int]:
    """Return the resident memory (bytes) of each child process of `pid` (Linux /proc)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    sizes = []
    for child in children:
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) * 1024)
    return sizes


def measure_http(index_dir: Path, queries: list[dict], clients: int, workers: int) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "dossier"), "serve", "--index", str(index_dir),
         "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        urls = [base + "/api/search?" + urllib.parse.urlencode(_params(q), doseq=True)
                for q in queries]  # fmt: skip
        for url in urls[: workers * 10]:  # warm every worker
            urllib.request.urlopen(url, timeout=60).read()
        samples: list[float] = []
        errors = 0
        lock = threading.Lock()

        def client(offset: int) -> None:
            nonlocal errors
            for n in range(len(urls)):
                url = urls[(n + offset * 37) % len(urls)]
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=60) as response:
                        response.read()
                        ok = response.status == 200
                except OSError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    samples.append(elapsed)
                    errors += not ok

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        worker_rss = rss_of_children(server.pid)
        return {
            "clients": clients,
            "workers": workers,
            "requests": len(samples),
            "errors": errors,
            "req_per_s": round(len(samples) / seconds, 1),
            **percentiles(samples),
            "worker_rss_mb": round(max(worker_rss, default=0) / 1e6, 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _params(query: dict) -> dict:
    return {k: v for k, v in query.items() if k != "kind" and v}


# -- the run -------------------------------------------------------------------------------


def run(  # noqa: PLR0913 - the command line's options
    size: int,
    engines: list[str],
    clients: int,
    workers: int,
    work: Path,
    baseline: bool = True,
    reuse: bool = False,
) -> dict:
    corpus = write_jsonl(size, work / f"corpus-{size}.jsonl")
    queries = build_queries(islice(read_jsonl(corpus), 2000), group_names())
    report: dict = {"size": size, "queries": len(queries), "cores": os.cpu_count(), "engines": {}}
    report["fts5"] = measure_baseline(size, corpus, work, queries) if baseline else None
    _print_progress(report)
    for name in engines:
        index_dir = work / f"index-{name}-{size}"
        reused = reuse and (index_dir / "dossier.json").exists()
        entry: dict = {"ingest": None if reused else measure_ingest(name, corpus, index_dir)}
        entry["latency_ms"] = measure_in_process(name, index_dir, queries)
        if clients:
            entry["http"] = measure_http(index_dir, queries, clients, workers)
        if report["fts5"]:
            fts = report["fts5"]["latency_ms"]
            entry["ratio_to_fts5_p95"] = {
                mode: round(entry["latency_ms"][mode]["p95"] / fts[mode]["p95"], 3)
                for mode in MODES
            }
        report["engines"][name] = entry
        _print_progress(report)
    return report


def measure_baseline(size: int, corpus: Path, work: Path, queries: list[dict]) -> dict:
    db = work / f"fts5-{size}.sqlite"
    started = time.perf_counter()
    fts5.build(read_jsonl(corpus), db)
    seconds = time.perf_counter() - started
    return {
        "ingest": {"docs_per_s": round(size / seconds, 1),
                   "index_mb": round(db.stat().st_size / 1e6, 1)},
        "latency_ms": measure_fts5(db, queries),
    }  # fmt: skip


def _print_progress(report: dict) -> None:
    print(json.dumps(report), file=sys.stderr, flush=True)


def print_table(report: dict) -> None:
    print(f"\n{report['size']:,} articles, {report['queries']} queries, {report['cores']} cores")
    head = f"{'engine':8} {'mode':16} {'p50':>8} {'p95':>8} {'p99':>8} {'xFTS5 p95':>10}"
    print(head)
    rows = [("fts5", report["fts5"]["latency_ms"], None)] if report["fts5"] else []
    rows += [(n, e["latency_ms"], e.get("ratio_to_fts5_p95")) for n, e in report["engines"].items()]
    for name, latency, ratio in rows:
        for mode in MODES:
            m = latency[mode]
            r = f"{ratio[mode]:.3f}" if ratio else "-"
            print(f"{name:8} {mode:16} {m['p50']:8.2f} {m['p95']:8.2f} {m['p99']:8.2f} {r:>10}")
    for name, entry in report["engines"].items():
        i = entry["ingest"]
        if i is None:
            print(f"{name}: ingest not measured (--reuse-index)")
        else:
            print(f"{name}: ingest {i['docs_per_s']} docs/s, {i['mb_per_s']} MB/s, peak RSS "
                  f"{i['peak_rss_mb']} MB, index {i['index_mb']} MB "
                  f"({i['index_to_jsonl']}x JSONL)")  # fmt: skip
        if "http" in entry:
            h = entry["http"]
            print(f"{name}: HTTP {h['clients']} clients / {h['workers']} workers: "
                  f"{h['req_per_s']} req/s, p50 {h['p50']} p95 {h['p95']} p99 {h['p99']} ms, "
                  f"{h['errors']} errors, worker RSS {h['worker_rss_mb']} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--engines", nargs="+", default=["whoosh", "tantivy"])
    parser.add_argument("--clients", type=int, default=4, help="HTTP clients (0: no HTTP)")
    parser.add_argument("--workers", type=int, default=2, help="`dossier serve` workers")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dossier-bench"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--no-baseline", action="store_true", help="skip SQLite FTS5")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="measure the searches on the index an earlier run left in --work (no ingest)",
    )
    parser.add_argument("--ingest-child", nargs=3, metavar=("ENGINE", "CORPUS", "INDEX"))
    args = parser.parse_args()
    if args.ingest_child:
        engine, corpus, index_dir = args.ingest_child
        ingest_child(engine, Path(corpus), Path(index_dir))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    report = run(
        args.size,
        args.engines,
        args.clients,
        args.workers,
        args.work,
        baseline=not args.no_baseline,
        reuse=args.reuse_index,
    )
    print_table(report)
    out = args.json or RESULTS / f"search-{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
