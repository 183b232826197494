"""Per-source crawl state in the database: what each URL looked like last time, the API cursor, source health.

The state dict is the one the crawl process reads and writes (`glaneur.spiders.book`): `{"urls": {url:
{"etag", "last_modified", "content_hash", "lastmod", "fetched_at"}}, "cursor": str | None}`. Writes are bulk
upserts (`INSERT … ON CONFLICT`), one statement per chunk of rows, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from glaneur.storage.models import CrawlState, SourceState

URL_COLUMNS = ("etag", "last_modified", "content_hash", "lastmod", "fetched_at")
CHUNK = 500


def _insert(session: Session, model):
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(model)


def _timestamp(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO string or a datetime (SQLite hands back naive UTC ones)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def load_state(session: Session, source_name: str) -> dict[str, Any]:
    """The state the next crawl of `source_name` starts from (empty for a source never crawled)."""
    urls = {}
    for row in session.execute(select(CrawlState).where(CrawlState.source == source_name)).scalars():
        entry = {column: getattr(row, column) for column in URL_COLUMNS if getattr(row, column) is not None}
        if row.fetched_at is not None:
            entry["fetched_at"] = _timestamp(row.fetched_at).isoformat()
        urls[row.url] = entry
    source = session.get(SourceState, source_name)
    return {"urls": urls, "cursor": source.cursor if source else None}


def save_state(session: Session, source_name: str, state: dict[str, Any]) -> None:
    """Store a crawl's new state: every URL entry upserted, and the cursor. Call it once captures landed."""
    rows = [{"source": source_name, "url": url, **{column: entry.get(column) for column in URL_COLUMNS}}
            for url, entry in (state.get("urls") or {}).items()]
    for row in rows:
        row["fetched_at"] = _timestamp(row["fetched_at"])
    for start in range(0, len(rows), CHUNK):
        statement = _insert(session, CrawlState).values(rows[start:start + CHUNK])
        updates = {column: statement.excluded[column] for column in URL_COLUMNS}
        session.execute(statement.on_conflict_do_update(index_elements=["source", "url"], set_=updates))
    statement = _insert(session, SourceState).values(source=source_name, cursor=state.get("cursor"))
    session.execute(statement.on_conflict_do_update(index_elements=["source"],
                                                    set_={"cursor": statement.excluded.cursor}))


def record_outcome(session: Session, source_name: str, *, status: str, items: int, at: datetime) -> None:
    """Remember how the last crawl of a source went: status, items, failure streak, last success."""
    known = session.get(SourceState, source_name)
    failures = (known.consecutive_failures if known else 0) + 1 if status == "failed" else 0
    at = _timestamp(at)
    values = {"last_status": status, "last_items": items, "consecutive_failures": failures, "updated_at": at}
    if status == "ok":
        values["last_success_at"] = at
    statement = _insert(session, SourceState).values(source=source_name, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["source"], set_=values))


def source_health(session: Session) -> dict[str, dict[str, Any]]:
    """Every source's last outcome, by name, for `glaneur sources`."""
    return {row.source: {"last_status": row.last_status, "last_items": row.last_items,
                         "last_success_at": _timestamp(row.last_success_at),
                         "consecutive_failures": row.consecutive_failures}
            for row in session.execute(select(SourceState)).scalars()}
