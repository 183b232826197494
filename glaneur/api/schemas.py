"""The JSON the read API returns, declared for the OpenAPI spec and checked on every response.

The documents come from `glaneur.storage.read` (the exports write the same ones); these models only describe them.
Dates and timestamps stay the ISO strings the exports carry, so that an API item and an export row are equal.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
IsoDateTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Location(Strict):
    city: str | None
    region: str | None
    country: str | None = Field(description="ISO 3166-1 alpha-2")


class Salary(Strict):
    min: float | None
    max: float | None
    currency: str | None = Field(description="ISO 4217")
    period: str | None = Field(description="hour, day, month or year")


class Source(Strict):
    """One source record this posting was built from (provenance)."""

    source: str
    external_id: str
    url: str | None
    locator: str = Field(description="The URL or file name the source record came from")
    archive_key: str | None = Field(description="Where the raw bytes are kept in the archive")
    media_type: str | None
    first_seen: IsoDateTime
    last_seen: IsoDateTime
    match_rule: str | None = Field(description="Why this source was attached to this posting (dedup rule)")
    match_score: float | None


class Posting(Strict):
    """The record contract (DEVELOPERS.md) plus the store's id, lifecycle and sources."""

    id: int
    title: str | None
    organization: str | None
    language: str | None = Field(description="ISO 639-1")
    locations: list[Location]
    contract_type: str | None = Field(
        description="permanent, fixed_term, consultancy, internship, volunteer, apprenticeship or other")
    employment_type: str | None = Field(description="full_time or part_time")
    duration_months: int | None
    start_date: str | None = Field(description='ISO date or "asap"')
    deadline: IsoDate | None
    posted_date: IsoDate | None
    apply_emails: list[str]
    apply_url: str | None
    positions: int | None
    education_level: str | None = Field(description="secondary, short_cycle, bachelor, master or doctorate")
    experience_years_min: int | None
    languages_required: list[str]
    salary: Salary | None
    reference: str | None
    description: str | None
    source: str | None
    url: str | None
    content_hash: str | None
    status: str = Field(description="open, expired or closed")
    first_seen: IsoDateTime
    last_seen: IsoDateTime
    updated_at: IsoDateTime = Field(description="Last change of a canonical field or of the status")
    sources: list[Source]


class HistoryEntry(Strict):
    field: str
    old_value: Any
    new_value: Any
    changed_at: IsoDateTime
    source: str | None
    run_id: str | None


class PostingDetail(Posting):
    history: list[HistoryEntry] = Field(description="Every change of a canonical field or of the status, oldest first")


class PostingPage(Strict):
    items: list[Posting]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")


class Health(Strict):
    status: str
    database: str
    revision: str | None
    head: str


class Problem(Strict):
    detail: str
