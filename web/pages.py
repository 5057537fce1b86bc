"""Staff HTML pages: the search page and the article page. Every page state is in its URL."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Response, abort, redirect, render_template, request

from corpus.groups import load_gazetteer
from search.errors import ParameterError
from search.groups import list_groups, parents_of
from search.request import SearchRequest
from search.service import run_search, view_article
from search.similar import similar_articles
from web import get_engine
from web.params import search_request

blueprint = Blueprint("pages", __name__)
PAGE_COLLAPSE = "story"  # staff pages fold syndicated copies into one hit by default

# The pages use no inline script or style; only our own static files.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@blueprint.after_app_request
def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@blueprint.app_template_filter("link_url")
def link_url(url: str | None) -> str | None:
    """Return the URL when it is safe to render as a link (http or https), else None."""
    if url and urlsplit(url.strip()).scheme in ("http", "https"):
        return url.strip()
    return None


@blueprint.app_template_global("search_url")
def search_url(req: SearchRequest, **changes: object) -> str:
    """Return the permalink of a search, with some parameters changed."""
    changed = req.with_changes(**changes) if changes else req
    pairs = changed.to_params(collapse_default=PAGE_COLLAPSE)
    return "/" + ("?" + urlencode(pairs) if pairs else "")


@blueprint.app_template_global("export_params")
def export_params(req: SearchRequest, fmt: str) -> str:
    """Return the export query string for exactly this search (all pages)."""
    skip = ("page", "per_page", "cursor", "collapse")  # an export lists every copy, by story
    pairs = [(k, v) for k, v in req.to_params() if k not in skip]
    return urlencode([*pairs, ("format", fmt)])


@blueprint.app_template_global("toggle_url")
def toggle_url(req: SearchRequest, facet: str, value: str) -> str:
    """Return the search URL with a facet value selected, or deselected when it was selected."""
    current = req.groups if facet == "group" else req.outlets
    chosen = tuple(v for v in current if v != value) if value in current else (*current, value)
    key = "groups" if facet == "group" else "outlets"
    return search_url(req, **{key: chosen, "page": 1})


@blueprint.get("/")
@blueprint.get("/search")
def search_page():
    req = search_request()
    if "collapse" not in request.args:
        req = req.with_changes(collapse=PAGE_COLLAPSE)
    given = sorted((name, value) for name, values in request.args.lists() for value in values)
    if given != sorted(req.to_params(collapse_default=PAGE_COLLAPSE)):
        # The form sends empty and default fields too: answer with the canonical permalink.
        return redirect(search_url(req), code=302)
    result = run_search(get_engine(), req)
    return render_template("search.html", req=req, result=result, histogram=_histogram(result))


@blueprint.get("/articles/<article_id>")
def article_page(article_id: str):
    q = request.args.get("q", "")
    found = get_engine().get(article_id)
    if found is None:
        abort(404, description=f"No article with id {article_id}.")
    aliases = request.args.get("aliases", "on")
    if aliases not in ("on", "off"):
        raise ParameterError("aliases must be one of on, off", param="aliases")
    gazetteer = load_gazetteer()
    view = view_article(found, q, aliases=aliases, gazetteer=gazetteer)
    parents = parents_of(found.groups, gazetteer)
    similar = similar_articles(get_engine(), found)
    return render_template("article.html", view=view, q=q, parents=parents, similar=similar)


@blueprint.get("/groups")
def groups_page():
    summaries = list_groups(get_engine(), load_gazetteer())
    return render_template("groups.html", groups=summaries)


def _histogram(result) -> dict | None:
    """Return the bars of the month histogram (SVG geometry), or None with fewer than 2 months."""
    months = result.facets.month
    if len(months) < 2:
        return None
    peak = max(month.count for month in months) or 1
    width = 600
    bar = width / len(months)
    height = 60
    bars = []
    for position, month in enumerate(months):
        bar_height = round(height * month.count / peak, 1)
        bars.append(
            {
                "value": month.value,
                "count": month.count,
                "x": round(position * bar, 2),
                "y": round(height - bar_height, 1),
                "width": round(max(bar - 1, 1), 2),
                "height": bar_height,
                "url": search_url(
                    result.request,
                    date_from=month.value,
                    date_to=month.value,
                    undated="exclude",
                    page=1,
                ),
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "first": months[0].value,
        "last": months[-1].value,
    }
