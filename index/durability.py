"""Putting index files on disk for good (fsync of files and folders), and the ingest's progress
log, which reports a batch as committed only once the engine has made it durable."""

from __future__ import annotations

import json
import os
from pathlib import Path


def fsync_file(path: Path | str) -> None:
    """Flush one file's data to the disk. Raises OSError when it cannot be opened."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path | str) -> None:
    """Flush a folder's entries (names created, renamed or removed in it) to the disk."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(root: Path | str) -> int:
    """Flush every file under `root`, then every folder from the deepest up; return the count.

    For engines whose commit does not fsync: call it after the commit and before reporting
    the batch as committed. A file removed meanwhile (an old segment) is skipped.
    """
    synced = 0
    for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames:
            try:
                fsync_file(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            synced += 1
        fsync_dir(dirpath)
        synced += 1
    return synced


class SyncedFiles:
    """Flushes the files of one folder that changed since this object last flushed them
    (so a commit pays for its new segment files only, not for the whole index)."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = str(folder)
        self._done: dict[str, tuple[int, int]] = {}

    def sync_changed(self, *, skip: tuple[str, ...] = ()) -> list[str]:
        """Flush each regular file whose size or mtime changed; return their names."""
        flushed = []
        for entry in os.scandir(self.folder):
            if entry.name in skip or not entry.is_file(follow_symlinks=False):
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
                key = (stat.st_size, stat.st_mtime_ns)
                if self._done.get(entry.name) == key:
                    continue
                fsync_file(entry.path)
            except FileNotFoundError:  # removed meanwhile: nothing to keep
                continue
            self._done[entry.name] = key
            flushed.append(entry.name)
        return flushed


class ProgressLog:
    """An append-only JSON-lines file: `start`, one `commit` per durable batch, then `done`.

    Each line is flushed and fsynced before the call returns, so a reader may trust every
    complete line (one ending in a newline) even after a kill -9 or a power loss.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, event: str, **fields: object) -> None:
        """Append one event line and make it durable."""
        line = json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n"
        os.write(self._fd, line.encode("utf-8"))
        os.fsync(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def read_progress_log(path: Path) -> list[dict]:
    """Return the complete events of a progress log (a torn last line is left out)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")[:-1]  # the part after the last newline is incomplete
    return [json.loads(line) for line in lines if line.strip()]
