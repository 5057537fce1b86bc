"""Kill -9 during ingest: the index always opens, every batch the ingest reported as committed
is there and complete, and running the ingest again reaches exactly the index an uninterrupted
run builds. Also: what an interrupted first creation looks like, and the fsync order of a commit.

The kills hit real `dossier ingest` processes (the click command, in a child process). To keep
50 kills inside the suite's budget, the children are forked from a "zygote" process that has
already imported Dossier, so a trial does not pay 1 s of imports before its first page.
`tests/benchmarks/crash.py` runs 200 kills of freshly exec'd `dossier ingest` processes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.base import IndexNotFoundError, IndexNotReadyError
from index.durability import read_progress_log
from index.store import open_index
from web import create_app

REPO = Path(__file__).resolve().parents[1]
KILLS_PER_SEQUENCE = 5
SEQUENCES = 10
PAGES = 60
BATCH = 5

_GROUPS = ("Lashkar-e-Jhangvi", "Tehrik-i-Taliban Pakistan", "Islamic State", "al-Qaeda")


def write_corpus(folder: Path, pages: int) -> Path:
    """Write `pages` small article pages (distinct urls, dates and groups); return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        group = _GROUPS[number % len(_GROUPS)]
        day = f"2015-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
        (folder / f"page{number:04d}.html").write_text(
            f"""<!doctype html><html><head><meta charset="utf-8">
<title>Report {number}: {group} claims attack</title>
<meta property="og:url" content="https://ledger.example/2015/report-{number}">
<meta property="og:site_name" content="Frontier Ledger">
<meta property="article:published_time" content="{day}"></head>
<body><article><h1>Report {number}: {group} claims attack</h1>
<p>Gunmen attacked a checkpoint near Quetta on Monday, officials said, and {group} claimed
the attack in a call to reporters. Marker{number} is the unique word of this report.</p>
<p>Police said they arrested {number % 7 + 2} suspects and recovered weapons after the raid,
which left the road closed for most of the day.</p></article></body></html>""",
            encoding="utf-8",
        )
    return folder


def zygote_main() -> None:
    """Import Dossier once, then fork one `dossier` command per request read from stdin."""
    from corpus.extract import extract_file
    from corpus.groups import load_gazetteer
    from web.cli import main

    # Warm up: the first extraction imports and builds what every later one reuses.
    extract_file(REPO / "tests" / "pages" / "cp1252.html", "html", gazetteer=load_gazetteer())
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "run":
            pid = os.fork()
            if pid == 0:
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                code = 1
                try:
                    main(command["args"], prog_name="dossier")
                    code = 0
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else int(bool(exit_.code))
                except BaseException:
                    code = 1
                finally:
                    os._exit(code)
            print(pid, flush=True)
        elif command["op"] == "wait":
            _pid, status = os.waitpid(command["pid"], 0)
            print(status, flush=True)


class Zygote:
    """The test side of `zygote_main`: start commands, kill them, reap them."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from tests.test_crash import zygote_main; zygote_main()"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _ask(self, command: dict) -> int:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the zygote process died")
        return int(answer)

    def start(self, args: list[str]) -> int:
        return self._ask({"op": "run", "args": args})

    def wait(self, pid: int) -> int:
        """Return the raw wait status of a started command."""
        return self._ask({"op": "wait", "pid": pid})

    def run(self, args: list[str]) -> int:
        """Run a command to its end; return its exit code."""
        status = self.wait(self.start(args))
        return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


SUITE_ARGS = ("--jobs", "1")  # no extraction workers: a trial starts in milliseconds


def ingest_args(
    pages: Path, index_dir: Path, log: Path, extra: tuple[str, ...] = SUITE_ARGS
) -> list[str]:
    return [
        "ingest",
        str(pages),
        "--index",
        str(index_dir),
        "--progress-log",
        str(log),
        "--batch-size",
        str(BATCH),
        "--wait",
        "0",
        *extra,
    ]


def digests(index_dir: Path) -> dict[str, str]:
    """Return id → content digest of every article in the index (which must open)."""
    engine = open_index(index_dir)
    try:
        found = engine.digests()
        assert engine.count() == len(found), "duplicate documents for one id"
        return found
    finally:
        engine.close()


def check_after_kill(index_dir: Path, log: Path, reference: dict[str, str]) -> tuple[str, int]:
    """Check the invariants after a kill; return "opened" or "not ready" (an interrupted
    creation) and how many batches the killed run had reported as committed."""
    events = read_progress_log(log)
    committed = [i for e in events if e["event"] == "commit" for i in e["ids"]]
    batches = sum(e["event"] == "commit" for e in events)
    try:
        found = digests(index_dir)
    except (IndexNotReadyError, IndexNotFoundError):
        assert committed == [], "an index with reported commits does not open"
        client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
        response = client.get("/api/search?q=attack")
        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "index_not_ready"
        return "not ready", batches
    lost = [i for i in committed if found.get(i) != reference[i]]
    assert lost == [], f"{len(lost)} reported articles missing or incomplete"
    foreign = [i for i, digest in found.items() if reference.get(i) != digest]
    assert foreign == [], f"{len(foreign)} articles differ from an uninterrupted run"
    return "opened", batches


def kill_trials(
    zygote: Zygote,
    pages: Path,
    work: Path,
    reference: dict[str, str],
    run_seconds: float,
    rng: random.Random,
    *,
    sequences: int,
    kills: int,
    start_command=None,
    first_delay: tuple[float, float] = (0.0, 0.06),
    extra: tuple[str, ...] = SUITE_ARGS,
) -> dict[str, int]:
    """Run `sequences` × `kills` killed ingests (each sequence into a fresh index, each kill
    resuming the last), then one uninterrupted run per sequence; return the tallies.

    A run that ends before its kill arrives is checked too, but not counted as a kill.
    """
    start_command = start_command or zygote.start
    tally = {
        "kills": 0,
        "opened": 0,
        "not ready": 0,
        "finished before kill": 0,
        "reported batches checked": 0,
        "reruns": 0,
    }
    for sequence in range(sequences):
        index_dir = work / f"index{sequence}"
        killed = 0
        for trial in range(3 * kills):
            if killed == kills:
                break
            log = work / f"log{sequence}-{trial}.jsonl"
            # The first kill of a fresh index aims at its creation (`first_delay`).
            delay = rng.uniform(*first_delay) if trial == 0 else rng.uniform(0, run_seconds)
            pid = start_command(ingest_args(pages, index_dir, log, extra))
            time.sleep(delay)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            status = zygote.wait(pid) if start_command == zygote.start else pid_wait(pid)
            outcome, batches = check_after_kill(index_dir, log, reference)
            tally["reported batches checked"] += batches
            if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
                tally["finished before kill"] += 1
                continue
            killed += 1
            tally["kills"] += 1
            tally[outcome] += 1
        log = work / f"log{sequence}-final.jsonl"
        assert zygote.run(ingest_args(pages, index_dir, log, extra)) == 0
        assert digests(index_dir) == reference, "the re-run differs from an uninterrupted run"
        tally["reruns"] += 1
    return tally


def pid_wait(pid: int) -> int:
    return os.waitpid(pid, 0)[1]


@pytest.fixture(scope="module")
def zygote():
    started = Zygote()
    yield started
    started.close()


def test_kill_9_during_ingest_loses_no_reported_batch(zygote, tmp_path) -> None:
    pages = write_corpus(tmp_path / "pages", PAGES)
    assert zygote.run(ingest_args(pages, tmp_path / "reference", tmp_path / "ref.jsonl")) == 0
    reference = digests(tmp_path / "reference")
    assert len(reference) == PAGES
    events = read_progress_log(tmp_path / "ref.jsonl")
    assert [e["event"] for e in events] == ["start"] + ["commit"] * (PAGES // BATCH) + ["done"]
    # A killed run resumes: it is at least as long as a run with nothing left to write.
    started = time.perf_counter()
    assert zygote.run(ingest_args(pages, tmp_path / "reference", tmp_path / "again.jsonl")) == 0
    run_seconds = time.perf_counter() - started

    seed = int(os.environ.get("DOSSIER_CRASH_SEED", time.time_ns() % 1_000_000))
    tally = kill_trials(
        zygote,
        pages,
        tmp_path,
        reference,
        run_seconds,
        random.Random(seed),
        sequences=SEQUENCES,
        kills=KILLS_PER_SEQUENCE,
    )
    print(f"crash seed {seed}: {tally}")
    assert tally["kills"] == SEQUENCES * KILLS_PER_SEQUENCE >= 50
    assert tally["opened"] + tally["not ready"] == tally["kills"]
    assert tally["reruns"] == SEQUENCES


# -- an interrupted first creation --------------------------------------------------------


def _interrupted(index_dir: Path, stage: str) -> None:
    """Leave the folder as a kill at `stage` of the first creation leaves it."""
    from index.store import INFO_NAME
    from index.whoosh_engine import DATA_DIR

    index_dir.mkdir()
    (index_dir / "dossier.lock").touch()
    if stage == "lock only":
        return
    data = index_dir / DATA_DIR
    data.mkdir()
    if stage == "toc being written":
        (data / "_MAIN_0.toc.1731000000.5").write_bytes(b"\x04\x08\x08")  # torn temporary TOC
        return
    from index.whoosh_engine import DurableStorage, build_schema

    DurableStorage(str(data)).create_index(build_schema())
    if stage == "info being written":
        (index_dir / (INFO_NAME + ".tmp")).write_text('{"engi', encoding="utf-8")


@pytest.mark.parametrize("stage", ["lock only", "toc being written", "info being written"])
def test_interrupted_creation_answers_503_then_ingest_repairs_it(stage, tmp_path, runner) -> None:
    from web.cli import main

    index_dir = tmp_path / "index"
    _interrupted(index_dir, stage)
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    for url in ("/api/search?q=attack", "/healthz"):
        response = client.get(url)
        assert response.status_code == 503, url
        error = response.get_json()["error"]
        assert (error["status"], error["code"]) == (503, "index_not_ready")
        expected = f"index not ready: the index at {index_dir} is not ready"
        assert error["message"].startswith(expected)
    assert client.get("/?q=attack").status_code == 503  # the staff page: error.html, not a 500

    pages = write_corpus(tmp_path / "pages", 3)
    result = runner.invoke(main, ["ingest", str(pages), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Ingested 3 files into")
    assert len(digests(index_dir)) == 3
    assert client.get("/api/search?q=attack").status_code == 200


# -- durability: what is fsynced, in which order ------------------------------------------


def test_commit_fsyncs_segments_and_toc_before_renaming_toc_then_the_folder(
    tmp_path, monkeypatch
) -> None:
    from index.store import open_or_create_index
    from index.whoosh_engine import DATA_DIR
    from tests.conftest import ARTICLES

    store = open_or_create_index(tmp_path)
    data = tmp_path / DATA_DIR
    events: list[tuple[str, str]] = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def rename(src, dst, *args, **kwargs) -> None:
        events.append(("rename", str(dst)))
        real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    store.write(ARTICLES[:4])
    monkeypatch.undo()
    store.close()

    renames = [i for i, (kind, path) in enumerate(events) if kind == "rename"]
    assert len(renames) == 1
    toc_at = renames[0]
    toc = Path(events[toc_at][1]).name
    assert toc.startswith("_MAIN_") and toc.endswith(".toc")
    synced_before = {Path(path).name for kind, path in events[:toc_at] if kind == "fsync"}
    live = {p.name for p in data.iterdir() if p.suffix in (".seg", ".toc")}
    segments = {name for name in live if name.endswith(".seg")}
    assert segments and segments <= synced_before  # the new segment's data
    assert any(name.startswith(toc + ".") for name in synced_before)  # the TOC's bytes
    assert ("fsync", str(data)) in events[toc_at + 1 :]  # the rename, via the folder
