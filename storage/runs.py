"""Run manifests: a row per run and per source in the database, and the same manifest as JSON in the archive."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, insert, select, update

from glaneur import code_version
from glaneur.processes import process_exists
from glaneur.storage.archive import Archive, put_json
from glaneur.storage.db import session_scope
from glaneur.storage.models import Run, RunSource


def start_run(engine: Engine, flow: str, *, run_id: str | None = None) -> str:
    """Record a new run owned by this process, after marking this host's runs whose process is gone `abandoned`."""
    run_id = run_id or str(uuid.uuid4())
    mark_abandoned_runs(engine)
    with session_scope(engine) as session:
        session.execute(insert(Run).values(id=run_id, flow=flow, started_at=datetime.now(timezone.utc),
                                           status="running", counts={}, code_version=code_version(),
                                           host=socket.gethostname(), pid=os.getpid()))
    return run_id


def mark_abandoned_runs(engine: Engine) -> list[str]:
    """Runs still `running` on this host whose process no longer exists (killed, machine rebooted): `abandoned`.

    Only this host's runs can be checked; another worker's run stays `running` until that worker starts a run.
    A recycled pid keeps a dead run `running` a little longer, never marks a live run abandoned.
    """
    host = socket.gethostname()
    with session_scope(engine) as session:
        candidates = session.execute(select(Run.id, Run.pid).where(Run.status == "running", Run.host == host)).all()
        dead = [run_id for run_id, pid in candidates if pid is not None and not process_exists(pid)]
        if dead:
            session.execute(update(Run).where(Run.id.in_(dead), Run.status == "running").values(
                status="abandoned", finished_at=datetime.now(timezone.utc)))
    return dead


def manifest_key(run_id: str, started_at: datetime) -> str:
    return f"runs/{started_at:%Y/%m/%d}/{run_id}.json"


def finish_run(engine: Engine, archive: Archive, run_id: str, *, flow: str, started_at: datetime,
               sources: list[dict[str, Any]], status: str | None = None) -> dict[str, Any]:
    """Record per-source outcomes and the run's totals; write the manifest to the archive; return it.

    Each item of `sources` has `source`, `kind`, `status` (ok/empty/failed/skipped), optional `message` and counts.
    """
    finished_at = datetime.now(timezone.utc)
    totals: dict[str, int] = {}
    for entry in sources:
        for key, value in entry.items():
            if isinstance(value, int) and not isinstance(value, bool):
                totals[key] = totals.get(key, 0) + value
    failed = [s["source"] for s in sources if s.get("status") == "failed"]
    quarantined = totals.get("quarantined", 0)
    status = status or ("partial" if failed or quarantined else "completed")
    key = manifest_key(run_id, started_at)
    manifest = {"run_id": run_id, "flow": flow, "started_at": started_at.isoformat(),
                "finished_at": finished_at.isoformat(), "status": status, "code_version": code_version(),
                "totals": totals, "sources": sources, "manifest_key": key}
    put_json(archive, key, manifest)
    with session_scope(engine) as session:
        if sources:
            session.execute(insert(RunSource), [{
                "run_id": run_id, "source": s["source"], "kind": s.get("kind", "inbox"), "status": s["status"],
                "started_at": started_at, "finished_at": finished_at, "message": s.get("message"),
                "counts": {k: v for k, v in s.items() if k not in ("source", "kind", "status", "message")},
            } for s in sources])
        session.execute(update(Run).where(Run.id == run_id).values(
            finished_at=finished_at, status=status, counts=totals, manifest_key=key))
    return manifest
