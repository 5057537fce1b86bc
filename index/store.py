"""Index folders: which engine an index uses (recorded in `dossier.json`), creating and opening."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from index.base import Engine, EngineError, IndexInfo, IndexNotFoundError, IndexNotReadyError
from index.durability import fsync_dir
from index.lock import LOCK_NAME
from index.tantivy_engine import TantivyEngine
from index.whoosh_engine import WhooshEngine

log = logging.getLogger(__name__)

INFO_NAME = "dossier.json"
DEFAULT_ENGINE = "whoosh"
ENGINES: dict[str, type[Engine]] = {"whoosh": WhooshEngine, "tantivy": TantivyEngine}


def read_info(index_dir: Path) -> IndexInfo:
    """Return what the index folder records. Raises IndexNotFoundError or IndexNotReadyError."""
    info_path = index_dir / INFO_NAME
    if not info_path.exists():
        if index_dir.is_dir() and any(index_dir.iterdir()):
            raise IndexNotReadyError(
                f"the index at {index_dir} is not ready (no {INFO_NAME}: it is being created, or "
                "its creation was interrupted); run `dossier ingest` to finish it"
            )
        raise IndexNotFoundError(
            f"no index at {index_dir}; build one with `dossier ingest PATH --index {index_dir}`"
        )
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
        engine = info["engine"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise IndexNotReadyError(f"{info_path} is unreadable ({err}); rebuild the index") from err
    if engine not in ENGINES:
        raise EngineError(
            f"the index at {index_dir} uses engine {engine!r}, which this Dossier does not "
            f"have (known: {', '.join(sorted(ENGINES))})"
        )
    return IndexInfo(index_dir, engine)


def open_index(index_dir: Path) -> Engine:
    """Return the engine of an existing index. Raises IndexNotFoundError or IndexNotReadyError."""
    info = read_info(index_dir)
    return ENGINES[info.engine](index_dir)


def open_or_create_index(index_dir: Path, engine: str | None = None) -> Engine:
    """Return the engine of the index, creating it (with `engine`) when the folder has none.

    Raises EngineError when an existing index uses another engine than the one asked for.
    """
    try:
        info = read_info(index_dir)
    except IndexNotFoundError:
        info = None
    except IndexNotReadyError as err:
        # An interrupted creation, or an unreadable dossier.json: create again over it. No batch
        # is committed before dossier.json is written, and an engine folder that opens is kept.
        if any(path.name != LOCK_NAME for path in index_dir.iterdir()):
            log.warning("repairing the index at %s: %s", index_dir, err)
        info = None
    if info is not None:
        if engine and engine != info.engine:
            raise EngineError(
                f"the index at {index_dir} uses the {info.engine} engine; leave out --engine "
                f"or choose a new --index folder for {engine}"
            )
        return ENGINES[info.engine](index_dir)
    name = engine or DEFAULT_ENGINE
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}; choose one of {', '.join(sorted(ENGINES))}")
    index_dir.mkdir(parents=True, exist_ok=True)
    created = ENGINES[name](index_dir, create=True)
    _write_info(index_dir, name)
    return created


def _write_info(index_dir: Path, engine: str) -> None:
    tmp = index_dir / (INFO_NAME + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"engine": engine, "format": 1}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / INFO_NAME)
    fsync_dir(index_dir)  # the rename itself must survive a power loss
