"""Crawl state in the database (SQLite and PostgreSQL): what a crawl saves is what the next starts from."""

from __future__ import annotations

from datetime import datetime, timezone

from glaneur.storage.crawl_state import load_state, record_outcome, save_state, source_health
from glaneur.storage.db import open_store, session_scope


def test_state_round_trip_and_upsert(store_url):
    engine = open_store(store_url)
    first = {"cursor": "2026-03-05T10:00:00+00:00", "urls": {
        "https://a.example/jobs/1": {"etag": '"abc"', "last_modified": "Wed, 01 Jan 2026 00:00:00 GMT",
                                     "content_hash": "1" * 64, "fetched_at": "2026-03-05T10:00:00+00:00"},
        "https://a.example/jobs/2": {"content_hash": "2" * 64, "lastmod": "2026-03-01"},
    }}
    with session_scope(engine) as session:
        save_state(session, "board", first)
        save_state(session, "other", {"urls": {"https://a.example/jobs/1": {"content_hash": "9" * 64}}})
    with session_scope(engine) as session:
        loaded = load_state(session, "board")
    assert loaded["cursor"] == first["cursor"]
    assert loaded["urls"]["https://a.example/jobs/2"] == {"content_hash": "2" * 64, "lastmod": "2026-03-01"}
    one = loaded["urls"]["https://a.example/jobs/1"]
    assert one["etag"] == '"abc"' and one["content_hash"] == "1" * 64
    assert datetime.fromisoformat(one["fetched_at"]) == datetime(2026, 3, 5, 10, tzinfo=timezone.utc)

    second = {"cursor": "2026-03-09T10:00:00+00:00", "urls": {
        **loaded["urls"], "https://a.example/jobs/1": {**one, "etag": '"def"', "content_hash": "3" * 64},
        "https://a.example/jobs/3": {"content_hash": "4" * 64}}}
    with session_scope(engine) as session:
        save_state(session, "board", second)
    with session_scope(engine) as session:
        again = load_state(session, "board")
        other = load_state(session, "other")
    assert len(again["urls"]) == 3 and again["cursor"] == "2026-03-09T10:00:00+00:00"
    assert again["urls"]["https://a.example/jobs/1"]["etag"] == '"def"'
    assert other == {"urls": {"https://a.example/jobs/1": {"content_hash": "9" * 64}}, "cursor": None}


def test_a_source_never_crawled_starts_empty(store_url):
    with session_scope(open_store(store_url)) as session:
        assert load_state(session, "new-source") == {"urls": {}, "cursor": None}


def test_outcomes_keep_the_failure_streak_and_the_last_success(store_url):
    engine = open_store(store_url)
    days = [datetime(2026, 3, day, 2, tzinfo=timezone.utc) for day in (1, 2, 3, 4)]
    with session_scope(engine) as session:
        save_state(session, "board", {"urls": {}, "cursor": "c1"})
        record_outcome(session, "board", status="ok", items=12, at=days[0])
        record_outcome(session, "board", status="failed", items=0, at=days[1])
        record_outcome(session, "board", status="failed", items=0, at=days[2])
    with session_scope(engine) as session:
        health = source_health(session)["board"]
        assert load_state(session, "board")["cursor"] == "c1"  # outcomes leave the cursor alone
    assert health["last_status"] == "failed" and health["consecutive_failures"] == 2
    assert health["last_success_at"] == days[0] and health["last_items"] == 0
    with session_scope(engine) as session:
        record_outcome(session, "board", status="empty", items=0, at=days[3])
        health = source_health(session)["board"]
    assert health["consecutive_failures"] == 0 and health["last_success_at"] == days[0]
