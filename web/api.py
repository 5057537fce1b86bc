"""The JSON API under /api/ and the health check: thin views over `search`."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    request,
    stream_with_context,
)

from corpus.groups import load_gazetteer
from index.base import EngineError
from search.errors import ParameterError
from search.export import DEFAULT_EXPORT_CAP, start_export
from search.export import FORMATS as EXPORT_FORMATS
from search.groups import list_groups
from search.service import index_version, run_search
from search.similar import similar_articles
from web import get_engine
from web.errors import error_response
from web.openapi import openapi_document
from web.params import search_request

blueprint = Blueprint("api", __name__)
_CACHED = ("/api/search", "/api/articles/", "/api/groups", "/api/openapi.json")


@blueprint.before_app_request
def answer_unchanged():
    """A read-only archive changes only when ingested into: revalidate with an ETag, and
    answer 304 when the client's copy is still current (no search is run for it)."""
    if request.method not in ("GET", "HEAD") or not request.path.startswith(_CACHED):
        return None
    try:
        version = index_version(get_engine())
    except EngineError:
        return None  # the view answers 503
    tag = hashlib.sha256(f"{version}|{request.full_path}".encode()).hexdigest()[:32]
    g.etag = tag
    if tag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(tag)
        response.headers["Cache-Control"] = "no-cache"
        return response
    return None


@blueprint.after_app_request
def add_api_headers(response: Response) -> Response:
    if request.path.startswith("/api/") or request.path == "/healthz":
        etag = g.get("etag")
        if etag and response.status_code == 200:
            response.set_etag(etag)
            response.headers["Cache-Control"] = "no-cache"
        elif response.status_code != 304:
            response.headers["Cache-Control"] = "no-store"
        _allow_origin(response)
    return response


def _allow_origin(response: Response) -> None:
    """CORS is off unless CORS_ORIGINS names the origins that may read the API."""
    allowed = current_app.config.get("CORS_ORIGINS") or ()
    if isinstance(allowed, str):
        allowed = [origin.strip() for origin in allowed.split(",") if origin.strip()]
    origin = request.headers.get("Origin")
    if origin and (origin in allowed or "*" in allowed):
        response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        response.headers.add("Vary", "Origin")


@blueprint.get("/api/search")
def search():
    result = run_search(get_engine(), search_request())
    return jsonify(result.to_dict())


@blueprint.get("/api/export")
def export():
    fmt = request.args.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise ParameterError(f"format must be one of {', '.join(EXPORT_FORMATS)}", param="format")
    search = search_request(extra=("format",))
    cap = int(current_app.config.get("EXPORT_CAP", DEFAULT_EXPORT_CAP))
    started = start_export(get_engine(), search, load_gazetteer(), fmt=fmt, cap=cap)
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    response = Response(stream_with_context(started.lines), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="dossier-export.{fmt}"'
    response.headers["X-Dossier-Total"] = str(started.total)
    response.headers["X-Dossier-Exported"] = str(started.rows)
    response.headers["X-Dossier-Export-Cap"] = str(started.cap)
    return response


@blueprint.get("/api/articles/<article_id>")
def article(article_id: str):
    engine = get_engine()
    found = engine.get(article_id)
    if found is None:
        abort(404, description=f"no article with id {article_id!r}")
    body = found.to_dict()
    body["similar"] = [item.article.to_brief() for item in similar_articles(engine, found)]
    return jsonify(body)


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
