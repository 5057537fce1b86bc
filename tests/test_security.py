"""Nothing let in: pages carrying markup are indexed and searched but never reach a browser as
markup (parsed responses, and Chromium raising no dialog), every HTML response carries the
security headers, and API tokens guard a server that is exposed beyond loopback."""

from __future__ import annotations

import base64
import hmac
import json
import logging
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.test_browser import CHROMIUM, _free_port, launch_chromium
from web import create_app
from web.auth import TokenConfigError, check_exposure, load_tokens
from web.cli import main

TOKEN = "tok-" + "s3cr3t-value-for-tests"
OTHER = "tok-" + "another-valid-token-x"

XSS_PAGES = {
    "title.html": """<html><head><meta charset="utf-8">
<title>&lt;script&gt;alert("title")&lt;/script&gt; Quetta raid</title>
<meta property="og:title"
  content="&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Quetta raid">
<meta property="og:url" content="javascript:alert(3)">
<meta property="og:site_name" content="&quot;&gt;&lt;img src=x onerror=alert(4)&gt;">
<meta name="author" content="&lt;svg onload=alert(5)&gt;">
<meta property="article:published_time" content="2015-03-02"></head>
<body><article><h1>&lt;script&gt;alert("title")&lt;/script&gt; Quetta raid</h1>
<p>Gunmen attacked a Quetta market, officials said. The claim read
&lt;script&gt;alert(1)&lt;/script&gt; and &quot;&gt;&lt;img src=x onerror=alert(2)&gt; in full.</p>
<p>Lashkar-e-Jhangvi said it carried out the Quetta attack; <a href="javascript:alert(7)">a
link</a> and <script>alert(8)</script> a live script tag are page furniture.</p>
</article></body></html>""",
    "url.html": """<html><head><meta charset="utf-8"><title>Quetta curfew lifted</title>
<link rel="canonical" href="https://x.example/&quot;&gt;&lt;script&gt;alert(6)&lt;/script&gt;">
<meta property="article:published_time" content="2015-03-04"></head>
<body><article><h1>Quetta curfew lifted</h1><p>Officials in Quetta lifted the curfew on
Tuesday after three days, and markets reopened; the notice said &lt;b onmouseover=alert(9)&gt;
stay calm&lt;/b&gt; in the old town.</p></article></body></html>""",
    "capture.txt": """Quetta vigil held for victims <iframe src=javascript:alert(10)>
Frontier Ledger
March 5, 2015

Hundreds gathered in Quetta on Thursday for a vigil. Organisers read a statement that
said "><svg/onload=alert(11)> and <script>alert(12)</script> before the crowd dispersed.
""",
}


@pytest.fixture(scope="module")
def xss_index(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("xss")
    pages = folder / "pages"
    pages.mkdir()
    for name, text in XSS_PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    index_dir = folder / "index"
    result = CliRunner().invoke(main, ["ingest", str(pages), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output, result.output
    return index_dir


@pytest.fixture()
def xss_client(xss_index):
    return create_app({"INDEX_DIR": str(xss_index), "TESTING": True}).test_client()


SEARCHES = ["alert", "script", "Quetta", "onerror", "img", "svg onload", '"alert 1"', "iframe"]


def check_headers(response) -> None:
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def check_markup(html: str) -> None:
    """Fail on any markup a page could have injected: scripts, handlers, script URLs."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in ("iframe", "svg", "img", "object", "embed"), tag
        if tag.name == "script":
            assert tag.get("src", "").startswith("/static/") and not tag.string, tag
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            for url in value if isinstance(value, list) else [value]:
                assert not str(url).strip().lower().startswith(("javascript:", "data:text")), tag


def only_marks(fragment: str) -> None:
    soup = BeautifulSoup(fragment, "html.parser")
    assert {tag.name for tag in soup.find_all(True)} <= {"mark"}, fragment


def test_markup_in_pages_is_searchable_text_never_markup(xss_client) -> None:
    ids = set()
    for q in SEARCHES:
        body = xss_client.get("/api/search", query_string={"q": q}).get_json()
        for hit in body["hits"]:
            ids.add(hit["id"])
            only_marks(hit["title_html"])
            for snippet in hit["snippets"]:
                only_marks(snippet)
        response = xss_client.get("/", query_string={"q": q})
        assert response.status_code == 200
        check_headers(response)
        check_markup(response.get_data(as_text=True))
    assert len(ids) == 3
    titles = {xss_client.get(f"/api/articles/{i}").get_json()["title"] for i in ids}
    assert '<script>alert("title")</script> Quetta raid' in titles  # kept as text, searchable
    for article_id in ids:
        for q in ("", "alert", "script onerror"):
            response = xss_client.get(f"/articles/{article_id}", query_string={"q": q})
            assert response.status_code == 200
            check_headers(response)
            html = response.get_data(as_text=True)
            check_markup(html)
            links = BeautifulSoup(html, "html.parser").find_all("a", href=True)
            assert not [a for a in links if a["href"].startswith("javascript")]


def test_every_html_response_carries_the_security_headers(xss_client) -> None:
    for url, status in [
        ("/", 200),
        ("/?q=quetta&outlet=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E", 200),
        ("/?q=%22unbalanced", 400),
        ("/?date_from=%3Cscript%3E", 400),
        ("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404),
        ("/no/such/page", 404),
    ]:
        response = xss_client.get(url)
        assert response.status_code == status, url
        assert response.mimetype == "text/html"
        check_headers(response)
        check_markup(response.get_data(as_text=True))


def test_503_page_carries_the_headers(tmp_path) -> None:
    response = create_app({"INDEX_DIR": str(tmp_path / "none"), "TESTING": True}).test_client()
    response = response.get("/?q=x")
    assert response.status_code == 503
    check_headers(response)


# -- Chromium ------------------------------------------------------------------------------


def _serve(index_dir: Path, port: int, env: dict | None = None) -> subprocess.Popen:
    from tests.test_browser import shutil, sys

    dossier = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
    return subprocess.Popen(
        [dossier, "serve", "--index", str(index_dir), "--port", str(port), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )


def _wait_up(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("dossier serve did not start") from None
            time.sleep(0.1)


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    output, _ = process.communicate(timeout=15)
    return output.decode("utf-8", "replace")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
def test_chromium_raises_no_dialog_on_pages_carrying_markup(xss_index, xss_client) -> None:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    process = _serve(xss_index, port)
    base = f"http://127.0.0.1:{port}"
    ids = [h["id"] for h in xss_client.get("/api/search?q=quetta").get_json()["hits"]]
    try:
        _wait_up(process, base)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            urls = [f"/?q={q}" for q in ("alert", "script", "onerror", "svg onload")]
            urls += [f"/articles/{i}?q=alert" for i in ids]
            for url in urls:
                page.goto(base + url)
                page.wait_for_load_state("load")
                page.mouse.move(200, 200)  # onmouseover, had it survived
            shown = page.inner_text("body")
            browser.close()
    finally:
        _stop(process)
    assert len(ids) == 3
    assert "Quetta" in shown
    assert dialogs == []


# -- access control ------------------------------------------------------------------------


def _token_client(index_dir, **config):
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True, **config})
    return app.test_client()


def test_without_tokens_everything_is_open(client) -> None:
    assert client.get("/api/search?q=quetta").status_code == 200
    assert client.get("/?q=quetta").status_code == 200


def test_with_tokens_the_api_needs_a_bearer_token(index_dir) -> None:
    client = _token_client(index_dir, API_TOKENS=[TOKEN, OTHER])
    expected = {
        "error": {
            "status": 401,
            "code": "unauthorized",
            "message": "this server needs an API token: Authorization: Bearer <token>",
        }
    }
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-000000000"},
        {"Authorization": TOKEN},
    ):
        response = client.get("/api/search?q=quetta", headers=headers)
        assert (response.status_code, response.get_json()) == (401, expected)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="Dossier"'
    for token in (TOKEN, OTHER):
        response = client.get("/api/search?q=quetta", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
    assert client.get("/api/nothing-here").status_code == 401  # no route map without a token
    assert client.get("/healthz").status_code == 200  # health checks stay open


def test_with_tokens_the_staff_pages_need_basic_or_bearer(index_dir) -> None:
    client = _token_client(index_dir, API_TOKENS=TOKEN)
    response = client.get("/?q=quetta")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="Dossier", charset="UTF-8"'
    check_headers(response)
    basic = base64.b64encode(f"analyst:{TOKEN}".encode()).decode()
    assert client.get("/?q=quetta", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    wrong = base64.b64encode(b"analyst:nope").decode()
    assert client.get("/", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    assert client.get("/", headers={"Authorization": "Basic %%%"}).status_code == 401
    response = client.get("/?q=quetta", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200


def test_tokens_are_compared_in_constant_time(index_dir, monkeypatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client = _token_client(index_dir, API_TOKENS=[TOKEN, OTHER])
    client.get("/api/search", headers={"Authorization": f"Bearer {TOKEN}"})
    assert calls == [(TOKEN.encode(), TOKEN.encode()), (TOKEN.encode(), OTHER.encode())]


def test_token_configuration(tmp_path) -> None:
    token_file = tmp_path / "tokens"
    token_file.write_text(f"# staff\n{TOKEN}\n\n{OTHER}\n", encoding="utf-8")
    assert load_tokens({"API_TOKEN_FILE": str(token_file)}) == (TOKEN.encode(), OTHER.encode())
    assert load_tokens({"API_TOKENS": f"{TOKEN}, {OTHER}"}) == (TOKEN.encode(), OTHER.encode())
    assert load_tokens({"API_TOKENS": 1234567890123456789}) == (b"1234567890123456789",)
    with pytest.raises(TokenConfigError, match="API token 1 is 5 characters long"):
        load_tokens({"API_TOKENS": "short"})
    with pytest.raises(TokenConfigError, match="cannot read the token file"):
        load_tokens({"API_TOKEN_FILE": str(tmp_path / "missing")})


def test_binding_beyond_loopback_needs_tokens_or_public(runner, index_dir) -> None:
    assert check_exposure("127.0.0.1", (), False) is None
    assert check_exposure("::1", (), False) is None
    assert check_exposure("localhost", (), False) is None
    assert check_exposure("0.0.0.0", (TOKEN.encode(),), False) is None
    assert check_exposure("0.0.0.0", (), True) is None
    assert check_exposure("192.0.2.7", (), False).startswith(
        "refusing to serve on 192.0.2.7 without access control"
    )
    result = runner.invoke(main, ["serve", "--index", str(index_dir), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0 without access control" in result.output


def test_tokens_are_never_logged(index_dir, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    client = _token_client(index_dir, API_TOKENS=[TOKEN])
    client.get("/api/search?q=quetta", headers={"Authorization": f"Bearer {TOKEN}"})
    client.get("/api/search?q=quetta", headers={"Authorization": f"Bearer {TOKEN}x"})
    client.get("/api/search?q=%22bad", headers={"Authorization": f"Bearer {TOKEN}"})
    assert TOKEN not in caplog.text

    token_file = tmp_path / "tokens"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    port = _free_port()
    process = _serve(index_dir, port, {"DOSSIER_API_TOKENS": OTHER})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(process, base)
        request = urllib.request.Request(
            base + "/api/search?q=quetta", headers={"Authorization": f"Bearer {OTHER}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response)["total"] >= 1
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/api/search?q=quetta", timeout=10)
        assert refused.value.code == 401
    finally:
        output = _stop(process)
    assert "1 API token(s) required" in output
    assert OTHER not in output and '"GET /api/search?q=quetta HTTP/1.1" 401' in output
