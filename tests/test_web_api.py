"""The JSON API through the real Flask app on the real index: every endpoint and error status."""

from __future__ import annotations

from index.store import open_index


def test_search_returns_the_design_contract(client, articles) -> None:
    response = client.get("/api/search?q=jundullah")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    body = response.get_json()
    assert list(body) == [
        "query",
        "total",
        "stories",
        "took_ms",
        "hits",
        "facets",
        "suggestion",
        "next_cursor",
    ]
    assert body["query"] == {
        "q": "jundullah",
        "group": [],
        "outlet": [],
        "date_from": None,
        "date_to": None,
        "undated": "include",
        "sort": "relevance",
        "page": 1,
        "per_page": 10,
        "aliases": "on",
        "rollup": False,
        "cursor": None,
        "collapse": "none",
    }
    assert isinstance(body["took_ms"], float)
    hit = body["hits"][0]
    assert body["total"] == 1
    assert {key: hit[key] for key in hit if key != "score"} == {
        "id": articles[0].id,
        "url": "https://ledger.example/2014/11/jundullah-pledge",
        "title": "Jundullah pledges support to Islamic State",
        "title_html": "<mark>Jundullah</mark> pledges support to Islamic State",
        "outlet": "Frontier Ledger",
        "date": "2014-11-17",
        "groups": [
            "Islamic State",
            "Jundullah (Pakistan)",
            "Tehrik-i-Taliban Pakistan",
            "al-Qaeda",
        ],
        "snippets": [
            "… faction of the Pakistani Taliban said on Monday that it backs the Islamic State "
            "group. <mark>Jundullah&#x27;s</mark> spokesman said envoys of the group met its "
            "leaders in the tribal areas. Analysts said …"
        ],
        "matched_aliases": [],
        "story": articles[0].id,
        "copies": [],
    }
    assert hit["score"] > 0
    assert body["facets"] == {
        "group": [
            {"value": "al-Qaeda", "count": 1, "stories": 1, "selected": False},
            {"value": "Islamic State", "count": 1, "stories": 1, "selected": False},
            {"value": "Jundullah (Pakistan)", "count": 1, "stories": 1, "selected": False},
            {"value": "Tehrik-i-Taliban Pakistan", "count": 1, "stories": 1, "selected": False},
        ],
        "outlet": [{"value": "Frontier Ledger", "count": 1, "stories": 1, "selected": False}],
        "month": [{"value": "2014-11", "count": 1}],
        "undated": 0,
    }
    assert body["suggestion"] is None


def test_repeated_parameters_select_several_values(client) -> None:
    url = "/api/search?group=Lashkar-e-Jhangvi&group=Afghan+Taliban&sort=oldest"
    body = client.get(url).get_json()
    assert [hit["title"] for hit in body["hits"]] == [
        "Gunmen kill Hazara traders in Quetta",
        "Daesh fighters push into Nangarhar districts",
        "Why sectarian groups drift toward the Islamic State",
    ]
    assert body["query"]["group"] == ["Lashkar-e-Jhangvi", "Afghan Taliban"]


def test_article_endpoint_returns_the_whole_article(client, articles) -> None:
    response = client.get(f"/api/articles/{articles[1].id}")
    assert response.status_code == 200
    body = response.get_json()
    similar = body.pop("similar")
    assert body == articles[1].to_dict()
    assert [item["title"] for item in similar] == [
        "Taliban gunmen storm army school in Peshawar",
        "Police academy attack claimed by two groups",
    ]
    assert list(similar[0]) == ["id", "title", "outlet", "date"]


def test_healthz(client, articles) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (
        200,
        {"status": "ok", "articles": len(articles), "engine": "whoosh"},
    )


def _error(status, code, message, param=None):
    body = {"status": status, "code": code, "message": message}
    if param:
        body["param"] = param
    return {"error": body}


def test_malformed_query_is_a_400_naming_the_problem(client) -> None:
    response = client.get('/api/search?q=jundullah%20"pledge')
    assert response.status_code == 400
    assert response.get_json() == _error(400, "bad_query", "unbalanced quote at position 10", "q")


def test_bad_parameter_is_a_400_never_a_default(client) -> None:
    response = client.get("/api/search?q=quetta&per_page=500")
    assert (response.status_code, response.get_json()) == (
        400,
        _error(400, "bad_parameter", "per_page must be from 1 to 100", "per_page"),
    )
    response = client.get("/api/search?date_from=last-week")
    assert response.get_json() == _error(
        400,
        "bad_parameter",
        "'last-week' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-11)",
        "date_from",
    )


def test_unknown_article_is_a_404_json(client) -> None:
    response = client.get("/api/articles/nope")
    assert (response.status_code, response.get_json()) == (
        404,
        _error(404, "not_found", "no article with id 'nope'"),
    )


def test_unknown_api_route_and_wrong_method_are_json(client) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    response = client.post("/api/search")
    assert response.status_code == 405
    assert response.get_json() == _error(
        405, "method_not_allowed", "The method is not allowed for the requested URL."
    )
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_oversized_request_body_is_a_413_json(client) -> None:
    response = client.get("/api/search", data=b"x" * 100_000)
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


def test_missing_index_is_a_503_json(tmp_path) -> None:
    from web import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": False}).test_client()
    message = (
        f"index not ready: no index at {tmp_path / 'none'}; build one with "
        f"`dossier ingest PATH --index {tmp_path / 'none'}`"
    )
    assert client.get("/api/search?q=x").get_json() == _error(503, "index_not_ready", message)
    assert client.get("/healthz").status_code == 503
    assert client.get("/api/search?q=x").status_code == 503


def test_internal_error_is_a_500_json_without_details(index_dir, monkeypatch) -> None:
    from web import create_app

    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": False})
    engine = open_index(index_dir)

    def broken(query):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(engine, "search", broken)
    app.extensions["dossier"]._engine = engine
    response = app.test_client().get("/api/search?q=x")
    assert (response.status_code, response.get_json()) == (
        500,
        _error(500, "internal_error", "internal error; the server log has details"),
    )


def test_openapi_lists_every_api_route(client, app) -> None:
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    routes = {
        rule.rule.replace("<article_id>", "{article_id}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") or rule.rule == "/healthz"
    }
    assert set(document["paths"]) == routes
    params = [p["name"] for p in document["paths"]["/api/search"]["get"]["parameters"]]
    from search.request import PARAMS

    assert sorted(params) == sorted(PARAMS)


def test_groups_endpoint_lists_archive_groups(client) -> None:
    body = client.get("/api/groups").get_json()
    assert [(g["name"], g["count"], g["parent"]) for g in body["groups"]] == [
        ("Islamic State", 5, None),
        ("Tehrik-i-Taliban Pakistan", 3, None),
        ("al-Qaeda", 2, None),
        ("Lashkar-e-Jhangvi", 2, None),
        ("Afghan Taliban", 1, None),
        ("Al-Qaeda in the Indian Subcontinent", 1, "al-Qaeda"),
        ("Jundullah (Pakistan)", 1, None),
        ("Lashkar-e-Jhangvi al-Alami", 1, "Lashkar-e-Jhangvi"),
    ]
    islamic_state = body["groups"][0]["aliases"]
    assert {"Daesh", "ISIS", "ISIL", "Islamic State"} <= set(islamic_state)


def test_alias_search_through_the_api(client) -> None:
    body = client.get("/api/search?q=ISIS&sort=oldest&per_page=2").get_json()
    assert body["total"] == 5
    assert [(h["title"], h["matched_aliases"]) for h in body["hits"]] == [
        ("Jundullah pledges support to Islamic State", ["Islamic State", "Islamic State group"]),
        ("Daesh fighters push into Nangarhar districts", ["Daesh"]),
    ]
    exact = client.get("/api/search?q=ISIS&aliases=off").get_json()
    assert (exact["total"], exact["query"]["aliases"]) == (0, "off")
