"""Shared fixtures: a small inline archive of Articles, its index on disk, the app and clients."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from corpus.article import Article, make_article_id
from index.build import build_index
from web import create_app

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _article(url, outlet, day, title, text, groups) -> Article:
    return Article(
        id=make_article_id(url, text),
        url=url,
        title=title,
        text=text,
        date=datetime.date.fromisoformat(day) if day else None,
        date_source="page metadata (article:published_time)" if day else None,
        outlet=outlet,
        outlet_source="page metadata" if outlet else None,
        groups=tuple(sorted(groups)),
        author=None,
        source=f"inline/{url.rsplit('/', 1)[-1]}.html",
        fingerprint=None,
    )


ARTICLES = (
    _article(
        "https://ledger.example/2014/11/jundullah-pledge",
        "Frontier Ledger",
        "2014-11-17",
        "Jundullah pledges support to Islamic State",
        "A splinter faction of the Pakistani Taliban said on Monday that it backs the "
        "Islamic State group.\n\nJundullah's spokesman said envoys of the group met its "
        "leaders in the tribal areas. Analysts said the pledge shows the pull of the "
        "Syria-based movement in a region long dominated by al-Qa'ida.",
        ["Jundullah (Pakistan)", "Islamic State", "Tehrik-i-Taliban Pakistan", "al-Qaeda"],
    ),
    _article(
        "https://ledger.example/2015/01/quetta-hazara",
        "Frontier Ledger",
        "2015-01-09",
        "Gunmen kill Hazara traders in Quetta",
        "Gunmen on motorcycles opened fire on a van carrying Hazara vegetable traders in "
        "Quetta, killing six. Lashkar-e-Jhangvi claimed the attack in a call to reporters.",
        ["Lashkar-e-Jhangvi"],
    ),
    _article(
        "https://indus.example/news/peshawar-school",
        "Indus Dispatch",
        "2014-12-16",
        "Taliban gunmen storm army school in Peshawar",
        "Gunmen from the Pakistani Taliban attacked an army-run school in Peshawar. "
        "Tehrik-i-Taliban Pakistan said the attack was revenge for a military offensive in "
        "North Waziristan. The attack killed more than 140 people, most of them children.",
        ["Tehrik-i-Taliban Pakistan"],
    ),
    _article(
        "https://indus.example/news/daesh-nangarhar",
        "Indus Dispatch",
        "2015-06-20",
        "Daesh fighters push into Nangarhar districts",
        "Fighters loyal to Daesh seized several villages in eastern Afghanistan, local "
        "officials said. The group, which calls its branch the Khorasan Province, has drawn "
        "defectors from the Afghan Taliban.",
        ["Islamic State", "Afghan Taliban"],
    ),
    _article(
        "https://gulfwire.example/story/aqis-founding",
        "Gulf Wire",
        "2014-09-04",
        "Al Qaeda announces South Asia branch",
        "Al Qaeda's leader announced a new branch for the Indian subcontinent in a video "
        "released on Wednesday. Al-Qaeda in the Indian Subcontinent will fight in India, "
        "Myanmar and Bangladesh, he said.",
        ["al-Qaeda", "Al-Qaeda in the Indian Subcontinent"],
    ),
    _article(
        "https://gulfwire.example/story/lej-alami",
        "Gulf Wire",
        "2016-10-26",
        "Police academy attack claimed by two groups",
        "The raid on the police training college near Quetta was claimed by Lashkar-e-Jhangvi "
        "al-Alami and by the Islamic State group. Officials said the attackers wore suicide "
        "vests.",
        ["Lashkar-e-Jhangvi al-Alami", "Islamic State"],
    ),
    _article(
        "https://gulfwire.example/story/undated-analysis",
        "Gulf Wire",
        None,
        "Why sectarian groups drift toward the Islamic State",
        "Sectarian outfits such as Lashkar-e-Jhangvi share an ideology with the Islamic "
        "State, analysts say, which makes cooperation easy. Tehreek-e-Taliban commanders "
        "have also defected.",
        ["Lashkar-e-Jhangvi", "Islamic State", "Tehrik-i-Taliban Pakistan"],
    ),
    _article(
        "javascript:alert(1)",
        None,
        None,
        'Markup <script>alert("x")</script> in a title',
        'A page whose text carries markup: <img src=x onerror="alert(1)"> and a <b>bold</b> '
        "claim about the Islamic State & its allies.",
        ["Islamic State"],
    ),
)


def search_with(engine, **params):
    """Run a search on an engine with query-string parameters (a list for repeats)."""
    from search.request import parse_request
    from search.service import run_search

    given = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    return run_search(engine, parse_request(list(given), lambda name: given.get(name, [])))


@pytest.fixture(scope="session")
def articles() -> tuple[Article, ...]:
    return ARTICLES


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, articles) -> Path:
    path = tmp_path_factory.mktemp("index")
    build_index(articles, path)
    return path


@pytest.fixture()
def app(index_dir):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()
