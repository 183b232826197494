"""Crash safety: `glaneur ingest` killed with SIGKILL at named points (GLANEUR_FAULT_POINT, see glaneur.faults),
then run again: the store ends exactly as after one clean run — nothing lost, nothing doubled, no torn archive
object."""

from __future__ import annotations

import hashlib
import signal

from .support import doubled, glaneur, store_contents, store_env, write_inputs

# point → what has happened when the process dies there
KILL_POINTS = {
    "after_archive:2": "two captures' raw bytes archived, nothing in the database",
    "extract:3": "mid-extraction: two captures parsed, the third not",
    "publish:1": "inside the publish transaction: everything written, nothing committed",
    "after_publish:1": "committed, the run not finished (no manifest, run still 'running')",
}


def _assert_archive_whole(archive):
    for path in archive.rglob("*"):
        assert not path.name.startswith(".tmp-"), f"half-written archive object {path}"
        if path.is_file() and "/raw/" in path.as_posix():
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[0], path


def _kill_then_rerun(points: list[str], url: str, tmp_path, reference) -> None:
    """Kill `glaneur ingest` at each point in turn, each run starting from what the previous crash left; check the
    state after every crash, then that a last, clean run gives the reference store."""
    folder = tmp_path / "drop"
    write_inputs(folder)
    env = store_env(tmp_path, url)
    committed = False
    for point in points:
        killed = glaneur("ingest", str(folder), cwd=tmp_path, env={**env, "GLANEUR_FAULT_POINT": point})
        assert killed.returncode == -signal.SIGKILL, f"{point}: {killed.stderr[-2000:]}"
        _assert_archive_whole(tmp_path / "archive")
        committed = committed or point.startswith("after_publish")
        contents = store_contents(url)
        if committed:
            assert contents == reference, f"{point}: the committed batch is not whole, or doubled"
        else:
            assert not any(contents.values()), f"{point}: something was stored before the commit: {contents}"

    rerun = glaneur("ingest", str(folder), "--json", cwd=tmp_path, env=env)
    assert rerun.returncode == 3, rerun.stderr[-2000:]
    after = store_contents(url)
    assert doubled(after) == {}
    assert after == reference
    _assert_archive_whole(tmp_path / "archive")


def test_killed_at_every_point_in_turn_then_rerun_gives_the_clean_store(reference, tmp_path):
    _kill_then_rerun(list(KILL_POINTS), f"sqlite:///{tmp_path / 'glaneur.db'}", tmp_path, reference)


def test_killed_inside_the_publish_transaction_on_postgresql(reference, tmp_path, own_pg_database):
    _kill_then_rerun(["publish:1"], own_pg_database(), tmp_path, reference)
