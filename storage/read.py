"""The read side of the store: the contract views, full-text search and the queries the API and exports share.

Readers page through postings by id (keyset paging: a posting inserted while someone pages can neither repeat nor
push another one off a page) and get each page's sources in one query: a page costs two queries, whatever its size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import ColumnElement, Engine, Integer, column, false, select, text
from sqlalchemy.orm import Session

from glaneur.storage.db import session_scope
from glaneur.storage.models import Posting, PostingHistory, PostingSource
from glaneur.storage.publish import posting_record

# The read contract (docs/read.md). Contract name → columns, in order.
POSTING_VIEW_COLUMNS = (
    "id", "title", "organization", "language", "locations", "countries", "contract_type", "employment_type",
    "duration_months", "start_date", "deadline", "posted_date", "apply_emails", "apply_url", "positions",
    "education_level", "experience_years_min", "languages_required", "salary_min", "salary_max", "salary_currency",
    "salary_period", "reference", "description", "source", "url", "content_hash", "status", "first_seen",
    "last_seen", "updated_at", "repost_of", "source_count",
)
VIEW_COLUMNS = {
    "postings_all": POSTING_VIEW_COLUMNS,
    "postings_open": POSTING_VIEW_COLUMNS,
    "posting_sources": (
        "posting_id", "source", "external_id", "url", "locator", "archive_key", "media_type", "content_hash",
        "record", "first_seen", "last_seen", "missed_crawls", "match_rule", "match_score", "decided_by",
    ),
}
# PostgreSQL keeps the contract in its own schema, under the contract's names. SQLite has no schemas and already has
# a table called posting_sources (the provenance the view reads), so that one view takes a suffix there.
READ_SCHEMA = "read"
SQLITE_VIEW_NAMES = {"postings_all": "postings_all", "postings_open": "postings_open",
                     "posting_sources": "posting_sources_view"}

LOCATION_KEYS = ("city", "region", "country")

# Full-text search objects the read-contract migration adds outside storage/models.py.
SEARCH_COLUMN = "search_vector"  # PostgreSQL: generated tsvector column on postings, GIN-indexed
SEARCH_INDEX = "ix_postings_search_vector"
FTS_TABLE = "postings_fts"  # SQLite: FTS5 external-content table on postings, kept in step by triggers


def view_name(contract_name: str, dialect: str) -> str:
    """The name to query a contract view by on this database."""
    if dialect == "postgresql":
        return f"{READ_SCHEMA}.{contract_name}"
    return SQLITE_VIEW_NAMES[contract_name]


def include_in_autogenerate(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Alembic `include_name` hook: the search objects are not in the models, and autogenerate must not drop them."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if type_ == "column":
        return name != SEARCH_COLUMN
    if type_ == "index":
        return name != SEARCH_INDEX
    return True


@dataclass(frozen=True)
class PostingFilter:
    """What a reader asks for; every field is optional and they combine with AND."""

    q: str | None = None
    country: str | None = None
    organization: str | None = None
    status: str | None = None
    contract_type: str | None = None
    deadline_after: date | None = None
    updated_since: datetime | None = None


_FTS_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def fts5_query(q: str) -> tuple[str | None, str | None]:
    """User search text → (FTS5 expression to match, FTS5 expression to exclude), like websearch_to_tsquery.

    Words are ANDed, "quoted words" form a phrase, `or` between two terms means either, `-word` excludes. Every term
    is quoted for FTS5, so no user input is ever FTS5 syntax. Terms without a letter or digit are dropped.
    """
    groups: list[list[str]] = []  # AND of OR-groups
    excluded: list[str] = []
    pending_or = False
    for match in _FTS_TOKEN.finditer(q):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.lower() == "or":
            pending_or = bool(groups)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        term = phrase if phrase is not None else word
        if not any(char.isalnum() for char in term):
            continue
        quoted = '"' + term.replace('"', '""') + '"'
        if negated:
            excluded.append(quoted)
        elif pending_or:
            groups[-1].append(quoted)
        else:
            groups.append([quoted])
        pending_or = False
    include = " AND ".join(group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups)
    return include or None, " OR ".join(excluded) or None


def _clean(value: str | None) -> str | None:
    """Strip what no database accepts in a text parameter (NUL) and surrounding space; empty means not given."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without an offset; they are UTC (everything glaneur writes is)."""
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _search_condition(q: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        # glaneur_fold lower-cases and strips accents, as it did when the column was computed (migration 0002).
        return text(
            f"postings.{SEARCH_COLUMN} @@ (websearch_to_tsquery('french', glaneur_fold(:search_q)) "
            "|| websearch_to_tsquery('english', glaneur_fold(:search_q)))"
        ).bindparams(search_q=q)
    include, exclude = fts5_query(q)
    if include is None and exclude is None:
        return false()
    conditions = []
    for expression, wanted in ((include, True), (exclude, False)):
        if expression is None:
            continue
        matches = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_{int(wanted)}") \
            .bindparams(**{f"fts_{int(wanted)}": expression}).columns(column("rowid", Integer))
        conditions.append(Posting.id.in_(matches) if wanted else Posting.id.not_in(matches))
    return conditions[0] if len(conditions) == 1 else conditions[0] & conditions[1]


def filter_conditions(wanted: PostingFilter, dialect: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    q = _clean(wanted.q)
    if q:
        conditions.append(_search_condition(q, dialect))
    country = _clean(wanted.country)
    if country:
        conditions.append(Posting.countries.contains(f" {country.upper()} "))
    organization = _clean(wanted.organization)
    if organization:
        conditions.append(Posting.organization.icontains(organization, autoescape=True))
    if wanted.status:
        conditions.append(Posting.status == wanted.status)
    if wanted.contract_type:
        conditions.append(Posting.contract_type == wanted.contract_type)
    if wanted.deadline_after:
        conditions.append(Posting.deadline >= wanted.deadline_after)
    if wanted.updated_since:
        conditions.append(Posting.updated_at >= utc(wanted.updated_since))
    return conditions


def _source_documents(session: Session, posting_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {posting_id: [] for posting_id in posting_ids}
    if not posting_ids:
        return found
    rows = session.execute(
        select(PostingSource.posting_id, PostingSource.source, PostingSource.external_id, PostingSource.url,
               PostingSource.locator, PostingSource.archive_key, PostingSource.media_type, PostingSource.first_seen,
               PostingSource.last_seen, PostingSource.match_rule, PostingSource.match_score)
        .where(PostingSource.posting_id.in_(posting_ids)).order_by(PostingSource.posting_id, PostingSource.id)
    )
    for row in rows:
        found[row.posting_id].append({
            "source": row.source, "external_id": row.external_id, "url": row.url, "locator": row.locator,
            "archive_key": row.archive_key, "media_type": row.media_type,
            "first_seen": utc(row.first_seen).isoformat(), "last_seen": utc(row.last_seen).isoformat(),
            "match_rule": row.match_rule, "match_score": row.match_score,
        })
    return found


def _contract(row: Any) -> dict[str, Any]:
    record = posting_record(row)
    # Every location with the contract's three keys, so that readers never meet a missing key.
    record["locations"] = [{key: location.get(key) for key in LOCATION_KEYS} for location in record["locations"]]
    return record


def posting_documents(session: Session, rows: list[Any]) -> list[dict[str, Any]]:
    """Postings rows → what readers get: id, the record contract, lifecycle, and every source (provenance)."""
    sources = _source_documents(session, [row.id for row in rows])
    return [{"id": row.id, **_contract(row), "status": row.status,
             "first_seen": utc(row.first_seen).isoformat(), "last_seen": utc(row.last_seen).isoformat(),
             "updated_at": utc(row.updated_at).isoformat(), "sources": sources[row.id]} for row in rows]


def page_of_postings(session: Session, wanted: PostingFilter, *, limit: int, after_id: int | None = None,
                     newest_first: bool = True) -> list[dict[str, Any]]:
    """One page in a stable order: by id (the order postings were first seen), continuing after `after_id`."""
    dialect = session.get_bind().dialect.name
    query = select(Posting.__table__).where(*filter_conditions(wanted, dialect)).limit(limit)
    if newest_first:
        query = query.order_by(Posting.id.desc())
        if after_id is not None:
            query = query.where(Posting.id < after_id)
    else:
        query = query.order_by(Posting.id)
        if after_id is not None:
            query = query.where(Posting.id > after_id)
    return posting_documents(session, session.execute(query).all())


def iter_postings(engine: Engine, wanted: PostingFilter = PostingFilter(), *,
                  page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching posting, oldest first, one short transaction per page (a long export blocks no writer)."""
    after_id = None
    while True:
        with session_scope(engine) as session:
            documents = page_of_postings(session, wanted, limit=page, after_id=after_id, newest_first=False)
        yield from documents
        if len(documents) < page:
            return
        after_id = documents[-1]["id"]


def posting_detail(session: Session, posting_id: int) -> dict[str, Any] | None:
    """One posting with its sources and the history of every canonical field change, oldest first."""
    row = session.execute(select(Posting.__table__).where(Posting.id == posting_id)).first()
    if row is None:
        return None
    document = posting_documents(session, [row])[0]
    history = session.execute(
        select(PostingHistory.field, PostingHistory.old_value, PostingHistory.new_value, PostingHistory.changed_at,
               PostingHistory.source, PostingHistory.run_id)
        .where(PostingHistory.posting_id == posting_id).order_by(PostingHistory.changed_at, PostingHistory.id)
    )
    document["history"] = [{"field": h.field, "old_value": h.old_value, "new_value": h.new_value,
                            "changed_at": utc(h.changed_at).isoformat(), "source": h.source, "run_id": h.run_id}
                           for h in history]
    return document
