"""The read API: postings with filters and full-text search, one posting with its sources and history, health.

Every request runs in one read-only transaction (`make_engine(url, read_only=True)`): the API cannot write, even by
mistake. Paging is by cursor in a stable order, newest first (by id, the order postings were first seen).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from glaneur.api import schemas
from glaneur.api.common import MAX_ID, Db, decode_cursor, encode_cursor
from glaneur.api.pages import router as pages_router
from glaneur.record import CONTRACT_TYPES, STATUSES
from glaneur.storage.db import head_revision, make_engine
from glaneur.storage.read import PostingFilter, page_of_postings, posting_detail, utc

PROBLEMS = {400: {"model": schemas.Problem}, 404: {"model": schemas.Problem}, 503: {"model": schemas.Problem}}


def build_filter(*, q: str | None, country: str | None, organization: str | None, status: str | None,
                 contract_type: str | None, deadline_after: date | None,
                 updated_since: datetime | None) -> PostingFilter:
    if updated_since is not None:
        try:
            updated_since = utc(updated_since)
        except OverflowError:
            raise HTTPException(400, "updated_since is out of range") from None
    return PostingFilter(q=q, country=country, organization=organization, status=status,
                         contract_type=contract_type, deadline_after=deadline_after, updated_since=updated_since)


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

    @app.get("/postings", response_model=schemas.PostingPage, responses=PROBLEMS, tags=["postings"])
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
        deadline_after: Annotated[date | None, Query(
            description="Deadline on or after this day (postings without a deadline are left out)")] = None,
        updated_since: Annotated[datetime | None, Query(
            description="Changed (canonical field or status) at or after this time; no offset means UTC")] = None,
        cursor: Annotated[str | None, Query(max_length=100,
                                            description="next_cursor of the previous page")] = None,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> dict:
        """Postings, newest first, `limit` at a time; follow `next_cursor` for the rest."""
        wanted = build_filter(q=q, country=country, organization=organization, status=status,
                              contract_type=contract_type, deadline_after=deadline_after, updated_since=updated_since)
        after_id = decode_cursor(cursor) if cursor else None
        items = page_of_postings(db, wanted, limit=limit + 1, after_id=after_id)
        more = len(items) > limit
        items = items[:limit]
        return {"items": items, "next_cursor": encode_cursor(items[-1]["id"]) if more else None}

    @app.get("/postings/{posting_id}", response_model=schemas.PostingDetail, responses=PROBLEMS, tags=["postings"])
    def get_posting(db: Db, posting_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict:
        """One posting with all its sources and the history of its changes."""
        document = posting_detail(db, posting_id)
        if document is None:
            raise HTTPException(404, f"no posting {posting_id}")
        return document

    @app.get("/health", response_model=schemas.Health, responses=PROBLEMS, tags=["service"])
    def health(db: Db) -> dict:
        """The database answers; which schema revision it is at."""
        db.execute(text("SELECT 1"))
        revision = MigrationContext.configure(db.connection()).get_current_revision()
        return {"status": "ok", "database": engine.dialect.name, "revision": revision, "head": head_revision()}

    app.include_router(pages_router)
    return app
