"""Named locks held across processes for the length of a step: one crawl of a source, one inbox pass, one snapshot.

Two flow runs at once (the nightly and an operator's crawl-source, or two workers) must not crawl the same source
together: both would publish the same captures, save competing crawl states and count the same missed crawls twice.
The database already refuses duplicates (unique keys, one publisher at a time); these locks keep the *work* single.

PostgreSQL: a session advisory lock on a connection held for the block — it goes away with the connection, so a
killed worker never leaves a stale lock. SQLite (one machine by nature): `flock` on a file beside the database,
released by the kernel when the process dies.
"""

from __future__ import annotations

import fcntl
import re
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

# First key of PostgreSQL's two-key advisory lock space, so that our locks never meet another application's.
LOCK_NAMESPACE = 0x676C6E  # "gln"
POLL_S = 0.5
UNSAFE = re.compile(r"[^a-z0-9._-]+")


def _pg_key(name: str) -> int:
    """A stable signed 32-bit key for `name` (crc32; a collision only makes two names share a lock)."""
    return zlib.crc32(name.encode("utf-8")) - 2**31


def lock_file(engine: Engine, name: str) -> Path | None:
    """Where the SQLite lock of `name` lives: `<database>.locks/<name>.lock`; None for an in-memory database."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    safe = UNSAFE.sub("-", name.lower()).strip("-") or "lock"
    return Path(database).with_name(Path(database).name + ".locks") / f"{safe}.lock"


def _wait(try_once, wait_s: float) -> bool:
    deadline = time.monotonic() + wait_s
    while True:
        if try_once():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_S)


@contextmanager
def exclusive(engine: Engine, name: str, *, wait_s: float = 0.0) -> Iterator[bool]:
    """Hold the lock `name` for the block if it can be had within `wait_s` seconds; yields whether it is held.

    The caller decides what "not held" means (the nightly skips the source and says so).
    """
    if engine.dialect.name == "postgresql":
        with _pg_lock(engine, name, wait_s) as held:
            yield held
        return
    path = lock_file(engine, name)
    if path is None:
        yield True
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:

        def try_once() -> bool:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        held = _wait(try_once, wait_s)
        try:
            yield held
        finally:
            if held:
                fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _pg_lock(engine: Engine, name: str, wait_s: float) -> Iterator[bool]:
    key = {"namespace": LOCK_NAMESPACE, "key": _pg_key(name)}
    with engine.connect() as connection:

        def try_once() -> bool:
            held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:namespace, :key)"), key).scalar())
            connection.commit()
            return held

        held = _wait(try_once, wait_s)
        try:
            yield held
        finally:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:namespace, :key)"), key)
                connection.commit()
