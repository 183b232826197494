"""The daily snapshot: every posting, as published that day, in the archive for readers who want a file, not a database.

`snapshots/YYYY-MM-DD/postings.jsonl.gz` (the rows of `glaneur export --format jsonl`) and beside it
`snapshots/YYYY-MM-DD/manifest.json` (counts, sizes, sha256). The archive is write-once, so a second snapshot on the
same day whose content differs becomes a revision (`postings.r1.jsonl.gz`, `manifest.r1.json`, …); one whose content
is the same writes nothing and returns the existing manifest. The manifest is written last: a manifest always points
at a complete file.

The gzip stream carries no timestamp or file name, so the same postings give the same bytes and the same sha256.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import tempfile
from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from glaneur import code_version
from glaneur.storage.archive import Archive, put_json
from glaneur.storage.export import EXPORT_COLUMNS, iter_postings

PREFIX = "snapshots"
MANIFEST = re.compile(r"manifest(?:\.r(\d+))?\.json$")


def snapshot_keys(day: date, revision: int = 0) -> tuple[str, str]:
    """(data key, manifest key) of a day's snapshot revision; revision 0 is the plain name."""
    suffix = f".r{revision}" if revision else ""
    folder = f"{PREFIX}/{day.isoformat()}"
    return f"{folder}/postings{suffix}.jsonl.gz", f"{folder}/manifest{suffix}.json"


def latest_manifest(archive: Archive, day: date) -> dict[str, Any] | None:
    """The newest snapshot manifest of `day`, or None."""
    revisions = []
    for key in archive.keys(f"{PREFIX}/{day.isoformat()}/"):
        match = MANIFEST.search(key)
        if match:
            revisions.append((int(match.group(1) or 0), key))
    if not revisions:
        return None
    return json.loads(archive.get(max(revisions)[1]))


def write_snapshot(engine: Engine, archive: Archive, *, day: date, now: datetime,
                   run_id: str | None = None) -> dict[str, Any]:
    """Write the day's snapshot of all postings (streamed, compressed on disk); return its manifest.

    The manifest has `written` False when the day's latest snapshot already had this content.
    """
    by_status: Counter = Counter()
    by_source: Counter = Counter()
    jsonl_digest = hashlib.sha256()
    size = 0
    with tempfile.TemporaryFile() as spool:
        with gzip.GzipFile(filename="", mode="wb", fileobj=spool, mtime=0) as stream:
            for row in iter_postings(engine):
                line = (json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
                stream.write(line)
                jsonl_digest.update(line)
                size += len(line)
                by_status[row["status"]] += 1
                for source in {entry["source"] for entry in row["sources"]}:
                    by_source[source] += 1
        spool.seek(0)
        data = spool.read()
    digest = hashlib.sha256(data).hexdigest()
    previous = latest_manifest(archive, day)
    if previous and previous["sha256"] == digest:
        return {**previous, "written": False}
    revision = previous["revision"] + 1 if previous else 0
    data_key, manifest_key = snapshot_keys(day, revision)
    manifest = {
        "day": day.isoformat(), "revision": revision, "key": data_key, "manifest_key": manifest_key,
        "format": "jsonl.gz", "columns": list(EXPORT_COLUMNS), "generated_at": now.isoformat(), "run_id": run_id,
        "code_version": code_version(), "postings": sum(by_status.values()), "by_status": dict(sorted(by_status.items())),
        "by_source": dict(sorted(by_source.items())), "bytes": len(data), "uncompressed_bytes": size,
        "sha256": digest, "jsonl_sha256": jsonl_digest.hexdigest(),
    }
    archive.put(data_key, data)
    put_json(archive, manifest_key, manifest)
    return {**manifest, "written": True}
