"""One writer, many readers: a second ingest waits then exits 3 without touching the index or
its lock; `dossier serve` answers every search while another process commits and merges; and a
short load test (10 clients × 5 s) sees no 5xx and no connection error."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from index.durability import read_progress_log
from tests.benchmarks.load import (
    build_sample_index,
    free_port,
    run_load,
    start_server,
    stop_server,
)
from tests.test_crash import digests, write_corpus

REPO = Path(__file__).resolve().parents[1]
DOSSIER = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
COMMITS = 20
SEARCHES_PER_COMMIT = 100


def _wait_for_event(log: Path, event: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not any(e["event"] == event for e in read_progress_log(log)):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {event!r} event in {log}")
        time.sleep(0.02)


def test_second_ingest_exits_3_and_leaves_the_first_ones_index(tmp_path) -> None:
    first_pages = write_corpus(tmp_path / "first", 30)
    second_pages = tmp_path / "second"
    second_pages.mkdir()
    (second_pages / "other.html").write_text(
        "<html><head><title>Other page</title></head><body><article><h1>Other page</h1>"
        "<p>A different article that must not reach the index while it is locked.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    index_dir = tmp_path / "index"
    log = tmp_path / "first.jsonl"
    first = subprocess.Popen(
        [DOSSIER, "ingest", str(first_pages), "--index", str(index_dir)]
        + ["--progress-log", str(log), "--batch-size", "10", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_event(log, "start", first)  # it holds the lock
        first.send_signal(signal.SIGSTOP)  # and keeps it, as long as we like
        lock = index_dir / "dossier.lock"
        inode = lock.stat().st_ino
        started = time.monotonic()
        second = subprocess.run(
            [DOSSIER, "ingest", str(second_pages), "--index", str(index_dir), "--wait", "1.5"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.monotonic() - started
        assert second.returncode == 3
        assert second.stdout == ""
        assert second.stderr == (
            f"Error: another ingest is writing to {index_dir}; wait for it to finish "
            "(waited 1.5 s; raise --wait to wait longer)\n"
        )
        assert 1.5 <= waited < 1.5 + 10  # its wait, plus the start of a Python program
        assert lock.stat().st_ino == inode  # the lock file was neither deleted nor replaced
    finally:
        first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert out.startswith("Ingested 30 files into")
    assert lock.exists()

    reference = tmp_path / "reference"
    subprocess.run(
        [DOSSIER, "ingest", str(first_pages), "--index", str(reference), "--jobs", "1"],
        check=True,
        capture_output=True,
    )
    assert digests(index_dir) == digests(reference)  # exactly as the first ingest leaves it


# -- readers during writes --------------------------------------------------------------------


def writer_main(index_dir: str) -> None:
    """Commit one batch per line read from stdin (under the write lock), printing each."""
    from index.lock import WriteLock
    from index.store import open_or_create_index
    from tests.conftest import ARTICLES

    with WriteLock(Path(index_dir)):
        store = open_or_create_index(Path(index_dir))
        for number, _line in enumerate(sys.stdin):
            batch = [
                replace(
                    article,
                    id=f"c{number:02d}a{k}",
                    url=f"https://wire.example/{number}/{k}",
                    title=f"{article.title} commit{number:02d}",
                )
                for k, article in enumerate(ARTICLES[:5])
            ]
            store.write(batch)
            print(store.count(), flush=True)
        store.close()


def test_server_answers_every_search_during_commits_and_merges(index_dir, tmp_path) -> None:
    live = tmp_path / "index"
    shutil.copytree(index_dir, live)
    base_count = len(digests(live))
    port = free_port()
    server_log = tmp_path / "server.log"
    server = start_server(live, port, workers=2, log=server_log)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from tests.test_concurrency import writer_main; writer_main({str(live)!r})",
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    done = threading.Event()
    lock = threading.Lock()
    counts = {"searches": 0, "during": 0}
    failures: list[str] = []
    queries = ["quetta", "commit*", "Islamic State", "taliban -afghan", '"army school"', ""]

    def search(number: int) -> None:
        position = number
        while not done.is_set():
            q = queries[position % len(queries)]
            position += 1
            params = {"q": q, "per_page": 3}
            url = f"http://127.0.0.1:{port}/api/search?" + urllib.parse.urlencode(params)
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    body = json.load(response)
                    ok = response.status == 200 and "total" in body
            except Exception as err:  # noqa: BLE001 - every failure is counted and shown
                failures.append(f"{q!r}: {err}")
                ok = False
            with lock:
                counts["searches"] += 1
                if ok is False and len(failures) > 50:
                    done.set()

    clients = [threading.Thread(target=search, args=(n,)) for n in range(4)]
    try:
        for client in clients:
            client.start()
        for commit in range(COMMITS):
            target = (commit + 1) * SEARCHES_PER_COMMIT
            deadline = time.monotonic() + 60
            while counts["searches"] < target and time.monotonic() < deadline:
                time.sleep(0.01)
            writer.stdin.write("commit\n")
            writer.stdin.flush()
            assert int(writer.stdout.readline()) == base_count + 5 * (commit + 1)
        while counts["searches"] < (COMMITS + 1) * SEARCHES_PER_COMMIT:
            time.sleep(0.01)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as response:
            final = json.load(response)["articles"]
    finally:
        done.set()
        for client in clients:
            client.join(timeout=60)
        writer.stdin.close()
        writer.wait(timeout=30)
        stop_server(server)
    print(f"{counts['searches']} searches during {COMMITS} commits, {len(failures)} failures")
    assert failures == [], server_log.read_text(errors="replace")[-4000:]
    assert counts["searches"] >= 2000
    assert final == base_count + 5 * COMMITS  # the searchers saw the commits
    segments = [p for p in (live / "whoosh").iterdir() if p.suffix == ".seg"]
    assert len(segments) < COMMITS  # Whoosh merged segments on the way


def test_searcher_after_merging_commits_counts_each_article_once(index_dir, tmp_path) -> None:
    from index.store import open_index
    from search.request import parse_request
    from search.service import run_search

    live = tmp_path / "index"
    shutil.copytree(index_dir, live)
    writer = subprocess.Popen(
        [sys.executable, "-c", f"import tests.test_concurrency as t; t.writer_main({str(live)!r})"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    reader = open_index(live)
    try:
        for commit in range(7):  # Whoosh merges the small segments on the fifth commit
            writer.stdin.write("commit\n")
            writer.stdin.flush()
            expected = int(writer.stdout.readline())
            result = run_search(reader, parse_request([], lambda name: []))
            assert (reader.count(), result.total) == (expected, expected), commit
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
        reader.close()


# -- load ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("samples") / "index"
    build_sample_index(index_dir)
    return index_dir


def test_short_load_has_no_server_or_connection_errors(sample_index) -> None:
    port = free_port()
    server = start_server(sample_index, port, workers=2)
    try:
        report = run_load(port, clients=10, seconds=5)
    finally:
        stop_server(server)
    print(f"load: {report}")
    assert report.requests >= 20  # capacity-bound: a loaded machine serves fewer
    assert report.server_errors == 0, report.errors_seen
    assert report.connection_errors == 0, report.errors_seen
    assert set(report.statuses) <= {"200", "400"}
