"""Crawl commands: `glaneur crawl NAME... | --all` (crawl and publish now) and `glaneur sources` (each
source's kind and health, `glaneur sources reset NAME` to end a cooldown)."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone

import click

from glaneur.cli import (
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_PARTIAL,
    cli,
    fail,
    open_storage,
    print_table,
    settings_options,
)
from glaneur.config import Settings
from glaneur.sources import SourceConfig, SourcesError, load_sources

CRAWL_COLUMNS = ("source", "kind", "status", "fetched", "seen_unchanged", "new", "updated", "merged",
                 "quarantined", "errors", "message")
SOURCE_COLUMNS = ("source", "kind", "enabled", "last_status", "items", "last_success", "failures", "note")


def _sources(settings: Settings) -> list[SourceConfig]:
    try:
        return load_sources(settings.sources)
    except SourcesError as error:
        fail(str(error))


@cli.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("names", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every enabled source of the sources file.")
@click.option("--ignore-cooldown", is_flag=True, help="Crawl a source even after repeated failures.")
@click.option("--json", "as_json", is_flag=True, help="Print the run manifest as JSON.")
def crawl(settings: Settings, names: tuple[str, ...], every: bool, ignore_cooldown: bool,
          as_json: bool) -> None:
    """Crawl sources now, each in its own process, and publish what they bring (a named source is crawled even
    when disabled). Exits 3 when a source failed or an input was quarantined."""
    if bool(names) == every:
        fail("name the sources to crawl, or give --all (not both)")
    known = {source.name: source for source in _sources(settings)}
    if every:
        chosen = [name for name, source in known.items() if source.enabled]
    else:
        chosen = list(dict.fromkeys(names))
    unknown = [name for name in chosen if name not in known]
    if unknown:
        fail(f"unknown source(s) {', '.join(unknown)} in {settings.sources}; "
             f"known: {', '.join(known) or 'none'}")
    if not chosen:
        click.echo(f"no enabled source in {settings.sources}: nothing to crawl")
        sys.exit(EXIT_OK)
    open_storage(settings)
    # The flow reads the worker's settings from the environment: make them this command's.
    os.environ.update(GLANEUR_DATABASE_URL=settings.database_url, GLANEUR_ARCHIVE_URL=settings.archive_url,
                      GLANEUR_INBOX=str(settings.inbox))
    os.environ.setdefault("PREFECT_HOME", str(settings.data_dir / "prefect"))
    from glaneur.flows.operations import crawl_sources

    manifest = crawl_sources(sources=chosen, sources_file=str(settings.sources),
                             ignore_cooldown=ignore_cooldown)
    if as_json:
        click.echo(json.dumps(manifest, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(f"\nrun {manifest['run_id']}: {manifest['status']}")
        print_table([{**entry, "message": entry.get("message") or ""} for entry in manifest["sources"]
                     if entry["source"] in known], CRAWL_COLUMNS)
    sys.exit(EXIT_PARTIAL if manifest["status"] != "completed" else EXIT_OK)


@cli.group(invoke_without_command=True, epilog=EXIT_CODES_HELP)
@settings_options
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@click.pass_context
def sources(context: click.Context, settings: Settings, as_json: bool) -> None:
    """The sources of the sources file: kind, enabled, last crawl's status and items, last success."""
    if context.invoked_subcommand is not None:
        return
    from glaneur.storage.crawl_state import source_health
    from glaneur.storage.db import session_scope
    from glaneur.storage.health import cooldowns

    configured = _sources(settings)
    engine, _ = open_storage(settings)
    with session_scope(engine) as session:
        health = source_health(session)
        cooling = cooldowns(session)
    rows = []
    for source in configured:
        known = health.get(source.name, {})
        success = known.get("last_success_at")
        rows.append({"source": source.name, "kind": source.kind, "enabled": "yes" if source.enabled else "no",
                     "last_status": known.get("last_status") or "never crawled",
                     "items": "" if known.get("last_items") is None else known["last_items"],
                     "last_success": success.isoformat(timespec="minutes") if success else "",
                     "failures": known.get("consecutive_failures") or 0,
                     "note": cooling.get(source.name, "")})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print_table(rows, SOURCE_COLUMNS)


@sources.command("reset", epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("name")
def sources_reset(settings: Settings, name: str) -> None:
    """End a source's cooldown and failure streak, so that the next run crawls it again."""
    from glaneur.storage.db import session_scope
    from glaneur.storage.health import reset_source

    if name not in {source.name for source in _sources(settings)}:
        fail(f"unknown source {name!r} in {settings.sources}")
    engine, _ = open_storage(settings)
    with session_scope(engine) as session:
        reason = reset_source(session, name, at=datetime.now(timezone.utc))
    click.echo(f"{name}: cooldown ended ({reason})" if reason else
               f"{name}: was not in cooldown; failure streak reset")
