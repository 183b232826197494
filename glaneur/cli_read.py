"""Commands for downstream readers: `glaneur export` and `glaneur api`. Both read through a read-only connection."""

from __future__ import annotations

import os
import re
import socket
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from glaneur.cli import EXIT_CODES_HELP, cli, fail, settings_options
from glaneur.config import Settings
from glaneur.record import STATUSES

# storage.export's formats, spelled out: importing it here would load pyarrow and the dedup stack into every
# `glaneur` command, not just `export` (tests/read/test_export.py keeps the two equal).
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "jsonld")


def open_database(settings: Settings) -> str:
    """Migrate the store if needed (the views and search index must exist) and return its URL; exit 2 if down.

    Readers need no archive, so unlike `open_storage` this does not open it.
    """
    from glaneur.storage.db import StoreUnavailable, open_store

    try:
        open_store(settings.database_url)
    except StoreUnavailable as error:
        fail(f"GLANEUR_DATABASE_URL: {error}")
    return settings.database_url


def _country(_ctx, _param, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z]{2}", value):
        raise click.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-2 code (e.g. ML, SN, FR)")
    return value.upper() if value else None


@cli.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl/csv: every posting with its sources; parquet: the same, typed; jsonld: schema.org "
                   "JobPosting list (postings missing a property Google requires are left out, and counted).")
@click.option("--status", type=click.Choice(STATUSES), help="Only postings with this status.")
@click.option("--country", callback=_country, help="Only postings with a location in this country (ISO alpha-2).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
              help="Only postings changed (a field or the status) on or after this UTC date or time.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (atomically, through a temporary file beside it), not stdout.")
def export(settings: Settings, fmt: str, status: str | None, country: str | None, since: datetime | None,
           output: Path | None) -> None:
    """Export postings with their sources, one row (or one JobPosting) per posting."""
    from glaneur.storage.db import make_engine
    from glaneur.storage.export import write_export
    from glaneur.storage.read import PostingFilter

    if fmt == "parquet" and output is None and sys.stdout.isatty():
        fail("parquet is binary; write it to a file with -o FILE (or redirect stdout)")
    engine = make_engine(open_database(settings), read_only=True)
    wanted = PostingFilter(status=status, country=country,
                           updated_since=since.replace(tzinfo=timezone.utc) if since else None)
    if output is None:
        summary = write_export(engine, sys.stdout.buffer, fmt=fmt, wanted=wanted)
        sys.stdout.buffer.flush()
    else:
        partial = output.with_name(f".{output.name}.partial")
        try:
            with partial.open("wb") as stream:
                summary = write_export(engine, stream, fmt=fmt, wanted=wanted)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        click.echo(f"{summary.written} postings written to {output}", err=True)
    if summary.skipped:
        reasons = ", ".join(f"{name} ({count})" for name, count in sorted(summary.missing.items()))
        click.echo(f"{summary.skipped} postings left out of the JSON-LD: missing {reasons}", err=True)


@cli.command(epilog=EXIT_CODES_HELP)
@settings_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def api(settings: Settings, host: str, port: int) -> None:
    """Serve the read API (/postings, /postings/{id}, /health, /openapi.json, /docs) and the HTML pages (/)."""
    import uvicorn

    from glaneur.api import create_app

    url = open_database(settings)
    _check_can_listen(host, port)
    uvicorn.run(create_app(url), host=host, port=port, log_level="info")


def _check_can_listen(host: str, port: int) -> None:
    """A busy port or unknown host is a configuration error (exit 2, one line), not a crash inside the server."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as error:
        fail(f"--host/--port: cannot listen on {host}:{port}: {error.strerror or error}")
