"""Load test, run on demand: N concurrent clients for S seconds against `dossier serve` on
loopback (127.0.0.1 only), with a mix of searches, facet filters, pages and article views.

    .venv/bin/python -m tests.benchmarks.load                       # sample archive, 50 × 60 s
    .venv/bin/python -m tests.benchmarks.load --index DIR --clients 50 --seconds 60
    .venv/bin/python -m tests.benchmarks.load --tantivy-size 100000  # generated (../shared)

Counts responses by status, connection errors and latency percentiles; writes
tests/benchmarks/results/load-<clients>x<seconds>.json. The suite runs 10 clients × 5 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only, whatever the arguments say
QUERIES = [
    "",
    "quetta",
    "Lashkar-e-Jhangvi",
    '"Islamic State"',
    "taliban AND NOT afghan",
    "al-Qaeda OR Daesh",
    "attack*",
    "title:school",
    "date:[2014 TO 2015]",
    "hezbollah aleppo",
    "peshawar school",
    'group:"Islamic State" bombing',
    '"unbalanced',
    "zz*",
]
FILTERS = [
    {},
    {"group": "Islamic State"},
    {"outlet": "Frontier Ledger"},
    {"date_from": "2014", "date_to": "2016-06"},
    {"sort": "newest"},
    {"page": "2", "per_page": "5"},
    {"undated": "exclude"},
]


@dataclass
class LoadReport:
    clients: int
    seconds: float
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    server_errors: int = 0  # responses >= 500
    connection_errors: int = 0
    errors_seen: list[str] = field(default_factory=list)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    per_second: float = 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(
    index_dir: Path, port: int, workers: int | None = None, log: Path | None = None
) -> subprocess.Popen:
    """Start `dossier serve` on 127.0.0.1:port and wait until /healthz answers 200; its
    output goes to `log` when given (to show a server's traceback when a test fails)."""
    dossier = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
    command = [dossier, "serve", "--index", str(index_dir), "--host", HOST, "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    output = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        command,
        stdout=output,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    if log:
        output.close()  # the server holds its own copy
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_server(process)
                raise RuntimeError("dossier serve did not start") from None
            time.sleep(0.1)


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request_paths(rng: random.Random, article_ids: list[str]) -> str:
    """Return one random request path of the mix."""
    roll = rng.random()
    if roll < 0.1 and article_ids:
        return f"/api/articles/{rng.choice(article_ids)}"
    if roll < 0.2 and article_ids:
        return f"/articles/{rng.choice(article_ids)}?q=quetta"
    params = {"q": rng.choice(QUERIES), **rng.choice(FILTERS)}
    prefix = "/?" if roll < 0.35 else "/api/search?"
    return prefix + urllib.parse.urlencode({k: v for k, v in params.items() if v})


def run_load(port: int, clients: int, seconds: float, seed: int = 7) -> LoadReport:
    """Run `clients` threads, each sending one request after another for `seconds`."""
    with urllib.request.urlopen(f"http://{HOST}:{port}/api/search?per_page=100") as answer:
        article_ids = [hit["id"] for hit in json.load(answer)["hits"]]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        mine: list[float] = []
        seen: Counter[str] = Counter()
        failed: list[str] = []
        while time.monotonic() < stop_at:
            path = request_paths(rng, article_ids)
            started = time.perf_counter()
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                seen[str(response.status)] += 1
                if response.status >= 500:
                    failed.append(f"{response.status} {path}")
            except OSError as err:
                seen["connection error"] += 1
                failed.append(f"{type(err).__name__}: {err} ({path})")
            finally:
                connection.close()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            statuses.update(seen)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1)

    return LoadReport(
        clients=clients,
        seconds=seconds,
        requests=len(latencies),
        statuses=dict(sorted(statuses.items())),
        server_errors=sum(n for s, n in statuses.items() if s.isdigit() and int(s) >= 500),
        connection_errors=statuses.get("connection error", 0),
        errors_seen=errors[:20],
        p50_ms=pct(0.50),
        p95_ms=pct(0.95),
        p99_ms=pct(0.99),
        max_ms=round(latencies[-1], 1),
        per_second=round(len(latencies) / elapsed, 1),
    )


def build_sample_index(index_dir: Path) -> None:
    """Ingest the bundled sample archive into `index_dir`."""
    dossier = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
    subprocess.run(
        [dossier, "ingest", str(REPO / "corpus" / "samples"), "--index", str(index_dir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_generated_index(index_dir: Path, size: int, engine: str = "tantivy") -> None:
    """Write `size` generated articles (tests/benchmarks/corpus.py) into a new index."""
    from itertools import islice

    from index.store import open_or_create_index
    from tests.benchmarks.corpus import generate

    store = open_or_create_index(index_dir, engine)
    articles = generate(size)
    try:
        while batch := list(islice(articles, 5000)):
            store.write(batch)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="index to serve (default: the samples)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--tantivy-size", type=int, default=0, help="serve N generated articles on tantivy"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = args.index
        if args.tantivy_size:
            index_dir = Path(scratch) / "index"
            started = time.perf_counter()
            build_generated_index(index_dir, args.tantivy_size)
            print(f"built {args.tantivy_size} articles in {time.perf_counter() - started:.0f} s")
        elif index_dir is None:
            index_dir = Path(scratch) / "index"
            build_sample_index(index_dir)
        port = free_port()
        server = start_server(index_dir, port, args.workers)
        try:
            report = run_load(port, args.clients, args.seconds)
        finally:
            stop_server(server)
    body = asdict(report)
    body["index"] = (
        f"{args.tantivy_size} generated articles (tantivy)"
        if args.tantivy_size
        else str(args.index or "corpus/samples")
    )
    print(json.dumps(body, indent=2))
    results = REPO / "tests" / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    kind = f"tantivy{args.tantivy_size}-" if args.tantivy_size else ""
    out = results / f"load-{kind}{args.clients}x{int(args.seconds)}.json"
    out.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    print(f"written to {out}")
    sys.exit(1 if report.server_errors or report.connection_errors else 0)


if __name__ == "__main__":
    main()
