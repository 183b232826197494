"""The raw archive: write-once, content-addressed bytes on a local folder or any S3 endpoint.

Keys look like `raw/{source}/{YYYY}/{MM}/{DD}/{sha256}.{ext}`; run manifests live under `runs/` and snapshots under
`snapshots/`. The interface is deliberately small so that a new backend is a page of code.
"""

from __future__ import annotations

import base64
import ctypes
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlparse

SAFE_SEGMENT = re.compile(r"[^a-z0-9._-]+")
KNOWN_EXTENSIONS = {"txt", "html", "htm", "pdf", "docx", "doc", "json", "xml", "rss", "jsonl", "gz", "md"}
S3_PARALLEL_UPLOADS = 8


def _find_syncfs():
    """libc's syncfs (Linux): one call makes a folder's filesystem durable; None elsewhere (fsync per file then)."""
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    if syncfs is not None:
        syncfs.argtypes = [ctypes.c_int]
        syncfs.restype = ctypes.c_int
    return syncfs


_SYNCFS = _find_syncfs()


class ArchiveError(RuntimeError):
    """The archive cannot be written or read; the message names the backend and the key."""


class Archive(Protocol):
    url: str

    def put(self, key: str, data: bytes) -> bool:
        """Store `data` under `key` unless it is there already; True when written now."""

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> list[bool]:
        """`put` for a batch, durable when it returns; cheaper than one `put` each (one sync, parallel uploads)."""

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def keys(self, prefix: str) -> list[str]: ...


def raw_key(source: str, sha256: str, fetched_at: datetime, name: str) -> str:
    """Content-addressed key of a raw capture; the extension is kept only when it is a known, safe one."""
    extension = Path(name.split("?", 1)[0]).suffix.lower().lstrip(".")
    extension = extension if extension in KNOWN_EXTENSIONS else "bin"
    segment = SAFE_SEGMENT.sub("-", source.lower()).strip("-") or "unknown"
    return f"raw/{segment}/{fetched_at:%Y/%m/%d}/{sha256}.{extension}"


def put_json(archive: Archive, key: str, payload: object) -> str:
    archive.put(key, json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode("utf-8"))
    return key


def _temporary_file(folder: Path, data: bytes) -> str:
    """`data` in a new `.tmp-*` file of `folder` (made for this process alone, mode 0600, as mkstemp makes them),
    fsynced unless one `syncfs` will cover the batch."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        if not _SYNCFS:
            handle.flush()
            os.fsync(handle.fileno())
    return temporary


class LocalArchive:
    """A folder. Writes go to a temporary file then an atomic rename, so a crash leaves no half-written object."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.url = str(self.root)

    def _path(self, key: str, resolved: dict[Path, Path] | None = None) -> Path:
        """Where `key` lives; an error if it leads out of the folder. `resolved` memoises folders' real paths
        across the keys of one batch, which share a few date folders (resolving each key cost more than writing)."""
        resolved = {} if resolved is None else resolved
        path = self.root / key
        if path.name in ("", ".."):
            real = path.resolve()
        else:
            folder = path.parent
            if folder not in resolved:
                resolved[folder] = folder.resolve()
            real = resolved[folder] / path.name
        if self.root not in resolved:
            resolved[self.root] = self.root.resolve()
        if resolved[self.root] not in real.parents:
            raise ArchiveError(f"archive key {key!r} escapes the archive folder {self.root}")
        return real

    def put(self, key: str, data: bytes) -> bool:
        return self.put_many([(key, data)])[0]

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> list[bool]:
        """Every new object is written to a temporary file, all are synced, then renamed into place and synced again.

        A crash leaves whole objects or none under their keys (temporary files are named `.tmp-*`). On Linux a
        batch costs two `syncfs` calls instead of an `fsync` per file (500 files: 0.36 s instead of 2.6 s here).
        """
        written = [False] * len(items)
        pending: list[tuple[int, str, Path]] = []
        resolved: dict[Path, Path] = {}
        made: set[Path] = set()
        claimed: set[Path] = set()
        try:
            for index, (key, data) in enumerate(items):
                path = self._path(key, resolved)
                if path in claimed or path.exists():
                    continue
                claimed.add(path)
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
                temporary = _temporary_file(path.parent, data)
                pending.append((index, temporary, path))
            if not pending:
                return written  # nothing new: nothing to sync (the folder may not even exist yet)
            self._sync()
            for index, temporary, path in pending:
                os.replace(temporary, path)
                written[index] = True
            self._sync()
        except BaseException:
            for index, temporary, _ in pending:
                if not written[index]:
                    Path(temporary).unlink(missing_ok=True)
            raise
        return written

    def _sync(self) -> None:
        """Flush the archive's filesystem (what was written and renamed is on disk when this returns)."""
        if not _SYNCFS:
            return
        descriptor = os.open(self.root, os.O_RDONLY)
        try:
            if _SYNCFS(descriptor) != 0:
                error = ctypes.get_errno()
                raise OSError(error, f"syncfs of the archive folder {self.root} failed: {os.strerror(error)}")
        finally:
            os.close(descriptor)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise ArchiveError(f"no object {key!r} in archive {self.url}") from error

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def keys(self, prefix: str) -> list[str]:
        base = self.root / prefix
        start = base if base.is_dir() else base.parent
        if not start.exists():
            return []
        found = (p.relative_to(self.root).as_posix() for p in start.rglob("*") if p.is_file())
        return sorted(key for key in found if key.startswith(prefix) and not Path(key).name.startswith(".tmp-"))


class S3Archive:
    """Any S3 endpoint through boto3: AWS, MinIO, Ceph, R2 — configured by the standard AWS_* variables."""

    def __init__(self, url: str, *, client=None):
        import boto3
        from botocore.config import Config

        parsed = urlparse(url)
        if not parsed.netloc:
            raise ArchiveError(f"archive URL {url!r} names no bucket; expected s3://bucket/prefix")
        self.url = url
        self.bucket = parsed.netloc
        self.prefix = parsed.path.strip("/")
        retries = Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30)
        self.client = client or boto3.client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL"), config=retries)

    def _full(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, action: str, key: str, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, action)(Bucket=self.bucket, **kwargs)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if action == "head_object" and code in ("404", "NoSuchKey", "NotFound"):
                return None
            if action == "put_object" and code in ("PreconditionFailed", "412"):
                return "exists"
            raise ArchiveError(f"S3 {action} s3://{self.bucket}/{self._full(key)} failed: {code} {error}") from error
        except BotoCoreError as error:
            raise ArchiveError(f"S3 archive {self.url} unreachable during {action} of {key!r}: {error}") from error

    def put(self, key: str, data: bytes) -> bool:
        if self.exists(key):
            return False
        checksum = hashlib.md5(data, usedforsecurity=False).digest()
        # IfNoneMatch makes the write-once rule hold even when two runs race on the same key.
        outcome = self._call(
            "put_object", key, Key=self._full(key), Body=data, IfNoneMatch="*",
            ContentMD5=base64.b64encode(checksum).decode("ascii"),
        )
        return outcome != "exists"

    def put_many(self, items: Sequence[tuple[str, bytes]]) -> list[bool]:
        """Uploads in parallel (boto3 clients are thread-safe): a batch waits for the slowest round trips, not all."""
        if len(items) <= 1:
            return [self.put(key, data) for key, data in items]
        with ThreadPoolExecutor(max_workers=S3_PARALLEL_UPLOADS) as pool:
            return list(pool.map(lambda item: self.put(*item), items))

    def get(self, key: str) -> bytes:
        return self._call("get_object", key, Key=self._full(key))["Body"].read()

    def exists(self, key: str) -> bool:
        return self._call("head_object", key, Key=self._full(key)) is not None

    def keys(self, prefix: str) -> list[str]:
        found: list[str] = []
        token: dict[str, str] = {}
        strip = len(self.prefix) + 1 if self.prefix else 0
        while True:
            page = self._call("list_objects_v2", prefix, Prefix=self._full(prefix), **token)
            found.extend(item["Key"][strip:] for item in page.get("Contents", []))
            if not page.get("IsTruncated"):
                return sorted(found)
            token = {"ContinuationToken": page["NextContinuationToken"]}

    def check(self) -> None:
        """Fail early, with a clear message, when the bucket cannot be reached."""
        self._call("head_bucket", "")


def open_archive(url: str) -> Archive:
    if url.startswith("s3://"):
        archive = S3Archive(url)
        archive.check()
        return archive
    return LocalArchive(url)
