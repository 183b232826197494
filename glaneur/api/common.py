"""What the JSON routes and the HTML pages share: a read-only session per request, and the paging cursor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from glaneur.storage.db import session_scope

MAX_ID = 2**31 - 1  # postings.id is a 32-bit integer on PostgreSQL
# A cursor is the id the next page continues after. Clients treat it as opaque; the pattern lets the spec say
# exactly which values are valid, so that every cursor the spec allows is one the API accepts.
CURSOR_PATTERN = "^[1-9][0-9]{0,9}$"


def read_session(request: Request) -> Iterator[Session]:
    """One transaction per request on the app's read-only engine."""
    with session_scope(request.app.state.engine) as session:
        yield session


Db = Annotated[Session, Depends(read_session)]


def encode_cursor(posting_id: int) -> str:
    return str(posting_id)


def decode_cursor(cursor: str) -> int:
    """The id a cursor continues after; HTTP 400 for anything else (the API's spec already refuses those)."""
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise HTTPException(400, "invalid cursor: pass the next_cursor of a previous page unchanged")
    return int(cursor)
