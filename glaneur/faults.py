"""What can go wrong in a run on purpose or not: storage lost mid-run, and the crash points tests aim at.

`StorageFault`: the database or the archive still failed after the retries; nothing of the current batch was
published, the inputs stay where they were, and a rerun picks them up.

`fault_point(name)`: off unless GLANEUR_FAULT_POINT is set (never in production). With
GLANEUR_FAULT_POINT=NAME or NAME:N the process SIGKILLs itself the Nth time (1st by default) it reaches the point
NAME — a power cut or an OOM kill at an exact place, so that crash-safety tests are deterministic. Points:
`after_archive` (a capture's raw bytes are archived, nothing stored yet), `extract` (before one capture is
parsed), `publish` (inside the store transaction, all written, not committed), `after_publish` (committed, inbox
files not moved yet), `file_away` (between moving two inbox files).
"""

from __future__ import annotations

import os
import signal

FAULT_POINT_VARIABLE = "GLANEUR_FAULT_POINT"
_reached: dict[str, int] = {}


class StorageFault(RuntimeError):
    """The store or the archive failed after retries; the message names which, and the cause (no credentials)."""


def fault_point(name: str) -> None:
    spec = os.environ.get(FAULT_POINT_VARIABLE)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _reached[name] = _reached.get(name, 0) + 1
    if _reached[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
