"""The crawl step: each source crawled in its own process, bringing back captures, sightings, state, health.

Scrapy runs on Twisted, whose reactor cannot restart inside a process, and a crawl must never take the run
down: each crawl is `python -m glaneur.spiders.run` in a new process group, bounded by a wall-clock timeout
after which the whole group is killed. Whatever happens, the caller gets a `CrawlResult` — a crash or a
timeout is a `failed` result with its reason, never an exception that would stop the other sources.

Captures are valid whatever the status (they go through extraction and publishing like drop-ins); the status
says whether the crawl saw the whole source: only an `ok` crawl may count a posting it did not see as gone.
Save the returned `state` (see `glaneur.storage.crawl_state`) only after the captures are stored, so that a
crash in between makes the next crawl fetch them again rather than skip them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from glaneur.processes import process_exists
from glaneur.record import Capture
from glaneur.sources import SourceConfig

DEFAULT_TIMEOUT_S = 3600.0
# After SIGTERM, how long Scrapy may take to close the crawl cleanly (writing state and stats) before SIGKILL.
GRACE_S = 10.0
LOG_TAIL_LINES = 15
OWNER_FILE = "owner.pid"  # in each spool: the pid of the process that launched the crawl


@dataclass
class CrawlResult:
    """What one crawl of one source produced.

    `seen` lists records known from earlier crawls and confirmed still there without being downloaded again
    (`{"locator", "external_id", "reason"}`; reason `not_modified`, `lastmod`, `fetched_lately`,
    `same_content`, `listed`, or `page_unchanged` for an attachment of a page seen unchanged): lifecycle must
    treat them as seen.
    """

    source: str
    status: str
    error: str | None
    captures: list[Capture] = field(default_factory=list)
    seen: list[dict[str, Any]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def retriable(self) -> bool:
        """A failure another attempt may fix: not a configuration error, robots.txt or a refused address."""
        return self.status == "failed" and not self.stats.get("permanent")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError:
                break  # the last line of a killed crawl may be half written; what precedes it is whole
    return records


def load_captures(spool: Path) -> list[Capture]:
    """The captures a crawl process wrote, with their bytes."""
    captures = []
    for record in _read_jsonl(spool / "captures.jsonl"):
        body = spool / record["body_path"]
        if not body.exists():
            continue
        captures.append(Capture(source=record["source"], locator=record["locator"], data=body.read_bytes(),
                                media_type=record.get("media_type"),
                                fetched_at=datetime.fromisoformat(record["fetched_at"]),
                                external_id=record.get("external_id"), url=record.get("url"),
                                hints=record.get("hints") or {}))
    return captures


def _read_json(path: Path, missing: Any) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else missing


def _log_tail(*paths: Path) -> str:
    lines: list[str] = []
    for path in paths:
        if path.exists():
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL_LINES:])


def _stop_group(process: subprocess.Popen) -> None:
    """SIGTERM the crawl's process group (Scrapy closes cleanly), then SIGKILL whatever outlives the grace."""
    for sig, wait_s in ((signal.SIGTERM, GRACE_S), (signal.SIGKILL, GRACE_S)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def remove_orphaned_spools(workdir: Path) -> list[Path]:
    """Spools whose owning process is gone (a run killed with -9 never reaches its cleanup): removed, returned.

    The crawl process of a killed run notices it has lost its parent and stops (`glaneur.spiders.run`), so only its
    files are left; their captures were never published and the next crawl fetches them again.
    """
    removed = []
    for owner in workdir.glob(f"*/{OWNER_FILE}"):
        try:
            pid = int(owner.read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # being written, or not one of ours: never remove what we cannot attribute
        if not process_exists(pid):
            shutil.rmtree(owner.parent, ignore_errors=True)
            removed.append(owner.parent)
    return removed


def run_crawl(source: SourceConfig, state: dict[str, Any], workdir: Path, *, timeout_s: float,
              settings: Sequence[str] = ()) -> CrawlResult:
    """Crawl `source` in a new process for at most `timeout_s` s; `settings`: more NAME=VALUE for Scrapy.

    `workdir` keeps `<source>.log`, the last crawl log of the source; the spool is removed once read.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    remove_orphaned_spools(workdir)
    spool = Path(tempfile.mkdtemp(prefix=f"{source.name}-", dir=workdir))
    (spool / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    try:
        return _crawl_in(spool, source, state, workdir, timeout_s, settings)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def _crawl_in(spool: Path, source: SourceConfig, state: dict[str, Any], workdir: Path, timeout_s: float,
              settings: Sequence[str]) -> CrawlResult:
    (spool / "source.json").write_text(source.model_dump_json(), encoding="utf-8")
    (spool / "previous-state.json").write_text(json.dumps(state or {}), encoding="utf-8")
    command = [sys.executable, "-m", "glaneur.spiders.run", "--source-json", str(spool / "source.json"),
               "--state", str(spool / "previous-state.json"), "--out", str(spool / "out"),
               # The crawl closes itself cleanly a little before the parent's deadline.
               "--set", f"CLOSESPIDER_TIMEOUT={max(timeout_s - GRACE_S, timeout_s * 0.8):.0f}"]
    for setting in settings:
        command += ["--set", setting]
    launched_at = time.time()
    with (spool / "process.log").open("wb") as output:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        timed_out = False
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
            _stop_group(process)
    wall_s = round(time.time() - launched_at, 3)
    out = spool / "out"
    if (out / "crawl.log").exists():
        shutil.copyfile(out / "crawl.log", workdir / f"{source.name}.log")
    stats = _read_json(out / "stats.json", {})
    new_state = _read_json(out / "state.json", state)
    stats.update(wall_s=wall_s, returncode=process.returncode)
    if stats.get("first_capture_at"):
        stats["time_to_first_capture_s"] = round(stats["first_capture_at"] - launched_at, 3)
    if timed_out:
        status, error = "failed", f"timed out after {timeout_s:g} s; the crawl process was stopped"
    elif not stats.get("status"):
        status = "failed"
        error = (f"crawl process exited with code {process.returncode} without a report: "
                 f"{_log_tail(spool / 'process.log', out / 'crawl.log')}")
    else:
        status, error = stats["status"], stats.get("reason")
    if status == "failed":
        stats["log_tail"] = _log_tail(spool / "process.log", out / "crawl.log")
    return CrawlResult(source=source.name, status=status, error=error, captures=load_captures(out),
                       seen=_read_jsonl(out / "seen.jsonl"), state=new_state, stats=stats)


# -- Prefect -------------------------------------------------------------------------------------------------

class CrawlFailed(RuntimeError):
    """Raised inside the Prefect task so that Prefect retries the crawl; carries the failed result."""

    def __init__(self, result: CrawlResult):
        super().__init__(f"crawl of {result.source} failed: {result.error}")
        self.result = result


def _retry_if_retriable(task, task_run, state) -> bool:  # noqa: ARG001 - Prefect's signature
    try:
        state.result()
    except CrawlFailed as failed:
        return failed.result.retriable
    except Exception:  # noqa: BLE001 - anything else (a bug, a full disk) may be transient: let Prefect retry
        return True
    return False


@task(name="crawl-source", task_run_name="crawl-{source.name}", retries=2,
      retry_delay_seconds=exponential_backoff(backoff_factor=30), retry_condition_fn=_retry_if_retriable,
      cache_policy=NO_CACHE)
def crawl_source_task(source: SourceConfig, state: dict[str, Any], workdir: Path,
                      timeout_s: float = DEFAULT_TIMEOUT_S) -> CrawlResult:
    """One source's crawl; a retriable failure raises CrawlFailed so that Prefect tries again (twice)."""
    result = run_crawl(source, state, workdir, timeout_s=timeout_s)
    if result.retriable:
        raise CrawlFailed(result)
    return result


def crawl_source(source: SourceConfig, state: dict[str, Any], workdir: Path, *,
                 timeout_s: float = DEFAULT_TIMEOUT_S,
                 retry_delays_s: Sequence[float] | None = None) -> CrawlResult:
    """For flows: run `crawl_source_task` with its retries; a crawl still failing after them comes back as its
    failed CrawlResult, never as an exception."""
    task = crawl_source_task if retry_delays_s is None else crawl_source_task.with_options(
        retries=len(retry_delays_s), retry_delay_seconds=list(retry_delays_s))
    final = task(source, state, workdir, timeout_s=timeout_s, return_state=True)
    try:
        return final.result()
    except CrawlFailed as failed:
        return failed.result
