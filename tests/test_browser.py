"""What a person sees in Debian's Chromium, against the real app served by gunicorn
(`dossier serve`) on a free port: highlighted hits, a facet click that narrows the results,
an article page with the query highlighted, and the message for a bad date."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Headless in a sandboxed, offline machine: no GPU, no sandbox, no background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)


def launch_chromium(playwright):
    """Return Debian's Chromium started headless by Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(index_dir):
    yield from _serve(index_dir)


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    from index.ingest import ingest_paths
    from tests.test_search_stories import write_story_pages

    folder = tmp_path_factory.mktemp("browser-stories")
    write_story_pages(folder / "pages")
    ingest_paths([folder / "pages"], folder / "index", jobs=1)
    yield from _serve(folder / "index")


def _serve(index_dir):
    port = _free_port()
    dossier = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
    process = subprocess.Popen(
        [dossier, "serve", "--index", str(index_dir), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "dossier serve did not start: " + process.stderr.read().decode()[-2000:]
                ) from None
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def test_search_shows_highlighted_hits(server, page) -> None:
    page.goto(server + "/")
    page.fill("#q", "Lashkar-e-Jhangvi")
    page.click("button[type=submit]")
    page.wait_for_url("**/?q=Lashkar-e-Jhangvi")
    assert page.inner_text("#total") == "3"
    marks = page.locator(".hit .snippet mark").all_inner_texts()
    assert len(marks) >= 3
    assert {mark for mark in marks} == {"Lashkar-e-Jhangvi"}
    assert page.dialogs == []


def test_facet_click_narrows_results_and_counts_match(server, page) -> None:
    page.goto(server + "/?q=Islamic+State")
    total_before = int(page.inner_text("#total"))
    facet = page.locator("#facet-outlet a.facet-value", has_text="Gulf Wire")
    expected = int(facet.locator(".count").inner_text())
    facet.click()
    page.wait_for_url("**/?q=Islamic+State&outlet=Gulf+Wire")
    assert int(page.inner_text("#total")) == expected < total_before
    assert page.locator(".hit .outlet").all_inner_texts() == ["Gulf Wire"] * expected
    # clicking the selected value again deselects it
    page.locator("#facet-outlet a.selected").click()
    page.wait_for_url("**/?q=Islamic+State")
    assert int(page.inner_text("#total")) == total_before


def test_article_page_highlights_the_query(server, page) -> None:
    page.goto(server + "/?q=pledge")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url("**/articles/*?q=pledge")
    assert page.locator(".body mark").all_inner_texts() == ["pledge"]
    assert page.inner_text("h1") == "Jundullah pledges support to Islamic State"


def test_bad_date_shows_the_message(server, page) -> None:
    page.goto(server + "/?q=quetta")
    page.click("details.dates summary")
    page.fill("input[name=date_from]", "2015-13")
    page.click("button[type=submit]")
    assert page.inner_text(".error-message") == (
        "'2015-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-11)"
    )


def test_markup_from_pages_never_runs(server, page) -> None:
    page.goto(server + "/?q=markup")
    assert page.inner_text(".hit h3") == 'Markup <script>alert("x")</script> in a title'
    page.locator(".hit h3 a").click()
    page.wait_for_load_state()
    assert page.dialogs == []
    assert page.locator("img").count() == 0


def test_histogram_bar_narrows_to_its_month(server, page) -> None:
    page.goto(server + "/")
    bar = page.locator("svg.histogram a[data-month='2015-06']")
    bar.click()
    page.wait_for_url("**/?date_from=2015-06&date_to=2015-06&undated=exclude")
    assert page.inner_text("#total") == "1"
    assert page.locator(".hit time").all_inner_texts() == ["2015-06-20"]


def test_dragging_across_the_histogram_narrows_to_a_range(server, page) -> None:
    page.goto(server + "/")
    first = page.locator("svg.histogram a[data-month='2014-11'] rect").bounding_box()
    last = page.locator("svg.histogram a[data-month='2015-01'] rect").bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] - 1)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] - 1, steps=5)
    page.mouse.up()
    page.wait_for_url("**/?date_from=2014-11&date_to=2015-01&undated=exclude")
    assert page.locator(".hit time").all_inner_texts() == ["2015-01-09", "2014-12-16", "2014-11-17"]


def test_export_button_downloads_what_is_on_screen(server, page) -> None:
    page.goto(server + "/?q=Quetta")
    total = int(page.inner_text("#total"))
    with page.expect_download() as download_info:
        page.click("a.export-csv")
    path = download_info.value.path()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,url,title,outlet,date,groups,story,snippet"
    assert len(lines) - 1 == total == 2


def test_slash_focuses_the_search_box(server, page) -> None:
    page.goto(server + "/groups")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_collapse_toggle_shows_and_folds_copies(story_server, page) -> None:
    page.goto(story_server + "/?q=Hazara")
    assert page.locator(".hit").count() == 2
    assert page.inner_text(".also-in").startswith("Also in: Frontier Ledger")
    page.click("#collapse-toggle")
    page.wait_for_url("**/?q=Hazara&collapse=none")
    assert page.locator(".hit").count() == 3
    assert page.locator(".also-in").count() == 0
    page.click("#collapse-toggle")
    page.wait_for_url("**/?q=Hazara")
    assert page.locator(".hit").count() == 2
