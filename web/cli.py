"""The `dossier` command line: ingest, extract, search, serve, stats."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from corpus.dates import parse_day
from corpus.extract import Overrides
from corpus.groups import GazetteerError, load_gazetteer
from corpus.manifest import ManifestError, load_manifest
from corpus.read import Skipped, find_inputs
from index.base import EngineError, IndexLockedError
from index.durability import ProgressLog
from index.ingest import ingest_paths
from index.pipeline import page_tasks, run_task
from index.reindex import reindex as reindex_index
from index.reindex import switch_hint
from index.store import ENGINES, open_index
from search.errors import SearchInputError
from search.request import parse_request
from search.service import run_search
from web import DEFAULT_INDEX_DIR

EXIT_LOCKED = 3

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DOSSIER_INDEX",
    default=DEFAULT_INDEX_DIR,
    show_default=True,
    help="Index folder (also DOSSIER_INDEX).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Dossier: full-text search over a news archive about armed groups."""


def _day(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@index_option
@click.option(
    "--engine",
    type=click.Choice(sorted(ENGINES)),
    default=None,
    help="Engine for a new index (default whoosh); an existing index keeps its own.",
)
@click.option("--outlet", help="Outlet of every article in this run (wins over the pages).")
@click.option(
    "--date",
    "day",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="Publication date of every article in this run (wins over the pages).",
)
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV or JSONL of path/url, title, outlet, date per page (wins over the pages).",
)
@click.option(
    "--wait",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds to wait for another ingest to finish before giving up.",
)
@click.option(
    "--progress-log",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append a JSON line per durable commit (the ids it holds) to this file.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    help="Articles per commit (default 100); an interrupted ingest keeps every committed batch.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes extracting pages (default: one per core).",
)
def ingest(
    paths, index_dir, engine, outlet, day, manifest, wait, progress_log, batch_size, jobs
) -> None:
    """Add or update the articles in PATHS (files or folders) in the index."""
    from tqdm import tqdm

    overrides = (
        Overrides(outlet=outlet, date=day, source_label="command line") if outlet or day else None
    )
    try:
        loaded = load_manifest(manifest) if manifest else None
        load_gazetteer()
    except (ManifestError, GazetteerError) as err:
        raise click.UsageError(str(err)) from None
    bar = None
    log = ProgressLog(progress_log) if progress_log else None
    batches = 0

    def start(total: int) -> None:
        nonlocal bar
        if log:
            log.write("start", pid=os.getpid(), index=str(index_dir), files=total)
        bar = tqdm(
            total=total,
            unit="file",
            desc="ingest",
            disable=not sys.stderr.isatty(),
            dynamic_ncols=True,
        )

    def committed(batch, report) -> None:
        nonlocal batches
        batches += 1
        log.write(
            "commit",
            batch=batches,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            ids=[article.id for article in batch],
        )

    try:
        summary = ingest_paths(
            list(paths),
            index_dir,
            engine=engine,
            overrides=overrides,
            manifest=loaded,
            wait=wait,
            on_start=start,
            progress=lambda n: bar.update(n) if bar else None,
            on_commit=committed if log else None,
            batch_size=batch_size,
            jobs=jobs,
        )
    except IndexLockedError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_LOCKED)
    except EngineError as err:
        raise click.ClickException(str(err)) from None
    finally:
        if bar is not None:
            bar.close()
    if log:
        log.write(
            "done",
            files=summary.files,
            added=summary.added,
            updated=summary.updated,
            unchanged=summary.unchanged,
            skipped=len(summary.skipped),
        )
        log.close()
    click.echo(
        f"Ingested {summary.files} files into {index_dir} ({summary.engine}) in "
        f"{summary.seconds:.1f} s: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped."
    )
    if summary.skipped:
        click.echo("Skipped:")
        for skipped in summary.skipped:
            click.echo(f"  {skipped.source}: {skipped.reason}")
    _echo_hint(index_dir)


def _echo_hint(index_dir: Path) -> None:
    """Print the advice to move a large Whoosh index to tantivy (to stderr), when it applies."""
    try:
        engine = open_index(index_dir)
        hint = switch_hint(engine.name, engine.count())
        engine.close()
    except EngineError:
        return
    if hint:
        click.echo(hint, err=True)


@main.command()
@index_option
@click.option(
    "--engine",
    type=click.Choice(sorted(ENGINES)),
    required=True,
    help="The engine to move the index to.",
)
@click.option(
    "--wait",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds to wait for another ingest to finish before giving up.",
)
def reindex(index_dir, engine, wait) -> None:
    """Rebuild the index on another engine from its stored articles (no original files)."""
    try:
        done = reindex_index(index_dir, engine, wait=wait)
    except IndexLockedError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(EXIT_LOCKED)
    except EngineError as err:
        raise click.ClickException(str(err)) from None
    click.echo(
        f"Reindexed {done.articles} articles in {index_dir} from {done.source_engine} to "
        f"{done.engine} in {done.seconds:.1f} s. Restart `dossier serve` to use it."
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per page.")
def extract(files, as_json) -> None:
    """Print what ingest would store for each FILE, and for each record of a .jsonl or .warc
    file (no index needed)."""
    gazetteer = load_gazetteer()
    for found in find_inputs(files):
        tasks = [found] if isinstance(found, Skipped) else page_tasks([found], lambda _: None)
        for task in tasks:
            result = task if isinstance(task, Skipped) else run_task(task, gazetteer)
            if isinstance(result, Skipped):
                record = {"source": result.source, "error": result.reason}
            else:
                record = result.to_dict()
            if as_json:
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                _print_record(record)


def _print_record(record: dict) -> None:
    click.echo(f"== {record['source']}")
    if "error" in record:
        click.echo(f"   error: {record['error']}")
        return
    for key in ("id", "url", "title", "date", "date_source", "outlet", "outlet_source", "author"):
        click.echo(f"   {key}: {record[key] if record[key] is not None else '-'}")
    click.echo(f"   groups: {', '.join(record['groups']) or '-'}")
    click.echo(f"   text ({len(record['text'])} chars):")
    for paragraph in record["text"].split("\n\n"):
        click.echo("     " + paragraph)


@main.command()
@click.argument("query", default="")
@index_option
@click.option("--group", "groups", multiple=True, help="Only these groups (repeatable).")
@click.option("--outlet", "outlets", multiple=True, help="Only these outlets (repeatable).")
@click.option("--date-from", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--date-to", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--undated", type=click.Choice(["include", "exclude", "only"]), default=None)
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default=None)
@click.option("--page", default=None, help="Page of results, from 1.")
@click.option("--per-page", default=None, help="Hits per page (1-100).")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON response body.")
def search(
    query, index_dir, groups, outlets, date_from, date_to, undated, sort, page, per_page, as_json
) -> None:
    """Search the index with the API's query language and filters."""
    given = {
        "q": [query],
        "group": list(groups),
        "outlet": list(outlets),
        "date_from": [date_from] if date_from else [],
        "date_to": [date_to] if date_to else [],
        "undated": [undated] if undated else [],
        "sort": [sort] if sort else [],
        "page": [str(page)] if page else [],
        "per_page": [str(per_page)] if per_page else [],
    }
    try:
        request = parse_request(list(given), lambda name: given.get(name, []))
        result = run_search(open_index(index_dir), request)
    except SearchInputError as err:
        raise click.UsageError(f"{err.param}: {err.message}") from None
    except EngineError as err:
        raise click.ClickException(str(err)) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.total} articles ({result.took_ms} ms)")
    first = (request.page - 1) * request.per_page
    for number, hit in enumerate(result.hits, start=first + 1):
        click.echo(f"{number}. {hit.title}")
        click.echo(f"   {hit.outlet or 'unknown outlet'} · {hit.date or 'undated'} · {hit.id}")
        if hit.groups:
            click.echo(f"   groups: {', '.join(hit.groups)}")
        for snippet in hit.snippets[:1]:
            click.echo("   " + _plain(snippet))


def _plain(snippet: str) -> str:
    import html

    text = snippet.replace("<mark>", "\x1b[1m" if sys.stdout.isatty() else "[")
    text = text.replace("</mark>", "\x1b[0m" if sys.stdout.isatty() else "]")
    return html.unescape(text)


@main.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes (default: one per core).",
)
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="API tokens, one per line: /api/ and the staff pages then need one "
    "(also DOSSIER_API_TOKENS, comma-separated).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow serving on a non-loopback address without API tokens (open to anyone).",
)
def serve(index_dir, host, port, workers, token_file, public) -> None:
    """Serve the staff pages and the API with the production WSGI server (gunicorn)."""
    from web.auth import TokenConfigError, check_exposure, load_tokens
    from web.server import run_server

    config = {"API_TOKENS": os.environ.get("DOSSIER_API_TOKENS"), "API_TOKEN_FILE": token_file}
    try:
        tokens = load_tokens(config)
    except TokenConfigError as err:
        raise click.UsageError(str(err)) from None
    refusal = check_exposure(host, tokens, public)
    if refusal:
        raise click.UsageError(refusal)
    os.environ["DOSSIER_INDEX_DIR"] = str(index_dir.resolve())
    if token_file:
        os.environ["DOSSIER_API_TOKEN_FILE"] = str(token_file.resolve())
    access = f"{len(tokens)} API token(s) required" if tokens else "no access control"
    click.echo(f"Serving {index_dir} on http://{host}:{port}/ ({access}; Ctrl-C to stop)", err=True)
    run_server(host=host, port=port, workers=workers or os.cpu_count() or 1)


@main.command()
@index_option
@click.option("--json", "as_json", is_flag=True)
def stats(index_dir, as_json) -> None:
    """Article count, engine, index size and counts per facet."""
    try:
        engine = open_index(index_dir)
        result = run_search(engine, parse_request([], lambda name: []))
    except EngineError as err:
        raise click.ClickException(str(err)) from None
    body = {
        "index": str(index_dir),
        "engine": engine.name,
        "articles": engine.count(),
        "size_bytes": engine.size_bytes(),
        "facets": result.facets.to_dict(),
    }
    hint = switch_hint(engine.name, body["articles"])
    if hint:
        body["hint"] = hint
    if as_json:
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{body['articles']} articles, {engine.name} engine, "
        f"{body['size_bytes'] / 1e6:.1f} MB at {index_dir}"
    )
    facets = body["facets"]
    for name in ("group", "outlet"):
        click.echo(f"{name}s:")
        for value in facets[name]:
            click.echo(f"  {value['count']:6d}  {value['value']}")
    click.echo("years:")
    years: dict[str, int] = {}
    for month in facets["month"]:
        years[month["value"][:4]] = years.get(month["value"][:4], 0) + month["count"]
    for year, count in sorted(years.items()):
        click.echo(f"  {count:6d}  {year}")
    click.echo(f"  {facets['undated']:6d}  undated")
    if hint:
        click.echo(hint)
