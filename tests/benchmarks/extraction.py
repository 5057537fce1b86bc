"""Article-extraction benchmark on ../shared/data/extraction: Dossier's extract step against
trafilatura (comments excluded), scored as the data README says. Run on demand:

    .venv/bin/python tests/benchmarks/extraction.py [--json out.json] [--sample N]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from corpus.article import ArticleError  # noqa: E402
from corpus.extract import extract_article  # noqa: E402
from corpus.groups import load_gazetteer  # noqa: E402
from corpus.read import decode_page, gunzip  # noqa: E402

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "extraction"
RESULTS = Path(__file__).resolve().parent / "results" / "extraction.json"
DATASETS = ("scrapinghub_aeb", "wcxb_articles", "trafilatura_eval")
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_SUFFIX_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ")


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page: its gold record and its decoded HTML."""

    dataset: str
    page_id: str
    gold: dict
    html: str


@dataclass(frozen=True, slots=True)
class Output:
    """What one extractor said about one page, and the CPU seconds it took."""

    text: str
    title: str | None
    date: str | None
    cpu: float
    error: str | None = None


@dataclass
class Scores:
    """Per-dataset measures of one extractor (None where the gold does not allow the measure)."""

    pages: int = 0
    f1: float | None = None
    precision: float | None = None
    recall: float | None = None
    comment_snippets: int = 0
    comments_leaked: float | None = None
    empty_or_short: int = 0
    errors: int = 0
    plaintext_f1: float | None = None
    dated_pages: int = 0
    date_exact: float | None = None
    date_wrong: float | None = None
    titled_pages: int = 0
    title_exact: float | None = None
    pages_per_cpu_second: float | None = None
    median_ms: float | None = None
    failures: dict[str, list[str]] = field(default_factory=dict)


def load_pages(dataset: str, *, sample: int | None = None) -> list[Page]:
    """Return the dataset's pages (decoded as the README says); `sample` keeps a fixed subset."""
    folder = DATA / dataset
    records = [
        json.loads(line)
        for line in (folder / "ground-truth.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    records.sort(key=lambda r: hashlib.sha256(("dossier" + r["id"]).encode()).hexdigest())
    if sample is not None:
        records = records[:sample]
    pages = []
    for record in sorted(records, key=lambda r: r["id"]):
        data = gunzip((folder / "html" / f"{record['id']}.html.gz").read_bytes())
        pages.append(Page(dataset, record["id"], record, decode_page(data, kind="html")))
    return pages


def shingles(text: str, n: int = 4) -> Counter:
    """Return the multiset of n-token shingles (tokens are `\\w+` matches)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """Return (F1, precision, recall) over (predicted, gold) texts: the scrapinghub metric."""
    precisions, recalls = [], []
    for predicted, gold in pairs:
        pred, true = shingles(predicted), shingles(gold)
        tp = sum((pred & true).values())
        fp = sum((pred - true).values())
        fn = sum((true - pred).values())
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def fold(text: str) -> str:
    """Return the text with white space folded to single spaces."""
    return _SPACE.sub(" ", text or "").strip()


def title_matches(predicted: str | None, gold: str) -> bool:
    """Whether titles agree after white-space folding and dropping a " | Site" suffix."""
    ours, theirs = fold(predicted or ""), fold(gold)
    if not ours or not theirs:
        return False
    return ours == theirs or _strip_suffix(ours) == theirs or ours == _strip_suffix(theirs)


def _strip_suffix(title: str) -> str:
    for separator in _SUFFIX_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head and len(tail.split()) <= 5:
            return head.strip()
    return title


def gold_date(label: str | None) -> str | None:
    """The gold date as YYYY-MM-DD. A label that is not one is read the only way it can be
    (2022-25-10: day and month swapped) or, when it could be several dates (2022-11-1: the 1st,
    or the 21st its page states), not at all: such a page counts as undated in the gold, as
    otherwise every answer would count as wrong (three trafilatura_eval labels)."""
    if not label:
        return None
    with contextlib.suppress(ValueError):
        return datetime.date.fromisoformat(label).isoformat()
    parts = label.split("-")
    if [len(p) for p in parts] == [4, 2, 2] and all(p.isdigit() for p in parts):
        year, first, second = map(int, parts)
        if first > 12 >= second:
            with contextlib.suppress(ValueError):
                return datetime.date(year, second, first).isoformat()
    return None


def plaintext_rendering(html: str) -> str:
    """Return the page as BeautifulSoup get_text("\\n") with scripts and styles dropped."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


def run_dossier(page: Page, *, kind: str = "html", raw: str | None = None) -> Output:
    """Return Dossier's extraction of a page (or of its plain-text rendering)."""
    gazetteer = load_gazetteer()
    start = time.process_time()
    try:
        article = extract_article(
            raw if raw is not None else page.html,
            kind=kind,
            source=page.page_id,
            gazetteer=gazetteer,
        )
    except ArticleError as err:
        return Output("", None, None, time.process_time() - start, str(err))
    cpu = time.process_time() - start
    date = article.date.isoformat() if article.date else None
    return Output(article.text, article.title, date, cpu)


def run_trafilatura(page: Page) -> Output:
    """Return trafilatura's extraction (comments excluded) with its metadata."""
    start = time.process_time()
    doc = trafilatura.bare_extraction(page.html, include_comments=False, with_metadata=True)
    cpu = time.process_time() - start
    if doc is None:
        return Output("", None, None, cpu, "no extraction")
    return Output(doc.text or "", doc.title, doc.date, cpu)


def score(
    pages: list[Page], outputs: list[Output], plaintext: list[Output] | None = None
) -> Scores:
    """Return the measures of one extractor over one dataset's pages."""
    found = Scores(pages=len(pages))
    golds = [
        (out.text, page.gold.get("articleBody")) for page, out in zip(pages, outputs, strict=True)
    ]
    with_body = [(text, gold) for text, gold in golds if gold]
    if with_body:
        found.f1, found.precision, found.recall = shingle_f1(with_body)
    snippets = leaked = 0
    dated = exact = wrong = titled = titles = 0
    failures: dict[str, list[str]] = {}
    for page, out in zip(pages, outputs, strict=True):
        gold, text = page.gold, fold(out.text)
        found.errors += out.error is not None
        body = gold.get("articleBody")
        short = not text or (body and len(_TOKEN.findall(text)) < 0.2 * len(_TOKEN.findall(body)))
        if short:
            found.empty_or_short += 1
            failures.setdefault("empty_or_short", []).append(page.page_id)
        for snippet in gold.get("comments") or []:
            snippets += 1
            if fold(snippet) in text:
                leaked += 1
                failures.setdefault("comment", []).append(page.page_id)
        if date := gold_date(gold.get("date")):
            dated += 1
            exact += out.date == date
            if out.date and out.date != date:
                wrong += 1
                failures.setdefault("date_wrong", []).append(page.page_id)
            elif not out.date:
                failures.setdefault("date_missing", []).append(page.page_id)
        if gold.get("title"):
            titled += 1
            if title_matches(out.title, gold["title"]):
                titles += 1
            else:
                failures.setdefault("title", []).append(page.page_id)
    found.comment_snippets = snippets
    found.comments_leaked = leaked / snippets if snippets else None
    found.dated_pages, found.titled_pages = dated, titled
    found.date_exact = exact / dated if dated else None
    found.date_wrong = wrong / dated if dated else None
    found.title_exact = titles / titled if titled else None
    cpu = [out.cpu for out in outputs]
    found.pages_per_cpu_second = len(cpu) / sum(cpu) if sum(cpu) else None
    found.median_ms = statistics.median(cpu) * 1000 if cpu else None
    if plaintext is not None:
        pairs = [
            (out.text, page.gold["articleBody"]) for page, out in zip(pages, plaintext, strict=True)
        ]
        found.plaintext_f1 = shingle_f1(pairs)[0]
    found.failures = failures
    return found


def evaluate(dataset: str, *, sample: int | None = None, baseline: bool = True) -> dict:
    """Return {"dossier": Scores, "trafilatura": Scores} for one dataset."""
    pages = load_pages(dataset, sample=sample)
    ours = [run_dossier(page) for page in pages]
    plain_ours = plain_raw = None
    if all(page.gold.get("articleBody") for page in pages):
        renderings = [plaintext_rendering(page.html) for page in pages]
        plain_ours = [
            run_dossier(page, kind="text", raw=raw)
            for page, raw in zip(pages, renderings, strict=True)
        ]
        plain_raw = [Output(raw, None, None, 0.0) for raw in renderings]
    result = {"dossier": score(pages, ours, plain_ours)}
    if baseline:
        theirs = [run_trafilatura(page) for page in pages]
        result["trafilatura"] = score(pages, theirs, plain_raw)
    return result


_ROWS: tuple[tuple[str, str, Callable[[object], str]], ...] = (
    ("shingle F1", "f1", lambda v: f"{v:.3f}"),
    ("  precision", "precision", lambda v: f"{v:.3f}"),
    ("  recall", "recall", lambda v: f"{v:.3f}"),
    ("comment snippets leaked", "comments_leaked", lambda v: f"{v:.1%}"),
    ("empty or under a fifth", "empty_or_short", str),
    ("plain-text F1 (trafilatura col: unclean)", "plaintext_f1", lambda v: f"{v:.3f}"),
    ("date exact", "date_exact", lambda v: f"{v:.1%}"),
    ("wrong date", "date_wrong", lambda v: f"{v:.1%}"),
    ("title exact (normalised)", "title_exact", lambda v: f"{v:.1%}"),
    ("pages per CPU-second", "pages_per_cpu_second", lambda v: f"{v:.1f}"),
    ("median ms per page", "median_ms", lambda v: f"{v:.1f}"),
)


def format_table(results: dict[str, dict]) -> str:
    """Return the side-by-side table (one block per dataset)."""
    lines = []
    for dataset, by_tool in results.items():
        first = by_tool["dossier"]
        lines.append(
            f"\n{dataset} ({first.pages} pages, {first.dated_pages} dated, "
            f"{first.titled_pages} titled, {first.comment_snippets} comment snippets)"
        )
        lines.append(f"  {'measure':<42}{'dossier':>10}{'trafilatura':>13}")
        for label, key, render in _ROWS:
            values = [
                getattr(by_tool[tool], key) if tool in by_tool else None
                for tool in ("dossier", "trafilatura")
            ]
            if values[0] is None and values[1] is None:
                continue
            cells = ["-" if v is None else render(v) for v in values]
            lines.append(f"  {label:<42}{cells[0]:>10}{cells[1]:>13}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON. Returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    parser.add_argument("--sample", type=int, help="a fixed subset of N pages per dataset")
    parser.add_argument("--dataset", action="append", choices=DATASETS)
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"no benchmark data at {DATA}", file=sys.stderr)
        return 2
    results = {}
    for dataset in args.dataset or DATASETS:
        results[dataset] = evaluate(dataset, sample=args.sample, baseline=not args.no_baseline)
    print(format_table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        dataset: {tool: vars(scores) for tool, scores in by_tool.items()}
        for dataset, by_tool in results.items()
    }
    args.json.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding="utf-8")
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
