"""Every failure as one JSON error body under /api/ (and /healthz), or error.html for people."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from index.base import EngineError, IndexNotFoundError, IndexNotReadyError
from search.errors import SearchInputError

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    500: "internal_error",
    503: "index_not_ready",
}


def wants_json() -> bool:
    """Return whether this request gets JSON errors (the API, the health check)."""
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, code: str, message: str, param: str | None = None):
    """Return the error as JSON (DESIGN.md's shape) or as the staff error page."""
    if wants_json():
        body = {"status": status, "code": code, "message": message}
        if param is not None:
            body["param"] = param
        response = jsonify({"error": body})
        response.status_code = status
        return response
    html = render_template("error.html", status=status, message=message, param=param)
    return html, status


def register(app: Flask) -> None:
    """Install the error handlers on the app."""

    @app.errorhandler(SearchInputError)
    def bad_input(err: SearchInputError):
        return error_response(400, err.code, err.message, err.param)

    @app.errorhandler(IndexNotFoundError)
    @app.errorhandler(IndexNotReadyError)
    def not_ready(err: EngineError):
        log.warning("index not ready: %s", err)
        return error_response(503, "index_not_ready", f"index not ready: {err}")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        status = err.code or 500
        message = err.description or err.name
        response = error_response(status, _CODES.get(status, "http_error"), message)
        if status == 405 and hasattr(err, "valid_methods") and err.valid_methods:
            response = app.make_response(response)
            response.headers["Allow"] = ", ".join(err.valid_methods)
        return response

    @app.errorhandler(Exception)
    def internal_error(err: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(500, "internal_error", "internal error; the server log has details")
