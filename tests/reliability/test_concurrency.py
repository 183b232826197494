"""Two runs at once on the same inputs and the same store give the store of one run (SQLite and PostgreSQL), and
two inbox passes at once move every file exactly once."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .support import GLANEUR, doubled, store_contents, store_env, write_inputs

INBOX_PASS = """
import sys
from datetime import date
from pathlib import Path

from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import LocalArchive
from glaneur.storage.db import open_store

inbox, url, archive, run_id = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ingest_files([inbox], engine=open_store(url), archive=LocalArchive(archive), run_id=run_id, today=date.today(),
             max_bytes=10**7, inbox=inbox)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_store(request, tmp_path):
    """A store that does not exist yet (SQLite) or has no schema yet (PostgreSQL): both runs race to migrate too."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'glaneur.db'}"
    return request.getfixturevalue("own_pg_database")()


def _at_once(commands: list[list[str]], env: dict, cwd) -> list[subprocess.CompletedProcess]:
    processes = [subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for command in commands]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in processes]


def test_two_ingests_at_once_give_the_store_of_one(empty_store, tmp_path, reference):
    write_inputs(tmp_path / "drop")
    env = {**os.environ, **store_env(tmp_path, empty_store)}
    results = _at_once([[GLANEUR, "ingest", str(tmp_path / "drop")]] * 2, env, tmp_path)
    for result in results:
        assert result.returncode == 3, result.stderr[-2000:]
    contents = store_contents(empty_store)
    assert doubled(contents) == {}
    assert contents == reference


def test_two_inbox_passes_at_once_move_every_file_once(tmp_path, reference):
    inbox = tmp_path / "data" / "inbox"
    write_inputs(inbox)
    names = sorted(path.name for path in inbox.iterdir())
    url = f"sqlite:///{tmp_path / 'glaneur.db'}"
    env = {**os.environ, **store_env(tmp_path, url)}
    results = _at_once([[sys.executable, "-c", INBOX_PASS, str(inbox), url, str(tmp_path / "archive"), run_id]
                        for run_id in ("pass-a", "pass-b")], env, tmp_path)
    for result in results:
        assert result.returncode == 0, result.stderr[-2000:]
    assert list(inbox.iterdir()) == []
    processed = sorted(path.name for path in (tmp_path / "data" / "processed").iterdir())
    quarantined = sorted(path.name for path in (tmp_path / "data" / "quarantine").iterdir()
                         if not path.name.endswith(".reason.json"))
    reasons = sorted(path.name for path in (tmp_path / "data" / "quarantine").iterdir()
                     if path.name.endswith(".reason.json"))
    assert sorted(processed + quarantined) == names, "a file was lost or moved twice"
    assert reasons == sorted(f"{name}.reason.json" for name in quarantined)
    contents = store_contents(url)
    assert doubled(contents) == {} and contents == reference
