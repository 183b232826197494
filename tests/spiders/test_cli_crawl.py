"""`glaneur sources` and the argument checks of `glaneur crawl` (the crawl itself: the crawl-source flow)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

import glaneur.cli_crawl  # noqa: F401 - attaches the commands to `cli`
from glaneur.cli import cli
from glaneur.storage.crawl_state import record_outcome
from glaneur.storage.db import open_store, session_scope

from .support import EXAMPLES

SOURCES = str(EXAMPLES / "sources.yaml")


@pytest.fixture
def run(sqlite_url, tmp_path):
    def invoke(*args: str):
        return CliRunner().invoke(cli, [*args, "--database-url", sqlite_url, "--archive-url",
                                        str(tmp_path / "archive"), "--inbox", str(tmp_path / "inbox")])

    return invoke


def test_sources_table_shows_kind_enabled_and_last_crawl(run, sqlite_url):
    first = run("sources", "--sources", SOURCES, "--json")
    assert first.exit_code == 0, first.output
    rows = {row["source"]: row for row in json.loads(first.output)}
    assert set(rows) == {"demo-board", "demo-feed", "demo-sitemap", "demo-jsonld"}
    assert rows["demo-feed"]["kind"] == "feed" and rows["demo-feed"]["last_status"] == "never crawled"

    at = datetime(2027, 3, 2, 2, 0, tzinfo=timezone.utc)
    with session_scope(open_store(sqlite_url)) as session:
        record_outcome(session, "demo-board", status="ok", items=6, at=at)
        for _ in range(3):
            record_outcome(session, "demo-feed", status="failed", items=0, at=at)
    table = run("sources", "--sources", SOURCES)
    assert table.exit_code == 0, table.output
    board = next(line for line in table.output.splitlines() if line.startswith("demo-board"))
    assert board.split()[:6] == ["demo-board", "listing", "yes", "ok", "6", "2027-03-02T02:00+00:00"]
    feed = next(line for line in table.output.splitlines() if line.startswith("demo-feed"))
    assert "failed" in feed and "cooldown" in feed

    reset = CliRunner().invoke(cli, ["sources", "reset", "demo-feed", "--sources", SOURCES,
                                     "--database-url", sqlite_url])
    assert reset.exit_code == 0 and "cooldown ended" in reset.output
    rows = {row["source"]: row for row in json.loads(run("sources", "--sources", SOURCES, "--json").output)}
    assert rows["demo-feed"]["failures"] == 0 and rows["demo-feed"]["note"] == ""


@pytest.mark.parametrize(("args", "message"), [
    (("crawl",), "name the sources to crawl, or give --all"),
    (("crawl", "demo-board", "--all"), "name the sources to crawl, or give --all"),
    (("crawl", "no-such-board"), "unknown source(s) no-such-board"),
])
def test_crawl_arguments_are_checked_before_anything_runs(run, args, message):
    result = run(*args, "--sources", SOURCES)
    assert result.exit_code == 2 and message in result.output


def test_crawl_all_with_nothing_enabled_is_a_quiet_success(run, tmp_path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - {name: paused, kind: feed, start_urls: ['https://a.example/f'], "
                       "enabled: false}\n", encoding="utf-8")
    result = run("crawl", "--all", "--sources", str(sources))
    assert result.exit_code == 0 and "no enabled source" in result.output
