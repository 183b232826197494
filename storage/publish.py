"""Publish a batch of source records in one transaction: provenance, dedup decisions, canonical postings, history.

The hot path is set-based: a handful of queries per batch (source keys, candidate keys, candidate records,
boilerplate, overrides), bulk inserts and bulk updates by primary key; no ORM object per posting and never a
comparison of all pairs. The decisions come from `glaneur.transforms.dedupe` (pure); this module finds the
candidates it needs in the store and applies what it decided.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Text, cast, delete, func, insert, or_, select, text, tuple_, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from glaneur.storage.db import md5_hex
from glaneur.storage.models import (
    DedupBoilerplate,
    DedupKey,
    DedupOverride,
    Posting,
    PostingHistory,
    PostingSource,
)
from glaneur.transforms import dedupe

CHUNK = 500
# Stored source records fetched per candidate key, newest first: a generic title or an organisation's boilerplate
# band is shared by many postings, and the few most recent are the ones a new record can duplicate.
KEY_FANOUT = 20
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
    # When the capture was fetched, if not now (a backlog or a reprocess): dedup judges reposts by it.
    seen: datetime | None = None
    # Dedupe's view of `record`, when it was computed where the record was made (an extraction worker).
    fingerprint: dedupe.Fingerprint | None = None


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
        "block_key": dedupe.block_key(record),
    }


def _lock(session: Session) -> None:
    """Serialise publishers on PostgreSQL (SQLite's BEGIN IMMEDIATE does it there): no double publish."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7301)"))


def insert_ignoring_conflicts(session: Session, model, rows: list[dict], conflict: Sequence[str] = ()) -> None:
    """Insert rows of one shape, skipping those a unique constraint (on `conflict`, or any) says are stored already
    or given twice.

    PostgreSQL: one INSERT … SELECT … FROM unnest(column arrays) ON CONFLICT DO NOTHING — SQLAlchemy's multi-row
    INSERT cost 0.4 ms a row (captures, 10k bench profile). Elsewhere: executemany.
    """
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        statement = sqlite_insert(model).on_conflict_do_nothing(index_elements=list(conflict) or None)
        for chunk in _chunks(rows, 2000):
            session.execute(statement, chunk)
        return
    table = model.__table__
    columns, values = _with_defaults(table, rows)
    dialect = session.get_bind().dialect
    # One array per column, unnested back into rows: a single statement however many rows, and no temporary
    # table (the documented writer role may not create one).
    arrays = ", ".join(f"CAST(%s AS {table.c[name].type.compile(dialect=dialect)}[])" for name in columns)
    names = ", ".join(f'"{name}"' for name in columns)
    target = f" ({', '.join(conflict)})" if conflict else ""
    by_column = [[_driver_value(row[position], is_json, null) for row in values]
                 for position, (is_json, null) in enumerate(zip(*_json_columns(table, columns), strict=True))]
    session.connection().connection.driver_connection.cursor().execute(
        f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT{target} DO NOTHING',
        by_column)


def bulk_insert(session: Session, model, rows: list[dict], *, returning_ids: bool = False) -> list[int]:
    """Insert many rows of one shape; returns their new ids, in row order, if asked.

    PostgreSQL: one COPY, inside the session's transaction, with ids drawn from the table's sequence beforehand
    (COPY returns nothing) — row by row statements cost several times the load itself. Elsewhere: executemany.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name != "postgresql":
        ids: list[int] = []
        for chunk in _chunks(rows):
            if returning_ids:
                ids += session.execute(insert(model).returning(model.id, sort_by_parameter_order=True),
                                       chunk).scalars().all()
            else:
                session.execute(insert(model), chunk)
        return ids
    ids = []
    if returning_ids:
        ids = session.execute(text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
                              {"table": model.__tablename__, "n": len(rows)}).scalars().all()
        rows = [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)]
    table = model.__table__
    columns, values = _with_defaults(table, rows)
    as_json, null_is_json = _json_columns(table, columns)
    names = ", ".join(f'"{name}"' for name in columns)
    copy_rows(session.connection().connection.driver_connection.cursor(), f'COPY "{table.name}" ({names}) FROM STDIN',
              values, as_json, null_is_json=null_is_json)
    return ids


def _with_defaults(table, rows: list[dict]) -> tuple[list[str], list[list]]:
    """The rows' columns and values, then the model's defaults for the columns they leave out: what an INSERT
    through SQLAlchemy would write, for statements that bypass it (COPY, unnest)."""
    given = list(rows[0])
    defaults = {column.name: column.default.arg if column.default.is_scalar else column.default.arg(None)
                for column in table.c if column.default is not None and column.name not in rows[0]}
    extra = list(defaults.values())
    return [*given, *defaults], [[row[name] for name in given] + extra for row in rows]


def _json_columns(table, columns: list[str]) -> tuple[list[bool], list[bool]]:
    """Which columns are JSON, and for which None is JSON null (SQLAlchemy's JSON type, unless none_as_null)."""
    as_json = [isinstance(table.c[name].type, JSON) for name in columns]
    return as_json, [is_json and not table.c[name].type.none_as_null for name, is_json in zip(columns, as_json)]


def _driver_value(value, is_json: bool, null_is_json: bool):
    return Jsonb(value) if is_json and (value is not None or null_is_json) else value


def copy_rows(cursor, statement: str, rows: Iterable[Sequence], json_columns: Sequence[bool], *,
              null_is_json: Sequence[bool] | None = None) -> None:
    """COPY rows through a psycopg cursor. Values of JSON columns go as JSON; None as SQL NULL, or as JSON null
    where `null_is_json` says so (what SQLAlchemy's JSON type stores)."""
    nulls = null_is_json or [False] * len(json_columns)
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([_driver_value(value, is_json, null)
                            for value, is_json, null in zip(row, json_columns, nulls, strict=True)])


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


def store_keys(session: Session, keys_by_source: dict[int, dict[int, str]], *, fresh: bool = False) -> None:
    """(Re)file the candidate keys of these source records (`fresh`: just inserted, no keys to remove)."""
    for chunk in ([] if fresh else _chunks(sorted(keys_by_source))):
        session.execute(delete(DedupKey).where(DedupKey.source_id.in_(chunk)))
    bulk_insert(session, DedupKey,
                [{"key": key, "source_id": source_id} for source_id, keys in keys_by_source.items() for key in keys])


def _newest_per_key(session: Session, keys: list[int]) -> list[tuple[int, int]]:
    """(key, source id) for the KEY_FANOUT newest source records filed under each key.

    On PostgreSQL each key reads only its newest rows, backwards along the primary key (a generic title's key
    gathers more rows as the store grows, and a batch should not pay for all of them); SQLite ranks them."""
    found: list[tuple[int, int]] = []
    for chunk in _chunks(keys, 2000 if session.get_bind().dialect.name == "postgresql" else CHUNK):
        if session.get_bind().dialect.name == "postgresql":
            found += session.execute(text(
                "SELECT k.key, d.source_id FROM unnest(CAST(:keys AS bigint[])) AS k(key) CROSS JOIN LATERAL "
                "(SELECT source_id FROM dedup_keys WHERE dedup_keys.key = k.key ORDER BY source_id DESC "
                "LIMIT :fanout) AS d"), {"keys": chunk, "fanout": KEY_FANOUT}).tuples().all()
            continue
        ranked = (select(DedupKey.key, DedupKey.source_id,
                         func.row_number().over(partition_by=DedupKey.key, order_by=DedupKey.source_id.desc())
                         .label("rank"))
                  .where(DedupKey.key.in_(chunk)).subquery())
        found += session.execute(select(ranked.c.key, ranked.c.source_id)
                                 .where(ranked.c.rank <= KEY_FANOUT)).tuples().all()
    return found


def _candidates(session: Session, incoming: list[dedupe.Incoming],
                overrides: list[dedupe.Override]) -> list[dedupe.Candidate]:
    """Stored source records sharing a key with the batch (newest KEY_FANOUT per key), and override partners.

    Their profiles come from the cache when the stored record is still the one a profile was made from (its md5,
    computed by the database): only the others' records are read and profiled."""
    hits: dict[int, set[int]] = {}
    keys = sorted({key for item in incoming for key in item.keys})
    for key, source_id in _newest_per_key(session, keys):
        hits.setdefault(source_id, set()).add(key)
    hits = {source_id: hits[source_id] for source_id in dedupe.shortlist(incoming, hits)}
    partners = sorted({key for o in overrides for key in (o.key, o.other_key)})
    columns = (PostingSource.id, PostingSource.posting_id, PostingSource.source, PostingSource.external_id,
               _RECORD_DIGEST, Posting.deadline)
    rows = []
    for chunk in _chunks(sorted(hits)):
        rows += session.execute(select(*columns).join(Posting, Posting.id == PostingSource.posting_id)
                                .where(PostingSource.id.in_(chunk))).all()
    for chunk in _chunks(partners):
        rows += session.execute(select(*columns).join(Posting, Posting.id == PostingSource.posting_id)
                                .where(tuple_(PostingSource.source, PostingSource.external_id).in_(chunk))).all()
    database = _database(session)
    profiles = {row.id: _PROFILES.get((database, row.id), row.digest) for row in rows}
    for source_id, record_json in _stored_records(session, sorted(i for i, found in profiles.items() if found is None)):
        record = json.loads(record_json)
        profiles[source_id] = dedupe.profile(record)
        _PROFILES.put((database, source_id), md5_hex(record_json), profiles[source_id])
    found: dict[int, dedupe.Candidate] = {}
    for row in rows:
        if row.id not in found:
            found[row.id] = dedupe.Candidate(row.id, row.posting_id, (row.source, row.external_id), None,
                                             hits.get(row.id, set()), posting_deadline=row.deadline,
                                             profile=profiles[row.id])
    return list(found.values())


# The stored record's digest, computed where it is stored (storage.db gives SQLite an md5 like PostgreSQL's): the
# profile cache checks it without reading the record.
_RECORD_DIGEST = func.md5(cast(PostingSource.record, Text)).label("digest")


def _database(session: Session) -> str:
    return session.get_bind().url.render_as_string(hide_password=True)


def _stored_records(session: Session, source_ids: list[int]) -> list[tuple[int, str]]:
    """(id, stored record as JSON text: what _RECORD_DIGEST hashes) of these source records."""
    found: list[tuple[int, str]] = []
    for chunk in _chunks(source_ids):
        found += session.execute(select(PostingSource.id, cast(PostingSource.record, Text))
                                 .where(PostingSource.id.in_(chunk))).tuples().all()
    return found


def _remember_profiles(session: Session, source_ids: list[int], incoming: list[dedupe.Incoming]) -> None:
    """Cache the profiles of records just stored, under the digest the database gives them: the next batches find
    them as candidates without reading and profiling them again. Only a profile made exactly as a stored record's
    would be (its URL key from the record's own URL) is kept."""
    database = _database(session)
    by_id = {source_id: item for source_id, item in zip(source_ids, incoming, strict=True)
             if item.profile.url_key == dedupe.normalise_url(item.record.get("url"))}
    for chunk in _chunks(sorted(by_id)):
        for source_id, digest in session.execute(select(PostingSource.id, _RECORD_DIGEST)
                                                 .where(PostingSource.id.in_(chunk))).tuples():
            _PROFILES.put((database, source_id), digest, by_id[source_id].profile)


class _ProfileCache:
    """Profiles of recently stored or seen source records: the same few are candidates for batch after batch.

    A hit counts only if the stored record is still the one the profile was made from: entries keep the md5 of the
    record's stored JSON (not the record, which would double their size).
    """

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[tuple[str, int], tuple[str, dedupe.Profile]] = OrderedDict()
        self.lock = threading.Lock()  # flows may publish from several threads

    def get(self, key: tuple[str, int], digest: str) -> dedupe.Profile | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != digest:
                return None
            self.entries.move_to_end(key)
            return entry[1]

    def put(self, key: tuple[str, int], digest: str, profile: dedupe.Profile) -> None:
        with self.lock:
            self.entries[key] = (digest, profile)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


# About 20 KB an entry: 160 MB at most, for five batches' candidates.
_PROFILES = _ProfileCache(8192)


def _boilerplate(session: Session, scopes: set[str], sentences: set[int]) -> dict[str, set[int]]:
    """The known boilerplate of these scopes, limited to these sentences (the ones the batch and its candidates
    contain: the only ones dedup can meet). An organisation's boilerplate grows with every posting it publishes;
    reading all of it per batch made each batch slower than the last."""
    known: dict[str, set[int]] = {}
    if not scopes or not sentences:
        return known
    for chunk in _chunks(sorted(sentences), 20_000):
        for scope, sentence in _boilerplate_rows(session, chunk, sorted(scopes)):
            known.setdefault(scope, set()).add(sentence)
    return known


def _boilerplate_rows(session: Session, sentences: list[int], scopes: list[str]):
    """(scope, sentence) rows: each sentence looked up in its own index (ix_dedup_boilerplate_sentence), scopes
    filtered after, since a generic sentence may be boilerplate of many organisations."""
    if session.get_bind().dialect.name != "postgresql":  # CROSS JOIN keeps json_each outside
        return session.execute(text(
            "SELECT b.scope, b.sentence FROM json_each(:sentences) AS s CROSS JOIN dedup_boilerplate AS b "
            "ON b.sentence = s.value WHERE +b.scope IN (SELECT value FROM json_each(:scopes))"),
            {"sentences": json.dumps(sentences), "scopes": json.dumps(scopes)})
    # Planned for these arrays every time (prepare=False). psycopg prepares a statement on its fifth run, and the
    # server's generic plan, blind to the arrays' sizes, probed the primary key once per scope for each sentence:
    # 12 s a batch instead of 0.05 s on a 90k store.
    cursor = session.connection().connection.driver_connection.cursor()
    return cursor.execute("SELECT b.scope, b.sentence FROM unnest(%s::bigint[]) AS s(hash) JOIN dedup_boilerplate "
                          "AS b ON b.sentence = s.hash WHERE b.scope = ANY(%s::text[])", (sentences, scopes),
                          prepare=False)


def _overrides(session: Session, keys: list[tuple[str, str]]) -> list[dedupe.Override]:
    """Operators' splits and merges that name any of these source records, on either side."""
    found = []
    for chunk in _chunks(keys):
        rows = session.execute(select(DedupOverride).where(
            DedupOverride.other_source.is_not(None),
            or_(tuple_(DedupOverride.source, DedupOverride.external_id).in_(chunk),
                tuple_(DedupOverride.other_source, DedupOverride.other_external_id).in_(chunk)))).scalars()
        found += [dedupe.Override(row.action, (row.source, row.external_id),
                                  (row.other_source, row.other_external_id)) for row in rows]
    return found


def refresh_canonical(session: Session, posting_ids: set[int], *, now: datetime, run_id: str | None,
                      cause: dict[int, str], last_seen: datetime | None = None) -> set[int]:
    """Rebuild the canonical record of these postings from all their sources; log each changed field. Returns the
    postings that changed; with `last_seen`, their last_seen is set in the same write (on PostgreSQL each row
    update recomputes the search vector of the whole text: once is enough)."""
    changed: set[int] = set()
    ids = sorted(posting_ids)
    for chunk in _chunks(ids):
        sources: dict[int, list] = {}
        rows = session.execute(
            select(PostingSource.posting_id, PostingSource.record, PostingSource.structured, PostingSource.last_seen)
            .where(PostingSource.posting_id.in_(chunk))
        )
        for row in rows:
            sources.setdefault(row.posting_id, []).append((row.record, row.structured, row.last_seen.isoformat()))
        current = {row.id: row for row in session.execute(select(*Posting.__table__.columns)
                                                          .where(Posting.id.in_(chunk)))}
        updates, history = [], []
        for posting_id, records in sources.items():
            merged = dedupe.canonical(records)
            columns = posting_columns(merged)
            posting = current[posting_id]
            old = posting_record(posting)
            diffs = [(name, old.get(name), merged.get(name)) for name in TRACKED if old.get(name) != merged.get(name)]
            if not diffs:
                continue
            changed.add(posting_id)
            updates.append({"id": posting_id, **columns, "updated_at": now,
                            **({"last_seen": last_seen} if last_seen else {})})
            history.extend({"posting_id": posting_id, "field": name, "old_value": before, "new_value": after,
                            "changed_at": now, "source": cause.get(posting_id), "run_id": run_id}
                           for name, before, after in diffs)
        if updates:
            session.execute(update(Posting), updates)
        if history:
            session.execute(insert(PostingHistory), history)
    return changed


def posting_record(posting) -> dict[str, Any]:
    """A stored posting (an ORM object or a row of its columns) back in the record contract (plus nothing else)."""
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


def _source_row(item: SourceRecord, *, now: datetime, code_version: str | None) -> dict[str, Any]:
    return {"source": item.source, "external_id": item.external_id, "locator": item.locator, "url": item.url,
            "content_hash": item.record.get("content_hash"), "archive_key": item.archive_key,
            "media_type": item.media_type, "record": item.record, "structured": item.structured,
            "first_seen": now, "last_seen": now, "missed_crawls": 0, "code_version": code_version}


def publish_batch(session: Session, records: list[SourceRecord], *, now: datetime, run_id: str | None = None,
                  code_version: str | None = None) -> dict[str, int]:
    """Upsert a batch; returns counts: `new` postings (`reposts` of them re-advertise an earlier one), and per source
    record `merged` (joined a posting, stored or new), `updated` (a known record that changed), `unchanged`.

    A known (source, external_id) stays in its posting (an operator's split or merge holds on every rerun); only
    records never seen before are decided.
    """
    counts = {"new": 0, "merged": 0, "updated": 0, "unchanged": 0, "reposts": 0}
    if not records:
        return counts
    _lock(session)
    # The last record wins when a batch names the same source key twice.
    by_key = {(r.source, r.external_id): r for r in records}
    existing = _existing_sources(session, list(by_key))

    unchanged_ids, changed_rows, changed_keys, touched, cause = [], [], {}, set(), {}
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
            changed_keys[row.id] = (item.fingerprint or dedupe.fingerprint_of(item.record)).keys
            touched.add(row.posting_id)
            cause[row.posting_id] = item.source
    for chunk in _chunks(unchanged_ids):
        session.execute(update(PostingSource).where(PostingSource.id.in_(chunk))
                        .values(last_seen=now, missed_crawls=0))
    if changed_rows:
        session.execute(update(PostingSource), changed_rows)
        store_keys(session, changed_keys)
    counts["unchanged"] = len(unchanged_ids)
    counts["updated"] = len(changed_rows)

    incoming = [dedupe.Incoming((r.source, r.external_id), r.record, dedupe.normalise_url(r.url), r.structured,
                                seen=r.seen.date() if r.seen else None, fingerprint=r.fingerprint) for r in fresh]
    overrides = _overrides(session, [i.key for i in incoming])
    candidates = _candidates(session, incoming, overrides)
    scopes = {dedupe.boilerplate_scope(i.profile, i.key[0]) for i in incoming}
    scopes |= {dedupe.boilerplate_scope(c.profile, c.key[0]) for c in candidates}
    sentences = {int(h) for p in [*(i.profile for i in incoming), *(c.profile for c in candidates)]
                 for h in p.sentences}
    outcome = dedupe.decide(incoming, candidates, today=now.date(),
                            boilerplate=_boilerplate(session, scopes, sentences),
                            overrides=overrides)
    insert_ignoring_conflicts(session, DedupBoilerplate, [{"scope": scope, "sentence": sentence, "learned_at": now}
                                                          for scope, sentence in outcome.learned_boilerplate])

    new_postings, reposts = _insert_new_postings(session, fresh, outcome.decisions, now=now, run_id=run_id,
                                                 code_version=code_version)
    counts.update(new=len(new_postings), merged=len(fresh) - len(new_postings), reposts=reposts)
    source_rows = []
    for item, decision in zip(fresh, outcome.decisions, strict=True):
        posting_id = decision.posting_id or new_postings[decision.group]
        if decision.posting_id is not None:
            touched.add(posting_id)
            cause[posting_id] = item.source
        source_rows.append({**_source_row(item, now=now, code_version=code_version), "posting_id": posting_id,
                            "match_rule": decision.rule, "match_score": decision.score,
                            "match_evidence": decision.evidence, "decided_by": decision.decided_by})
    source_ids = bulk_insert(session, PostingSource, source_rows, returning_ids=True)
    store_keys(session, {source_id: item.keys for source_id, item in zip(source_ids, incoming, strict=True)},
               fresh=True)
    _remember_profiles(session, source_ids, incoming)
    refreshed = refresh_canonical(session, touched, now=now, run_id=run_id, cause=cause, last_seen=now)
    seen = (touched | {row.posting_id for row in existing.values()}) - refreshed
    for chunk in _chunks(sorted(seen)):
        session.execute(update(Posting).where(Posting.id.in_(chunk)).values(last_seen=now))
    return counts


def _insert_new_postings(session: Session, fresh: list[SourceRecord], decisions: list[dedupe.Decision], *,
                         now: datetime, run_id: str | None, code_version: str | None) -> tuple[dict[int, int], int]:
    """One posting per new group, its canonical record built from the group's records, linked to the posting it
    re-advertises if any; returns (group → posting id, how many are reposts)."""
    groups: dict[int, list[int]] = {}
    for decision in decisions:
        if decision.posting_id is None:
            groups.setdefault(decision.group, []).append(decision.index)
    if not groups:
        return {}, 0
    order = sorted(groups)
    stamp = now.isoformat()
    rows = [{**posting_columns(dedupe.canonical([(fresh[i].record, fresh[i].structured, stamp) for i in groups[g]])),
             "status": "open", "first_seen": now, "last_seen": now, "updated_at": now, "code_version": code_version}
            for g in order]
    new_postings = dict(zip(order, bulk_insert(session, Posting, rows, returning_ids=True), strict=True))
    reposts: dict[int, int] = {}
    for decision in decisions:
        if decision.posting_id is None and (decision.repost_of_posting or decision.repost_of_group is not None):
            earlier = decision.repost_of_posting or new_postings[decision.repost_of_group]
            reposts.setdefault(new_postings[decision.group], earlier)
    if reposts:
        session.execute(update(Posting), [{"id": pid, "repost_of": earlier} for pid, earlier in reposts.items()])
        session.execute(insert(PostingHistory), [
            {"posting_id": pid, "field": "repost_of", "old_value": None, "new_value": earlier, "changed_at": now,
             "source": fresh[groups[group][0]].source, "run_id": run_id}
            for group, pid in new_postings.items() if (earlier := reposts.get(pid))])
    return new_postings, len(reposts)
