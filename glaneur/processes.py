"""Processes: whether one still exists (a run or a crawl spool left by a killed process), how many cores we have."""

from __future__ import annotations

import os


def process_exists(pid: int) -> bool:
    """True if a process with this pid exists on this machine (a recycled pid counts: callers err towards alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, owned by another user
    return True


def available_cores() -> int:
    """The cores this process may use (its CPU affinity where the OS has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
