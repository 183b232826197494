"""SQLAlchemy 2 models of the consolidated store.

One code path for SQLite and PostgreSQL: portable column types, JSON that becomes JSONB on PostgreSQL, and a naming
convention so that Alembic migrations name constraints the same way on both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Json = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: Json, list[Any]: Json, datetime: Timestamp}


class Posting(Base):
    """One job, however many sources carry it: the canonical record plus lifecycle."""

    __tablename__ = "postings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    locations: Mapped[list[Any]] = mapped_column(default=list)
    # Space-delimited ISO codes (" ML SN ") so that a country filter is one indexed LIKE on both databases.
    countries: Mapped[str] = mapped_column(String(200), default="")
    contract_type: Mapped[str | None] = mapped_column(String(20))
    employment_type: Mapped[str | None] = mapped_column(String(20))
    duration_months: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[str | None] = mapped_column(String(10))
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    posted_date: Mapped[date | None] = mapped_column(Date)
    apply_emails: Mapped[list[Any]] = mapped_column(default=list)
    apply_url: Mapped[str | None] = mapped_column(Text)
    positions: Mapped[int | None] = mapped_column(Integer)
    education_level: Mapped[str | None] = mapped_column(String(20))
    experience_years_min: Mapped[int | None] = mapped_column(Integer)
    languages_required: Mapped[list[Any]] = mapped_column(default=list)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    reference: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # Normalised URL of the canonical source, for the exact dedup stage.
    url_key: Mapped[str | None] = mapped_column(Text, index=True)
    # Blocking key for near-duplicate candidates (organisation + title tokens), set by the dedup stage.
    block_key: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)
    repost_of: Mapped[int | None] = mapped_column(ForeignKey("postings.id"))
    code_version: Mapped[str | None] = mapped_column(String(40))


class PostingSource(Base):
    """Provenance: one source record (a file, a page, an API item) and the posting it was decided to belong to."""

    __tablename__ = "posting_sources"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    source: Mapped[str] = mapped_column(String(100))
    external_id: Mapped[str] = mapped_column(String(700))
    locator: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    archive_key: Mapped[str | None] = mapped_column(Text, index=True)
    media_type: Mapped[str | None] = mapped_column(String(100))
    # The record as extracted from this source alone: lets dedup rebuild canonical records and undo merges.
    record: Mapped[dict[str, Any]] = mapped_column(default=dict)
    structured: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # Consecutive successful crawls of this source that did not see this record (lifecycle: closing).
    missed_crawls: Mapped[int] = mapped_column(Integer, default=0)
    match_rule: Mapped[str | None] = mapped_column(String(50))
    match_score: Mapped[float | None] = mapped_column(Float)
    match_evidence: Mapped[dict[str, Any] | None] = mapped_column(Json)
    decided_by: Mapped[str] = mapped_column(String(10), default="machine")
    code_version: Mapped[str | None] = mapped_column(String(40))


class Capture(Base):
    """A raw capture: which bytes came from where, and where the archive keeps them."""

    __tablename__ = "captures"
    __table_args__ = (UniqueConstraint("source", "locator", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    locator: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    archive_key: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(700))
    url: Mapped[str | None] = mapped_column(Text)
    hints: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fetched_at: Mapped[datetime] = mapped_column(index=True)
    run_id: Mapped[str | None] = mapped_column(String(36))


class Run(Base):
    """A flow run's manifest: when, what came in per source, how it ended."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    flow: Mapped[str] = mapped_column(String(50))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    manifest_key: Mapped[str | None] = mapped_column(Text)
    code_version: Mapped[str | None] = mapped_column(String(40))
    # The process that runs it: a `running` run whose process is gone from this host was killed (see runs.py).
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None]


class RunSource(Base):
    """Per-source outcome of one run: the basis of source health, yield-drop alerts and lifecycle closing."""

    __tablename__ = "run_sources"
    __table_args__ = (UniqueConstraint("run_id", "source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id"), index=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="inbox")
    status: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message: Mapped[str | None] = mapped_column(Text)


class QuarantineEntry(Base):
    """An input that did not become a posting, with its reason and its archived raw bytes."""

    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("source", "locator", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    locator: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    archive_key: Mapped[str | None] = mapped_column(Text)
    reason_code: Mapped[str] = mapped_column(String(40), index=True)
    message: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str | None] = mapped_column(String(100))
    run_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime]
    retried_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]


class PostingHistory(Base):
    """Every change of a canonical field: what, from what, to what, when and because of which source."""

    __tablename__ = "posting_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(Json, nullable=True)
    new_value: Mapped[Any] = mapped_column(Json, nullable=True)
    changed_at: Mapped[datetime]
    source: Mapped[str | None] = mapped_column(String(100))
    run_id: Mapped[str | None] = mapped_column(String(36))


class DedupOverride(Base):
    """An operator's split or merge; it wins over the machine's decision on every rerun and reprocess."""

    __tablename__ = "dedup_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(10))
    source: Mapped[str | None] = mapped_column(String(100))
    external_id: Mapped[str | None] = mapped_column(String(700))
    posting_id: Mapped[int | None] = mapped_column(Integer)
    other_posting_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)
    # The source record on the other side: a split keeps (source, external_id) away from it, a merge binds them.
    other_source: Mapped[str | None] = mapped_column(String(100))
    other_external_id: Mapped[str | None] = mapped_column(String(700))


class DedupKey(Base):
    """Candidate keys of a source record (normalised URL, content, reference, title, MinHash bands).

    Dedup looks a batch's keys up here, a few set-based queries per batch instead of comparing all pairs. Keys
    belong to source records, so a split or a merge (which moves source records) carries them along.
    """

    __tablename__ = "dedup_keys"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("posting_sources.id"), primary_key=True, index=True)


class DedupBoilerplate(Base):
    """Sentences seen in postings known to be different jobs: an organisation's or a board's boilerplate.

    `scope` is `o:<organisation>`, else `s:<source>`; `sentence` a stable hash of the folded sentence. Dedup
    leaves these sentences out when it compares descriptions.
    """

    __tablename__ = "dedup_boilerplate"

    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    sentence: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    learned_at: Mapped[datetime]


class SourceCrawl(Base):
    """One crawl of a source as the lifecycle saw it: closing counts only successful, non-empty crawls."""

    __tablename__ = "source_crawls"
    __table_args__ = (UniqueConstraint("source", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    run_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))
    seen: Mapped[int] = mapped_column(Integer, default=0)
    missed: Mapped[int] = mapped_column(Integer, default=0)
    crawled_at: Mapped[datetime]


class CrawlState(Base):
    """What we know of one URL of a source, so that a rerun asks only for what changed."""

    __tablename__ = "crawl_state"
    __table_args__ = (UniqueConstraint("source", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    lastmod: Mapped[str | None] = mapped_column(String(40))
    fetched_at: Mapped[datetime | None]


class SourceState(Base):
    """Per-source state that outlives runs: API cursor, failure streak, cooldown."""

    __tablename__ = "source_state"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[str | None] = mapped_column(String(10))
    last_success_at: Mapped[datetime | None]
    last_items: Mapped[int | None] = mapped_column(Integer)
    cooldown_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None]


Index("ix_postings_countries", Posting.countries)
