"""Exports of the consolidated store: one row per posting, its contract fields, lifecycle and sources."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import Engine, select

from glaneur.record import RECORD_FIELDS
from glaneur.storage.db import session_scope
from glaneur.storage.models import Posting, PostingSource
from glaneur.storage.publish import posting_record

EXPORT_COLUMNS = ("id", *RECORD_FIELDS, "status", "first_seen", "last_seen", "sources")
PAGE = 1000


def iter_postings(engine: Engine, *, status: str | None = None) -> Iterator[dict[str, Any]]:
    """Postings in id order, a page at a time, each with its sources (provenance)."""
    last_id = 0
    while True:
        with session_scope(engine) as session:
            query = select(Posting).where(Posting.id > last_id).order_by(Posting.id).limit(PAGE)
            if status:
                query = query.where(Posting.status == status)
            page = list(session.execute(query).scalars())
            if not page:
                return
            sources: dict[int, list[dict[str, Any]]] = {}
            rows = session.execute(
                select(PostingSource.posting_id, PostingSource.source, PostingSource.url, PostingSource.locator,
                       PostingSource.archive_key, PostingSource.first_seen, PostingSource.last_seen)
                .where(PostingSource.posting_id.in_([p.id for p in page])).order_by(PostingSource.id)
            )
            for row in rows:
                sources.setdefault(row.posting_id, []).append({
                    "source": row.source, "url": row.url or row.locator, "archive_key": row.archive_key,
                    "first_seen": row.first_seen.isoformat(), "last_seen": row.last_seen.isoformat()})
            for posting in page:
                yield {"id": posting.id, **posting_record(posting), "status": posting.status,
                       "first_seen": posting.first_seen.isoformat(), "last_seen": posting.last_seen.isoformat(),
                       "sources": sources.get(posting.id, [])}
            last_id = page[-1].id


def _csv_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def write_export(engine: Engine, stream: TextIO, *, fmt: str, status: str | None = None) -> int:
    count = 0
    writer = csv.DictWriter(stream, fieldnames=EXPORT_COLUMNS) if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in iter_postings(engine, status=status):
        if writer:
            writer.writerow({key: _csv_cell(row.get(key)) for key in EXPORT_COLUMNS})
        else:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
