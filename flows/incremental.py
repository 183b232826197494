"""Incremental reruns: captures already published, byte for byte and by this code version, skip extraction.

A nightly run sees mostly what it saw yesterday. Extraction is the costly step, and publishing the same record again
only finds it unchanged; so before extracting, a batch asks the captures table (one query per chunk) which of its
captures are known — same source, locator and sha256, same hints, external id and URL — and whose source records
were published by the current code version. Those only get `last_seen` (and `missed_crawls` reset) on their source
records and postings, exactly what publishing unchanged records would have done. Everything else — new bytes, a
changed extractor, an input that was quarantined — goes through the full path.

The inbox (`ingest_files`) and crawls (`crawl_and_publish`) split every batch so (`ingest.split_published`); the
batch's store touches the known ones in its transaction. `reprocess` does not: re-extracting is its purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from glaneur.record import Capture
from glaneur.storage.models import Capture as CaptureRow
from glaneur.storage.models import Posting, PostingSource
from glaneur.transforms.sanitise import storable

CHUNK = 500


@dataclass
class KnownSplit:
    """A batch split in two: captures to run through the pipeline, and those already published as they are."""

    fresh: list[Capture] = field(default_factory=list)
    known: list[Capture] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    posting_ids: list[int] = field(default_factory=list)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def split_known(session: Session, captures: list[Capture], *, code_version: str) -> KnownSplit:
    """Which captures were already published from these exact bytes (and hints) by `code_version`.

    A capture's source records are those its source published from these bytes (several for a feed page; the
    same bytes under other names or fetched another day share theirs), found through indexes (captures by sha256,
    source records by archive key), so a lookup costs the same in a store of any size. When one of them was
    produced by another code version, the capture is extracted again (reprocessing after an extractor change).
    """
    keys = {(c.source, storable(c.locator), c.sha256) for c in captures}
    stored: dict[tuple[str, str, str], Any] = {}
    # The same bytes from the same source under another name or fetched another day were published once: from
    # whichever capture came first, under its archive key.
    archive_keys: dict[tuple[str, str], set[str]] = {}
    for chunk in _chunks(sorted({sha for _, _, sha in keys})):
        for row in session.execute(select(CaptureRow.source, CaptureRow.locator, CaptureRow.sha256, CaptureRow.hints,
                                          CaptureRow.external_id, CaptureRow.url, CaptureRow.archive_key)
                                   .where(CaptureRow.sha256.in_(chunk))):
            archive_keys.setdefault((row.source, row.sha256), set()).add(row.archive_key)
            if (key := (row.source, row.locator, row.sha256)) in keys:
                stored[key] = row
    records: dict[tuple[str, str], list[Any]] = {}
    for chunk in _chunks(sorted({key for found in archive_keys.values() for key in found})):
        for row in session.execute(select(PostingSource.source, PostingSource.archive_key, PostingSource.id,
                                          PostingSource.posting_id, PostingSource.code_version)
                                   .where(PostingSource.archive_key.in_(chunk))):
            records.setdefault((row.source, row.archive_key), []).append(row)
    split = KnownSplit()
    source_ids: set[int] = set()
    posting_ids: set[int] = set()
    for capture in captures:
        seen = stored.get((capture.source, storable(capture.locator), capture.sha256))
        published = [record for archive_key in archive_keys.get((capture.source, capture.sha256), ())
                     for record in records.get((capture.source, archive_key), [])]
        same_meta = seen is not None and (seen.hints or {}, seen.external_id, seen.url) == (
            storable(capture.hints or {}), storable(capture.external_id), storable(capture.url))
        if published and same_meta and all(record.code_version == code_version for record in published):
            split.known.append(capture)
            source_ids.update(record.id for record in published)
            posting_ids.update(record.posting_id for record in published)
        else:
            split.fresh.append(capture)
    split.source_ids, split.posting_ids = sorted(source_ids), sorted(posting_ids)
    return split


def touch_known(session: Session, split: KnownSplit, *, now: datetime) -> None:
    """Mark the known captures' source records and postings as seen now, as publishing them unchanged would."""
    for chunk in _chunks(split.source_ids):
        session.execute(update(PostingSource).where(PostingSource.id.in_(chunk)).values(last_seen=now, missed_crawls=0))
    for chunk in _chunks(split.posting_ids):
        session.execute(update(Posting).where(Posting.id.in_(chunk)).values(last_seen=now))
