"""The stand-ins for trafilatura's XPath expressions select exactly what the expressions select:
on a page of our own built to exercise every test in them, on the trees trafilatura hands them
while extracting real pages (../shared, skipped when absent), and through whole extractions."""

from __future__ import annotations

import contextlib
from copy import deepcopy
from pathlib import Path

import pytest
from lxml.html import HtmlElement, document_fromstring

import corpus.html
from corpus.article import ArticleError
from corpus.fastxpath import StandIn, replacements, stand_ins
from corpus.html import parse_html
from tests.benchmarks.extraction import DATA, load_pages

TESTS = Path(__file__).parent

# Every branch of every replaced expression, in our own words: attribute order (id before class
# and after it), translate() case folding, the 'i' flag, lists named as comments, an ad box
# holding a headline, first-of-its-siblings bodies, and a comment node among the elements.
PAGE = """<html><head><title>t</title></head><body>
<div class="layout"><!-- a comment node -->
  <div role="Navigation">menu</div><span data-lp-replacement-content="1">x</span>
  <div data-component="homeMostPopularStoriesRail">popular</div>
  <div id="cookie-notice" class="plain">id first</div>
  <div class="plain" id="cookie-notice">class first</div>
  <p class="cookie">cookie class</p><section id="share-bar">share</section>
  <div class="byline">by</div>
  <div class="comments-title">comments</div>
  <div id="reply-form" class="plain">id first</div>
  <div class="plain" id="reply-form">class first</div>
  <div style="display: none">none</div><div style="display:none">none</div>
  <div id="main" style="visibility: hidden">id first</div>
  <div style="visibility: hidden" id="main">style first</div>
  <div aria-hidden="true">hidden</div><div id="reader-comments">rc</div><p class="noprint">np</p>
  <div id="comments">c</div><ol id="commentlist"><li>a</li></ol><ol id="commentary"><li>b</li></ol>
  <ul class="article-comments"><li>c</li></ul><ul class="comment-list"><li>d</li></ul>
  <details class="comment-box">e</details><list class="comments">f</list>
  <div class="mvp-post-add-box"><h1>ad</h1></div><div class="infinite-scroll"><h1>next</h1></div>
  <aside id="infinitescroll">more</aside><section class="elementor-share-buttons">s</section>
  <div id="photo-caption">cap</div><item class="captioned">cap</item>
  <div class="Teaser">t</div><span id="teaser-1">t</span><list class="x">l</list>
</div>
<main>
  <div class="post-content"><div class="post-body">inner</div></div>
  <div class="entry">first</div><div class="entry">second</div>
  <section itemprop="articleBody">third</section><article id="articleContent">fourth</article>
  <div class="FullText">full</div><article role="article">a</article><div class="story">s</div>
  <div id="Main-Content">m</div><div class="Page-Content">p</div><div id="content">c</div>
</main>
</body></html>"""


def _tree() -> HtmlElement:
    return document_fromstring(PAGE)


def test_stand_ins_replace_the_slow_expressions_of_the_installed_trafilatura() -> None:
    found = {(r.name, r.position) for r in replacements()}
    assert found == {
        ("OVERALL_DISCARD_XPATH", 0),
        ("OVERALL_DISCARD_XPATH", 1),
        ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0),
        ("RAW_TREE_PRUNE_XPATH", 0),
        ("RAW_TREE_PRUNE_XPATH", 1),
        ("DISCARD_IMAGE_ELEMENTS", 0),
        ("TEASER_DISCARD_XPATH", 0),
        ("BODY_XPATH", 0),
        ("BODY_XPATH", 2),
        ("BODY_XPATH", 3),
    }


@pytest.mark.parametrize("replacement", replacements(), ids=lambda r: f"{r.name}[{r.position}]")
def test_stand_in_selects_what_its_expression_selects(replacement) -> None:
    tree = _tree()
    selected = replacement.stand_in(tree)
    assert selected, "the page should exercise the expression"
    assert selected == replacement.original(tree)
    for element in tree.iter("div", "section", "article", "main"):  # subtrees as context
        assert replacement.stand_in(element) == replacement.original(element)


def test_stand_ins_are_in_place_only_inside_the_block() -> None:
    lists = [(r.expressions, r.position, r.original, r.stand_in) for r in replacements()]
    with stand_ins():
        assert all(found[n] is stand_in for found, n, _, stand_in in lists)
    assert all(found[n] is original for found, n, original, _ in lists)
    with pytest.raises(RuntimeError), stand_ins():
        raise RuntimeError("an extraction failed")
    assert all(found[n] is original for found, n, original, _ in lists)
    assert all(isinstance(stand_in, StandIn) for *_, stand_in in lists)


@pytest.mark.parametrize(
    "path", sorted((TESTS / "pages").glob("*.html")) + sorted((TESTS / "pages_hard").glob("*.html"))
)
def test_extraction_is_the_same_with_the_stand_ins(path: Path, monkeypatch) -> None:
    html = path.read_text(encoding="utf-8", errors="replace")
    fast = parse_html(html, source=str(path))
    monkeypatch.setattr(corpus.html, "stand_ins", contextlib.nullcontext)
    assert parse_html(html, source=str(path)) == fast


class _Recorder:
    """Stands in for an expression while real pages are extracted: keeps each tree it is given."""

    def __init__(self, expression, trees: list) -> None:
        self.expression, self.trees, self.path = expression, trees, expression.path

    def __call__(self, tree):
        self.trees.append(deepcopy(tree))
        return self.expression(tree)


@pytest.mark.skipif(
    not (DATA / "wcxb_articles" / "ground-truth.jsonl").exists(),
    reason=f"no benchmark data at {DATA} (../shared is absent)",
)
def test_stand_ins_select_what_the_expressions_select_on_real_pages(monkeypatch) -> None:
    monkeypatch.setattr(corpus.html, "stand_ins", contextlib.nullcontext)
    trees: dict[tuple[str, int], list] = {}
    for r in replacements():
        recorder = _Recorder(r.original, trees.setdefault((r.name, r.position), []))
        r.expressions[r.position] = recorder
    try:
        for dataset in ("scrapinghub_aeb", "wcxb_articles", "trafilatura_eval"):
            for page in load_pages(dataset, sample=15):
                with contextlib.suppress(ArticleError):  # its trees are recorded all the same
                    parse_html(page.html, source=page.page_id)
    finally:
        for r in replacements():
            r.expressions[r.position] = r.original
    for r in replacements():
        recorded = trees[(r.name, r.position)]
        assert recorded, f"{r.name}[{r.position}] was never used"
        differing = [n for n, tree in enumerate(recorded) if r.stand_in(tree) != r.original(tree)]
        assert differing == [], f"{r.name}[{r.position}] differs on trees {differing}"
