"""The `nightly` flow (deployment `nightly`, 02:00 Europe/Paris): every enabled source crawled and published, the
inbox, the lifecycle, the day's snapshot, then the run manifest and its artifacts.

A source that fails, is in cooldown or is being crawled by another run never stops the others: each is one entry of
the run's summary, and `glaneur run` exits 3 when one failed.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from sqlalchemy.exc import DBAPIError

from glaneur.config import Settings, load_settings
from glaneur.flows.report import Progress, publish_artifacts, shown_url
from glaneur.flows.steps import (
    crawl_and_publish,
    entry_of,
    ingest_inbox_task,
    lifecycle_task,
    load_enabled_sources,
    run_step,
    snapshot_task,
)
from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store
from glaneur.storage.maintenance import vacuum_due
from glaneur.storage.runs import finish_run, start_run

# `glaneur ingest` prints these counts per source; `glaneur run` these.
COUNT_COLUMNS = ("files_seen", "new", "updated", "unchanged", "merged", "quarantined")
RUN_COLUMNS = ("fetched", "new", "updated", "unchanged", "merged", "quarantined", "expired", "closed")
# Crawls are network-bound and polite (delays per domain): two sources at a time use the wait of one.
PARALLEL_CRAWLS = 2


def resolve_settings(**overrides: str | None) -> Settings:
    """The worker's GLANEUR_* settings, with the run's parameters (when given) on top."""
    return load_settings().with_overrides(**overrides)


def run_status(entries: list[dict[str, Any]]) -> str:
    """`partial` when a source failed or sits in cooldown, or an input was quarantined; else `completed`."""
    troubled = any(e["status"] == "failed" or e.get("cooldown") or e.get("quarantined") for e in entries)
    return "partial" if troubled else "completed"


def finish(settings: Settings, run_id: str, flow_name: str, started_at: datetime, entries: list[dict[str, Any]]):
    """Record the run (database + archive manifest), vacuum what autovacuum would have if it is off, publish the
    run's artifacts, return the flow's final state."""
    engine = open_store(settings.database_url)
    manifest = finish_run(engine, open_archive(settings.archive_url), run_id,
                          flow=flow_name, started_at=started_at, sources=entries, status=run_status(entries))
    logger = get_run_logger()
    logger.info("run %s %s: %s", run_id, manifest["status"], manifest["totals"])
    try:
        vacuumed = vacuum_due(engine)
    except DBAPIError as error:  # the run's work is stored; failed housekeeping is reported, and redone next run
        logger.warning("VACUUM after the run failed; the next run tries again: %s", error)
    else:
        if vacuumed:
            logger.info("vacuumed (autovacuum is off): %s", ", ".join(vacuumed))
    return publish_artifacts(manifest, settings)


def crawl_all(sources, settings: Settings, run_id: str, today: date, progress: Progress, *,
              honour_cooldown: bool = True) -> list[dict[str, Any]]:
    """Crawl and publish each source (a few at a time); entries come back in the sources' order."""
    futures = {crawl_and_publish.submit(source, settings, run_id, today, honour_cooldown): source
               for source in sources}
    entries: dict[str, dict[str, Any]] = {}
    for future in as_completed(list(futures)):
        source = futures[future]
        future.wait()  # sets the future's final state; `state` would otherwise ask the API, which may lag
        entries[source.name] = entry_of(future.state, source=source.name, kind=source.kind)
        progress.step()
    return [entries[source.name] for source in sources]


@flow(name="nightly", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=PARALLEL_CRAWLS))
def nightly(inbox: str | None = None, sources_file: str | None = None, database_url: str | None = None,
            archive_url: str | None = None, today: date | None = None):
    """Crawl every enabled source, ingest the inbox, update statuses, write the day's snapshot.

    Args:
        inbox: Inbox folder; empty means the worker's GLANEUR_INBOX.
        sources_file: Sources file; empty means the worker's GLANEUR_SOURCES.
        database_url: Database URL; empty (best: Prefect stores parameters) means the worker's GLANEUR_DATABASE_URL.
        archive_url: Archive folder or s3://bucket/prefix; empty means the worker's GLANEUR_ARCHIVE_URL.
        today: The day the run counts as (deadlines, snapshot name); empty means today.
    """
    settings = resolve_settings(inbox=inbox, sources=sources_file, database_url=database_url,
                                archive_url=archive_url)
    today = today or date.today()
    started_at = datetime.now(timezone.utc)
    run_id = start_run(open_store(settings.database_url), "nightly")
    sources, entries = load_enabled_sources(settings)
    progress = Progress("nightly", len(sources) + 3)
    entries += crawl_all(sources, settings, run_id, today, progress)
    for step, name in ((ingest_inbox_task, "inbox"), (lifecycle_task, "lifecycle")):
        entries.append(run_step(step, settings, run_id, today, source=name, kind=name))
        progress.step()
    entries.append(run_step(snapshot_task, settings, run_id, today, source="snapshot", kind="snapshot"))
    progress.step()
    return finish(settings, run_id, "nightly", started_at, entries)


def data_paths(settings: Settings) -> dict[str, str]:
    """Where a run's results are, to print: the database URL without its password."""
    return {"database": shown_url(settings.database_url), "archive": settings.archive_url, "inbox": str(settings.inbox),
            "processed": str(Path(settings.inbox).parent / "processed"),
            "quarantine": str(Path(settings.inbox).parent / "quarantine")}
