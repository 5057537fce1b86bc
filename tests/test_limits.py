"""Limits are configuration with safe defaults, and each is refused with a 400/413 JSON that
names it: request body, query string, query length, terms, depth, wildcard expansion, page size,
result window, filter values (the export cap is tested with the export)."""

from __future__ import annotations

import pytest

from web import create_app
from web.limits import DEFAULTS


def _client(index_dir, **config):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True, **config}).test_client()


def _error(response) -> tuple[int, dict]:
    return response.status_code, response.get_json()["error"]


def test_defaults_are_the_documented_ones(index_dir) -> None:
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    assert {name: app.config[name] for name in DEFAULTS} == {
        "MAX_CONTENT_LENGTH": 65536,
        "MAX_QUERY_STRING_BYTES": 8000,
        "MAX_QUERY_CHARS": 1000,
        "MAX_QUERY_TERMS": 64,
        "MAX_QUERY_DEPTH": 32,
        "MAX_PREFIX_EXPANSION": 200,
        "MAX_PER_PAGE": 100,
        "MAX_RESULT_WINDOW": 10000,
        "MAX_FILTER_VALUES": 50,
    }
    assert app.config["EXPORT_CAP"] == 50_000


def test_environment_variables_set_limits(index_dir, monkeypatch) -> None:
    monkeypatch.setenv("DOSSIER_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("DOSSIER_MAX_QUERY_CHARS", "20")
    client = create_app().test_client()
    assert _error(client.get("/api/search?q=" + "a" * 21)) == (
        400,
        {
            "status": 400,
            "code": "bad_parameter",
            "message": "query is 21 characters long; the limit is 20 (MAX_QUERY_CHARS)",
            "param": "q",
        },
    )


@pytest.mark.parametrize(
    ("config", "url", "message", "param"),
    [
        (
            {},
            "/api/search?q=" + "a" * 1001,
            "query is 1001 characters long; the limit is 1000",
            "q",
        ),
        (
            {"MAX_QUERY_CHARS": 10},
            "/api/search?q=" + "a" * 11,
            "query is 11 characters long; the limit is 10 (MAX_QUERY_CHARS)",
            "q",
        ),
        (
            {"MAX_QUERY_TERMS": 3},
            "/api/search?q=a b c d",
            "query has 4 terms; the limit is 3",
            "q",
        ),
        (
            {"MAX_QUERY_DEPTH": 2},
            "/api/search?q=(((quetta)))",
            "parentheses nested deeper than 2 at position 2",
            "q",
        ),
        (
            {"MAX_PREFIX_EXPANSION": 1},
            "/api/search?q=al*",
            "al* matches more than 1 words (the wildcard expansion limit); use a longer prefix",
            "q",
        ),
        ({}, "/api/search?per_page=101", "per_page must be from 1 to 100", "per_page"),
        (
            {"MAX_PER_PAGE": 20},
            "/api/search?per_page=21",
            "per_page is 21; the limit is 20 (MAX_PER_PAGE)",
            "per_page",
        ),
        (
            {"MAX_RESULT_WINDOW": 100},
            "/api/search?page=11&per_page=10",
            "page × per_page is 110; the limit is 100 (MAX_RESULT_WINDOW)",
            "page",
        ),
        (
            {"MAX_FILTER_VALUES": 2},
            "/api/search?group=a&group=b&group=c",
            "3 group values; the limit is 2 (MAX_FILTER_VALUES)",
            "group",
        ),
        (
            {"MAX_QUERY_STRING_BYTES": 50},
            "/api/search?q=" + "%D8%A7" * 10,
            "query string is 62 bytes; the limit is 50 (MAX_QUERY_STRING_BYTES)",
            "q",
        ),
    ],
)
def test_each_limit_is_a_400_that_names_it(index_dir, config, url, message, param) -> None:
    status, error = _error(_client(index_dir, **config).get(url))
    assert status == 400
    assert error["message"] == message
    assert error["param"] == param
    assert error["code"] in ("bad_parameter", "bad_query")


def test_limits_apply_to_the_staff_pages_too(index_dir) -> None:
    response = _client(index_dir, MAX_QUERY_TERMS=1).get("/?q=quetta+gunmen")
    assert response.status_code == 400
    assert "query has 2 terms; the limit is 1" in response.get_data(as_text=True)


def test_a_request_body_over_the_limit_is_a_413_json(index_dir) -> None:
    client = _client(index_dir, MAX_CONTENT_LENGTH=1024)
    assert _error(client.post("/api/search", data=b"x" * 2048)) == (
        413,
        {
            "status": 413,
            "code": "too_large",
            "message": "request body over 1,024 bytes (MAX_CONTENT_LENGTH); this API reads none",
        },
    )


def test_limits_of_one_app_do_not_leak_into_another(index_dir) -> None:
    strict = _client(index_dir, MAX_QUERY_TERMS=1)
    relaxed = _client(index_dir)
    assert strict.get("/api/search?q=a b").status_code == 400
    assert relaxed.get("/api/search?q=a b").status_code == 200
