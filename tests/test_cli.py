"""The `dossier` command line: ingest summaries and exit codes, extract, search, stats."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from index.lock import WriteLock
from web import create_app
from web.cli import main

PAGES = Path(__file__).parent / "pages"


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    shutil.copytree(PAGES, folder / "pages")
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.html").write_bytes(b"")
    (folder / "bad" / "image.html").write_bytes(b"\x89PNG\x00\x00\x00")
    return folder


def _summary(output: str) -> str:
    return re.sub(r" in \d+\.\d s:", " in T s:", output)


def test_ingest_summary_lists_skipped_files(runner, archive, tmp_path) -> None:
    index_dir = tmp_path / "index"
    result = runner.invoke(main, ["ingest", str(archive), "--index", str(index_dir)])
    assert result.exit_code == 0
    assert _summary(result.output) == (
        f"Ingested 6 files into {index_dir} (whoosh) in T s: 4 added, 0 updated, 0 unchanged, "
        "2 skipped.\n"
        "Skipped:\n"
        f"  {archive}/bad/empty.html: file is empty\n"
        f"  {archive}/bad/image.html: binary file (contains NUL bytes), not a text page\n"
    )
    again = runner.invoke(main, ["ingest", str(archive), "--index", str(index_dir)])
    assert _summary(again.output).splitlines()[0] == (
        f"Ingested 6 files into {index_dir} (whoosh) in T s: 0 added, 0 updated, 4 unchanged, "
        "2 skipped."
    )


def test_copies_of_one_page_are_counted_alike_in_one_batch_or_two(runner, tmp_path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in ("a.html", "b.html", "c.html"):  # one article (one URL) saved three times
        shutil.copy(PAGES / "wordpress_comments.html", folder / name)
    lines = []
    for batch_size in ("100", "1"):
        index_dir = tmp_path / f"index-{batch_size}"
        args = ["ingest", str(folder), "--index", str(index_dir), "--batch-size", batch_size]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        lines.append(_summary(result.output).splitlines()[0].replace(f"index-{batch_size}", "I"))
        body = create_app({"INDEX_DIR": str(index_dir)}).test_client().get("/api/search")
        assert body.get_json()["total"] == 1
    expected = (
        f"Ingested 3 files into {tmp_path}/I (whoosh) in T s: 1 added, 2 updated, 0 unchanged, "
        "0 skipped."
    )  # each copy names its own file as its source: the stored record changes
    assert lines == [expected, expected]


def test_outlet_and_date_options_override_pages(runner, tmp_path) -> None:
    index_dir = tmp_path / "index"
    result = runner.invoke(
        main,
        [
            "ingest",
            str(PAGES / "disqus_undated.html"),
            "--index",
            str(index_dir),
            "--outlet",
            "Desk Archive",
            "--date",
            "2015-03-04",
        ],
    )
    assert result.exit_code == 0, result.output
    body = create_app({"INDEX_DIR": str(index_dir)}).test_client().get("/api/search").get_json()
    assert [(h["outlet"], h["date"]) for h in body["hits"]] == [("Desk Archive", "2015-03-04")]


def test_manifest_overrides_pages(runner, tmp_path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "path,outlet,date,title\n"
        f"{PAGES / 'disqus_undated.html'},Manifest Weekly,2016-01-31,Haqqani explainer\n"
    )
    index_dir = tmp_path / "index"
    result = runner.invoke(
        main, ["ingest", str(PAGES), "--index", str(index_dir), "--manifest", str(manifest)]
    )
    assert result.exit_code == 0, result.output
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    hits = client.get("/api/search?outlet=Manifest+Weekly").get_json()["hits"]
    assert [(h["title"], h["date"]) for h in hits] == [("Haqqani explainer", "2016-01-31")]


def test_bad_usage_exits_2(runner, tmp_path) -> None:
    result = runner.invoke(
        main, ["ingest", str(PAGES), "--index", str(tmp_path / "i"), "--date", "31/01/2016"]
    )
    assert result.exit_code == 2
    assert "'31/01/2016' is not a date; write it as YYYY-MM-DD, e.g. 2015-03-31" in result.output


def test_second_ingest_exits_3_and_leaves_the_index_alone(runner, tmp_path) -> None:
    index_dir = tmp_path / "index"
    assert (
        runner.invoke(
            main, ["ingest", str(PAGES / "cp1252.html"), "--index", str(index_dir)]
        ).exit_code
        == 0
    )
    with WriteLock(index_dir):
        result = runner.invoke(
            main, ["ingest", str(PAGES), "--index", str(index_dir), "--wait", "0.3"]
        )
    assert result.exit_code == 3
    assert result.output == (
        f"Error: another ingest is writing to {index_dir}; wait for it to finish "
        "(waited 0.3 s; raise --wait to wait longer)\n"
    )
    assert (index_dir / "dossier.lock").exists()
    health = create_app({"INDEX_DIR": str(index_dir)}).test_client().get("/healthz").get_json()
    assert health["articles"] == 1


def test_extract_json_one_line_per_file_in_order(runner, tmp_path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"")
    files = [PAGES / "disqus_undated.html", bad, PAGES / "cp1252.html"]
    result = runner.invoke(main, ["extract", "--json", *map(str, files)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["source"] for r in records] == list(map(str, files))
    assert records[1] == {"source": str(bad), "error": "file is empty"}
    assert list(records[0]) == [
        "source",
        "id",
        "url",
        "title",
        "text",
        "date",
        "date_source",
        "outlet",
        "outlet_source",
        "site",
        "groups",
        "author",
    ]


def test_extract_reads_every_record_of_a_jsonl_file(runner, tmp_path) -> None:
    page = (PAGES / "cp1252.html").read_bytes().decode("cp1252")
    text = "Police in Quetta said the Balochistan Liberation Army claimed the attack.\n\nMore."
    records = [
        {"url": "https://a.example/one", "html": page, "outlet": "Herald"},
        "not json",
        {"url": "https://a.example/two", "title": "Quetta attack", "text": text},
    ]
    bulk = tmp_path / "pages.jsonl"
    bulk.write_text("\n".join(json.dumps(r) if isinstance(r, dict) else r for r in records))
    result = runner.invoke(main, ["extract", "--json", str(bulk)])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.output.splitlines()]
    html_article = runner.invoke(main, ["extract", "--json", str(PAGES / "cp1252.html")])
    expected_html = json.loads(html_article.output)
    assert [r["source"] for r in found] == [f"{bulk}:1", f"{bulk}:2", f"{bulk}:3"]
    assert (found[0]["text"], found[0]["title"], found[0]["outlet"], found[0]["url"]) == (
        expected_html["text"],
        expected_html["title"],
        "Herald",
        "https://a.example/one",
    )
    assert found[1]["error"].startswith("not a JSON object")
    assert (found[2]["title"], found[2]["text"], found[2]["groups"]) == (
        "Quetta attack",
        text,
        ["Balochistan Liberation Army"],
    )


def test_search_json_is_the_api_body(runner, index_dir) -> None:
    result = runner.invoke(
        main,
        [
            "search",
            "Islamic State",
            "--index",
            str(index_dir),
            "--group",
            "Lashkar-e-Jhangvi",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    cli_body = json.loads(result.output)
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    api_body = client.get("/api/search?q=Islamic+State&group=Lashkar-e-Jhangvi").get_json()
    cli_body.pop("took_ms"), api_body.pop("took_ms")
    assert cli_body == api_body


def test_search_text_output(runner, index_dir, articles) -> None:
    result = runner.invoke(main, ["search", "pledge", "--index", str(index_dir)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.fullmatch(r"1 articles \(\d+\.\d ms\)", lines[0])
    assert lines[1:4] == [
        "1. Jundullah pledges support to Islamic State",
        f"   Frontier Ledger · 2014-11-17 · {articles[0].id}",
        "   groups: Islamic State, Jundullah (Pakistan), Tehrik-i-Taliban Pakistan, al-Qaeda",
    ]


def test_search_bad_query_is_a_usage_error(runner, index_dir) -> None:
    result = runner.invoke(main, ["search", '"open', "--index", str(index_dir)])
    assert result.exit_code == 2
    assert "q: unbalanced quote at position 0" in result.output


def test_stats_json(runner, index_dir) -> None:
    result = runner.invoke(main, ["stats", "--index", str(index_dir), "--json"])
    assert result.exit_code == 0
    body = json.loads(result.output)
    assert (body["engine"], body["articles"], body["facets"]["undated"]) == ("whoosh", 8, 2)
    assert body["size_bytes"] > 0
    assert body["facets"]["outlet"] == [
        {"value": "Gulf Wire", "count": 3, "stories": 3, "selected": False},
        {"value": "Frontier Ledger", "count": 2, "stories": 2, "selected": False},
        {"value": "Indus Dispatch", "count": 2, "stories": 2, "selected": False},
    ]


def test_missing_index_is_a_clear_error(runner, tmp_path) -> None:
    result = runner.invoke(main, ["stats", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no index at {tmp_path / 'none'}; build one with "
        f"`dossier ingest PATH --index {tmp_path / 'none'}`\n"
    )
