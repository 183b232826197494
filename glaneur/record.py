"""The record contract every part of glaneur shares (DEVELOPERS.md, "The posting record").

Sources produce `Capture`s, transforms turn a capture into a `Posting` or a `Rejection`, storage persists them.
These types are plain data so that each stage can be tested, benchmarked and reprocessed on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

CONTRACT_TYPES = ("permanent", "fixed_term", "consultancy", "internship", "volunteer", "apprenticeship", "other")
EMPLOYMENT_TYPES = ("full_time", "part_time")
EDUCATION_LEVELS = ("secondary", "short_cycle", "bachelor", "master", "doctorate")
SALARY_PERIODS = ("hour", "day", "month", "year")
STATUSES = ("open", "expired", "closed")

# The keys of `glaneur extract FILE --json`, in the order they are printed.
RECORD_FIELDS = (
    "title",
    "organization",
    "language",
    "locations",
    "contract_type",
    "employment_type",
    "duration_months",
    "start_date",
    "deadline",
    "posted_date",
    "apply_emails",
    "apply_url",
    "positions",
    "education_level",
    "experience_years_min",
    "languages_required",
    "salary",
    "reference",
    "description",
    "source",
    "url",
    "content_hash",
)

# Fields whose empty value is a list rather than None.
LIST_FIELDS = ("locations", "apply_emails", "languages_required")


@dataclass(frozen=True)
class Capture:
    """Raw bytes as they came from a source, before any interpretation.

    `locator` is the URL or the file name; `hints` are fields a structured source already gave (feed item fields,
    API fields, listing-page selectors) and win over free text during extraction.
    """

    source: str
    locator: str
    data: bytes
    media_type: str | None = None
    fetched_at: datetime | None = None
    external_id: str | None = None
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def sha256(self) -> str:
        """Hashed once per capture (its bytes never change): the incremental split, archive keys and provenance
        each ask for it, and a rerun hashed every document three times."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Posting:
    """One job posting in the record contract. `None` (or `[]` for list fields) where the text does not say."""

    title: str | None = None
    organization: str | None = None
    language: str | None = None
    locations: list[dict[str, str | None]] = field(default_factory=list)
    contract_type: str | None = None
    employment_type: str | None = None
    duration_months: int | None = None
    start_date: str | None = None
    deadline: str | None = None
    posted_date: str | None = None
    apply_emails: list[str] = field(default_factory=list)
    apply_url: str | None = None
    positions: int | None = None
    education_level: str | None = None
    experience_years_min: int | None = None
    languages_required: list[str] = field(default_factory=list)
    salary: dict[str, Any] | None = None
    reference: str | None = None
    description: str | None = None
    source: str | None = None
    url: str | None = None
    content_hash: str | None = None
    # Not part of the printed record. `external_id`: the id a source gives this posting (API id, feed guid, an
    # item's index inside a multi-posting file); storage falls back to the normalised locator.
    external_id: str | None = field(default=None, compare=False)
    # Where each value came from (field -> {"span": [start, end], "text": ...,
    # "rule": ...}), for explanations and review.
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON object, keys in contract order, sharing no list or dict with the posting. (Not
        `asdict`: it deep-copied the evidence too, only to drop it — a third of the main process' share of a
        batch's extraction.)"""
        return {key: _copied(getattr(self, key)) for key in RECORD_FIELDS}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Posting:
        known = {key: record.get(key) for key in RECORD_FIELDS}
        for key in LIST_FIELDS:
            known[key] = list(known[key] or [])
        return cls(**known, evidence=dict(record.get("evidence") or {}))


def _copied(value: Any) -> Any:
    """A copy of a record value (JSON-like: lists and dicts of plain values)."""
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Rejection:
    """Why a capture did not become a posting; it goes to quarantine with its raw bytes archived.

    `code` is machine-readable and stable (e.g. `empty`, `unsupported_type`, `no_text`, `encrypted`, `too_large`,
    `corrupt`, `not_a_posting`); `message` is for people.
    """

    code: str
    message: str


def content_hash(text: str) -> str:
    """Hash of the normalised text of a posting: case, accents-insensitive spacing and punctuation runs folded.

    The words joined by one space are what replacing each run of `[\\W_]` by a space and stripping gives (no word
    character is whitespace), at less cost per match on a long description."""
    import re
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = " ".join(re.findall(r"[^\W_]+", folded))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
