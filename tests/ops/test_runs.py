"""Run rows on a real store: a run whose process was killed does not stay `running` forever."""

import subprocess
import sys

from sqlalchemy import select, update

from glaneur.storage.db import open_store, session_scope
from glaneur.storage.models import Run
from glaneur.storage.runs import mark_abandoned_runs, start_run


def _statuses(engine) -> dict[str, str]:
    with session_scope(engine) as session:
        return dict(session.execute(select(Run.id, Run.status)).all())


def test_a_run_whose_process_died_is_marked_abandoned_when_the_next_run_starts(store_url):
    engine = open_store(store_url)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    killed = start_run(engine, "nightly")
    with session_scope(engine) as session:  # as if that process had started it, then been killed
        session.execute(update(Run).where(Run.id == killed).values(pid=int(dead.stdout)))
    other_host = start_run(engine, "nightly")
    with session_scope(engine) as session:  # another worker's run: its process cannot be checked from here
        session.execute(update(Run).where(Run.id == other_host).values(host="another-worker", pid=int(dead.stdout)))
    alive = start_run(engine, "crawl-source")

    assert _statuses(engine) == {killed: "abandoned", other_host: "running", alive: "running"}
    assert mark_abandoned_runs(engine) == []  # this process's run is alive; nothing left to mark
    with session_scope(engine) as session:
        assert session.scalar(select(Run.finished_at).where(Run.id == killed)) is not None
