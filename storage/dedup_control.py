"""Operator control over deduplication: explain a posting, split a source record off, merge two postings.

Every operator decision is kept in dedup_overrides as pairs of source records, (source, external_id) on both
sides, and wins over the machine's on every rerun and reprocess: a known source record never moves on its own
(publish leaves it where it is), and a record published again from scratch meets the override in `dedupe.decide`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from glaneur.storage.db import session_scope
from glaneur.storage.models import DedupOverride, Posting, PostingHistory, PostingSource
from glaneur.storage.publish import _lock, posting_columns, refresh_canonical
from glaneur.transforms import dedupe

OPERATOR = "operator"


class DedupControlError(ValueError):
    """An operator request that cannot be done as asked; the message says why and what would work."""


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def explain(engine: Engine, posting_id: int) -> dict[str, Any]:
    """The posting, each of its sources with the rule, score and evidence that put it there, its reposts,
    the operator decisions that name it and its history."""
    with session_scope(engine) as session:
        posting = session.get(Posting, posting_id)
        if posting is None:
            merged_into = session.scalar(select(DedupOverride.posting_id).where(
                DedupOverride.action == "merge", DedupOverride.other_posting_id == posting_id))
            hint = f"; it was merged into posting {merged_into}" if merged_into else ""
            raise DedupControlError(f"no posting {posting_id}{hint}")
        sources = session.execute(select(PostingSource).where(PostingSource.posting_id == posting_id)
                                  .order_by(PostingSource.id)).scalars().all()
        reposts = session.execute(select(Posting.id).where(Posting.repost_of == posting_id)
                                  .order_by(Posting.id)).scalars().all()
        overrides = session.execute(select(DedupOverride).where(
            (DedupOverride.posting_id == posting_id) | (DedupOverride.other_posting_id == posting_id))
            .order_by(DedupOverride.id)).scalars().all()
        history = session.execute(select(PostingHistory).where(PostingHistory.posting_id == posting_id)
                                  .order_by(PostingHistory.id)).scalars().all()
        return {
            "id": posting.id, "title": posting.title, "organization": posting.organization,
            "status": posting.status, "deadline": _iso(posting.deadline), "repost_of": posting.repost_of,
            "reposts": list(reposts), "first_seen": _iso(posting.first_seen), "last_seen": _iso(posting.last_seen),
            "sources": [{
                "source_id": row.id, "source": row.source, "external_id": row.external_id,
                "url": row.url, "locator": row.locator, "archive_key": row.archive_key,
                "media_type": row.media_type, "title": (row.record or {}).get("title"),
                "deadline": (row.record or {}).get("deadline"), "first_seen": _iso(row.first_seen),
                "last_seen": _iso(row.last_seen), "missed_crawls": row.missed_crawls,
                "decided_by": row.decided_by, "rule": row.match_rule, "score": row.match_score,
                "evidence": row.match_evidence or {}} for row in sources],
            "overrides": [{"action": o.action, "source": o.source, "external_id": o.external_id,
                           "other_source": o.other_source, "other_external_id": o.other_external_id,
                           "posting_id": o.posting_id, "other_posting_id": o.other_posting_id,
                           "created_at": _iso(o.created_at), "note": o.note} for o in overrides],
            "history": [{"field": h.field, "old": h.old_value, "new": h.new_value, "changed_at": _iso(h.changed_at),
                         "source": h.source, "run_id": h.run_id} for h in history],
        }


def _pick_source(rows: list[PostingSource], reference: str, posting_id: int) -> PostingSource:
    """The source record `reference` names: its id (as `explain` prints it), external id, URL or locator, or its
    source name when only one record of that source is in the posting."""
    wanted = reference.strip().lstrip("#")
    by_id = [row for row in rows if wanted.isdigit() and row.id == int(wanted)]
    exact = by_id or [row for row in rows if wanted in (row.external_id, row.url, row.locator,
                                                            f"{row.source}:{row.external_id}")]
    matches = exact or [row for row in rows if row.source == wanted]
    if len(matches) == 1:
        return matches[0]
    listing = ", ".join(f"#{row.id} {row.source}:{row.external_id}" for row in rows)
    if not matches:
        raise DedupControlError(f"posting {posting_id} has no source {reference!r}; its sources: {listing}")
    raise DedupControlError(f"{reference!r} names {len(matches)} sources of posting {posting_id}; "
                            f"give a source id: {listing}")


def split(engine: Engine, posting_id: int, source_reference: str, *, now: datetime,
          note: str | None = None) -> int:
    """Detach one source record of a posting into a new posting of its own; returns the new posting's id.

    The split is kept as an override between the detached record and each record left behind, so no rerun or
    reprocess puts them together again.
    """
    with session_scope(engine) as session:
        _lock(session)
        posting = session.get(Posting, posting_id)
        if posting is None:
            raise DedupControlError(f"no posting {posting_id}")
        rows = list(session.execute(select(PostingSource).where(PostingSource.posting_id == posting_id)
                                    .order_by(PostingSource.id)).scalars())
        row = _pick_source(rows, source_reference, posting_id)
        if len(rows) == 1:
            raise DedupControlError(f"posting {posting_id} has only this source; there is nothing to split it from")
        columns = posting_columns(dedupe.canonical([(row.record, row.structured, row.last_seen.isoformat())]))
        new_id = session.execute(insert(Posting).returning(Posting.id).values(
            **columns, status=posting.status, first_seen=row.first_seen, last_seen=row.last_seen, updated_at=now,
            code_version=row.code_version)).scalar_one()
        session.execute(update(PostingSource).where(PostingSource.id == row.id).values(
            posting_id=new_id, decided_by=OPERATOR, match_rule="operator_split", match_score=1.0,
            match_evidence={"split_from": posting_id, "note": note}))
        session.execute(insert(DedupOverride), [
            {"action": "split", "source": row.source, "external_id": row.external_id, "other_source": other.source,
             "other_external_id": other.external_id, "posting_id": new_id, "other_posting_id": posting_id,
             "created_at": now, "note": note} for other in rows if other.id != row.id])
        session.execute(insert(PostingHistory).values(posting_id=new_id, field="split_from", old_value=None,
                                                      new_value=posting_id, changed_at=now, source=OPERATOR))
        refresh_canonical(session, {posting_id}, now=now, run_id=None, cause={posting_id: OPERATOR})
    return new_id


def merge(engine: Engine, keep_id: int, other_id: int, *, now: datetime, note: str | None = None) -> int:
    """Move every source record of `other_id` into `keep_id` and drop `other_id`; returns `keep_id`.

    Its history and reposts follow; the merge is kept as overrides binding the moved records to the posting's.
    """
    if keep_id == other_id:
        raise DedupControlError("a posting cannot be merged with itself")
    with session_scope(engine) as session:
        _lock(session)
        keep, other = session.get(Posting, keep_id), session.get(Posting, other_id)
        missing = [str(i) for i, p in ((keep_id, keep), (other_id, other)) if p is None]
        if missing:
            raise DedupControlError(f"no posting {' or '.join(missing)}")
        anchor = session.execute(select(PostingSource).where(PostingSource.posting_id == keep_id)
                                 .order_by(PostingSource.id).limit(1)).scalar_one_or_none()
        moved = list(session.execute(select(PostingSource).where(PostingSource.posting_id == other_id)).scalars())
        if anchor is not None:
            session.execute(insert(DedupOverride), [
                {"action": "merge", "source": anchor.source, "external_id": anchor.external_id,
                 "other_source": row.source, "other_external_id": row.external_id, "posting_id": keep_id,
                 "other_posting_id": other_id, "created_at": now, "note": note} for row in moved])
        session.execute(update(PostingSource).where(PostingSource.posting_id == other_id).values(
            posting_id=keep_id, decided_by=OPERATOR, match_rule="operator_merge", match_score=1.0,
            match_evidence={"merged_from": other_id, "note": note}))
        session.execute(update(PostingHistory).where(PostingHistory.posting_id == other_id)
                        .values(posting_id=keep_id))
        session.execute(update(Posting).where(Posting.repost_of == other_id).values(repost_of=keep_id))
        if keep.repost_of == other_id:
            session.execute(update(Posting).where(Posting.id == keep_id).values(repost_of=None))
        first_seen = min(keep.first_seen, other.first_seen)
        last_seen = max(keep.last_seen, other.last_seen)
        session.execute(delete(Posting).where(Posting.id == other_id))
        session.execute(update(Posting).where(Posting.id == keep_id).values(first_seen=first_seen,
                                                                            last_seen=last_seen))
        session.execute(insert(PostingHistory).values(posting_id=keep_id, field="merged_from", old_value=None,
                                                      new_value=other_id, changed_at=now, source=OPERATOR))
        refresh_canonical(session, {keep_id}, now=now, run_id=None, cause={keep_id: OPERATOR})
    return keep_id
