"""The read API: postings with filters and full-text search, one posting with its sources and history, health.

Every request runs in one read-only transaction (`make_engine(url, read_only=True)`): the API cannot write, even by
mistake. Paging is by cursor in a stable order, newest first (by id, the order postings were first seen).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Annotated, Literal

from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BeforeValidator
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from glaneur.api import schemas
from glaneur.api.common import CURSOR_PATTERN, MAX_ID, Db, encode_cursor
from glaneur.api.pages import router as pages_router
from glaneur.record import CONTRACT_TYPES, STATUSES
from glaneur.storage.db import head_revision, make_engine
from glaneur.storage.read import PostingFilter, page_of_postings, posting_detail, utc


def _iso_day(value: object) -> object:
    """Pydantic would also read a number as a Unix time; the spec says ISO 8601, so only that goes in."""
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


def _iso_moment(value: object) -> object:
    if not (isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}([Tt ]|$)", value)):
        raise ValueError("expected an ISO 8601 time, e.g. 2024-03-10T06:00:00Z (or a date: midnight UTC)")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
IsoMoment = Annotated[datetime, BeforeValidator(_iso_moment)]
UNAVAILABLE = {503: {"model": schemas.Problem, "description": "The database does not answer"}}
NOT_FOUND = {404: {"model": schemas.Problem, "description": "No such posting"}}


def utc_or_bound(moment: datetime) -> datetime:
    """In UTC; a time within a day of year 1 or 9999 has no UTC value, so it becomes the earliest or latest one."""
    try:
        return utc(moment)
    except OverflowError:
        return (datetime.max if moment.year > 1 else datetime.min).replace(tzinfo=timezone.utc)


def create_app(database_url: str) -> FastAPI:
    """The API and HTML pages over the store at `database_url` (already migrated: `glaneur api` sees to it)."""
    engine = make_engine(database_url, read_only=True)
    app = FastAPI(title="glaneur read API", version="1",
                  description="Job postings gathered, deduplicated and kept up to date by glaneur. "
                              "Read-only. Contract: docs/read.md.")
    app.state.engine = engine

    @app.exception_handler(OperationalError)
    def database_unavailable(_request: Request, error: OperationalError) -> JSONResponse:
        return JSONResponse({"detail": f"database unavailable: {error.orig or error}"}, status_code=503)

    @app.get("/postings", response_model=schemas.PostingPage, responses=UNAVAILABLE, tags=["postings"])
    def list_postings(
        db: Db,
        q: Annotated[str | None, Query(max_length=500, description=(
            "Full-text search in title, organisation and description, French and English stemming, accents "
            'ignored. Words are ANDed; "a phrase"; `or` between two words; `-word` excludes.'))] = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$",
                                             description="ISO 3166-1 alpha-2 code of a location")] = None,
        organization: Annotated[str | None, Query(max_length=300,
                                                  description="Part of the organisation's name, any case")] = None,
        status: Literal[STATUSES] | None = None,
        contract_type: Literal[CONTRACT_TYPES] | None = None,
        deadline_after: Annotated[IsoDay | None, Query(
            description="Deadline on or after this day (postings without a deadline are left out)")] = None,
        updated_since: Annotated[IsoMoment | None, Query(
            description="Changed (canonical field or status) at or after this time; no offset means UTC")] = None,
        cursor: Annotated[str | None, Query(pattern=CURSOR_PATTERN,
                                            description="next_cursor of the previous page, unchanged")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> dict:
        """Postings, newest first, `limit` at a time; follow `next_cursor` for the rest."""
        wanted = PostingFilter(q=q, country=country, organization=organization, status=status,
                               contract_type=contract_type, deadline_after=deadline_after,
                               updated_since=utc_or_bound(updated_since) if updated_since else None)
        # A cursor past the largest possible id means "from the top", like no cursor.
        after_id = int(cursor) if cursor and int(cursor) <= MAX_ID else None
        items = page_of_postings(db, wanted, limit=limit + 1, after_id=after_id)
        more = len(items) > limit
        items = items[:limit]
        return {"items": items, "next_cursor": encode_cursor(items[-1]["id"]) if more else None}

    @app.get("/postings/{posting_id}", response_model=schemas.PostingDetail, responses={**NOT_FOUND, **UNAVAILABLE},
             tags=["postings"])
    def get_posting(db: Db, posting_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict:
        """One posting with all its sources and the history of its changes."""
        document = posting_detail(db, posting_id)
        if document is None:
            raise HTTPException(404, f"no posting {posting_id}")
        return document

    @app.get("/health", response_model=schemas.Health, responses=UNAVAILABLE, tags=["service"])
    def health(db: Db) -> dict:
        """The database answers; which schema revision it is at."""
        db.execute(text("SELECT 1"))
        revision = MigrationContext.configure(db.connection()).get_current_revision()
        return {"status": "ok", "database": engine.dialect.name, "revision": revision, "head": head_revision()}

    app.include_router(pages_router)
    return app
