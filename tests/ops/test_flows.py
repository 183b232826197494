"""The operations flows under prefect_test_harness, on the demo job board served locally and the shared samples:
what they publish, what they record, and what an operator sees in the UI (artifacts, final state)."""

from __future__ import annotations

import gzip
import json
import os
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from glaneur import code_version
from glaneur.corpus import generate
from glaneur.flows import ingest
from glaneur.flows import reprocess as reprocess_module
from glaneur.flows.nightly import nightly
from glaneur.flows.operations import crawl_sources, export_snapshot, ingest_inbox
from glaneur.flows.reprocess import reprocess
from glaneur.storage import models
from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.health import note_crawl

from .conftest import (
    DEMO_ITEMS,
    DEMO_OFFERS,
    artifacts_of,
    count,
    demo_source,
    drop_samples,
    entries,
    posting_ids,
    write_sources,
)

# One xdist worker runs the module (`make test` uses --dist loadgroup): one test harness to start, not two.
pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness"),
              pytest.mark.xdist_group("glaneur-harness")]
# Before the demo offers' deadlines (March 2027), so that they stay open whatever the day the tests run.
TODAY = date(2026, 6, 1)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_nightly_crawls_ingests_closes_snapshots_and_warns_on_a_yield_drop(glaneur_env, demo_site, samples_dir):
    settings = glaneur_env
    write_sources(settings.sources, demo_source(demo_site), demo_source(demo_site, "demo-off", enabled=False))
    dropped = drop_samples(settings.inbox, samples_dir)
    engine = open_store(settings.database_url)

    state = nightly(today=TODAY, return_state=True)
    manifest = state.result()
    assert state.is_completed() and state.name == "Completed", state.message
    found = entries(manifest)
    assert "demo-off" not in found, "disabled sources are not crawled"
    board = found["demo-board"]
    # Five offers, and an offer's PDF attachment.
    assert (board["status"], board["fetched"], board["items"]) == ("ok", DEMO_ITEMS, DEMO_ITEMS)
    assert board["new"] + board["merged"] >= DEMO_OFFERS and not board.get("alert")
    assert (found["inbox"]["status"], found["inbox"]["new"], found["inbox"]["quarantined"]) == ("ok", dropped, 0)
    assert found["snapshot"]["snapshot_postings"] == count(engine, models.Posting) > 0
    assert manifest["status"] == "completed"

    artifacts = artifacts_of(state)
    summary = artifacts["nightly-summary"].data
    assert manifest["manifest_key"] in summary and f"| demo-board | listing | ok | {DEMO_ITEMS} |" in summary
    assert found["snapshot"]["snapshot_key"] in summary
    assert artifacts["nightly-progress"].data == 100
    assert "source-health" not in artifacts
    archive = open_archive(settings.archive_url)
    assert json.loads(archive.get(manifest["manifest_key"]))["run_id"] == manifest["run_id"]
    snapshot = [json.loads(line) for line in gzip.decompress(archive.get(found["snapshot"]["snapshot_key"]))
                .splitlines()]
    assert {row["id"] for row in snapshot} == posting_ids(engine)

    # One offer leaves the board. Nothing else is new; the next two successful crawls miss it, and it closes.
    demo_site.keep_offers("charge-suivi-evaluation-bamako", "stage-communication-rabat",
                          "consultant-evaluation-ouagadougou", "wash-officer-niamey")
    missed_once = entries(nightly(today=TODAY))
    assert (missed_once["demo-board"]["items"], missed_once["demo-board"]["new"]) == (DEMO_ITEMS - 1, 0)
    assert (missed_once["demo-board"]["missed"], missed_once["lifecycle"]["closed"]) == (1, 0)
    assert entries(nightly(today=TODAY))["lifecycle"]["closed"] == 1
    with session_scope(engine) as session:
        closed = list(session.execute(select(models.Posting.title).where(models.Posting.status == "closed"))
                      .scalars())
    assert len(closed) == 1 and "coordinat" in closed[0].lower()
    postings = count(engine, models.Posting)

    # The listing keeps one offer: under half the median of the successful runs → a warning, and a crawl that
    # suspect counts no miss towards closing.
    demo_site.keep_offers("wash-officer-niamey")
    state = nightly(today=TODAY, return_state=True)
    dropped_run = entries(state.result())
    board = dropped_run["demo-board"]
    assert (board["items"], board["missed"]) == (1, 0)
    # The median of 6, 5 and 5 items.
    assert "yield drop" in board["alert"] and f"median {DEMO_ITEMS - 1} of the last 3" in board["alert"]
    assert state.is_completed() and state.name == "Warning" and "demo-board" in state.message
    health = artifacts_of(state)["source-health"].data
    assert "demo-board" in health and "yield drop" in health
    assert count(engine, models.Posting) == postings


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_failing_source_goes_into_cooldown_is_skipped_and_comes_back(glaneur_env, demo_site):
    settings = glaneur_env
    engine = open_store(settings.database_url)
    # Two failures already behind it; this one is refused (a private address without allow_private_network).
    write_sources(settings.sources, demo_source(demo_site, allow_private_network=False))
    with session_scope(engine) as session:
        for _ in range(2):
            note_crawl(session, "demo-board", status="failed", items=0, error="HTTP 503", at=datetime.now(timezone.utc))

    state = nightly(return_state=True)
    failed = entries(state.result())["demo-board"]
    assert failed["status"] == "failed" and failed["cooldown"] and "private network" in failed["message"]
    assert "glaneur sources reset demo-board" in failed["message"]
    assert state.name == "Warning" and state.result()["status"] == "partial"

    write_sources(settings.sources, demo_source(demo_site))  # the site is fixed, but the source is in cooldown
    requests_before = len(demo_site.requests)
    state = nightly(return_state=True)
    skipped = entries(state.result())["demo-board"]
    assert skipped["status"] == "skipped" and skipped["cooldown"] and "cooldown" in skipped["message"]
    assert len(demo_site.requests) == requests_before, "a source in cooldown is not fetched"
    assert "demo-board" in artifacts_of(state)["source-health"].data
    assert entries(crawl_sources(["demo-board"]))["demo-board"]["status"] == "skipped"

    # An operator forces a crawl; it succeeds, which ends the cooldown for the nightly too.
    forced = entries(crawl_sources(["demo-board"], ignore_cooldown=True))["demo-board"]
    assert forced["status"] == "ok" and forced["fetched"] == DEMO_ITEMS
    assert entries(nightly())["demo-board"]["status"] == "ok"


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_crawl_source_names_sources_even_disabled_and_refuses_unknown_ones(glaneur_env, demo_site):
    write_sources(glaneur_env.sources, demo_source(demo_site, enabled=False))
    state = crawl_sources(["demo-board", "no-such-board"], return_state=True)
    assert state.is_failed() and "no-such-board" in state.message and "known: demo-board" in state.message
    state = crawl_sources(["demo-board"], return_state=True)
    manifest = state.result()
    assert entries(manifest)["demo-board"]["fetched"] == DEMO_ITEMS and manifest["flow"] == "crawl-source"
    assert "| demo-board | listing | ok |" in artifacts_of(state)["crawl-source-summary"].data


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_ingest_inbox_takes_a_folder_and_files_it_away(glaneur_env, tmp_path, samples_dir):
    other = tmp_path / "elsewhere" / "inbox"
    other.mkdir(parents=True)
    dropped = drop_samples(other, samples_dir)
    state = ingest_inbox(path=str(other), return_state=True)
    inbox = entries(state.result())["inbox"]
    assert (inbox["status"], inbox["new"], inbox["fetched"]) == ("ok", dropped, dropped)
    assert not list(other.iterdir()) and len(list((other.parent / "processed").iterdir())) == dropped
    assert "ingest-inbox-summary" in artifacts_of(state)


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_a_run_ends_by_vacuuming_the_tables_autovacuum_would_have(glaneur_env, samples_dir):
    """Where autovacuum is off (here for one table, whatever the server says), a flow run ends with what it would
    have done: VACUUM (ANALYZE) of a table past its thresholds (`glaneur.storage.maintenance`)."""
    import time

    from sqlalchemy import text

    from glaneur.storage.maintenance import INSERTED_BASE
    from glaneur.storage.publish import bulk_insert

    engine = open_store(glaneur_env.database_url)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE dedup_boilerplate SET (autovacuum_enabled = false)"))
    try:
        with session_scope(engine) as session:
            bulk_insert(session, models.DedupBoilerplate, [
                {"scope": "o:test", "sentence": n, "learned_at": datetime.now(timezone.utc)}
                for n in range(3 * INSERTED_BASE)])

        def counted_inserts() -> int:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_stat_clear_snapshot()"))
                return connection.scalar(text("SELECT n_ins_since_vacuum FROM pg_stat_user_tables "
                                              "WHERE relname = 'dedup_boilerplate'")) or 0
        deadline = time.monotonic() + 15  # the server publishes table counters within about a second
        while counted_inserts() < 3 * INSERTED_BASE and time.monotonic() < deadline:
            time.sleep(0.2)
        def last_vacuum():
            with engine.connect() as connection:
                return connection.scalar(text("SELECT coalesce(last_vacuum, 'epoch') FROM pg_stat_user_tables "
                                              "WHERE relname = 'dedup_boilerplate'"))
        before = last_vacuum()
        drop_samples(glaneur_env.inbox, samples_dir)
        ingest_inbox()
        assert last_vacuum() > before
    finally:
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE dedup_boilerplate RESET (autovacuum_enabled)"))


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_export_snapshot_writes_once_per_content(glaneur_env, samples_dir):
    drop_samples(glaneur_env.inbox, samples_dir)
    ingest_inbox()
    day = date(2026, 5, 4)
    state = export_snapshot(day=day, return_state=True)
    snapshot = entries(state.result())["snapshot"]
    assert snapshot["snapshot_key"] == "snapshots/2026-05-04/postings.jsonl.gz" and snapshot["snapshot_postings"] == 3
    assert "written" in snapshot["message"] and snapshot["snapshot_sha256"] in artifacts_of(state)[
        "export-snapshot-summary"].data
    assert "unchanged" in entries(export_snapshot(day=day))["snapshot"]["message"]


def as_if_an_older_extractor_published(engine) -> None:
    """Every source record and posting stale: another code version, another title."""
    with session_scope(engine) as session:
        session.execute(update(models.PostingSource).values(code_version="0.0.1+old"))
        rows = session.execute(select(models.PostingSource.id, models.PostingSource.record)).all()
        session.execute(update(models.PostingSource), [
            {"id": row.id, "record": {**row.record, "title": "stale title"}} for row in rows])
        session.execute(update(models.Posting).values(title="stale title"))


def published(engine) -> dict[tuple[str, str], tuple]:
    """Each source record's extraction, posting and code version, and whether its posting still has a stale title.

    Not the postings' other fields: where sources tie, the most recently published wins, so they depend on the
    order batches are published in, which the Dask path does not keep."""
    with session_scope(engine) as session:
        rows = session.execute(select(models.PostingSource, models.Posting.title)
                               .join(models.Posting, models.Posting.id == models.PostingSource.posting_id)).all()
    return {(source.source, source.external_id): (source.record, source.structured, source.posting_id,
                                                  source.code_version, title == "stale title")
            for source, title in rows}


EXTRACTION_PIDS = "GLANEUR_TEST_EXTRACTION_PIDS"


def extraction_noting_its_process(capture, today):
    """The ingest path's per-capture extraction, which appends the id of the process running it to a file."""
    with open(os.environ[EXTRACTION_PIDS], "a", encoding="utf-8") as pids:
        pids.write(f"{os.getpid()}\n")
    return ingest._process_safely(capture, today)


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
def test_reprocess_reextracts_archived_captures_with_the_current_code(glaneur_env, samples_dir):
    drop_samples(glaneur_env.inbox, samples_dir)
    ingest_inbox()
    engine = open_store(glaneur_env.database_url)
    with session_scope(engine) as session:
        true_titles = dict(session.execute(select(models.Posting.id, models.Posting.title)).all())
    as_if_an_older_extractor_published(engine)

    assert reprocess(return_state=True).is_failed(), "no range and no source is refused, not 'everything'"
    assert entries(reprocess(since=date.today() + timedelta(days=1))) == {}

    state = reprocess(sources=["inbox"], return_state=True)
    found = entries(state.result())["inbox"]
    assert (found["status"], found["fetched"], found["reextracted"], found["new"]) == ("ok", 3, 3, 0)
    with session_scope(engine) as session:
        assert dict(session.execute(select(models.Posting.id, models.Posting.title)).all()) == true_titles
        versions = set(session.execute(select(models.PostingSource.code_version)).scalars())
        changes = session.execute(select(func.count()).select_from(models.PostingHistory)
                                  .where(models.PostingHistory.field == "title")).scalar_one()
    assert versions == {code_version()} and changes == 3
    assert "reprocess-progress" in artifacts_of(state)


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
def test_reprocess_extracts_on_the_runs_worker_processes_what_dask_extracts(glaneur_env, samples_dir, tmp_path,
                                                                           monkeypatch):
    """Without Dask, every capture is extracted in one of the run's forked workers (threads would share one core);
    the run's entries and what it publishes are those of the Dask path, and what ingest first published."""
    drop_samples(glaneur_env.inbox, samples_dir)
    for item in generate(40, seed=8):
        (glaneur_env.inbox / item.name).write_bytes(item.data)
        os.utime(glaneur_env.inbox / item.name, (0, 0))
    ingest_inbox()
    engine = open_store(glaneur_env.database_url)
    with session_scope(engine) as session:
        # Captures fetched over two days, the second batch (of 10) on both: a batch is extracted day by day.
        fetched = session.execute(select(models.Capture.id, models.Capture.fetched_at)
                                  .order_by(models.Capture.id)).all()
        session.execute(update(models.Capture), [{"id": row.id, "fetched_at": row.fetched_at - timedelta(days=2)}
                                                 for row in fetched[:15]])
    ingested = published(engine)
    monkeypatch.setenv("GLANEUR_WORKERS", "2")
    pids = tmp_path / "pids"
    pids.touch()
    monkeypatch.setenv(EXTRACTION_PIDS, str(pids))
    monkeypatch.setattr(reprocess_module, "_process_safely", extraction_noting_its_process)
    monkeypatch.setattr(ingest, "MIN_CAPTURES_PER_WORKER", 1)  # every batch worth the workers, however small

    as_if_an_older_extractor_published(engine)
    on_pool = entries(reprocess(all_captures=True, batch_size=10))["inbox"]
    extracted_in = pids.read_text().split()
    from_pool = published(engine)
    as_if_an_older_extractor_published(engine)
    on_dask = entries(reprocess(all_captures=True, batch_size=10, dask_workers=1))["inbox"]

    assert (on_pool["status"], on_pool["fetched"], on_pool["new"]) == ("ok", 43, 0) and on_pool["reextracted"] > 0
    assert on_pool == on_dask
    assert len(extracted_in) == on_pool["fetched"] and str(os.getpid()) not in extracted_in
    assert from_pool == published(engine) == ingested


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_reprocess_on_a_local_dask_cluster(glaneur_env, samples_dir):
    drop_samples(glaneur_env.inbox, samples_dir)
    ingest_inbox()
    engine = open_store(glaneur_env.database_url)
    with session_scope(engine) as session:
        session.execute(update(models.PostingSource).values(code_version="0.0.1+old"))
    found = entries(reprocess(since=date.today(), dask_workers=1, batch_size=1))["inbox"]
    assert (found["status"], found["fetched"], found["unchanged"]) == ("ok", 3, 3)
    with session_scope(engine) as session:
        assert set(session.execute(select(models.PostingSource.code_version)).scalars()) == {code_version()}
