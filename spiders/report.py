"""At the end of a crawl: write the new crawl state and the crawl's health (`state.json`, `stats.json` in
GLANEUR_OUT).

Health is judged here, where the facts are: `ok` (postings found), `empty` (pages fetched, nothing matched —
most likely a broken selector, said so), `failed` (nothing usable could be fetched, the crawl was stopped, or
every detail page failed). The parent process may still turn a crawl into `failed` when the process itself
dies or times out.
"""

from __future__ import annotations

import json
import resource
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import signals

# Ways a crawl may end and still be a complete or knowingly bounded crawl.
COMPLETE_FINISH_REASONS = ("finished", "closespider_pagecount")


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _value(stats: dict[str, Any], key: str) -> int:
    return int(stats.get(key) or 0)


def _prefixed(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: int(value) for key, value in sorted(stats.items()) if key.startswith(prefix)}


def judge(stats: dict[str, Any], *, finish_reason: str, config_error: str | None, failure_notes: list[str],
          empty_reason: str) -> tuple[str, str | None, bool]:
    """(status, reason, permanent) of a crawl from its stats; `permanent` failures are not worth retrying."""
    if config_error:
        return "failed", config_error, True
    if finish_reason not in COMPLETE_FINISH_REASONS:
        return "failed", f"crawl stopped before the end ({finish_reason})", False
    notes = "; ".join(failure_notes[:3])
    if _value(stats, "glaneur/navigation/ok") == 0:
        if _value(stats, "robotstxt/forbidden"):
            return "failed", "no start page could be fetched: forbidden by robots.txt", True
        if _value(stats, "glaneur/refused/private_network"):
            return "failed", ("no start page could be fetched: a private network address (set "
                              "allow_private_network: true if that is intended)"), True
        return "failed", f"no start page could be fetched: {notes or 'no response'}", False
    found = _value(stats, "glaneur/captures") + _value(stats, "glaneur/seen")
    if found == 0:
        failed_details = _value(stats, "glaneur/details/failed")
        if failed_details:
            return "failed", f"all {failed_details} detail requests failed: {notes}", False
        return "empty", empty_reason, False
    return "ok", None, False


def summarise(stats: dict[str, Any], *, source: str, kind: str, finish_reason: str, config_error: str | None,
              failure_notes: list[str], empty_reason: str, truncated: str | None) -> dict[str, Any]:
    """The crawl's stats.json: health, counts a person reads, and Scrapy's raw stats for debugging."""
    status, reason, permanent = judge(stats, finish_reason=finish_reason, config_error=config_error,
                                      failure_notes=failure_notes, empty_reason=empty_reason)
    errors = _prefixed(stats, "glaneur/errors/")
    skipped = _prefixed(stats, "glaneur/skipped/")
    started = stats.get("start_time")
    finished = stats.get("finish_time")
    return {
        "source": source,
        "kind": kind,
        "status": status,
        "reason": reason,
        "permanent": permanent,
        "finish_reason": finish_reason,
        "truncated": truncated,
        "requests": _value(stats, "downloader/request_count"),
        "responses": _value(stats, "downloader/response_count"),
        "navigation_pages": _value(stats, "glaneur/navigation/ok"),
        "navigation_failed": _value(stats, "glaneur/navigation/failed"),
        "items": _value(stats, "glaneur/captures") + _value(stats, "glaneur/seen"),
        "captures": _value(stats, "glaneur/captures"),
        "unchanged": _value(stats, "glaneur/seen"),
        "errors": errors,
        "error_count": sum(errors.values()),
        "robots_forbidden": _value(stats, "robotstxt/forbidden"),
        "not_modified": _value(stats, "downloader/response_status_count/304"),
        "pages_skipped": sum(skipped.values()),
        "skipped": skipped,
        "offsite_filtered": _value(stats, "offsite/filtered"),
        "refused_private_network": _value(stats, "glaneur/refused/private_network"),
        "retries": _value(stats, "retry/count"),
        "bad_data": {**_prefixed(stats, "glaneur/fields/missing/"), **_prefixed(stats, "glaneur/bad_data/")},
        "failures": failure_notes,
        "response_bytes": _value(stats, "downloader/response_bytes"),
        "elapsed_s": round((finished - started).total_seconds(), 3) if started and finished else None,
        "first_capture_at": stats.get("glaneur/first_capture_at"),
        "peak_rss_mb": peak_rss_mb(),
        "scrapy": {key: value.isoformat() if isinstance(value, datetime) else value
                   for key, value in sorted(stats.items())},
    }


class CrawlReport:
    """Extension writing state.json and stats.json when the spider closes, whatever the reason."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason: str) -> None:
        out = Path(self.crawler.settings.get("GLANEUR_OUT"))
        out.mkdir(parents=True, exist_ok=True)
        stats = self.crawler.stats.get_stats()
        stats.setdefault("finish_time", datetime.now(tz=stats["start_time"].tzinfo) if "start_time" in stats
                         else None)
        report = summarise(stats, source=spider.source.name, kind=spider.name, finish_reason=reason,
                           config_error=spider.config_error, failure_notes=spider.failure_notes,
                           empty_reason=spider.empty_reason(), truncated=spider.truncated)
        _write_json(out / "state.json", spider.book.state())
        _write_json(out / "stats.json", report)


def _write_json(path: Path, value: Any) -> None:
    """Write then rename, so that a reader never sees half a file."""
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(value, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    partial.replace(path)
