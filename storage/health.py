"""Source health across runs: a yield that drops, and a source that keeps failing.

- **Yield drop**: a crawl that brings fewer than half the items of the source's median over its last 7 successful
  (`ok`) runs most likely lost part of the site (a changed selector, a truncated feed): the run warns and says so.
  Items are what the source showed this run — downloaded or confirmed unchanged — so an incremental crawl that
  downloads nothing new is not a drop.
- **Cooldown**: after 3 consecutive failed crawls a source is skipped, with the reason, until a crawl of it
  succeeds or an operator runs `glaneur sources reset NAME`. It stops a dead site from costing retries every night.

History comes from `run_sources` (one row per source per run), the streak from `source_state`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glaneur.storage.crawl_state import record_outcome
from glaneur.storage.models import RunSource, SourceState

COOLDOWN_AFTER_FAILURES = 3
YIELD_WINDOW_RUNS = 7
YIELD_DROP_BELOW = 0.5


@dataclass(frozen=True)
class YieldDrop:
    source: str
    items: int
    median: float
    runs: int

    @property
    def message(self) -> str:
        return (f"yield drop: {self.items} items, under {YIELD_DROP_BELOW:.0%} of the median {self.median:g} of "
                f"the last {self.runs} successful runs")


def recent_yields(session: Session, source: str, *, exclude_run_id: str | None = None) -> list[int]:
    """Items of the source's last successful runs, newest first (at most YIELD_WINDOW_RUNS)."""
    query = (select(RunSource.counts).where(RunSource.source == source, RunSource.status == "ok")
             .order_by(RunSource.started_at.desc(), RunSource.id.desc()).limit(YIELD_WINDOW_RUNS))
    if exclude_run_id:
        query = query.where(RunSource.run_id != exclude_run_id)
    return [int(counts["items"]) for counts in session.execute(query).scalars() if "items" in (counts or {})]


def yield_drop(session: Session, source: str, items: int, *, exclude_run_id: str | None = None) -> YieldDrop | None:
    """The alert when `items` is under half the median of the source's recent successful runs, else None."""
    history = recent_yields(session, source, exclude_run_id=exclude_run_id)
    if not history:
        return None
    median = statistics.median(history)
    if items < YIELD_DROP_BELOW * median:
        return YieldDrop(source, items, median, len(history))
    return None


def cooldowns(session: Session) -> dict[str, str]:
    """Sources in cooldown, with the reason an operator reads."""
    found = {}
    rows = session.execute(select(SourceState).where(
        (SourceState.cooldown_reason.is_not(None)) | (SourceState.consecutive_failures >= COOLDOWN_AFTER_FAILURES)))
    for row in rows.scalars():
        found[row.source] = row.cooldown_reason or _cooldown_reason(row.source, row.consecutive_failures, None)
    return found


def _cooldown_reason(source: str, failures: int, error: str | None) -> str:
    last = f" (last: {error})" if error else ""
    return (f"in cooldown after {failures} consecutive failed crawls{last}; skipped until a crawl succeeds or "
            f"`glaneur sources reset {source}`")


def note_crawl(session: Session, source: str, *, status: str, items: int, error: str | None,
               at: datetime) -> str | None:
    """Record a crawl's outcome; returns the cooldown reason when the source is (now) in cooldown."""
    record_outcome(session, source, status=status, items=items, at=at)
    # The upsert above bypassed the identity map: reload the row rather than trust a copy read before it.
    row = session.get(SourceState, source, populate_existing=True)
    if status == "ok":
        row.cooldown_reason = None
    elif status == "failed" and row.consecutive_failures >= COOLDOWN_AFTER_FAILURES:
        row.cooldown_reason = _cooldown_reason(source, row.consecutive_failures, error)
    return row.cooldown_reason


def reset_source(session: Session, source: str, *, at: datetime) -> str | None:
    """End a source's cooldown and failure streak; returns the reason it was in cooldown (None if it was not)."""
    reason = cooldowns(session).get(source)
    session.execute(update(SourceState).where(SourceState.source == source)
                    .values(consecutive_failures=0, cooldown_reason=None, updated_at=at))
    return reason
