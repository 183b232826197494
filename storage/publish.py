"""Publish a batch of source records in one transaction: provenance, dedup decisions, canonical postings, history.

The hot path is set-based: one query per lookup per batch, bulk inserts and bulk updates by primary key; no ORM
object per posting. Dedup decisions come from `glaneur.transforms.dedupe` (pure); this module only applies them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, text, tuple_, update
from sqlalchemy.orm import Session

from glaneur.storage.models import Posting, PostingHistory, PostingSource
from glaneur.transforms import dedupe

CHUNK = 500
# Canonical fields tracked in history (everything the record contract prints but provenance).
TRACKED = ("title", "organization", "language", "locations", "contract_type", "employment_type", "duration_months",
           "start_date", "deadline", "posted_date", "apply_emails", "apply_url", "positions", "education_level",
           "experience_years_min", "languages_required", "salary", "reference", "description", "url")


@dataclass
class SourceRecord:
    """One source's view of one posting, ready to publish."""

    source: str
    external_id: str
    locator: str
    url: str | None
    archive_key: str | None
    media_type: str | None
    record: dict[str, Any]
    structured: bool = False


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _iso_date(value: str | None) -> date | None:
    if not value or value == "asap":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def posting_columns(record: dict[str, Any]) -> dict[str, Any]:
    """Record contract → postings columns (salary split in four, dates typed, countries indexed)."""
    salary = record.get("salary") or {}
    countries = sorted({loc.get("country") for loc in record.get("locations") or [] if loc.get("country")})
    return {
        **{key: record.get(key) for key in ("title", "organization", "language", "contract_type", "employment_type",
                                             "duration_months", "start_date", "apply_url", "positions",
                                             "education_level", "experience_years_min", "reference", "description",
                                             "source", "url", "content_hash")},
        "locations": record.get("locations") or [],
        "apply_emails": record.get("apply_emails") or [],
        "languages_required": record.get("languages_required") or [],
        "deadline": _iso_date(record.get("deadline")),
        "posted_date": _iso_date(record.get("posted_date")),
        "salary_min": salary.get("min"),
        "salary_max": salary.get("max"),
        "salary_currency": salary.get("currency"),
        "salary_period": salary.get("period"),
        "countries": f" {' '.join(countries)} " if countries else "",
        "url_key": dedupe.normalise_url(record.get("url")),
    }


def _lock(session: Session) -> None:
    """Serialise publishers on PostgreSQL (SQLite's BEGIN IMMEDIATE does it there): no double publish."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7301)"))


def _existing_sources(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    found = {}
    for chunk in _chunks(keys):
        rows = session.execute(
            select(PostingSource.id, PostingSource.source, PostingSource.external_id, PostingSource.posting_id,
                   PostingSource.content_hash, PostingSource.decided_by)
            .where(tuple_(PostingSource.source, PostingSource.external_id).in_(chunk))
        )
        found.update({(row.source, row.external_id): row for row in rows})
    return found


def _candidates(session: Session, incoming: list[dedupe.Incoming]) -> list[dedupe.Candidate]:
    hashes = sorted({i.record.get("content_hash") for i in incoming if i.record.get("content_hash")})
    urls = sorted({i.url_key for i in incoming if i.url_key})
    found: dict[int, dedupe.Candidate] = {}
    for column, values in ((Posting.content_hash, hashes), (Posting.url_key, urls)):
        for chunk in _chunks(values):
            rows = session.execute(
                select(Posting.id, Posting.content_hash, Posting.url_key).where(column.in_(chunk))
            )
            for row in rows:
                found[row.id] = dedupe.Candidate(row.id, row.content_hash, row.url_key)
    # Source records' own hashes find postings whose canonical hash came from another source.
    for chunk in _chunks(hashes):
        rows = session.execute(
            select(PostingSource.posting_id, PostingSource.content_hash).where(PostingSource.content_hash.in_(chunk))
        )
        for row in rows:
            found.setdefault(row.posting_id, dedupe.Candidate(row.posting_id, row.content_hash, None))
    return list(found.values())


def refresh_canonical(session: Session, posting_ids: set[int], *, now: datetime, run_id: str | None,
                      cause: dict[int, str]) -> int:
    """Rebuild the canonical record of these postings from all their sources; log each changed field."""
    changed = 0
    ids = sorted(posting_ids)
    for chunk in _chunks(ids):
        sources: dict[int, list] = {}
        rows = session.execute(
            select(PostingSource.posting_id, PostingSource.record, PostingSource.structured, PostingSource.last_seen)
            .where(PostingSource.posting_id.in_(chunk))
        )
        for row in rows:
            sources.setdefault(row.posting_id, []).append((row.record, row.structured, row.last_seen.isoformat()))
        current = {row.id: row for row in session.execute(select(Posting).where(Posting.id.in_(chunk))).scalars()}
        updates, history = [], []
        for posting_id, records in sources.items():
            merged = dedupe.canonical(records)
            columns = posting_columns(merged)
            posting = current[posting_id]
            old = posting_record(posting)
            diffs = [(name, old.get(name), merged.get(name)) for name in TRACKED if old.get(name) != merged.get(name)]
            if not diffs:
                continue
            changed += 1
            updates.append({"id": posting_id, **columns, "updated_at": now})
            history.extend({"posting_id": posting_id, "field": name, "old_value": before, "new_value": after,
                            "changed_at": now, "source": cause.get(posting_id), "run_id": run_id}
                           for name, before, after in diffs)
        if updates:
            session.execute(update(Posting), updates)
        if history:
            session.execute(insert(PostingHistory), history)
    return changed


def posting_record(posting: Posting) -> dict[str, Any]:
    """A stored posting back in the record contract (plus nothing else)."""
    salary = None
    if posting.salary_currency or posting.salary_min is not None or posting.salary_max is not None:
        salary = {"min": posting.salary_min, "max": posting.salary_max, "currency": posting.salary_currency,
                  "period": posting.salary_period}
    return {
        "title": posting.title, "organization": posting.organization, "language": posting.language,
        "locations": posting.locations or [], "contract_type": posting.contract_type,
        "employment_type": posting.employment_type, "duration_months": posting.duration_months,
        "start_date": posting.start_date,
        "deadline": posting.deadline.isoformat() if posting.deadline else None,
        "posted_date": posting.posted_date.isoformat() if posting.posted_date else None,
        "apply_emails": posting.apply_emails or [], "apply_url": posting.apply_url, "positions": posting.positions,
        "education_level": posting.education_level, "experience_years_min": posting.experience_years_min,
        "languages_required": posting.languages_required or [], "salary": salary, "reference": posting.reference,
        "description": posting.description, "source": posting.source, "url": posting.url,
        "content_hash": posting.content_hash,
    }


def publish_batch(session: Session, records: list[SourceRecord], *, now: datetime, run_id: str | None = None,
                  code_version: str | None = None) -> dict[str, int]:
    """Upsert a batch; returns counts `new`, `merged`, `updated`, `unchanged` (per source record)."""
    counts = {"new": 0, "merged": 0, "updated": 0, "unchanged": 0}
    if not records:
        return counts
    _lock(session)
    # The last record wins when a batch names the same source key twice.
    by_key = {(r.source, r.external_id): r for r in records}
    existing = _existing_sources(session, list(by_key))

    unchanged_ids, changed_rows, touched_postings, cause = [], [], set(), {}
    fresh: list[SourceRecord] = []
    for key, item in by_key.items():
        row = existing.get(key)
        if row is None:
            fresh.append(item)
        elif row.content_hash == item.record.get("content_hash"):
            unchanged_ids.append(row.id)
        else:
            changed_rows.append({"id": row.id, "record": item.record, "content_hash": item.record.get("content_hash"),
                                 "archive_key": item.archive_key, "url": item.url, "locator": item.locator,
                                 "media_type": item.media_type, "structured": item.structured, "last_seen": now,
                                 "missed_crawls": 0, "code_version": code_version})
            touched_postings.add(row.posting_id)
            cause[row.posting_id] = item.source
    for chunk in _chunks(unchanged_ids):
        session.execute(update(PostingSource).where(PostingSource.id.in_(chunk))
                        .values(last_seen=now, missed_crawls=0))
    if changed_rows:
        session.execute(update(PostingSource), changed_rows)
    counts["unchanged"] = len(unchanged_ids)
    counts["updated"] = len(changed_rows)

    incoming = [dedupe.Incoming((r.source, r.external_id), r.record, dedupe.normalise_url(r.url), r.structured)
                for r in fresh]
    decisions = dedupe.decide(incoming, _candidates(session, incoming))
    new_rows = [i for i, d in enumerate(decisions) if d.posting_id is None and d.same_as_batch is None]
    new_ids: dict[int, int] = {}
    if new_rows:
        rows = [{**posting_columns(fresh[i].record), "status": "open", "first_seen": now, "last_seen": now,
                 "updated_at": now, "code_version": code_version} for i in new_rows]
        result = session.execute(insert(Posting).returning(Posting.id, sort_by_parameter_order=True), rows)
        new_ids = dict(zip(new_rows, result.scalars().all(), strict=True))
    source_rows = []
    for index, (item, decision) in enumerate(zip(fresh, decisions, strict=True)):
        if decision.posting_id is not None:
            posting_id = decision.posting_id
        elif decision.same_as_batch is not None:
            posting_id = new_ids[decision.same_as_batch]
        else:
            posting_id = new_ids[index]
        if index not in new_ids:
            counts["merged"] += 1
            touched_postings.add(posting_id)
            cause[posting_id] = item.source
        source_rows.append({
            "posting_id": posting_id, "source": item.source, "external_id": item.external_id,
            "locator": item.locator, "url": item.url, "content_hash": item.record.get("content_hash"),
            "archive_key": item.archive_key, "media_type": item.media_type, "record": item.record,
            "structured": item.structured, "first_seen": now, "last_seen": now, "missed_crawls": 0,
            "match_rule": decision.rule, "match_score": decision.score, "match_evidence": decision.evidence,
            "decided_by": "machine", "code_version": code_version,
        })
    counts["new"] = len(new_ids)
    if source_rows:
        session.execute(insert(PostingSource), source_rows)
    if touched_postings:
        refresh_canonical(session, touched_postings, now=now, run_id=run_id, cause=cause)
    seen = touched_postings | {row.posting_id for key, row in existing.items()}
    for chunk in _chunks(sorted(seen)):
        session.execute(update(Posting).where(Posting.id.in_(chunk)).values(last_seen=now))
    return counts
