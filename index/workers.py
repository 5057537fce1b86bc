"""Worker processes: how many cores they may use, and dying with the process that started
them."""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def die_with_parent(parent: int) -> None:
    """Make this (forked) worker get SIGKILL when `parent` dies: a forked worker holds the
    pipes of its pool, so a killed parent would otherwise leave it waiting forever."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # not Linux: the parent check below still catches a parent already gone
    if os.getppid() != parent:
        os._exit(1)


def usable_cores() -> int:
    """Return how many cores this process may run on (its CPU affinity, where known)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
