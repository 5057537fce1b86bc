"""Worker processes that never outlive the process that started them."""

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
