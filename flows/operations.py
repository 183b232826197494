"""The flows an operator triggers from the Prefect UI besides the nightly: `crawl-source`, `ingest-inbox` and
`export-snapshot` (`reprocess` has its own module). Each records a run (run_sources rows, a manifest under `runs/`)
and shows the same summary artifact as the nightly, so that every run reads the same way in the UI.

Parameters are typed so that the UI renders a form: a list of names, a folder path, a date picker.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from glaneur.flows.nightly import PARALLEL_CRAWLS, crawl_all, finish, resolve_settings
from glaneur.flows.report import Progress
from glaneur.flows.steps import ingest_inbox_task, lifecycle_task, load_enabled_sources, run_step, snapshot_task
from glaneur.storage.db import open_store
from glaneur.storage.runs import start_run


@flow(name="crawl-source", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=PARALLEL_CRAWLS))
def crawl_sources(sources: list[str], sources_file: str | None = None, ignore_cooldown: bool = False,
                 today: date | None = None):
    """Crawl and publish the named sources now, enabled or not, then update statuses.

    Args:
        sources: Names of sources in the sources file, e.g. ["reliefweb-west-africa"].
        sources_file: Sources file; empty means the worker's GLANEUR_SOURCES.
        ignore_cooldown: Crawl a source even if it is in cooldown after repeated failures.
        today: The day the run counts as; empty means today.
    """
    if not sources:
        raise ValueError("name at least one source to crawl")
    settings = resolve_settings(sources=sources_file)
    today = today or date.today()
    started_at = datetime.now(timezone.utc)
    configs, _ = load_enabled_sources(settings, sources)
    run_id = start_run(open_store(settings.database_url), "crawl-source")
    progress = Progress("crawl-source", len(configs) + 1)
    entries = crawl_all(configs, settings, run_id, today, progress, honour_cooldown=not ignore_cooldown)
    entries.append(run_step(lifecycle_task, settings, run_id, today, source="lifecycle", kind="lifecycle"))
    progress.step()
    return finish(settings, run_id, "crawl-source", started_at, entries)


@flow(name="ingest-inbox", log_prints=True)
def ingest_inbox(path: str | None = None, today: date | None = None):
    """Ingest every file of an inbox folder now; files then move to processed/ or quarantine/ beside it.

    Args:
        path: The inbox folder; empty means the worker's GLANEUR_INBOX.
        today: The day the run counts as; empty means today.
    """
    settings = resolve_settings()
    today = today or date.today()
    started_at = datetime.now(timezone.utc)
    run_id = start_run(open_store(settings.database_url), "ingest-inbox")
    progress = Progress("ingest-inbox", 1)
    entries = [run_step(ingest_inbox_task, settings, run_id, today, inbox=path or None, source="inbox",
                        kind="inbox")]
    progress.step()
    return finish(settings, run_id, "ingest-inbox", started_at, entries)


@flow(name="export-snapshot", log_prints=True)
def export_snapshot(day: date | None = None):
    """Write a snapshot of every posting to the archive: snapshots/YYYY-MM-DD/postings.jsonl.gz and its manifest.

    Args:
        day: The day the snapshot is filed under; empty means today. A second snapshot of a day with other
            content becomes a revision (postings.r1.jsonl.gz); the same content writes nothing.
    """
    settings = resolve_settings()
    day = day or date.today()
    started_at = datetime.now(timezone.utc)
    run_id = start_run(open_store(settings.database_url), "export-snapshot")
    entries = [run_step(snapshot_task, settings, run_id, day, source="snapshot", kind="snapshot")]
    return finish(settings, run_id, "export-snapshot", started_at, entries)
