"""Bulk inputs (.jsonl articles, .warc web archives) read as streams, ingest on worker
processes with an exact summary, and moving an index to another engine (reindex)."""

from __future__ import annotations

import datetime
import gzip
import io
import json
from pathlib import Path

import pytest

from corpus.bulk import Page, bulk_kind, iter_pages
from corpus.read import Skipped
from index.ingest import ingest_paths
from index.reindex import reindex, switch_hint
from index.store import open_index, read_info

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Frontier Ledger">
<meta property="article:published_time" content="2015-01-09"></head>
<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"""
BODY = (
    "Gunmen on motorcycles opened fire on a van carrying traders in Quetta, killing six. "
    "Lashkar-e-Jhangvi claimed the attack in a call to reporters, police said on Friday."
)


def _jsonl(path: Path, records: list) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _warc(path: Path, pages: list[tuple[str, str, str]]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for url, status, body in pages:
            headers = StatusAndHeaders(
                status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body.encode()), http_headers=headers
                )
            )
    return path


def test_bulk_kinds() -> None:
    assert [bulk_kind(Path(n)) for n in ("a.jsonl", "a.jsonl.gz", "b.warc", "b.warc.gz")] == [
        "jsonl",
        "jsonl",
        "warc",
        "warc",
    ]
    assert bulk_kind(Path("a.html")) is None


def test_jsonl_records_and_their_errors(tmp_path) -> None:
    path = _jsonl(
        tmp_path / "a.jsonl",
        [
            {"url": "https://x.example/1", "title": "T1", "text": BODY, "outlet": "Desk",
             "date": "2016-02-03"},
            {"url": "https://x.example/2", "title": "T2",
             "html": PAGE.format(title="T2", body=BODY)},
            "{not json",
            {"url": "https://x.example/3", "title": "T3"},
            {"title": "T4", "text": BODY, "date": "3 May"},
        ],
    )  # fmt: skip
    found = list(iter_pages(path, "jsonl"))
    assert [type(item) for item in found] == [Page, Page, Skipped, Skipped, Skipped]
    first = found[0]
    assert (first.kind, first.overrides.outlet, first.overrides.date) == (
        "article",
        "Desk",
        datetime.date(2016, 2, 3),
    )
    assert found[1].kind == "html"
    assert [(s.source, s.reason) for s in found[2:]] == [
        (f"{path}:3", "not a JSON object: Expecting property name enclosed in double quotes: "
         "line 1 column 2 (char 1)"),
        (f"{path}:4", 'record has neither "html" nor "text"'),
        (f"{path}:5", "date must look like 2024-05-31, not '3 May'"),
    ]  # fmt: skip


def test_warc_html_responses_are_pages(tmp_path) -> None:
    path = _warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://x.example/a", "200 OK", PAGE.format(title="A", body=BODY)),
            ("https://x.example/gone", "404 Not Found", "<html>gone</html>"),
        ],
    )
    found = list(iter_pages(path, "warc"))
    assert isinstance(found[0], Page) and found[0].overrides.url == "https://x.example/a"
    assert found[1] == Skipped(f"{path}#https://x.example/gone", "HTTP status 404, not a page")


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_bulk_files_on_workers(tmp_path, jobs: int) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"url": f"https://x.example/{n}", "title": f"Report {n}", "text": f"{BODY} Case {n}.",
         "outlet": "Desk", "date": f"2016-02-{n + 1:02d}"}
        for n in range(20)
    ]  # fmt: skip
    _jsonl(folder / "a.jsonl", [*records, "[]"])
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as out:
        # the same article again, from another file: its stored source changes, so updated
        out.write(json.dumps(records[0]) + "\n")
    _warc(folder / "c.warc", [("https://x.example/w", "200 OK", PAGE.format(title="W", body=BODY))])
    for n in range(3):
        (folder / f"page{n}.html").write_text(PAGE.format(title=f"P{n}", body=f"{BODY} {n}"))
    summary = ingest_paths([folder], tmp_path / "index", engine="tantivy", jobs=jobs)
    assert (summary.files, summary.added, summary.updated, summary.unchanged) == (6, 24, 1, 0)
    assert [(s.source, s.reason) for s in summary.skipped] == [
        (f"{folder}/a.jsonl:21", "not a JSON object")
    ]
    engine = open_index(tmp_path / "index")
    stored = {article.url: article for article in engine.iter_articles()}
    engine.close()
    assert (stored["https://x.example/3"].outlet, stored["https://x.example/3"].date) == (
        "Desk",
        datetime.date(2016, 2, 4),
    )
    assert stored["https://x.example/3"].date_source == "jsonl record"
    assert stored["https://x.example/w"].title == "W"


def test_reindex_moves_to_tantivy_from_stored_articles(tmp_path, articles) -> None:
    from index.build import build_index

    index_dir = tmp_path / "index"
    build_index(articles, index_dir)
    done = reindex(index_dir, "tantivy")
    assert (done.articles, done.source_engine, done.engine) == (len(articles), "whoosh", "tantivy")
    assert read_info(index_dir).engine == "tantivy"
    assert not (index_dir / "whoosh").exists()
    engine = open_index(index_dir)
    assert sorted(a.id for a in engine.iter_articles()) == sorted(a.id for a in articles)
    engine.close()


def test_switch_hint_only_for_large_whoosh_indexes() -> None:
    assert switch_hint("whoosh", 20_000) is None
    assert switch_hint("tantivy", 90_000) is None
    assert switch_hint("whoosh", 20_001) == (
        "This index holds 20,001 articles on Whoosh (over 20,000): tantivy will be faster; "
        "run `dossier reindex --engine tantivy`."
    )
