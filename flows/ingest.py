"""The batch steps shared by every way in (inbox, `glaneur ingest`, crawls): archive → transform → store.

Plain functions on batches, so that the CLI can call them directly and Prefect tasks wrap them without a task per
posting. Order matters for crash safety: raw bytes are archived (write-once) before the database transaction, and
inbox files move only after it committed, so a rerun after a crash redoes the same work with the same keys.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from glaneur import code_version
from glaneur.record import Capture, Posting, Rejection
from glaneur.storage import models
from glaneur.storage.archive import Archive, raw_key
from glaneur.storage.db import session_scope
from glaneur.storage.publish import SourceRecord, publish_batch
from glaneur.transforms.pipeline import process

INBOX_SOURCE = "inbox"
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx", ".json", ".jsonld", ".xml", ".rss"}
# A file modified this recently may still be being written; it waits for the next run.
SETTLE_SECONDS = 2.0
UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass
class Rejected:
    """An input that goes to quarantine: where it came from, why, and where its raw bytes are archived."""

    source: str
    locator: str
    code: str
    message: str
    sha256: str | None = None
    archive_key: str | None = None
    media_type: str | None = None


@dataclass
class BatchOutcome:
    records: list[SourceRecord] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    captures: list[dict] = field(default_factory=list)
    # Which posting keys each capture produced, to tell the caller which inputs landed.
    landed: set[str] = field(default_factory=set)


@dataclass
class InboxScan:
    """Files to read, and those refused before reading (symlinks, oversize, unsupported, still being written)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str, str]] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def scan_paths(paths: list[Path], *, max_bytes: int, skip_dirs: tuple[Path, ...] = (),
               now: float | None = None) -> InboxScan:
    """Walk files and folders without following symlinks; refuse what must not be read, with a reason."""
    scan = InboxScan()
    moment = now if now is not None else utcnow().timestamp()
    skip = {d.resolve() for d in skip_dirs}

    def visit(path: Path) -> None:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            scan.refused.append((path, "symlink", "symbolic links are never followed"))
        elif stat.S_ISDIR(info.st_mode):
            if path.resolve() in skip:
                return
            for child in sorted(path.iterdir()):
                if not child.name.startswith("."):
                    visit(child)
        elif not stat.S_ISREG(info.st_mode):
            scan.refused.append((path, "not_a_file", "not a regular file"))
        elif info.st_size > max_bytes:
            scan.refused.append((path, "too_large", f"{info.st_size} bytes is over the limit of {max_bytes}"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            scan.refused.append((path, "unsupported_type",
                                 f"{path.suffix or 'no extension'} is not one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"))
        elif moment - info.st_mtime < SETTLE_SECONDS:
            scan.waiting.append(path)
        else:
            scan.files.append(path)

    for path in paths:
        visit(path)
    return scan


def read_captures(files: list[Path], *, source: str, root: Path | None, fetched_at: datetime) -> list[Capture]:
    """Read each file once (no symlink is opened: O_NOFOLLOW)."""
    captures = []
    for path in files:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read()
        name = path.relative_to(root).as_posix() if root and path.is_relative_to(root) else path.name
        captures.append(Capture(source=source, locator=name, data=data, fetched_at=fetched_at))
    return captures


def transform(captures: list[Capture], *, archive: Archive, today: date) -> BatchOutcome:
    """Archive each capture's bytes, then extract; a bad capture becomes a rejection, never an exception."""
    outcome = BatchOutcome()
    for capture in captures:
        fetched_at = capture.fetched_at or utcnow()
        sha = capture.sha256
        key = raw_key(capture.source, sha, fetched_at, capture.locator)
        archive.put(key, capture.data)
        outcome.captures.append({
            "source": capture.source, "locator": capture.locator, "sha256": sha, "archive_key": key,
            "media_type": capture.media_type, "size": len(capture.data), "external_id": capture.external_id,
            "url": capture.url, "hints": capture.hints, "fetched_at": fetched_at,
        })
        result = process(capture, today)
        if isinstance(result, Rejection):
            outcome.rejected.append(Rejected(capture.source, capture.locator, result.code, result.message, sha, key,
                                             capture.media_type))
            continue
        structured = bool(capture.hints) or (capture.media_type or "").endswith("json")
        for posting in result:
            outcome.records.append(_source_record(capture, posting, sha, key, structured))
        outcome.landed.add(capture.locator)
    return outcome


def _source_record(capture: Capture, posting: Posting, sha: str, key: str, structured: bool) -> SourceRecord:
    base = capture.external_id or sha
    external_id = f"{base}#{posting.external_id}" if posting.external_id and not capture.external_id else base
    if posting.external_id and capture.external_id and posting.external_id != capture.external_id:
        external_id = f"{capture.external_id}#{posting.external_id}"
    record = posting.to_record()
    record["source"] = capture.source
    record["url"] = record.get("url") or capture.url
    return SourceRecord(source=capture.source, external_id=external_id, locator=capture.locator,
                        url=record["url"], archive_key=key, media_type=capture.media_type, record=record,
                        structured=structured or bool(posting.evidence.get("_structured")))


def _upsert_ignore(session, model, rows: list[dict], conflict: list[str]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(model)
    session.execute(statement.on_conflict_do_nothing(index_elements=conflict), rows)


def store(engine: Engine, outcome: BatchOutcome, *, run_id: str, now: datetime) -> dict[str, int]:
    """One transaction: captures, quarantine entries and the published postings land together or not at all."""
    with session_scope(engine) as session:
        _upsert_ignore(session, models.Capture, [{**c, "run_id": run_id} for c in outcome.captures],
                       ["source", "locator", "sha256"])
        _upsert_ignore(session, models.QuarantineEntry, [
            {"source": r.source, "locator": r.locator, "sha256": r.sha256, "archive_key": r.archive_key,
             "reason_code": r.code, "message": r.message, "media_type": r.media_type, "run_id": run_id,
             "created_at": now} for r in outcome.rejected], ["source", "locator", "sha256"])
        counts = publish_batch(session, outcome.records, now=now, run_id=run_id, code_version=code_version())
    counts["quarantined"] = len(outcome.rejected)
    counts["postings"] = len(outcome.records)
    return counts


def refused_to_rejected(scan: InboxScan, source: str) -> list[Rejected]:
    return [Rejected(source, path.name, code, message) for path, code, message in scan.refused]


def _free_name(folder: Path, name: str) -> Path:
    safe = UNSAFE_NAME.sub("_", name).strip(" .") or "unnamed"
    target = folder / safe
    counter = 1
    while target.exists() or target.is_symlink():
        target = folder / f"{Path(safe).stem}.{counter}{Path(safe).suffix}"
        counter += 1
    return target


def file_away(path: Path, folder: Path, *, reason: Rejected | None = None) -> Path:
    """Move an inbox file to processed/ or quarantine/ (with a reason file beside it); never delete it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, path.name)
    shutil.move(str(path), target)  # a symlink moves as a link; its target is never opened
    if reason is not None:
        reason_file = target.with_name(target.name + ".reason.json")
        reason_file.write_text(json.dumps({
            "file": path.name, "reason_code": reason.code, "message": reason.message,
            "archive_key": reason.archive_key, "sha256": reason.sha256,
        }, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


@dataclass
class IngestReport:
    source: str
    files_seen: int = 0
    waiting: int = 0
    counts: Counter = field(default_factory=Counter)
    rejected: list[Rejected] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"source": self.source, "files_seen": self.files_seen, "waiting": self.waiting, **self.counts,
                "quarantined": len(self.rejected),
                "reasons": dict(Counter(r.code for r in self.rejected))}


def ingest_files(paths: list[Path], *, engine: Engine, archive: Archive, run_id: str, today: date,
                 max_bytes: int, source: str = INBOX_SOURCE, inbox: Path | None = None,
                 batch_size: int = 200) -> IngestReport:
    """Ingest files and folders. Inside the inbox, files then move to processed/ or quarantine/ beside it."""
    skip = (inbox.parent / "processed", inbox.parent / "quarantine") if inbox else ()
    scan = scan_paths(paths, max_bytes=max_bytes, skip_dirs=skip)
    report = IngestReport(source, files_seen=len(scan.files) + len(scan.refused), waiting=len(scan.waiting))
    now = utcnow()
    refused = refused_to_rejected(scan, source)
    if refused:
        store(engine, BatchOutcome(rejected=refused), run_id=run_id, now=now)
        report.rejected.extend(refused)
        if inbox:
            for (path, _, _), rejection in zip(scan.refused, refused, strict=True):
                file_away(path, inbox.parent / "quarantine", reason=rejection)
    root = inbox if inbox else None
    for start in range(0, len(scan.files), batch_size):
        files = scan.files[start:start + batch_size]
        captures = read_captures(files, source=source, root=root, fetched_at=now)
        outcome = transform(captures, archive=archive, today=today)
        counts = store(engine, outcome, run_id=run_id, now=now)
        report.counts.update({k: v for k, v in counts.items() if k != "quarantined"})
        report.rejected.extend(outcome.rejected)
        if inbox:
            reasons = {r.locator: r for r in outcome.rejected}
            for path, capture in zip(files, captures, strict=True):
                rejection = reasons.get(capture.locator)
                folder = inbox.parent / ("quarantine" if rejection else "processed")
                file_away(path, folder, reason=rejection)
    return report
