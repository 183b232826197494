"""`glaneur quarantine list|retry`: what did not become a posting, why, and another go after a fix."""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timezone

import click

from glaneur.cli import EXIT_CODES_HELP, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, cli, fail, open_storage, print_table, \
    settings_options
from glaneur.config import Settings

# Characters that would break a table row or hide what a name really is (line breaks, bidi overrides).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MESSAGE_WIDTH = 70


@cli.group(epilog=EXIT_CODES_HELP)
def quarantine() -> None:
    """Inputs that did not become postings: list them with their reasons, retry them after a fix."""


def _printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def entry_json(entry) -> dict:
    return {"id": entry.id, "name": entry.locator, "source": entry.source, "reason_code": entry.reason_code,
            "message": entry.message, "archive_key": entry.archive_key, "when": _iso(entry.created_at),
            "sha256": entry.sha256, "media_type": entry.media_type, "run_id": entry.run_id,
            "status": "resolved" if entry.resolved_at else "open", "retried_at": _iso(entry.retried_at),
            "resolved_at": _iso(entry.resolved_at)}


@quarantine.command("list", epilog=EXIT_CODES_HELP)
@settings_options
@click.option("--all", "show_all", is_flag=True, help="Include entries already resolved.")
@click.option("--reason", "reason_code", help="Only entries with this reason code.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list: id, name, source, reason_code, message, archive_key, when, status…")
def list_entries(settings: Settings, show_all: bool, reason_code: str | None, as_json: bool) -> None:
    """List quarantined inputs, oldest first (open ones only unless --all)."""
    from sqlalchemy import select

    from glaneur.storage.db import session_scope
    from glaneur.storage.models import QuarantineEntry

    engine, _ = open_storage(settings)
    query = select(QuarantineEntry).order_by(QuarantineEntry.id)
    if not show_all:
        query = query.where(QuarantineEntry.resolved_at.is_(None))
    if reason_code:
        query = query.where(QuarantineEntry.reason_code == reason_code)
    with session_scope(engine) as session:
        entries = [entry_json(entry) for entry in session.execute(query).scalars()]
    if as_json:
        click.echo(json.dumps(entries, ensure_ascii=False, indent=2))
        return
    rows = [{**entry, "name": _printable(entry["name"]), "when": (entry["when"] or "")[:19],
             "message": _printable(entry["message"])[:MESSAGE_WIDTH]} for entry in entries]
    print_table(rows, ("id", "when", "source", "name", "reason_code", "status", "message"))
    click.echo(f"\n{len(entries)} {'entries' if show_all else 'open entries'}", err=True)


@quarantine.command("retry", epilog=EXIT_CODES_HELP)
@settings_options
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "retry_all", is_flag=True, help="Retry every open entry.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per entry and the run id.")
def retry(settings: Settings, ids: tuple[int, ...], retry_all: bool, as_json: bool) -> None:
    """Run the archived raw bytes of quarantined inputs (ID… or --all) through the current pipeline.

    What now gives postings is published and its entry resolved; the rest keep their entry, with the new reason.
    Inputs refused before reading (symlinks, oversize files) have nothing archived: fix them and drop them again.
    Exit 0 when every entry asked for is resolved, 3 when some stay quarantined, 2 when an id is unknown.
    """
    from glaneur.flows.ingest import retry_quarantined
    from glaneur.storage.runs import finish_run, start_run

    if bool(ids) == retry_all:
        fail("give entry ids or --all (not both)", EXIT_USAGE)
    engine, archive = open_storage(settings)
    started_at = datetime.now(timezone.utc)
    run_id = start_run(engine, "quarantine-retry")
    outcomes = retry_quarantined(engine, archive, None if retry_all else list(ids), today=date.today(),
                                 run_id=run_id, now=started_at)
    tally = {name: sum(o.outcome == name for o in outcomes)
             for name in ("resolved", "quarantined", "not_retriable", "already_resolved", "not_found")}
    summary = {"source": "quarantine", "kind": "retry", "status": "ok", "retried": len(outcomes), **tally,
               "new_postings": sum(o.postings for o in outcomes)}
    finish_run(engine, archive, run_id, flow="quarantine-retry", started_at=started_at,
               sources=[{**summary, "quarantined": tally["quarantined"] + tally["not_retriable"]}])
    if as_json:
        click.echo(json.dumps({"run_id": run_id, **summary, "entries": [o.__dict__ for o in outcomes]},
                              ensure_ascii=False, indent=2))
    else:
        print_table([{**o.__dict__, "name": _printable(o.name), "reason_code": o.reason_code or "",
                      "message": _printable(o.message)[:MESSAGE_WIDTH]} for o in outcomes],
                    ("id", "name", "outcome", "reason_code", "postings", "message"))
    if tally["not_found"]:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_PARTIAL if tally["quarantined"] or tally["not_retriable"] else EXIT_OK)
