"""The single-writer lock of an index folder: an flock the kernel releases when its holder dies,
so a stale lock never needs breaking and the lock file is never deleted."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from index.base import IndexLockedError

LOCK_NAME = "dossier.lock"


class WriteLock:
    """Holds the index's write lock while open. Raises IndexLockedError after `wait` seconds."""

    def __init__(self, index_dir: Path, *, wait: float = 0.0) -> None:
        self.path = index_dir / LOCK_NAME
        self._fd: int | None = None
        deadline = time.monotonic() + wait
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexLockedError(
                        f"another ingest is writing to {index_dir}; wait for it to finish "
                        f"(waited {wait:g} s; raise --wait to wait longer)"
                    ) from None
                time.sleep(0.1)
        self._fd = fd

    def release(self) -> None:
        """Release the lock (the file stays: deleting it would let a second writer in)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
