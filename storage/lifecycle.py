"""Posting lifecycle: open → expired once the deadline has passed (the deadline day itself is still open)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, insert, select, update

from glaneur.storage.db import session_scope
from glaneur.storage.models import Posting, PostingHistory


def expire_postings(engine: Engine, *, today: date, now: datetime, run_id: str | None = None) -> int:
    """Mark open postings whose deadline is before `today` as expired, logging the change; returns how many."""
    with session_scope(engine) as session:
        ids = session.execute(select(Posting.id).where(Posting.status == "open", Posting.deadline < today)).scalars()
        ids = list(ids)
        if not ids:
            return 0
        session.execute(update(Posting).where(Posting.id.in_(ids)).values(status="expired", updated_at=now))
        session.execute(insert(PostingHistory), [
            {"posting_id": posting_id, "field": "status", "old_value": "open", "new_value": "expired",
             "changed_at": now, "source": None, "run_id": run_id} for posting_id in ids])
    return len(ids)
