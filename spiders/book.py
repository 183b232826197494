"""A crawl's memory of one source: what each URL looked like last time, and the API cursor.

The state is a plain JSON-able dict, the same shape `glaneur.storage.crawl_state` loads from and saves to the
database:

    {"urls": {url: {"etag", "last_modified", "content_hash", "lastmod", "fetched_at"}}, "cursor": str | None}

An attachment is kept under `<page url>#attachment:<file url>`, so that a page seen unchanged brings its
attachments along. The crawl process reads the previous state, records what it learns, and writes the whole
new state back; entries of URLs not visited this time are kept, so that a failed or partial crawl forgets
nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

URL_KEYS = ("etag", "last_modified", "content_hash", "lastmod", "fetched_at")
ATTACHMENT_MARK = "#attachment:"


def empty_state() -> dict[str, Any]:
    return {"urls": {}, "cursor": None}


class CrawlBook:
    def __init__(self, state: dict[str, Any] | None = None):
        state = state or empty_state()
        self._previous: dict[str, dict[str, Any]] = {url: dict(entry) for url, entry in
                                                    (state.get("urls") or {}).items()}
        self._updates: dict[str, dict[str, Any]] = {}
        self._attachments: dict[str, list[str]] = {}
        for key in self._previous:
            page, mark, attachment = key.partition(ATTACHMENT_MARK)
            if mark:
                self._attachments.setdefault(page, []).append(attachment)
        self.previous_cursor: str | None = state.get("cursor")
        self.cursor: str | None = self.previous_cursor

    @classmethod
    def from_file(cls, path: str | Path | None) -> CrawlBook:
        if not path or not Path(path).exists():
            return cls()
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def previous(self, url: str) -> dict[str, Any]:
        """What the last crawl recorded for `url` (empty if never captured)."""
        return self._previous.get(url, {})

    def attachments_of(self, url: str) -> list[str]:
        """The attachments `url` had when it was last captured (kept under `<url>#attachment:<file url>`)."""
        return self._attachments.get(url, [])

    def record(self, url: str, **values: Any) -> None:
        """Remember what this crawl learnt about `url`; None values keep what was known."""
        entry = self._updates.setdefault(url, dict(self._previous.get(url, {})))
        entry.update({key: value for key, value in values.items() if key in URL_KEYS and value is not None})

    def advance_cursor(self, value: str | None) -> None:
        """Keep the largest cursor seen (ISO timestamps compare as strings)."""
        if value and (self.cursor is None or value > self.cursor):
            self.cursor = value

    def unchanged_since(self, url: str, lastmod: str | None) -> bool:
        """True when `url` was captured before with the same `lastmod` (sitemap lastmod, feed item date)."""
        known = self.previous(url)
        return bool(lastmod and known.get("content_hash") and known.get("lastmod") == lastmod)

    def fetched_lately_without_validators(self, url: str, hours: float, now: datetime) -> bool:
        """True when `url` was captured less than `hours` ago from a server that gives no ETag or
        Last-Modified: it cannot be asked conditionally, so it waits for its next recheck instead of being
        downloaded again."""
        known = self.previous(url)
        if hours <= 0 or not known.get("content_hash") or known.get("etag") or known.get("last_modified"):
            return False
        fetched = known.get("fetched_at")
        return bool(fetched) and now - datetime.fromisoformat(fetched) < timedelta(hours=hours)

    def state(self) -> dict[str, Any]:
        return {"urls": {**self._previous, **self._updates}, "cursor": self.cursor}

    @property
    def updated_urls(self) -> int:
        return len(self._updates)
