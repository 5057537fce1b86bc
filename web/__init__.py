"""The Flask app: staff HTML pages, the JSON API under /api/, and the `dossier` command line."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from corpus.groups import load_gazetteer
from index.base import Engine
from index.store import open_index

DEFAULT_INDEX_DIR = "var/index"


def create_app(test_config: dict | None = None) -> Flask:
    """Return the app. Config: defaults, then instance/config.py, then DOSSIER_* variables;
    `test_config` replaces the last two."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=DEFAULT_INDEX_DIR,  # the index folder to serve (`dossier serve --index`)
        PAGE_SIZE=10,  # results per page on the staff pages
        MAX_CONTENT_LENGTH=64 * 1024,  # the app reads no request bodies; refuse big ones
        JSON_SORT_KEYS=False,  # keep the documented key order
        EXPORT_CAP=50_000,  # rows one /api/export may stream (reported in its headers)
        CORS_ORIGINS=(),  # origins whose pages may read the API (CORS is off by default)
        API_TOKENS=(),  # tokens for /api/ and the staff pages (web/auth.py); none: open
        API_TOKEN_FILE=None,  # a file of tokens, one per line (`dossier serve --token-file`)
    )
    # The request limits (MAX_QUERY_CHARS, MAX_PER_PAGE, ...) default in web/limits.py.
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("DOSSIER")
    else:
        app.config.update(test_config)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["dossier"] = _EngineHolder(Path(app.config["INDEX_DIR"]))
    load_gazetteer()  # a broken hand edit of gazetteer.json stops the start, saying what is wrong

    from web import api, auth, errors, limits, pages

    errors.register(app)
    auth.register(app)  # first: a request without its token learns nothing else
    limits.register(app)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(pages.blueprint)
    return app


class _EngineHolder:
    """One engine per process, opened on first use and kept (its searcher refreshes itself)."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def get(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = open_index(self.index_dir)
            return self._engine


def get_engine() -> Engine:
    """Return the app's engine. Raises IndexNotFoundError or IndexNotReadyError (→ 503)."""
    return current_app.extensions["dossier"].get()
