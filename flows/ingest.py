"""The batch steps shared by every way in (inbox, `glaneur ingest`, crawls): archive → transform → store.

Plain functions on batches, so that the CLI can call them directly and Prefect tasks wrap them without a task per
posting. Order matters for crash safety: raw bytes are archived (write-once) before the database transaction, and
inbox files move only after it committed (a quarantined file's reason file is written before the file moves), so a
rerun after a crash at any point redoes the same work with the same keys: nothing lost, nothing doubled.

Nothing one input holds can stop a batch: what must not be read (symlinks, FIFOs, hard links, oversize files) is
refused before opening, hostile bytes are screened (`transforms.guards`), and a parser that crashes on one capture
gives a `parser_error` quarantine entry with the exception, logged with its traceback. Storage that fails (the
database restarting, the S3 endpoint down) is retried with backoff; if it still fails, `StorageFault` says so and
the batch is not published — its inbox files stay for the next run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from glaneur import code_version
from glaneur.faults import StorageFault, fault_point
from glaneur.flows.incremental import KnownSplit, split_known, touch_known
from glaneur.flows.parallel import ExtractionPool, map_captures, overlapped
from glaneur.record import Capture, Posting, Rejection
from glaneur.storage import models
from glaneur.storage.archive import Archive, ArchiveError, raw_key
from glaneur.storage.db import session_scope
from glaneur.storage.publish import SourceRecord, insert_ignoring_conflicts, publish_batch
from glaneur.storage.publish import _lock as lock_publishers
from glaneur.transforms.dedupe import fingerprint_of, normalise_url
from glaneur.transforms.pipeline import process
from glaneur.transforms.sanitise import clean_record, storable

logger = logging.getLogger(__name__)

INBOX_SOURCE = "inbox"
SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx", ".json", ".jsonld", ".xml", ".rss"}
# A file modified this recently may still be being written; it waits for the next run.
SETTLE_SECONDS = 2.0
UNSAFE_NAME = re.compile(r"[^\w.\- ]+")
# Names in processed/ and quarantine/ stay well under the 255-byte limit, with room for ".reason.json".
MAX_NAME_BYTES = 180
# Waits between attempts of a storage operation; after the last one, StorageFault.
RETRY_DELAYS_S = (1.0, 2.0, 4.0)
SQLITE_TRANSIENT = ("locked", "busy", "disk i/o", "unable to open")
PARSER_ERROR = "parser_error"
MAX_MESSAGE = 1000
# Below this many captures per worker, forking extraction processes costs more than it saves.
MIN_CAPTURES_PER_WORKER = 16

T = TypeVar("T")


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
    # The locators of the captures that produced postings, to tell the caller which inputs landed.
    landed: set[str] = field(default_factory=set)
    # (source, locator, sha256) of those captures: their quarantine entries, if any, are resolved on store.
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    # Captures left unextracted because this code already published them from the same bytes: store marks their
    # source records and postings seen, as publishing them unchanged would.
    known: KnownSplit = field(default_factory=KnownSplit)


@dataclass
class InboxScan:
    """Files to read, and those refused before reading (symlinks, oversize, unsupported, still being written)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str, str]] = field(default_factory=list)
    waiting: list[Path] = field(default_factory=list)


class Refused(Exception):
    """A file that must not or cannot be read, with its quarantine code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def display_name(path: Path, root: Path | None) -> str:
    """The locator of a file: its path under `root` (else its name), undecodable bytes written as \\xNN."""
    name = path.relative_to(root).as_posix() if root and path.is_relative_to(root) else path.name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def scan_paths(paths: list[Path], *, max_bytes: int, skip_dirs: tuple[Path, ...] = (),
               now: float | None = None) -> InboxScan:
    """Walk files and folders without following symlinks; refuse what must not be read, with a reason.

    The folders the operator names may themselves be symlinks (a symlinked inbox); nothing found inside them is
    ever followed. Hidden files are inputs like any other: a drop folder has no files to ignore silently.
    """
    scan = InboxScan()
    moment = now if now is not None else utcnow().timestamp()
    skip = {d.resolve() for d in skip_dirs}

    def visit(path: Path, named_by_operator: bool) -> None:
        try:
            info = path.lstat()
        except FileNotFoundError:
            return  # gone since its folder was listed: another run took it
        if stat.S_ISLNK(info.st_mode) and not (named_by_operator and path.is_dir()):
            scan.refused.append((path, "symlink", "symbolic links are never followed"))
        elif stat.S_ISDIR(info.st_mode) or stat.S_ISLNK(info.st_mode):
            if path.resolve() in skip:
                return
            try:
                children = sorted(path.iterdir())
            except OSError as error:
                scan.refused.append((path, "unreadable", f"folder cannot be listed: {error.strerror}"))
                return
            for child in children:
                visit(child, False)
        elif not stat.S_ISREG(info.st_mode):
            scan.refused.append((path, "not_a_file", "not a regular file (a FIFO, socket or device is never opened)"))
        elif moment - info.st_mtime < SETTLE_SECONDS:
            scan.waiting.append(path)
        elif info.st_nlink > 1:
            scan.refused.append((path, "hard_link", "a hard link shares its content with a file outside the inbox; "
                                                    "copy the file instead"))
        elif info.st_size > max_bytes:
            scan.refused.append((path, "too_large", f"{info.st_size} bytes is over the limit of {max_bytes}"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            scan.refused.append((path, "unsupported_type",
                                 f"{path.suffix or 'no extension'} is not one of {', '.join(sorted(SUPPORTED_SUFFIXES))}"))
        else:
            scan.files.append(path)

    for path in paths:
        visit(path, True)
    return scan


def read_file(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, opened without following a symlink (O_NOFOLLOW) and without blocking on a FIFO
    (O_NONBLOCK): the scan's verdict is checked again on the open descriptor, as the file may have been swapped."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        if path.is_symlink():
            raise Refused("symlink", "symbolic links are never followed") from error
        raise Refused("unreadable", f"cannot be opened: {error.strerror}") from error
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not_a_file", "not a regular file")
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise Refused("too_large", f"grew over the limit of {max_bytes} bytes while being read")
    return data


def read_captures(files: list[Path], *, source: str, root: Path | None, fetched_at: datetime,
                  max_bytes: int | None = None, refused: list[tuple[Path, str, str]] | None = None) -> list[Capture]:
    """Read each file once (see `read_file`). A file that must not be read goes to `refused` as (path, code,
    message) — or raises `Refused` when no list is given; a file gone since the scan (another run took it) is
    skipped."""
    captures = []
    for path in files:
        try:
            data = read_file(path, max_bytes=max_bytes)
        except FileNotFoundError:
            logger.info("%s is gone since the scan (taken by another run); skipped", path)
            continue
        except Refused as refusal:
            if refused is None:
                raise
            refused.append((path, refusal.code, refusal.message))
            continue
        captures.append(Capture(source=source, locator=display_name(path, root), data=data, fetched_at=fetched_at))
    return captures


def _retrying(action: str, call: Callable[[], T], is_transient: Callable[[BaseException], bool]) -> T:
    """`call()`, tried again after each of RETRY_DELAYS_S on a transient failure; then StorageFault."""
    attempts = len(RETRY_DELAYS_S) + 1
    for attempt in range(1, attempts + 1):
        try:
            return call()
        except Exception as error:
            if not is_transient(error):
                raise
            cause = _describe(error)
            if attempt == attempts:
                raise StorageFault(f"{action} failed {attempts} times, last: {cause}") from error
            delay = RETRY_DELAYS_S[attempt - 1]
            logger.warning("%s failed (attempt %d of %d), retrying in %g s: %s", action, attempt, attempts, delay,
                           cause)
            time.sleep(delay)
    raise AssertionError("unreachable")


def _describe(error: BaseException) -> str:
    """The cause without SQL nor bound parameters (a whole batch) — and never a URL with its password."""
    original = getattr(error, "orig", None) or error
    first_line = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{type(original).__name__}: {first_line}"[:MAX_MESSAGE]


def _database_transient(error: BaseException) -> bool:
    """A lost connection or a busy database, which another attempt may get past — not an SQL or schema error
    (sqlite3 calls both "OperationalError": its message tells them apart)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    original = getattr(error, "orig", None)
    if type(original).__module__ == "sqlite3":
        return any(word in str(original).lower() for word in SQLITE_TRANSIENT)
    return True


def _archive_transient(error: BaseException) -> bool:
    return isinstance(error, (ArchiveError, OSError)) and "escapes the archive" not in str(error)


def workers_for(captures: int, workers: int) -> int:
    """Processes worth forking for a batch: none below MIN_CAPTURES_PER_WORKER captures a worker."""
    return max(1, min(workers, captures // MIN_CAPTURES_PER_WORKER))


def _process_safely(capture: Capture, today: date) -> list[SourceRecord] | Rejection:
    """`process()`, each posting made into its source record and fingerprinted for dedupe — here, in the extraction
    worker, not in the process that publishes, which the run waits for. A crash on one capture becomes that
    capture's rejection (logged with the traceback)."""
    try:
        result = process(capture, today)
        return result if isinstance(result, Rejection) else [_source_record(capture, posting) for posting in result]
    except Exception as error:  # noqa: BLE001 - recorded as parser_error with type and message, never swallowed
        logger.error("parser crashed on %s (sha256 %s)", capture.locator, capture.sha256, exc_info=True)
        return Rejection(PARSER_ERROR, f"{type(error).__name__}: {error}"[:MAX_MESSAGE])


def split_published(engine: Engine, captures: list[Capture]) -> KnownSplit:
    """The captures to extract, apart from those this code version already published from the same bytes
    (`glaneur.flows.incremental`): the same inbox dropped again, or pages fetched again unchanged, cost a lookup
    instead of an extraction."""
    if not captures:
        return KnownSplit()
    with session_scope(engine) as session:
        return split_known(session, captures, code_version=code_version())


def transform(captures: list[Capture], *, archive: Archive, today: date, workers: int = 1,
              results: Sequence[list[SourceRecord] | Rejection] | None = None) -> BatchOutcome:
    """Archive the captures' bytes, then extract; a bad capture becomes a rejection, never an exception.

    Extraction runs on up to `workers` processes when the batch is large enough to pay for them
    (`glaneur.flows.parallel`); `results` are extractions already made (`_process_safely`), in capture order.
    """
    outcome = BatchOutcome()
    fetched = [capture.fetched_at or utcnow() for capture in captures]
    keys = [raw_key(capture.source, capture.sha256, at, capture.locator) for capture, at in zip(captures, fetched)]
    _retrying(f"writing {len(keys)} captures to the archive",
              lambda: archive.put_many([(key, capture.data) for key, capture in zip(keys, captures)]),
              _archive_transient)
    if results is None:
        results = map_captures(_process_safely, captures, today, workers=workers_for(len(captures), workers))
    for capture, fetched_at, key, result in zip(captures, fetched, keys, results, strict=True):
        sha = capture.sha256
        fault_point("after_archive")
        outcome.captures.append({
            "source": capture.source, "locator": capture.locator, "sha256": sha, "archive_key": key,
            "media_type": capture.media_type, "size": len(capture.data), "external_id": capture.external_id,
            "url": capture.url, "hints": capture.hints, "fetched_at": fetched_at,
        })
        fault_point("extract")
        if isinstance(result, Rejection):
            outcome.rejected.append(Rejected(capture.source, capture.locator, result.code, result.message, sha, key,
                                             capture.media_type))
            continue
        for record in result:
            record.archive_key = key
            outcome.records.append(record)
        outcome.landed.add(capture.locator)
        outcome.resolved.append((capture.source, capture.locator, sha))
    return outcome


def _source_record(capture: Capture, posting: Posting) -> SourceRecord:
    """The posting as its source's record (archive key set once the bytes are archived), with its dedupe
    fingerprint."""
    base = capture.external_id or capture.sha256
    external_id = f"{base}#{posting.external_id}" if posting.external_id and not capture.external_id else base
    if posting.external_id and capture.external_id and posting.external_id != capture.external_id:
        external_id = f"{capture.external_id}#{posting.external_id}"
    record = posting.to_record()
    record["source"] = capture.source
    record["url"] = record.get("url") or capture.url
    record = clean_record(record)
    structured = bool(capture.hints) or (capture.media_type or "").endswith("json")
    return SourceRecord(source=capture.source, external_id=storable(external_id), locator=storable(capture.locator),
                        url=record["url"], archive_key=None, media_type=capture.media_type, record=record,
                        structured=structured or bool(posting.evidence.get("_structured")), seen=capture.fetched_at,
                        fingerprint=fingerprint_of(record, normalise_url(record["url"])))


def _insert(session, model):
    return (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(model)


def _quarantine(session, rejected: list[Rejected], *, run_id: str, now: datetime) -> None:
    """Record rejections. The same bytes from the same place keep one entry, with the latest verdict (and open
    again if a parser change broke them); an input refused unread keeps one open entry however often it is seen."""
    rows = [storable({"source": r.source, "locator": r.locator, "sha256": r.sha256, "archive_key": r.archive_key,
                      "reason_code": r.code, "message": r.message, "media_type": r.media_type, "run_id": run_id,
                      "created_at": now}) for r in rejected]
    read = [row for row in rows if row["sha256"] is not None]
    if read:
        statement = _insert(session, models.QuarantineEntry)
        session.execute(statement.on_conflict_do_update(
            index_elements=["source", "locator", "sha256"],
            set_={"reason_code": statement.excluded.reason_code, "message": statement.excluded.message,
                  "resolved_at": None}), read)
    unread = [row for row in rows if row["sha256"] is None]
    if unread:
        Entry = models.QuarantineEntry
        known = set(session.execute(
            select(Entry.source, Entry.locator, Entry.reason_code)
            .where(Entry.sha256.is_(None), Entry.resolved_at.is_(None),
                   tuple_(Entry.source, Entry.locator).in_(sorted({(row["source"], row["locator"]) for row in unread})))
        ).tuples())
        fresh = [row for row in unread if (row["source"], row["locator"], row["reason_code"]) not in known]
        if fresh:
            session.execute(_insert(session, Entry), fresh)


def _resolve(session, keys: list[tuple[str, str, str]], now: datetime) -> None:
    Entry = models.QuarantineEntry
    for start in range(0, len(keys), 500):
        session.execute(update(Entry).where(tuple_(Entry.source, Entry.locator, Entry.sha256)
                                            .in_(storable(keys[start:start + 500])), Entry.resolved_at.is_(None))
                        .values(resolved_at=now))


def _store_once(engine: Engine, outcome: BatchOutcome, run_id: str, now: datetime) -> dict[str, int]:
    with session_scope(engine) as session:
        lock_publishers(session)  # the quarantine's check-then-insert and the publish serialise together
        captures = storable([{**c, "run_id": run_id} for c in outcome.captures])
        insert_ignoring_conflicts(session, models.Capture, captures, ["source", "locator", "sha256"])
        _quarantine(session, outcome.rejected, run_id=run_id, now=now)
        counts = publish_batch(session, outcome.records, now=now, run_id=run_id, code_version=code_version())
        touch_known(session, outcome.known, now=now)
        counts["unchanged"] += len(outcome.known.source_ids)
        _resolve(session, outcome.resolved, now)
        fault_point("publish")
    return counts


def store(engine: Engine, outcome: BatchOutcome, *, run_id: str, now: datetime) -> dict[str, int]:
    """One transaction: captures, quarantine entries and the published postings land together or not at all.

    A lost connection is retried (the transaction is all or nothing and idempotent); if the store stays
    unreachable, StorageFault and nothing of the batch is published.
    """
    counts = _retrying("publishing the batch to the database", lambda: _store_once(engine, outcome, run_id, now),
                       _database_transient)
    counts["quarantined"] = len(outcome.rejected)
    counts["postings"] = len(outcome.records) + len(outcome.known.source_ids)
    counts["known_captures"] = len(outcome.known.known)
    return counts


def refused_to_rejected(scan: InboxScan, source: str, root: Path | None = None) -> list[Rejected]:
    return [Rejected(source, display_name(path, root), code, message) for path, code, message in scan.refused]


def _free_name(folder: Path, name: str) -> Path:
    safe = UNSAFE_NAME.sub("_", name).strip(" .") or "unnamed"
    stem, suffix = Path(safe).stem, Path(safe).suffix[:16]
    stem = stem.encode("utf-8")[:MAX_NAME_BYTES - len(suffix.encode())].decode("utf-8", "ignore")
    target = folder / f"{stem}{suffix}"
    counter = 1
    while target.exists() or target.is_symlink():
        target = folder / f"{stem}.{counter}{suffix}"
        counter += 1
    return target


def _write_atomically(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_away(path: Path, folder: Path, *, reason: Rejected | None = None) -> Path | None:
    """Move an inbox file to processed/ or quarantine/ (with a reason file beside it); never delete it.

    The reason file is written (atomically) before the move, so a quarantined file never lies there without it.
    None when the file is gone (another run moved it). A symlink moves as a link; its target is never opened.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, path.name)
    reason_file = target.with_name(target.name + ".reason.json")
    if reason is not None:
        _write_atomically(reason_file, json.dumps({
            "file": reason.locator, "reason_code": reason.code, "message": reason.message,
            "archive_key": reason.archive_key, "sha256": reason.sha256,
        }, ensure_ascii=False, indent=2))
    try:
        shutil.move(str(path), target)
    except FileNotFoundError:
        if reason is not None:
            reason_file.unlink(missing_ok=True)
        return None
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
                 batch_size: int = 200, workers: int = 1) -> IngestReport:
    """Ingest files and folders. Inside the inbox, files then move to processed/ or quarantine/ beside it."""
    skip = (inbox.parent / "processed", inbox.parent / "quarantine") if inbox else ()
    scan = scan_paths(paths, max_bytes=max_bytes, skip_dirs=skip)
    report = IngestReport(source, files_seen=len(scan.files) + len(scan.refused), waiting=len(scan.waiting))
    now = utcnow()
    root = inbox if inbox else None
    if scan.refused:
        refused = refused_to_rejected(scan, source, root)
        store(engine, BatchOutcome(rejected=refused), run_id=run_id, now=now)
        report.rejected.extend(refused)
        if inbox:
            for (path, _, _), rejection in zip(scan.refused, refused, strict=True):
                file_away(path, inbox.parent / "quarantine", reason=rejection)

    def read_and_submit(files: list[Path]) -> Callable[[], tuple[list[Capture], list, list]]:
        unreadable: list[tuple[Path, str, str]] = []
        captures = read_captures(files, source=source, root=root, fetched_at=now, max_bytes=max_bytes,
                                 refused=unreadable)
        split = split_published(engine, captures)
        results = pool.submit(split.fresh, today, workers=workers_for(len(split.fresh), workers))
        return lambda: (split, unreadable, results())

    batches = [scan.files[start:start + batch_size] for start in range(0, len(scan.files), batch_size)]
    with ExtractionPool(_process_safely, workers=workers) as pool:
        for files, (split, unreadable, results) in overlapped(batches, read_and_submit):
            outcome = transform(split.fresh, archive=archive, today=today, results=results)
            outcome.known = split
            outcome.rejected.extend(refused_to_rejected(InboxScan(refused=unreadable), source, root))
            counts = store(engine, outcome, run_id=run_id, now=now)
            fault_point("after_publish")
            report.counts.update({k: v for k, v in counts.items() if k != "quarantined"})
            report.rejected.extend(outcome.rejected)
            if inbox:
                reasons = {r.locator: r for r in outcome.rejected}
                for path in files:
                    rejection = reasons.get(display_name(path, root))
                    file_away(path, inbox.parent / ("quarantine" if rejection else "processed"), reason=rejection)
                    fault_point("file_away")
    return report


@dataclass
class RetryOutcome:
    """What `retry_quarantined` did with one quarantine entry."""

    id: int
    name: str
    outcome: str  # resolved | quarantined | not_retriable | already_resolved | not_found
    reason_code: str | None
    message: str
    postings: int = 0


def retry_quarantined(engine: Engine, archive: Archive, entry_ids: list[int] | None, *, today: date, run_id: str,
                      now: datetime) -> list[RetryOutcome]:
    """Run the archived raw bytes of quarantine entries (these ids, or every open one) through the current
    pipeline; what now gives postings is published and its entry resolved, the rest keep (or update) their
    reason. Inputs refused before reading have no bytes to retry: drop the file again."""
    Entry, CaptureRow = models.QuarantineEntry, models.Capture
    query = (select(Entry, CaptureRow).outerjoin(CaptureRow, (CaptureRow.source == Entry.source)
                                                 & (CaptureRow.locator == Entry.locator)
                                                 & (CaptureRow.sha256 == Entry.sha256))
             .order_by(Entry.id))
    query = query.where(Entry.resolved_at.is_(None)) if entry_ids is None else query.where(Entry.id.in_(entry_ids))
    with session_scope(engine) as session:
        rows = session.execute(query).tuples().all()
    found = {entry.id for entry, _ in rows}
    outcomes = [RetryOutcome(i, "", "not_found", None, "no quarantine entry with this id")
                for i in entry_ids or [] if i not in found]
    retried: dict[tuple[str, str, str], tuple] = {}
    captures = []
    for entry, capture_row in rows:
        if entry.resolved_at is not None:
            outcomes.append(RetryOutcome(entry.id, entry.locator, "already_resolved", entry.reason_code,
                                         f"resolved at {entry.resolved_at.isoformat()}"))
        elif not entry.archive_key:
            outcomes.append(RetryOutcome(entry.id, entry.locator, "not_retriable", entry.reason_code,
                                         f"{entry.message} — refused before reading, nothing archived: fix the file "
                                         "and drop it again"))
        else:
            data = _retrying(f"reading {entry.archive_key} from the archive",
                             lambda key=entry.archive_key: archive.get(key), _archive_transient)
            if entry.sha256 and hashlib.sha256(data).hexdigest() != entry.sha256:
                outcomes.append(RetryOutcome(entry.id, entry.locator, "not_retriable", entry.reason_code,
                                             f"the archived bytes at {entry.archive_key} do not match the entry's "
                                             "sha256; the archive was altered"))
                continue
            meta = capture_row
            captures.append(Capture(
                source=entry.source, locator=entry.locator, data=data, media_type=entry.media_type,
                fetched_at=meta.fetched_at if meta else entry.created_at, external_id=meta.external_id if meta else None,
                url=meta.url if meta else None, hints=(meta.hints or {}) if meta else {}))
            retried[(entry.source, entry.locator, entry.sha256)] = (entry.id, entry.locator)
    if not captures:
        return outcomes
    outcome = transform(captures, archive=archive, today=today)
    store(engine, outcome, run_id=run_id, now=now)
    postings = Counter((r.source, r.locator) for r in outcome.records)
    rejected = {(r.source, r.locator, r.sha256): r for r in outcome.rejected}
    with session_scope(engine) as session:
        session.execute(update(Entry).where(Entry.id.in_([i for i, _ in retried.values()])).values(retried_at=now))
    for key, (entry_id, name) in retried.items():
        if key in rejected:
            outcomes.append(RetryOutcome(entry_id, name, "quarantined", rejected[key].code, rejected[key].message))
        else:
            outcomes.append(RetryOutcome(entry_id, name, "resolved", None, "published",
                                         postings=postings[(key[0], key[1])]))
    return sorted(outcomes, key=lambda o: o.id)
