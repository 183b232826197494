"""What the JSON routes and the HTML pages share: a read-only session per request, and the paging cursor."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from glaneur.storage.db import session_scope

MAX_ID = 2**31 - 1  # postings.id is a 32-bit integer on PostgreSQL
CURSOR_PREFIX = "after:"


def read_session(request: Request) -> Iterator[Session]:
    """One transaction per request on the app's read-only engine."""
    with session_scope(request.app.state.engine) as session:
        yield session


Db = Annotated[Session, Depends(read_session)]


def encode_cursor(posting_id: int) -> str:
    """Opaque on purpose: clients pass it back unchanged, so the paging order can evolve behind it."""
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{posting_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The id a cursor continues after; HTTP 400 for anything we did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    number = raw.removeprefix(CURSOR_PREFIX)
    if not (raw.startswith(CURSOR_PREFIX) and number.isascii() and number.isdigit()
            and 0 < int(number) <= MAX_ID + 1):
        raise HTTPException(400, "invalid cursor: pass the next_cursor of a previous page unchanged")
    return int(number)
