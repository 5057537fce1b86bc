"""Running the app under gunicorn, the production WSGI server, from `dossier serve`."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from web import create_app

        return create_app()


def run_server(*, host: str, port: int, workers: int) -> None:
    """Serve until stopped. Each worker opens the index itself (no shared file handles)."""
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "timeout": 60,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "info",
            # gunicorn's maximum: a 1,000-character query in a non-Latin script, percent-encoded,
            # needs more than the default 4094 bytes of request line
            "limit_request_line": 8190,
        }
    ).run()
