"""Export, deep paging with cursors, ETags and CORS, through the real app and index."""

from __future__ import annotations

import csv
import io
import json

from web import create_app


def test_csv_export_streams_every_match_with_the_columns(client, articles) -> None:
    response = client.get("/api/export?q=Quetta&sort=oldest")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="dossier-export.csv"'
    assert (response.headers["X-Dossier-Total"], response.headers["X-Dossier-Exported"]) == (
        "2",
        "2",
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["id", "url", "title", "outlet", "date", "groups", "story", "snippet"]
    assert [row[:6] for row in rows[1:]] == [
        [
            articles[1].id,
            articles[1].url,
            articles[1].title,
            "Frontier Ledger",
            "2015-01-09",
            "Lashkar-e-Jhangvi",
        ],
        [
            articles[5].id,
            articles[5].url,
            articles[5].title,
            "Gulf Wire",
            "2016-10-26",
            "Islamic State; Lashkar-e-Jhangvi al-Alami",
        ],
    ]
    assert rows[1][7] == articles[1].text  # a short article: the snippet is all of it, plain


def test_jsonl_export_and_cap(index_dir) -> None:
    app = create_app({"INDEX_DIR": str(index_dir), "EXPORT_CAP": 3})
    response = app.test_client().get("/api/export?format=jsonl&sort=newest")
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [r["date"] for r in records] == ["2016-10-26", "2015-06-20", "2015-01-09"]
    assert list(records[0]) == [
        "id",
        "url",
        "title",
        "outlet",
        "date",
        "groups",
        "story",
        "snippet",
    ]
    assert (
        response.headers["X-Dossier-Total"],
        response.headers["X-Dossier-Exported"],
        response.headers["X-Dossier-Export-Cap"],
    ) == ("8", "3", "3")


def test_export_refuses_bad_input_before_streaming(client) -> None:
    response = client.get("/api/export?format=xlsx")
    assert (response.status_code, response.get_json()["error"]) == (
        400,
        {
            "status": 400,
            "code": "bad_parameter",
            "message": "format must be one of csv, jsonl",
            "param": "format",
        },
    )
    assert client.get('/api/export?q="open').status_code == 400


def test_export_escapes_formulas_for_spreadsheets(tmp_path) -> None:
    from corpus.article import Article
    from index.build import build_index

    article = Article(
        id="f1",
        url=None,
        title='=HYPERLINK("http://x")',
        text="+1 cell",
        date=None,
        date_source=None,
        outlet="@outlet",
        outlet_source=None,
        groups=(),
    )
    build_index([article], tmp_path)
    body = (
        create_app({"INDEX_DIR": str(tmp_path)})
        .test_client()
        .get("/api/export")
        .get_data(as_text=True)
    )
    row = list(csv.reader(io.StringIO(body)))[1]
    assert (row[2], row[3], row[7]) == ('\'=HYPERLINK("http://x")', "'@outlet", "'+1 cell")


def test_cursor_walks_all_results_in_order(client) -> None:
    everything = client.get("/api/search?sort=newest&per_page=100").get_json()
    seen, cursor = [], None
    while True:
        url = "/api/search?sort=newest&per_page=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).get_json()
        seen += [hit["id"] for hit in body["hits"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [hit["id"] for hit in everything["hits"]]


def test_cursor_errors_name_the_problem(client) -> None:
    first = client.get("/api/search?sort=newest&per_page=3").get_json()
    other = client.get(f"/api/search?q=quetta&per_page=3&cursor={first['next_cursor']}")
    assert other.get_json()["error"] == {
        "status": 400,
        "code": "bad_parameter",
        "param": "cursor",
        "message": "cursor belongs to another search; keep the same q and filters while paging",
    }
    garbage = client.get("/api/search?cursor=%%%")
    assert garbage.get_json()["error"]["message"] == (
        "cursor is not a token this server made; use next_cursor from a response"
    )
    both = client.get(f"/api/search?sort=newest&per_page=3&page=2&cursor={first['next_cursor']}")
    assert both.get_json()["error"]["message"] == "give page or cursor, not both"


def test_etag_revalidation_and_cache_headers(client) -> None:
    first = client.get("/api/search?q=quetta")
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    again = client.get("/api/search?q=quetta", headers={"If-None-Match": etag})
    assert (again.status_code, again.get_data(), again.headers["ETag"]) == (304, b"", etag)
    other = client.get("/api/search?q=hazara", headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"


def test_cors_is_off_unless_configured(index_dir) -> None:
    plain = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    response = plain.get("/api/search", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    open_app = create_app(
        {"INDEX_DIR": str(index_dir), "CORS_ORIGINS": "https://desk.example"}
    ).test_client()
    allowed = open_app.get("/api/search", headers={"Origin": "https://desk.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://desk.example"
    refused = open_app.get("/api/search", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
