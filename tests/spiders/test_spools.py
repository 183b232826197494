"""Spools left by a killed run: removed by the next crawl only when their owning process is gone."""

import os
import subprocess
import sys

from glaneur.flows.crawl import OWNER_FILE, remove_orphaned_spools


def _spool(workdir, name: str, owner: str | None):
    spool = workdir / name
    (spool / "out").mkdir(parents=True)
    (spool / "out" / "captures.jsonl").write_text("{}\n", encoding="utf-8")
    if owner is not None:
        (spool / OWNER_FILE).write_text(owner, encoding="ascii")
    return spool


def test_only_spools_of_dead_owners_are_removed(tmp_path):
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
    orphan = _spool(tmp_path, "board-abc", dead_pid)
    live = _spool(tmp_path, "board-def", str(os.getpid()))
    unattributed = _spool(tmp_path, "board-ghi", None)
    garbled = _spool(tmp_path, "board-jkl", "not a pid")
    (tmp_path / "board.log").write_text("last crawl log", encoding="utf-8")

    assert remove_orphaned_spools(tmp_path) == [orphan]
    assert not orphan.exists() and live.exists() and unattributed.exists() and garbled.exists()
    assert (tmp_path / "board.log").exists()
