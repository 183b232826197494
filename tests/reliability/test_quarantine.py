"""Quarantine: a parser crash is one capture's `parser_error`, never the batch's; `glaneur quarantine list` shows
every entry; `glaneur quarantine retry` runs the archived bytes through the current pipeline after a fix."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from glaneur.flows import ingest
from glaneur.flows.ingest import PARSER_ERROR, ingest_files
from glaneur.storage.archive import LocalArchive
from glaneur.storage.db import open_store

from .support import age, copy_samples, glaneur, store_contents, store_env

TODAY = date(2024, 3, 1)


def _crash_on(name: str, monkeypatch):
    """Stand in for a parser bug: process() raises on one file, as a real crash would."""
    real = ingest.process

    def process(capture, today):
        if capture.locator == name:
            raise RecursionError("maximum recursion depth exceeded (simulated parser bug)")
        return real(capture, today)

    monkeypatch.setattr(ingest, "process", process)


def _ingest_while_crashing(url, tmp_path, monkeypatch, caplog):
    """An inbox of the three samples and a symlink, ingested while the parser crashes on one sample."""
    inbox = tmp_path / "data" / "inbox"
    names = copy_samples(inbox)
    (inbox / "link.txt").symlink_to(tmp_path)
    age(inbox)
    _crash_on(names[0], monkeypatch)
    with caplog.at_level(logging.ERROR, logger="glaneur.flows.ingest"):
        report = ingest_files([inbox], engine=open_store(url), archive=LocalArchive(tmp_path / "archive"),
                              run_id="r1", today=TODAY, max_bytes=10**7, inbox=inbox)
    monkeypatch.undo()
    return report, names, caplog.records, store_env(tmp_path, url)


@pytest.fixture
def crashed_inbox(sqlite_url, tmp_path, monkeypatch, caplog):
    """The CLI's view of a store after a parser crash (SQLite: the quarantine's storage is tested on both
    databases by the in-process tests; the commands read it the same way)."""
    return _ingest_while_crashing(sqlite_url, tmp_path, monkeypatch, caplog)


def test_a_parser_crash_quarantines_one_capture_with_its_traceback_and_the_rest_lands(store_url, tmp_path,
                                                                                        monkeypatch, caplog):
    report, names, logs, _ = _ingest_while_crashing(store_url, tmp_path, monkeypatch, caplog)
    codes = {r.locator: r.code for r in report.rejected}
    assert codes == {names[0]: PARSER_ERROR, "link.txt": "symlink"}
    crash = next(r for r in report.rejected if r.code == PARSER_ERROR)
    assert crash.message.startswith("RecursionError: maximum recursion depth")
    assert report.counts["new"] == 2
    assert any(record.exc_info and names[0] in record.getMessage() for record in logs)
    assert (tmp_path / "data" / "quarantine" / f"{names[0]}.reason.json").exists()


def test_list_json_names_every_entry_with_reason_message_archive_key_and_time(crashed_inbox, tmp_path):
    _, names, _, env = crashed_inbox
    result = glaneur("quarantine", "list", "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    entries = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert set(entries) == {names[0], "link.txt"}
    assert {"name", "reason_code", "message", "archive_key", "when"} <= set(entries["link.txt"])
    assert entries[names[0]]["archive_key"].startswith("raw/inbox/")
    assert entries["link.txt"]["archive_key"] is None
    table = glaneur("quarantine", "list", cwd=tmp_path, env=env)
    assert table.returncode == 0 and PARSER_ERROR in table.stdout and "symlink" in table.stdout


def test_retry_after_the_fix_publishes_and_resolves(crashed_inbox, tmp_path):
    _, names, _, env = crashed_inbox
    entries = json.loads(glaneur("quarantine", "list", "--json", cwd=tmp_path, env=env).stdout)
    crashed = next(e for e in entries if e["reason_code"] == PARSER_ERROR)
    result = glaneur("quarantine", "retry", "--all", "--json", cwd=tmp_path, env=env)
    # The symlink was refused before reading: nothing to retry, so the command exits 3 and says why.
    assert result.returncode == 3, result.stderr
    outcomes = {o["name"]: o for o in json.loads(result.stdout)["entries"]}
    assert outcomes[names[0]]["outcome"] == "resolved" and outcomes[names[0]]["postings"] == 1
    assert outcomes["link.txt"]["outcome"] == "not_retriable"
    left = json.loads(glaneur("quarantine", "list", "--json", cwd=tmp_path, env=env).stdout)
    assert [e["name"] for e in left] == ["link.txt"]
    every = json.loads(glaneur("quarantine", "list", "--all", "--json", cwd=tmp_path, env=env).stdout)
    resolved = next(e for e in every if e["id"] == crashed["id"])
    assert resolved["status"] == "resolved" and resolved["retried_at"] and resolved["resolved_at"]
    contents = store_contents(env["GLANEUR_DATABASE_URL"])
    assert len(contents["postings"]) == 3 and sum(contents["postings"].values()) == 3

    again = glaneur("quarantine", "retry", str(crashed["id"]), cwd=tmp_path, env=env)
    assert again.returncode == 0 and "already_resolved" in again.stdout
    assert store_contents(env["GLANEUR_DATABASE_URL"]) == contents


def test_retry_of_input_still_bad_keeps_it_and_unknown_ids_are_usage_errors(sqlite_url, tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not a pdf at all")
    age(folder)
    env = store_env(tmp_path, sqlite_url)
    assert glaneur("ingest", str(folder), cwd=tmp_path, env=env).returncode == 3
    [entry] = json.loads(glaneur("quarantine", "list", "--json", cwd=tmp_path, env=env).stdout)
    result = glaneur("quarantine", "retry", str(entry["id"]), "--json", cwd=tmp_path, env=env)
    assert result.returncode == 3
    [outcome] = json.loads(result.stdout)["entries"]
    assert outcome["outcome"] == "quarantined" and outcome["reason_code"] == "corrupt"
    assert glaneur("quarantine", "retry", "999", cwd=tmp_path, env=env).returncode == 2
    assert glaneur("quarantine", "retry", cwd=tmp_path, env=env).returncode == 2


def test_reingesting_the_same_bytes_after_a_fix_resolves_the_entry(store_url, tmp_path, monkeypatch):
    folder = tmp_path / "drop"
    names = copy_samples(folder)
    age(folder)
    engine, archive = open_store(store_url), LocalArchive(tmp_path / "archive")
    _crash_on(names[1], monkeypatch)
    first = ingest_files([folder], engine=engine, archive=archive, run_id="r1", today=TODAY, max_bytes=10**7)
    assert [r.code for r in first.rejected] == [PARSER_ERROR]
    monkeypatch.undo()
    second = ingest_files([folder], engine=engine, archive=archive, run_id="r2", today=TODAY, max_bytes=10**7)
    assert not second.rejected and second.counts["new"] == 1
    quarantine = store_contents(store_url)["quarantine"]
    assert list(quarantine) == [("inbox", names[1], first.rejected[0].sha256, PARSER_ERROR, False)]
