"""Whether a process still exists: how a run or a crawl spool tells it was left behind by a killed process."""

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
