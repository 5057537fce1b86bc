"""Manifests: a CSV or JSONL file of per-page values (url, title, outlet, date) keyed by `path`
or `url`, which win over what the pages say (for archives whose pages lost their metadata)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from corpus.dates import parse_day
from corpus.extract import Overrides

FIELDS = ("path", "url", "title", "outlet", "date")


class ManifestError(ValueError):
    """The manifest cannot be read; the message names the file, the line and the problem."""


@dataclass(frozen=True, slots=True)
class Manifest:
    by_path: dict[Path, Overrides]
    by_url: dict[str, Overrides]

    def lookup(self, path: Path, url: str | None = None) -> Overrides | None:
        """Return the overrides for a page file (by resolved path) or URL, or None."""
        found = self.by_path.get(path.resolve())
        if found is None and url:
            found = self.by_url.get(url)
        return found


def load_manifest(path: Path) -> Manifest:
    """Return the manifest in a .csv or .jsonl file. Raises ManifestError naming the line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ManifestError(f"cannot read manifest {path}: {err}") from err
    if path.suffix.lower() == ".csv":
        rows = list(enumerate(csv.DictReader(text.splitlines()), start=2))
    elif path.suffix.lower() in (".jsonl", ".json"):
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as err:
                raise ManifestError(f"{path}:{number}: not a JSON object ({err})") from err
            if not isinstance(record, dict):
                raise ManifestError(f"{path}:{number}: expected a JSON object per line")
            rows.append((number, record))
    else:
        raise ManifestError(f"manifest {path} must be a .csv or .jsonl file")
    by_path: dict[Path, Overrides] = {}
    by_url: dict[str, Overrides] = {}
    for number, row in rows:
        values = {key: str(row.get(key) or "").strip() or None for key in FIELDS}
        if not values["path"] and not values["url"]:
            raise ManifestError(f"{path}:{number}: each row needs a path or a url")
        try:
            day = parse_day(values["date"]) if values["date"] else None
        except ValueError as err:
            raise ManifestError(f"{path}:{number}: {err}") from err
        overrides = Overrides(
            url=values["url"], title=values["title"], outlet=values["outlet"], date=day
        )
        if values["path"]:
            by_path[(path.parent / values["path"]).resolve()] = overrides
        if values["url"]:
            by_url[values["url"]] = overrides
    return Manifest(by_path, by_url)
