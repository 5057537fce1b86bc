"""The staff pages through the real app: what a person gets, parsed as HTML."""

from __future__ import annotations

from bs4 import BeautifulSoup


def page(client, url):
    response = client.get(url)
    return response, BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_search_page_shows_hits_facets_and_count(client) -> None:
    response, soup = page(client, "/?q=quetta")
    assert response.status_code == 200
    assert soup.select_one("#total").get_text() == "2"
    assert [h.get_text() for h in soup.select(".hit h3")] == [
        "Gunmen kill Hazara traders in Quetta",
        "Police academy attack claimed by two groups",
    ]
    assert [str(m) for m in soup.select(".hit h3 mark")] == ["<mark>Quetta</mark>"]
    groups = [
        (a["data-value"], a.select_one(".count").get_text(), a["href"])
        for a in soup.select("#facet-group a.facet-value")
    ]
    assert groups == [
        ("Islamic State", "1", "/?q=quetta&group=Islamic+State"),
        ("Lashkar-e-Jhangvi", "1", "/?q=quetta&group=Lashkar-e-Jhangvi"),
        ("Lashkar-e-Jhangvi al-Alami", "1", "/?q=quetta&group=Lashkar-e-Jhangvi+al-Alami"),
    ]


def test_facet_links_select_and_deselect(client) -> None:
    _, soup = page(client, "/?q=quetta&group=Lashkar-e-Jhangvi")
    assert soup.select_one("#total").get_text() == "1"
    selected = soup.select("#facet-group a.selected")
    assert [(a["data-value"], a["href"], a["aria-pressed"]) for a in selected] == [
        ("Lashkar-e-Jhangvi", "/?q=quetta", "true")
    ]


def test_everything_from_pages_is_escaped(client) -> None:
    response, soup = page(client, "/?q=markup")
    assert [(tag.get("src"), tag.string) for tag in soup.find_all("script")] == [
        ("/static/dossier.js", None)
    ]
    assert soup.find("img") is None
    assert soup.select_one(".hit h3 a").decode_contents() == (
        '<mark>Markup</mark> &lt;script&gt;alert("x")&lt;/script&gt; in a title'
    )
    # a javascript: URL is never rendered as a link
    assert soup.select(".hit a.original") == []


def test_article_page_highlights_the_query(client, articles) -> None:
    response, soup = page(client, f"/articles/{articles[0].id}?q=al+Qaeda")
    assert response.status_code == 200
    assert [str(m) for m in soup.select(".body mark")] == ["<mark>al-Qa'ida</mark>"]
    assert soup.select_one("h1").get_text() == "Jundullah pledges support to Islamic State"
    assert [p.get_text() for p in soup.select(".body p")] == articles[0].text.split("\n\n")


def test_bad_query_shows_the_message_on_an_error_page(client) -> None:
    response, soup = page(client, "/?q=quetta&date_from=2015-13")
    assert response.status_code == 400
    assert soup.select_one(".error-message").get_text() == (
        "'2015-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-11)"
    )


def test_html_responses_carry_security_headers(client) -> None:
    response = client.get("/")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_paging_links_keep_the_state(client) -> None:
    _, soup = page(client, "/?per_page=3&sort=newest")
    assert soup.select_one(".pager a[rel=next]")["href"] == "/?sort=newest&page=2&per_page=3"
    _, soup = page(client, "/?per_page=3&sort=newest&page=2")
    assert soup.select_one(".pager a[rel=prev]")["href"] == "/?sort=newest&per_page=3"


def test_form_fields_redirect_to_the_canonical_permalink(client) -> None:
    response = client.get("/?q=quetta&sort=relevance&date_from=&date_to=&undated=include")
    assert (response.status_code, response.headers["Location"]) == (302, "/?q=quetta")


def test_groups_page_lists_groups_with_parents(client) -> None:
    response, soup = page(client, "/groups")
    assert response.status_code == 200
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])][:3]
        for row in soup.select("table.groups tbody tr")
    ]
    assert rows[:2] == [["Islamic State", "5", ""], ["Tehrik-i-Taliban Pakistan", "3", ""]]
    assert ["Lashkar-e-Jhangvi al-Alami", "1", "Lashkar-e-Jhangvi"] in rows


def test_hits_show_matched_aliases_and_article_shows_parents(client, articles) -> None:
    _, soup = page(client, "/?q=ISIS&sort=oldest")
    assert [p.get_text() for p in soup.select(".hit .matched")][:2] == [
        "Matched as: Islamic State, Islamic State group",
        "Matched as: Daesh",
    ]
    _, soup = page(client, f"/articles/{articles[5].id}")
    assert [g.get_text(" ", strip=True) for g in soup.select(".facts .group")] == [
        "Islamic State",
        "Lashkar-e-Jhangvi al-Alami part of Lashkar-e-Jhangvi",
    ]


def test_suggestion_export_links_and_syntax_help(client) -> None:
    _, soup = page(client, "/?q=Peshawr")
    assert soup.select_one(".suggestion").get_text(" ", strip=True) == "Did you mean peshawar ?"
    assert soup.select_one(".suggestion a")["href"] == "/?q=peshawar"
    _, soup = page(client, "/?q=quetta&group=Lashkar-e-Jhangvi&sort=newest")
    assert soup.select_one("a.export-csv")["href"] == (
        "/api/export?q=quetta&group=Lashkar-e-Jhangvi&sort=newest&format=csv"
    )
    assert soup.select_one("details.syntax summary").get_text() == "Search syntax"
    assert soup.select_one("script[src]")["src"] == "/static/dossier.js"


def test_article_page_lists_similar_articles(client, articles) -> None:
    _, soup = page(client, f"/articles/{articles[1].id}")
    assert [a.get_text() for a in soup.select(".similar li a")] == [
        "Taliban gunmen storm army school in Peshawar",
        "Police academy attack claimed by two groups",
    ]
