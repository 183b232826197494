"""The `nightly` flow: every way in, then lifecycle, then the run's summary as a Prefect artifact.

Tasks work on batches (a whole inbox, a whole source), never on one posting.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from glaneur.config import Settings, load_settings
from glaneur.flows.ingest import INBOX_SOURCE, ingest_files
from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store
from glaneur.storage.lifecycle import expire_postings
from glaneur.storage.runs import finish_run, start_run

COUNT_COLUMNS = ("files_seen", "new", "updated", "unchanged", "merged", "quarantined")


def _settings(database_url: str | None, archive_url: str | None, inbox: str | None,
              sources_file: str | None) -> Settings:
    return load_settings().with_overrides(database_url=database_url, archive_url=archive_url, inbox=inbox,
                                          sources=sources_file)


@task(name="ingest-inbox", retries=1, retry_delay_seconds=5)
def ingest_inbox_task(settings: Settings, run_id: str, today: date) -> dict[str, Any]:
    settings.inbox.mkdir(parents=True, exist_ok=True)
    report = ingest_files([settings.inbox], engine=open_store(settings.database_url),
                          archive=open_archive(settings.archive_url), run_id=run_id, today=today,
                          max_bytes=settings.max_file_bytes, source=INBOX_SOURCE, inbox=settings.inbox)
    summary = report.as_dict()
    summary["kind"] = "inbox"
    summary["status"] = "ok" if report.files_seen or not report.waiting else "empty"
    return summary


@task(name="lifecycle")
def lifecycle_task(settings: Settings, run_id: str, today: date) -> dict[str, int]:
    now = datetime.now(timezone.utc)
    return {"expired": expire_postings(open_store(settings.database_url), today=today, now=now, run_id=run_id)}


def summary_markdown(manifest: dict[str, Any], settings: Settings) -> str:
    columns = ("source", "status", *COUNT_COLUMNS)
    lines = [f"# glaneur run `{manifest['run_id']}` — {manifest['status']}", "",
             "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for entry in manifest["sources"]:
        lines.append("| " + " | ".join(str(entry.get(column, 0)) for column in columns) + " |")
    reasons = {}
    for entry in manifest["sources"]:
        for code, count in (entry.get("reasons") or {}).items():
            reasons[code] = reasons.get(code, 0) + count
    if reasons:
        lines += ["", "Quarantined by reason: " + ", ".join(f"`{k}` {v}" for k, v in sorted(reasons.items()))]
    lines += ["", f"Expired: {manifest['totals'].get('expired', 0)}", "",
              f"Manifest: `{manifest['manifest_key']}` in `{settings.archive_url}`",
              f"Database: `{settings.database_url.split('@')[-1]}`"]
    return "\n".join(lines)


@flow(name="nightly", log_prints=True)
def nightly(inbox: str | None = None, sources_file: str | None = None, database_url: str | None = None,
            archive_url: str | None = None, today: date | None = None) -> dict[str, Any]:
    """Ingest the inbox (and, as they land, crawl enabled sources and dedupe), apply the lifecycle, publish a summary."""
    logger = get_run_logger()
    settings = _settings(database_url, archive_url, inbox, sources_file)
    today = today or date.today()
    engine = open_store(settings.database_url)
    archive = open_archive(settings.archive_url)
    started_at = datetime.now(timezone.utc)
    run_id = start_run(engine, "nightly")
    sources = [ingest_inbox_task(settings, run_id, today)]
    lifecycle = lifecycle_task(settings, run_id, today)
    sources.append({"source": "lifecycle", "kind": "lifecycle", "status": "ok", **lifecycle})
    manifest = finish_run(engine, archive, run_id, flow="nightly", started_at=started_at, sources=sources)
    create_markdown_artifact(summary_markdown(manifest, settings), key="nightly-summary",
                             description="Per-source counts of this nightly run")
    logger.info("run %s %s: %s", run_id, manifest["status"], manifest["totals"])
    return manifest


def data_paths(settings: Settings) -> dict[str, str]:
    return {"database": settings.database_url, "archive": settings.archive_url, "inbox": str(settings.inbox),
            "processed": str(Path(settings.inbox).parent / "processed"),
            "quarantine": str(Path(settings.inbox).parent / "quarantine")}
