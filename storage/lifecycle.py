"""Posting lifecycle: open → expired → open, open → closed → open; every status change goes to history.

- open → `expired` once the deadline has passed (the deadline day itself is still open);
- open → `closed` when a crawled posting was not seen in N consecutive successful crawls of every source that had
  it (N = Settings.close_after_missed_crawls). A failed or empty crawl counts nothing; a posting with any source that
  is never crawled (the inbox, `glaneur ingest`) never closes;
- expired/closed → open when it is seen again with a deadline that is not past (an extension, or a closed posting
  back on its board).

The flows call `record_crawl` after each crawl of a source, then `apply_lifecycle` once per run.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, and_, exists, insert, not_, or_, select, update

from glaneur.storage.db import session_scope
from glaneur.storage.models import Posting, PostingHistory, PostingSource, SourceCrawl

CHUNK = 500
CRAWL_OK = "ok"


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _record_seen(external_id: str, seen: set[str]) -> bool:
    """A source record was seen if the crawl gave its id, or the id of the capture it came from ("id#n")."""
    return external_id in seen or external_id.split("#", 1)[0] in seen


def record_crawl(engine: Engine, source: str, status: str, seen_external_ids: set[str], *, run_id: str,
                 now: datetime) -> dict[str, int | bool]:
    """Count one crawl of `source` for closing: its records not in `seen_external_ids` missed one more crawl.

    Only a successful crawl that saw something counts (`status == "ok"` and a non-empty set); a failed or empty one
    changes nothing, so that a broken spider never closes the postings it failed to see. Calling it again for the
    same (source, run_id) does nothing: a retried task counts once. Returns {"counted", "seen", "missed"}.
    """
    counted = status == CRAWL_OK and bool(seen_external_ids)
    with session_scope(engine) as session:
        done = session.scalar(select(SourceCrawl.id).where(SourceCrawl.source == source,
                                                           SourceCrawl.run_id == run_id))
        if done is not None:
            return {"counted": False, "seen": 0, "missed": 0}
        seen_ids, missed_ids = [], []
        if counted:
            rows = session.execute(select(PostingSource.id, PostingSource.external_id)
                                   .where(PostingSource.source == source))
            for row_id, external_id in rows:
                (seen_ids if _record_seen(external_id, seen_external_ids) else missed_ids).append(row_id)
            for chunk in _chunks(missed_ids):
                session.execute(update(PostingSource).where(PostingSource.id.in_(chunk))
                                .values(missed_crawls=PostingSource.missed_crawls + 1))
            for chunk in _chunks(seen_ids):
                session.execute(update(PostingSource).where(PostingSource.id.in_(chunk))
                                .values(missed_crawls=0, last_seen=now))
        session.execute(insert(SourceCrawl).values(source=source, run_id=run_id, status=status,
                                                   seen=len(seen_external_ids), missed=len(missed_ids),
                                                   crawled_at=now))
    return {"counted": counted, "seen": len(seen_ids), "missed": len(missed_ids)}


def _change_status(session, ids: list[int], old: str, new: str, *, now: datetime, run_id: str | None) -> int:
    for chunk in _chunks(ids):
        session.execute(update(Posting).where(Posting.id.in_(chunk)).values(status=new, updated_at=now))
    if ids:
        session.execute(insert(PostingHistory), [
            {"posting_id": posting_id, "field": "status", "old_value": old, "new_value": new, "changed_at": now,
             "source": "lifecycle", "run_id": run_id} for posting_id in ids])
    return len(ids)


def expire_postings(engine: Engine, *, today: date, now: datetime, run_id: str | None = None) -> int:
    """Mark open postings whose deadline is before `today` as expired, logging the change; returns how many."""
    with session_scope(engine) as session:
        return _expire(session, today=today, now=now, run_id=run_id)


def _expire(session, *, today: date, now: datetime, run_id: str | None) -> int:
    ids = list(session.execute(select(Posting.id).where(Posting.status == "open", Posting.deadline < today))
               .scalars())
    return _change_status(session, ids, "open", "expired", now=now, run_id=run_id)


def _gone_everywhere(close_after: int):
    """A posting whose every source is a crawled source that missed `close_after` successful crawls or more."""
    crawled = select(SourceCrawl.id).where(SourceCrawl.source == PostingSource.source).exists()
    still_there = exists().where(PostingSource.posting_id == Posting.id,
                                 or_(not_(crawled), PostingSource.missed_crawls < close_after))
    has_sources = exists().where(PostingSource.posting_id == Posting.id)
    return and_(has_sources, not_(still_there))


def apply_lifecycle(engine: Engine, *, today: date, now: datetime, run_id: str | None = None,
                    close_after: int = 2) -> dict[str, int]:
    """Expire, close and reopen postings in one transaction; returns {"expired", "closed", "reopened"}."""
    with session_scope(engine) as session:
        expired = _expire(session, today=today, now=now, run_id=run_id)
        gone = _gone_everywhere(close_after)
        closing = list(session.execute(select(Posting.id).where(
            Posting.status == "open", or_(Posting.deadline.is_(None), Posting.deadline >= today), gone)).scalars())
        closed = _change_status(session, closing, "open", "closed", now=now, run_id=run_id)
        # Expired with a deadline now ahead: a later deadline came in. Closed and seen again, deadline not past.
        reopened = 0
        for status, deadline_ok in (("expired", Posting.deadline >= today),
                                    ("closed", or_(Posting.deadline.is_(None), Posting.deadline >= today))):
            back = list(session.execute(select(Posting.id).where(Posting.status == status, deadline_ok, not_(gone)))
                        .scalars())
            reopened += _change_status(session, back, status, "open", now=now, run_id=run_id)
    return {"expired": expired, "closed": closed, "reopened": reopened}
