"""The steps the operations flows are made of, as Prefect tasks on batches: a whole source, a whole inbox, the whole
store — never one task per posting.

Each step returns its *entry*: a dict with `source`, `kind`, `status` (ok / empty / failed / skipped), an optional
`message` and its counts, which becomes a row of `run_sources`, of the run manifest and of the run's summary
artifact. A step that breaks becomes a `failed` entry (`run_step`); it never stops the other steps.

Two runs at once never do the same work twice: a source, the inbox and the snapshot are each done under a named
lock (`glaneur.storage.locks`); a run that finds the lock taken skips that step and says so.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from glaneur.config import Settings
from glaneur.flows.crawl import CrawlResult, crawl_source
from glaneur.flows.ingest import INBOX_SOURCE, ingest_files, split_published, store, transform
from glaneur.sources import SourceConfig, SourcesError, load_sources
from glaneur.storage.archive import open_archive
from glaneur.storage.crawl_state import load_state, save_state
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.health import YieldDrop, cooldowns, note_crawl, yield_drop
from glaneur.storage.lifecycle import apply_lifecycle, record_crawl
from glaneur.storage.locks import exclusive
from glaneur.storage.snapshot import write_snapshot

BUSY = "another run is doing this right now; skipped in this run"
# A snapshot is short; a second run waits for the first rather than skip the day's snapshot.
SNAPSHOT_LOCK_WAIT_S = 300.0


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def load_enabled_sources(settings: Settings, names: list[str] | None = None
                         ) -> tuple[list[SourceConfig], list[dict[str, Any]]]:
    """The sources to crawl, and entries explaining what could not be used.

    Without `names`: every enabled source; a missing sources file means "no crawl sources" (a fresh data dir
    with only an inbox), reported as a skipped entry rather than a failure. With `names` (an operator's pick):
    exactly those, enabled or not; an unknown name is an error naming the known ones.
    """
    try:
        configured = load_sources(settings.sources)
    except SourcesError as error:
        if names is None and not Path(settings.sources).exists():
            return [], [{"source": "sources-file", "kind": "config", "status": "skipped",
                         "message": f"no sources file at {settings.sources}: nothing to crawl"}]
        if names is not None:
            raise
        return [], [{"source": "sources-file", "kind": "config", "status": "failed", "message": str(error)}]
    if names is None:
        return [source for source in configured if source.enabled], []
    by_name = {source.name: source for source in configured}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise ValueError(f"unknown source(s) {', '.join(unknown)} in {settings.sources}; known: "
                         f"{', '.join(sorted(by_name)) or 'none'}")
    return [by_name[name] for name in dict.fromkeys(names)], []


def run_step(step, *args: Any, source: str, kind: str, **kwargs: Any) -> dict[str, Any]:
    """Call a task and return its entry; a task that fails (after its retries) becomes a `failed` entry."""
    return entry_of(step(*args, return_state=True, **kwargs), source=source, kind=kind)


def entry_of(state, *, source: str, kind: str) -> dict[str, Any]:
    """A finished task's entry, or a `failed` entry carrying the error, so that one failure stops nothing else."""
    if state.is_completed():
        return state.result()
    try:
        state.result()
    except Exception as error:  # noqa: BLE001 - the error is reported in the entry, not swallowed
        message = f"{type(error).__name__}: {error}"
    else:
        message = state.message or state.name
    return {"source": source, "kind": kind, "status": "failed", "message": message}


def _yield_of(stats: dict[str, Any], fetched: int) -> int:
    return int(stats.get("items", fetched))


@task(name="crawl-and-publish", task_run_name="source-{source.name}", cache_policy=NO_CACHE)
def crawl_and_publish(source: SourceConfig, settings: Settings, run_id: str, today: date,
                      honour_cooldown: bool = True) -> dict[str, Any]:
    """One source: crawl (own process, retried), archive + extract + publish its captures, save its crawl state,
    then judge its health (cooldown streak, yield drop). Done under the source's lock."""
    logger = get_run_logger()
    engine = open_store(settings.database_url)
    entry: dict[str, Any] = {"source": source.name, "kind": source.kind}
    if honour_cooldown:
        with session_scope(engine) as session:
            reason = cooldowns(session).get(source.name)
        if reason:
            logger.warning("%s: %s", source.name, reason)
            return {**entry, "status": "skipped", "message": reason, "cooldown": True}
    with exclusive(engine, f"source:{source.name}") as held:
        if not held:
            return {**entry, "status": "skipped", "message": BUSY}
        with session_scope(engine) as session:
            state = load_state(session, source.name)
        result = crawl_source(source, state, settings.data_dir / "crawls")
        now = utcnow()
        split = split_published(engine, result.captures)
        outcome = transform(split.fresh, archive=open_archive(settings.archive_url), today=today,
                            workers=settings.workers)
        outcome.known = split
        counts = store(engine, outcome, run_id=run_id, now=now)
        items = _yield_of(result.stats, len(result.captures))
        with session_scope(engine) as session:
            save_state(session, source.name, result.state)
            cooldown = note_crawl(session, source.name, status=result.status, items=items, error=result.error, at=now)
            drop = (yield_drop(session, source.name, items, exclude_run_id=run_id)
                    if result.status in ("ok", "empty") else None)
        sightings = record_crawl(engine, source.name, _lifecycle_status(result, drop), _seen_ids(result),
                                 run_id=run_id, now=now)
    entry.update(status=result.status, fetched=len(result.captures), items=items, seen_unchanged=len(result.seen),
                 requests=int(result.stats.get("requests", 0)), errors=int(result.stats.get("error_count", 0)),
                 missed=sightings["missed"], **counts, reasons=_reasons(outcome.rejected))
    if result.error:
        entry["message"] = result.error
    if cooldown and result.status == "failed":
        entry["cooldown"] = True
        entry["message"] = f"{result.error}; {cooldown}" if result.error else cooldown
    if drop:
        entry["health"] = "warning"
        entry["alert"] = drop.message
        logger.warning("%s: %s", source.name, drop.message)
    return entry


def _seen_ids(result: CrawlResult) -> set[str]:
    """The source-record ids the crawl saw: what it downloaded, and what it confirmed unchanged without doing so."""
    return ({capture.external_id or capture.sha256 for capture in result.captures}
            | {seen["external_id"] for seen in result.seen if seen.get("external_id")})


def _lifecycle_status(result: CrawlResult, drop: YieldDrop | None) -> str:
    """The crawl's status as closing sees it: only a whole, unsuspicious `ok` crawl counts misses. A crawl cut short
    by its bounds (max_pages…) did not see the whole source; one whose yield dropped more likely lost a selector
    than half its jobs — until the median follows, its misses wait."""
    if result.status == "ok" and result.stats.get("truncated"):
        return "truncated"
    if result.status == "ok" and drop:
        return "yield-drop"
    return result.status


def _reasons(rejected) -> dict[str, int]:
    found: dict[str, int] = {}
    for rejection in rejected:
        found[rejection.code] = found.get(rejection.code, 0) + 1
    return found


@task(name="ingest-inbox", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE)
def ingest_inbox_task(settings: Settings, run_id: str, today: date, inbox: Path | None = None) -> dict[str, Any]:
    """Every file of the inbox through the drop-in path; files then move to processed/ or quarantine/."""
    inbox = Path(inbox or settings.inbox)
    engine = open_store(settings.database_url)
    with exclusive(engine, f"inbox:{inbox.resolve()}") as held:
        if not held:
            return {"source": INBOX_SOURCE, "kind": "inbox", "status": "skipped", "message": BUSY}
        inbox.mkdir(parents=True, exist_ok=True)
        report = ingest_files([inbox], engine=engine, archive=open_archive(settings.archive_url), run_id=run_id,
                              today=today, max_bytes=settings.max_file_bytes, source=INBOX_SOURCE, inbox=inbox,
                              workers=settings.workers)
    entry = report.as_dict()
    entry.update(kind="inbox", fetched=report.files_seen,
                 status="ok" if report.files_seen or not report.waiting else "empty")
    if report.waiting:
        entry["message"] = f"{report.waiting} file(s) still being written; they wait for the next run"
    return entry


@task(name="lifecycle", cache_policy=NO_CACHE)
def lifecycle_task(settings: Settings, run_id: str, today: date) -> dict[str, Any]:
    """Statuses from deadlines and sightings: open → expired / closed, and back to open (see storage.lifecycle)."""
    changes = apply_lifecycle(open_store(settings.database_url), today=today, now=utcnow(), run_id=run_id,
                              close_after=settings.close_after_missed_crawls)
    entry = {"source": "lifecycle", "kind": "lifecycle", "status": "ok", **changes}
    if changes.get("reopened"):
        entry["message"] = f"{changes['reopened']} reopened (seen again with a deadline ahead)"
    return entry


@task(name="snapshot", cache_policy=NO_CACHE)
def snapshot_task(settings: Settings, run_id: str, day: date) -> dict[str, Any]:
    """The day's snapshot of every posting in the archive (see `glaneur.storage.snapshot`)."""
    engine = open_store(settings.database_url)
    with exclusive(engine, "snapshot", wait_s=SNAPSHOT_LOCK_WAIT_S) as held:
        if not held:
            return {"source": "snapshot", "kind": "snapshot", "status": "skipped", "message": BUSY}
        manifest = write_snapshot(engine, open_archive(settings.archive_url), day=day, now=utcnow(), run_id=run_id)
    state = "written" if manifest["written"] else "unchanged since the day's last snapshot"
    return {"source": "snapshot", "kind": "snapshot", "status": "ok", "snapshot_postings": manifest["postings"],
            "snapshot_key": manifest["key"], "snapshot_sha256": manifest["sha256"],
            "message": f"{manifest['key']} {state}"}
