"""Access control for a server reachable from other machines: a list of API tokens.

With tokens configured, /api/ needs `Authorization: Bearer <token>` (401 JSON otherwise) and the
staff pages need the same token, by Bearer or by HTTP Basic (any user name, the token as the
password), which a browser asks for itself. Tokens are compared in constant time, and never
logged or echoed. /healthz and the static files stay open.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
from pathlib import Path

from flask import Flask, current_app, request

from web.errors import error_response

MIN_TOKEN_CHARS = 16  # a short token is guessable; refuse it at start
OPEN_PATHS = ("/healthz", "/static/")


class TokenConfigError(ValueError):
    """The token configuration cannot be used; the message says why (never the token)."""


def load_tokens(config: dict) -> tuple[bytes, ...]:
    """Return the API tokens of API_TOKENS (a list or comma-separated text) and API_TOKEN_FILE
    (one per line, # comments). Raises TokenConfigError for an unreadable file or short token.
    """
    given = config.get("API_TOKENS") or ()
    if not isinstance(given, list | tuple):  # DOSSIER_API_TOKENS may arrive JSON-parsed
        given = str(given).split(",")
    tokens = [token.strip() for token in given if token and token.strip()]
    token_file = config.get("API_TOKEN_FILE")
    if token_file:
        try:
            lines = Path(token_file).read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise TokenConfigError(f"cannot read the token file {token_file}: {err}") from None
        tokens += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for number, token in enumerate(tokens, start=1):
        if len(token) < MIN_TOKEN_CHARS:
            raise TokenConfigError(
                f"API token {number} is {len(token)} characters long; tokens need at least "
                f"{MIN_TOKEN_CHARS} (make one with `python3 -c 'import secrets; "
                "print(secrets.token_urlsafe())'`)"
            )
    return tuple(dict.fromkeys(token.encode("utf-8") for token in tokens))


def is_loopback(host: str) -> bool:
    """Return whether `host` is only reachable from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, tokens: tuple[bytes, ...], public: bool) -> str | None:
    """Return why serving on `host` is refused (no tokens and no --public off loopback), or None."""
    if is_loopback(host) or tokens or public:
        return None
    return (
        f"refusing to serve on {host} without access control: anyone who can reach it could "
        "read the archive. Give API tokens (DOSSIER_API_TOKENS or --token-file), or pass "
        "--public to serve it open on purpose"
    )


def token_matches(given: bytes, tokens: tuple[bytes, ...]) -> bool:
    """Return whether `given` is one of `tokens`, comparing each in constant time."""
    found = False
    for token in tokens:
        found |= hmac.compare_digest(given, token)  # no early exit: timing says nothing
    return found


def _given_token() -> bytes | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return value.encode("utf-8")
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None
        return decoded.partition(b":")[2] or None
    return None


def register(app: Flask) -> None:
    """Require a token on every request but the open paths when API tokens are configured.

    Raises TokenConfigError at start for an unusable configuration.
    """
    app.extensions["dossier_tokens"] = load_tokens(app.config)

    @app.before_request
    def require_token():
        tokens = current_app.extensions["dossier_tokens"]
        # CORS preflights carry no credentials; the request that follows them does.
        if not tokens or request.method == "OPTIONS" or request.path.startswith(OPEN_PATHS):
            return None
        given = _given_token()
        if given is not None and token_matches(given, tokens):
            return None
        if request.path.startswith("/api/"):
            response = error_response(
                401, "unauthorized", "this server needs an API token: Authorization: Bearer <token>"
            )
            response.headers["WWW-Authenticate"] = 'Bearer realm="Dossier"'
            return response
        body, status = error_response(
            401, "unauthorized", "Sign in with the API token as the password (any user name)."
        )
        return body, status, {"WWW-Authenticate": 'Basic realm="Dossier", charset="UTF-8"'}
