"""Source health on a real store (SQLite and PostgreSQL): yield drop against the median of the last 7 successful
runs, cooldown after 3 consecutive failures, and its end by a success or an operator's reset."""

from datetime import datetime, timedelta, timezone

import pytest

from glaneur.storage.archive import LocalArchive
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.health import cooldowns, note_crawl, reset_source, yield_drop
from glaneur.storage.runs import finish_run, start_run

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=timezone.utc)


def record_runs(engine, archive, source: str, outcomes: list[tuple[str, int]]) -> None:
    """One finished run per (status, items), a day apart, as the nightly records them."""
    for day, (status, items) in enumerate(outcomes):
        run_id = start_run(engine, "nightly")
        finish_run(engine, archive, run_id, flow="nightly", started_at=T0 + timedelta(days=day),
                   sources=[{"source": source, "kind": "listing", "status": status, "items": items}])


@pytest.fixture
def store(store_url, tmp_path):
    return open_store(store_url), LocalArchive(tmp_path / "archive")


def test_yield_drop_is_below_half_the_median_of_the_last_seven_successful_runs(store):
    engine, archive = store
    # Old runs outside the window and failed/empty runs must not count.
    record_runs(engine, archive, "board", [("ok", 1000), ("ok", 1000)] + [("ok", n) for n in (40, 42, 38, 41, 39)]
                + [("failed", 0), ("empty", 0), ("ok", 40), ("ok", 44)])
    with session_scope(engine) as session:
        assert yield_drop(session, "board", 21) is None  # median 40: 21 is not under 20
        drop = yield_drop(session, "board", 19)
        assert drop is not None and drop.median == 40 and drop.runs == 7 and drop.items == 19
        assert "19 items" in drop.message and "median 40" in drop.message
        assert yield_drop(session, "other-board", 0) is None  # no history, no alert


def test_yield_drop_ignores_the_current_run(store):
    engine, archive = store
    record_runs(engine, archive, "board", [("ok", 10)])
    run_id = start_run(engine, "nightly")
    finish_run(engine, archive, run_id, flow="nightly", started_at=T0 + timedelta(days=5),
               sources=[{"source": "board", "kind": "listing", "status": "ok", "items": 4}])
    with session_scope(engine) as session:
        assert yield_drop(session, "board", 4, exclude_run_id=run_id).median == 10
        assert yield_drop(session, "board", 4) is None  # with itself in the window the median is 7


def test_cooldown_after_three_consecutive_failures_until_a_success(store):
    engine, _ = store
    with session_scope(engine) as session:
        for _ in range(2):
            assert note_crawl(session, "board", status="failed", items=0, error="HTTP 500", at=T0) is None
        reason = note_crawl(session, "board", status="failed", items=0, error="HTTP 500", at=T0)
    assert "3 consecutive failed crawls" in reason and "HTTP 500" in reason
    assert "glaneur sources reset board" in reason
    with session_scope(engine) as session:
        assert cooldowns(session) == {"board": reason}
        # An empty crawl is no success: the source stays in cooldown.
        note_crawl(session, "board", status="empty", items=0, error=None, at=T0)
        assert "board" in cooldowns(session)
        assert note_crawl(session, "board", status="ok", items=5, error=None, at=T0) is None
        assert cooldowns(session) == {}


def test_a_success_in_between_restarts_the_count(store):
    engine, _ = store
    with session_scope(engine) as session:
        for status in ("failed", "failed", "ok", "failed", "failed"):
            note_crawl(session, "board", status=status, items=0, error="x", at=T0)
        assert cooldowns(session) == {}


def test_reset_ends_the_cooldown(store):
    engine, _ = store
    with session_scope(engine) as session:
        for _ in range(3):
            note_crawl(session, "board", status="failed", items=0, error="timeout", at=T0)
    with session_scope(engine) as session:
        assert "timeout" in reset_source(session, "board", at=T0)
    with session_scope(engine) as session:
        assert cooldowns(session) == {}
        assert reset_source(session, "board", at=T0) is None
        # The streak starts again from zero.
        note_crawl(session, "board", status="failed", items=0, error="timeout", at=T0)
        assert cooldowns(session) == {}


def test_glaneur_sources_reset_ends_a_cooldown_from_the_command_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    url = f"sqlite:///{tmp_path / 'glaneur.db'}"
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {name: board, kind: feed, start_urls: ['https://jobs.example.org/feed.xml']}\n",
        encoding="utf-8")
    with session_scope(open_store(url)) as session:
        for _ in range(3):
            note_crawl(session, "board", status="failed", items=0, error="HTTP 503", at=T0)
    glaneur = str(Path(sys.executable).parent / "glaneur")
    result = subprocess.run([glaneur, "sources", "reset", "board", "--database-url", url, "--sources",
                             str(tmp_path / "sources.yaml")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "board: cooldown ended" in result.stdout and "HTTP 503" in result.stdout
    with session_scope(open_store(url)) as session:
        assert cooldowns(session) == {}
