"""A deterministic benchmark corpus: the real paragraphs of ../shared/data/news/bbc-fulltext
recombined into N articles with an outlet, a date (some undated) and 0-3 group mentions drawn
from corpus/gazetteer.json. Same seed and N, same articles.

`.venv/bin/python -m tests.benchmarks.corpus 10000 OUT.jsonl` writes one article per line
(the `.jsonl` input format of `dossier ingest`, plus the prepared `groups`).
"""

from __future__ import annotations

import datetime
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from corpus.article import Article, make_article_id

ROOT = Path(__file__).resolve().parents[2]
NEWS = ROOT.parent / "shared" / "data" / "news" / "bbc-fulltext"
GAZETTEER = ROOT / "corpus" / "gazetteer.json"
OUTLETS = (
    "Frontier Ledger",
    "Indus Dispatch",
    "Gulf Wire",
    "Kabul Monitor",
    "Crescent Times",
    "Levant Courier",
    "Sahel Observer",
    "Delta Herald",
    "Hindu Kush Review",
    "Mesopotamia Post",
    "Maghreb Daily",
    "Horn Bulletin",
)
UNDATED_SHARE = 0.08
MENTIONS = (
    "Officials blamed {name} for the attack.",
    "A statement attributed to {name} could not be verified.",
    "Analysts said {name} had been weakened by the offensive.",
    "{name} denied any involvement, a spokesman said.",
)


def load_paragraphs() -> tuple[list[str], list[str]]:
    """Return the titles and the paragraphs of the source articles, in a fixed order."""
    titles: list[str] = []
    paragraphs: list[str] = []
    for path in sorted(NEWS.glob("*/*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        titles.append(lines[0].strip())
        body = "\n".join(lines[1:])
        paragraphs.extend(p.strip() for p in body.split("\n\n") if len(p.strip()) > 40)
    if not paragraphs:
        raise SystemExit(f"no news text under {NEWS}")
    return titles, paragraphs


def group_names() -> list[str]:
    """Return the gazetteer's canonical group names."""
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    return sorted(group["name"] for group in data["groups"])


def generate(count: int, seed: int = 1) -> Iterator[Article]:
    """Yield `count` articles; the same seed gives the same articles."""
    rng = random.Random(seed)
    titles, paragraphs = load_paragraphs()
    groups = group_names()
    first = datetime.date(2010, 1, 1).toordinal()
    span = datetime.date(2020, 12, 31).toordinal() - first
    for number in range(count):
        body = [rng.choice(paragraphs) for _ in range(rng.randint(3, 8))]
        named = sorted(set(rng.sample(groups, rng.choice((0, 0, 1, 1, 2, 3)))))
        for name in named:
            spot = rng.randrange(len(body))
            body[spot] = body[spot] + " " + rng.choice(MENTIONS).format(name=name)
        text = "\n\n".join(body)
        outlet = OUTLETS[min(int(rng.paretovariate(1.2)) - 1, len(OUTLETS) - 1)]
        undated = rng.random() < UNDATED_SHARE
        day = None if undated else datetime.date.fromordinal(first + rng.randrange(span))
        url = f"https://bench.example/{number}"
        yield Article(
            id=make_article_id(url, text),
            url=url,
            title=rng.choice(titles),
            text=text,
            date=day,
            date_source="benchmark" if day else None,
            outlet=outlet,
            outlet_source="benchmark",
            groups=tuple(named),
            source=f"bench/{number}",
        )


def write_jsonl(count: int, path: Path, seed: int = 1) -> Path:
    """Write the corpus as JSON lines (once: an existing file of the same size is kept)."""
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as out:
        for article in generate(count, seed):
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def read_jsonl(path: Path) -> Iterator[Article]:
    """Yield the articles of a corpus file written by `write_jsonl`."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            day = record["date"]
            yield Article(
                id=record["id"],
                url=record["url"],
                title=record["title"],
                text=record["text"],
                date=datetime.date.fromisoformat(day) if day else None,
                date_source=record["date_source"],
                outlet=record["outlet"],
                outlet_source=record["outlet_source"],
                groups=tuple(record["groups"]),
                source=record["source"],
            )


if __name__ == "__main__":
    write_jsonl(int(sys.argv[1]), Path(sys.argv[2]))
