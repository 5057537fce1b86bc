"""The JSON API under /api/ and the health check: thin views over `search`."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from corpus.groups import load_gazetteer
from index.base import EngineError
from search.groups import list_groups
from search.service import run_search
from web import get_engine
from web.errors import error_response
from web.openapi import openapi_document
from web.params import search_request

blueprint = Blueprint("api", __name__)


@blueprint.get("/api/search")
def search():
    result = run_search(get_engine(), search_request())
    return jsonify(result.to_dict())


@blueprint.get("/api/articles/<article_id>")
def article(article_id: str):
    found = get_engine().get(article_id)
    if found is None:
        abort(404, description=f"no article with id {article_id!r}")
    return jsonify(found.to_dict())


@blueprint.get("/api/groups")
def groups():
    summaries = list_groups(get_engine(), load_gazetteer())
    return jsonify({"groups": [summary.to_dict() for summary in summaries]})


@blueprint.get("/api/openapi.json")
def openapi():
    return jsonify(openapi_document())


@blueprint.get("/healthz")
def healthz():
    try:
        engine = get_engine()
        count = engine.count()
    except EngineError as err:
        return error_response(503, "index_not_ready", f"index not ready: {err}")
    return jsonify({"status": "ok", "articles": count, "engine": engine.name})
