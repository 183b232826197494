"""The `glaneur` command line.

Exit codes (every command): 0 success; 2 usage or configuration error (bad option, bad GLANEUR_* value, database or
archive unreachable at start); 3 the run went through but some inputs were quarantined or some sources failed;
1 an unexpected error.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from functools import wraps
from pathlib import Path

import click

from glaneur.config import ConfigError, Settings, load_settings
from glaneur.faults import StorageFault

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_CODES_HELP = (
    "\b\nExit codes:\n  0  all inputs went in\n  2  usage or configuration error (bad GLANEUR_* value, "
    "database or archive unreachable)\n  3  some inputs were quarantined or some sources failed\n"
    "  1  unexpected error"
)

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# Prefect's temporary API server may take longer than its default 20 s to start on a busy 2-core machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"glaneur: error: {message}", err=True)
    sys.exit(code)


def settings_options(command):
    """The storage flags every command that touches the store accepts; each overrides its GLANEUR_* variable."""
    options = [
        click.option("--database-url", help="Database URL [env GLANEUR_DATABASE_URL; default sqlite:///data/glaneur.db]"),
        click.option("--archive-url", help="Archive folder or s3://bucket/prefix [env GLANEUR_ARCHIVE_URL; default data/archive]"),
        click.option("--inbox", help="Inbox folder [env GLANEUR_INBOX; default data/inbox]"),
        click.option("--sources", "sources_file", help="Sources file [env GLANEUR_SOURCES; default sources.yaml]"),
    ]

    @wraps(command)
    def wrapper(*args, database_url=None, archive_url=None, inbox=None, sources_file=None, **kwargs):
        try:
            settings = load_settings().with_overrides(database_url=database_url, archive_url=archive_url,
                                                      inbox=inbox, sources=sources_file)
        except ConfigError as error:
            fail(str(error))
        return command(settings, *args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def open_storage(settings: Settings):
    """Engine and archive, or exit 2 with one line that names the variable to fix."""
    from glaneur.storage.archive import ArchiveError, open_archive
    from glaneur.storage.db import StoreUnavailable, open_store

    try:
        engine = open_store(settings.database_url)
    except StoreUnavailable as error:
        fail(f"GLANEUR_DATABASE_URL: {error}")
    try:
        archive = open_archive(settings.archive_url)
    except ArchiveError as error:
        fail(f"GLANEUR_ARCHIVE_URL: {error}")
    return engine, archive


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(package_name="glaneur")
def cli() -> None:
    """glaneur: gather job postings into one clean, deduplicated, searchable store."""


def print_table(rows: list[dict], columns: tuple[str, ...]) -> None:
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) if rows else len(c) for c in columns}
    click.echo("  ".join(c.ljust(widths[c]) for c in columns))
    click.echo("  ".join("-" * widths[c] for c in columns))
    for row in rows:
        click.echo("  ".join(str(row.get(c, 0 if c != "source" else "")).ljust(widths[c]) for c in columns))


@cli.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.option("--json", "as_json", is_flag=True, help="Print the run manifest as JSON.")
def run(settings: Settings, as_json: bool) -> None:
    """Run the nightly flow once: inbox, enabled sources, dedup, lifecycle, publish."""
    from glaneur.flows.nightly import RUN_COLUMNS, data_paths, nightly

    open_storage(settings)
    os.environ.setdefault("PREFECT_HOME", str(settings.data_dir / "prefect"))
    # The flow reads its settings from the environment: flow parameters are stored (and shown) by Prefect, and a
    # database URL may carry a password.
    os.environ.update(GLANEUR_DATABASE_URL=settings.database_url, GLANEUR_ARCHIVE_URL=settings.archive_url,
                      GLANEUR_INBOX=str(settings.inbox), GLANEUR_SOURCES=str(settings.sources))
    manifest = nightly()
    if as_json:
        click.echo(json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(f"\nrun {manifest['run_id']}: {manifest['status']}")
        print_table(manifest["sources"], ("source", "status", *RUN_COLUMNS))
        for entry in manifest["sources"]:
            if entry.get("message") or entry.get("alert"):
                click.echo(f"{entry['source']}: {entry['status']}: {entry.get('alert') or entry['message']}")
        for name, where in {**data_paths(settings), "manifest": manifest["manifest_key"]}.items():
            click.echo(f"{name:>10}: {where}")
    sys.exit(EXIT_PARTIAL if manifest["status"] != "completed" else EXIT_OK)


@cli.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--source", default="inbox", show_default=True, help="Source name recorded as provenance.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def ingest(settings: Settings, paths: tuple[Path, ...], source: str, as_json: bool) -> None:
    """Ingest files and folders (txt, html, pdf, docx, json) into the store. Files stay where they are."""
    from datetime import datetime, timezone

    from glaneur.flows.ingest import ingest_files
    from glaneur.storage.runs import finish_run, start_run

    engine, archive = open_storage(settings)
    started_at = datetime.now(timezone.utc)
    run_id = start_run(engine, "ingest")
    report = ingest_files([p.absolute() for p in paths], engine=engine, archive=archive, run_id=run_id,
                          today=date.today(), max_bytes=settings.max_file_bytes, source=source,
                          workers=settings.workers)
    summary = {**report.as_dict(), "kind": "files", "status": "ok"}
    manifest = finish_run(engine, archive, run_id, flow="ingest", started_at=started_at, sources=[summary])
    if as_json:
        click.echo(json.dumps({**summary, "run_id": run_id, "manifest_key": manifest["manifest_key"],
                               "quarantine": [r.__dict__ for r in report.rejected]}, ensure_ascii=False, indent=2))
    else:
        from glaneur.flows.nightly import COUNT_COLUMNS

        print_table([summary], ("source", *COUNT_COLUMNS))
        for rejected in report.rejected:
            click.echo(f"quarantined {rejected.locator}: {rejected.code}: {rejected.message}", err=True)
    sys.exit(EXIT_PARTIAL if report.rejected else EXIT_OK)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON (the default, kept for scripts).")
@click.option("--evidence", is_flag=True, help="Add an `evidence` key: the text span behind each value.")
def extract(file: Path, as_json: bool, evidence: bool) -> None:
    """Print the posting record extracted from FILE; writes nothing."""
    from glaneur.record import Capture, Rejection
    from glaneur.transforms.pipeline import process

    result = process(Capture(source="file", locator=file.name, data=file.read_bytes()), date.today())
    if isinstance(result, Rejection):
        fail(f"{file.name}: {result.code}: {result.message}", EXIT_PARTIAL)
    records = []
    for posting in result:
        record = posting.to_record()
        if evidence:
            record["evidence"] = posting.evidence
        records.append(record)
    output = records[0] if len(records) == 1 else records
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))


@cli.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@settings_options
def db_upgrade(settings: Settings) -> None:
    """Apply pending migrations (they also apply on first use)."""
    from glaneur.storage.db import current_revision, head_revision

    engine, _ = open_storage(settings)
    click.echo(f"database at revision {current_revision(engine)} (head {head_revision()})")


# Each area's commands live in their own module and attach themselves to `cli`; list the module here.
COMMAND_MODULES: tuple[str, ...] = ("glaneur.cli_read", "glaneur.cli_quarantine", "glaneur.cli_ops",
                                    "glaneur.cli_bench", "glaneur.cli_crawl", "glaneur.cli_dedup")


def _load_command_modules() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name)


def main() -> None:
    _load_command_modules()
    try:
        cli.main(standalone_mode=True)
    except ConfigError as error:
        fail(str(error))
    except StorageFault as error:  # storage still failing after retries: the batch was not published
        fail(str(error), EXIT_ERROR)
