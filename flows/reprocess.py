"""The `reprocess` flow: archived raw captures through today's parse → extract → normalise → dedupe → publish.

When extraction improves, nothing has to be crawled again: the `captures` table says which bytes came from where,
the archive still has them. For a date range and/or some sources, the latest capture of every source record they
touch goes through the current code — never an older capture over a newer one — and every source record it
produces carries the current `code_version()`.

Extraction is pure, CPU-bound Python and the heavy part, so it runs on other processes: by default on the run's
`ExtractionPool` (`GLANEUR_WORKERS` forked processes, as ingest uses), which extracts the next batch while this
process publishes the current one — threads would share one core (the GIL); or, for large reprocessing, on a Dask
cluster (`dask_workers` local processes, or an existing scheduler at `dask_address`) as Prefect tasks. Reading
the archive and publishing stay in the flow, one transaction per batch, under each source's lock so that a crawl
of the same source waits for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from itertools import groupby
from typing import Any
from uuid import UUID

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from sqlalchemy import Engine, and_, func, select, tuple_, update
from sqlalchemy.orm import Session

from glaneur import code_version
from glaneur.flows.ingest import BatchOutcome, _process_safely, store, transform, workers_for
from glaneur.flows.nightly import finish, resolve_settings
from glaneur.flows.parallel import ExtractionPool, overlapped
from glaneur.flows.report import Progress, start_progress
from glaneur.record import Capture, Rejection
from glaneur.storage import models
from glaneur.storage.archive import Archive, ArchiveError, open_archive
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.locks import exclusive
from glaneur.storage.publish import SourceRecord, refresh_canonical
from glaneur.storage.runs import start_run

BATCH_SIZE = 200
CHUNK = 500
# A crawl of the same source may be running; reprocessing waits for it rather than skip the source.
SOURCE_LOCK_WAIT_S = 1800.0
CAPTURE_COLUMNS = ("id", "source", "locator", "sha256", "archive_key", "media_type", "external_id", "url", "hints",
                   "fetched_at")


def select_captures(engine: Engine, *, since: date | None, until: date | None,
                    sources: list[str] | None) -> list[dict[str, Any]]:
    """For each source record with a capture in the range and sources, its latest capture; ordered by source.

    A source record is (source, external id), or (source, sha256) for captures without one (drop-ins): the same key
    publishing uses, so that an older capture never overwrites what a newer one published.
    """
    record_key = func.coalesce(models.Capture.external_id, models.Capture.sha256)
    touched = select(models.Capture.source, record_key.label("record_key")).distinct()
    if since:
        touched = touched.where(models.Capture.fetched_at >= datetime.combine(since, time(), timezone.utc))
    if until:
        touched = touched.where(models.Capture.fetched_at < datetime.combine(until + timedelta(days=1), time(),
                                                                                    timezone.utc))
    if sources:
        touched = touched.where(models.Capture.source.in_(sources))
    touched = touched.subquery()
    rank = func.row_number().over(partition_by=(models.Capture.source, record_key),
                                  order_by=(models.Capture.fetched_at.desc(), models.Capture.id.desc()))
    ranked = (select(*(getattr(models.Capture, column) for column in CAPTURE_COLUMNS), rank.label("rank"))
              .join(touched, and_(touched.c.source == models.Capture.source, touched.c.record_key == record_key))
              .subquery())
    query = (select(*(ranked.c[column] for column in CAPTURE_COLUMNS)).where(ranked.c.rank == 1)
             .order_by(ranked.c.source, ranked.c.id))
    with session_scope(engine) as session:
        return [dict(row._mapping) for row in session.execute(query)]


def batches(rows: list[dict[str, Any]], size: int) -> Iterator[tuple[str, list[list[dict[str, Any]]]]]:
    """(source, its batches of capture rows), sources in name order."""
    for source, group in groupby(rows, key=lambda row: row["source"]):
        items = list(group)
        yield source, [items[start:start + size] for start in range(0, len(items), size)]


def read_back(rows: list[dict[str, Any]], archive: Archive) -> tuple[list[tuple[date, list[Capture]]], list[str]]:
    """A batch's captures read back from the archive, grouped by the day they were fetched — each is extracted as of
    that day, so that relative dates stay right — and the locators whose raw bytes are missing from the archive."""
    captures, missing = [], []
    for row in rows:
        try:
            data = archive.get(row["archive_key"])
        except ArchiveError:
            missing.append(row["locator"])
            continue
        fetched_at = row["fetched_at"] if row["fetched_at"].tzinfo else row["fetched_at"].replace(tzinfo=timezone.utc)
        captures.append(Capture(source=row["source"], locator=row["locator"], data=data,
                                media_type=row["media_type"], fetched_at=fetched_at,
                                external_id=row["external_id"], url=row["url"], hints=row["hints"] or {}))
    by_day = groupby(sorted(captures, key=lambda c: c.fetched_at), key=lambda c: c.fetched_at.date())
    return [(day, list(group)) for day, group in by_day], missing


def outcome_of(days: list[tuple[date, list[Capture]]], archive: Archive,
               extracted: list[Sequence[list[SourceRecord] | Rejection] | None]) -> BatchOutcome:
    """The batch's outcome, day group by day group: `transform` with each group's extractions, or extracting here
    where there are none (None)."""
    outcome = BatchOutcome()
    for (day, captures), results in zip(days, extracted, strict=True):
        part = transform(captures, archive=archive, today=day, results=results)
        outcome.records += part.records
        outcome.rejected += part.rejected
        outcome.captures += part.captures
        outcome.landed |= part.landed
    return outcome


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_batch(rows: list[dict[str, Any]], archive_url: str) -> tuple[BatchOutcome, list[str]]:
    """Read a batch of captures back from the archive and run the current transforms on them, where the task runs
    (a Dask worker). Returns the outcome and the locators whose raw bytes are missing from the archive."""
    archive = open_archive(archive_url)
    days, missing = read_back(rows, archive)
    return outcome_of(days, archive, [None] * len(days)), missing


def extracted_on_task_runner(source_batches: list[list[dict[str, Any]]],
                             archive_url: str) -> Iterator[tuple[BatchOutcome, list[str]]]:
    """Every batch submitted to the flow's task runner at once; each outcome as it comes back."""
    futures = [extract_batch.submit(rows, archive_url) for rows in source_batches]
    for future in as_completed(futures):
        yield future.result()


def extracted_on_pool(source_batches: list[list[dict[str, Any]]], pool: ExtractionPool,
                      archive: Archive) -> Iterator[tuple[BatchOutcome, list[str]]]:
    """Each batch read here and extracted on the pool's workers while the caller publishes the one before.

    How many workers a batch is worth is judged on the whole batch (`workers_for`), not on each of its day groups:
    a batch spread over many days still extracts on every worker."""

    def read_and_submit(rows: list[dict[str, Any]]) -> Callable[[], tuple[BatchOutcome, list[str]]]:
        days, missing = read_back(rows, archive)
        workers = workers_for(sum(len(captures) for _, captures in days), pool.workers)
        pending = [pool.submit(captures, day, workers=workers) for day, captures in days]
        return lambda: (outcome_of(days, archive, [results() for results in pending]), missing)

    for _, extracted in overlapped(source_batches, read_and_submit):
        yield extracted


def refresh_reextracted(session: Session, outcome: BatchOutcome, *, now: datetime, run_id: str) -> int:
    """Source records whose text did not change (same content hash, so publishing left them alone) but whose
    extraction did: store the new record and code version, rebuild their postings. Returns how many changed."""
    version = code_version()
    incoming = {(r.source, r.external_id): r for r in outcome.records}
    keys = list(incoming)
    updates, touched, cause = [], set(), {}
    for start in range(0, len(keys), CHUNK):
        rows = session.execute(
            select(models.PostingSource.id, models.PostingSource.source, models.PostingSource.external_id,
                   models.PostingSource.posting_id, models.PostingSource.record, models.PostingSource.code_version)
            .where(tuple_(models.PostingSource.source, models.PostingSource.external_id).in_(keys[start:start + CHUNK])))
        for row in rows:
            record = incoming[(row.source, row.external_id)]
            if row.record != record.record:
                touched.add(row.posting_id)
                cause[row.posting_id] = row.source
            if row.record != record.record or row.code_version != version:
                updates.append({"id": row.id, "record": record.record, "structured": record.structured,
                                "code_version": version})
    if updates:
        session.execute(update(models.PostingSource), updates)
    if touched:
        refresh_canonical(session, touched, now=now, run_id=run_id, cause=cause)
    return len(touched)


def resolve_quarantine(session: Session, outcome: BatchOutcome, *, now: datetime) -> int:
    """Quarantined captures that the current code turns into postings are resolved."""
    landed = [(c["source"], c["locator"], c["sha256"]) for c in outcome.captures if c["locator"] in outcome.landed]
    resolved = 0
    for start in range(0, len(landed), CHUNK):
        result = session.execute(
            update(models.QuarantineEntry)
            .where(tuple_(models.QuarantineEntry.source, models.QuarantineEntry.locator,
                          models.QuarantineEntry.sha256).in_(landed[start:start + CHUNK]),
                   models.QuarantineEntry.resolved_at.is_(None))
            .values(resolved_at=now))
        resolved += result.rowcount or 0
    return resolved


def publish_outcome(engine: Engine, outcome: BatchOutcome, *, run_id: str) -> Counter:
    now = datetime.now(timezone.utc)
    counts = Counter(store(engine, outcome, run_id=run_id, now=now))
    with session_scope(engine) as session:
        counts["reextracted"] += refresh_reextracted(session, outcome, now=now, run_id=run_id)
        counts["resolved"] += resolve_quarantine(session, outcome, now=now)
    return counts


@flow(name="reprocess-captures")
def reprocess_captures(run_id: str, since: date | None, until: date | None, sources: list[str] | None,
                       batch_size: int, progress_artifact: UUID, on_dask: bool) -> list[dict[str, Any]]:
    """Extract every batch — on the run's `ExtractionPool`, or as tasks on this flow's Dask task runner (`on_dask`)
    — and publish each as it comes back, source by source.

    A subflow so that `reprocess` can choose its task runner per run; its parameters stay small (no capture list,
    no settings) because Prefect stores them.
    """
    settings = resolve_settings()
    engine = open_store(settings.database_url)
    rows = select_captures(engine, since=since, until=until, sources=sources)
    get_run_logger().info("reprocessing %d captures with code %s", len(rows), code_version())
    plan = list(batches(rows, batch_size))
    progress = Progress("reprocess", sum(len(source_batches) for _, source_batches in plan),
                        artifact_id=progress_artifact)
    entries = []
    with ExtractionPool(_process_safely, workers=settings.workers) as pool:  # forks at its first batch: not on Dask
        extracted = (partial(extracted_on_task_runner, archive_url=settings.archive_url) if on_dask
                     else partial(extracted_on_pool, pool=pool, archive=open_archive(settings.archive_url)))
        for source, source_batches in plan:
            entry: dict[str, Any] = {"source": source, "kind": "reprocess"}
            with exclusive(engine, f"source:{source}", wait_s=SOURCE_LOCK_WAIT_S) as held:
                if not held:
                    entries.append({**entry, "status": "skipped",
                                    "message": "the source stayed locked by another run"})
                    progress.step(len(source_batches))
                    continue
                counts: Counter = Counter()
                reasons: Counter = Counter()
                missing: list[str] = []
                for outcome, lost in extracted(source_batches):
                    counts.update(publish_outcome(engine, outcome, run_id=run_id))
                    reasons.update(rejected.code for rejected in outcome.rejected)
                    missing += lost
                    progress.step()
            entry.update(status="ok" if not missing else "failed",
                         fetched=sum(len(rows) for rows in source_batches), **counts, reasons=dict(reasons))
            if missing:
                entry["message"] = f"{len(missing)} capture(s) missing from the archive, e.g. {missing[0]}"
            entries.append(entry)
    return entries


def dask_task_runner(dask_workers: int, dask_address: str | None):
    """Where a Dask reprocess run extracts: a local cluster of processes, or an existing cluster."""
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    # One process per worker (extraction is CPU-bound Python), on loopback only.
    return DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1,
                                          "processes": True, "host": "127.0.0.1", "dashboard_address": None})


@flow(name="reprocess", log_prints=True)
def reprocess(since: date | None = None, until: date | None = None, sources: list[str] | None = None,
              all_captures: bool = False, dask_workers: int = 0, dask_address: str | None = None,
              batch_size: int = BATCH_SIZE):
    """Run archived raw captures through the current extraction and dedup code again, and publish the results.

    Args:
        since: First day of captures to reprocess (by fetch date); empty means no lower bound.
        until: Last day of captures to reprocess (included); empty means no upper bound.
        sources: Only these sources (e.g. ["inbox"]); empty means every source.
        all_captures: Reprocess every capture when no day or source is given (a deliberate choice, not a default).
        dask_workers: Extract on a local Dask cluster of this many processes; 0 extracts on GLANEUR_WORKERS
            processes forked for the run (the next batch while the run publishes one).
        dask_address: Extract on an existing Dask scheduler instead, e.g. tcp://10.0.0.5:8786.
        batch_size: Captures per extraction batch.
    """
    if not (since or until or sources or all_captures):
        raise ValueError("give a day range (since/until), some sources, or all_captures=true")
    if since and until and since > until:
        raise ValueError(f"since {since} is after until {until}")
    if batch_size < 1 or dask_workers < 0:
        raise ValueError("batch_size must be at least 1 and dask_workers at least 0")
    settings = resolve_settings()
    started_at = datetime.now(timezone.utc)
    run_id = start_run(open_store(settings.database_url), "reprocess")
    on_dask = bool(dask_workers or dask_address)
    subflow = (reprocess_captures.with_options(task_runner=dask_task_runner(dask_workers, dask_address)) if on_dask
               else reprocess_captures)
    entries = subflow(run_id, since, until, sources, batch_size, start_progress("reprocess"), on_dask)
    return finish(settings, run_id, "reprocess", started_at, entries)
