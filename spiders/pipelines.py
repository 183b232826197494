"""Item pipelines, one concern each, in the order of ITEM_PIPELINES: clean hints → recognise known bytes →
record crawl state → write the spool the parent process reads.

The spool (GLANEUR_OUT) holds `bodies/<sha256>` (raw bytes, once per content), `captures.jsonl` (one line per
capture: source, locator, url, media_type, external_id, fetched_at, sha256, body_path, hints) and `seen.jsonl`
(records confirmed present but unchanged: locator, external_id, reason).
"""

from __future__ import annotations

import html
import json
import re
import time
from datetime import datetime, timezone
from pathlib import Path

from glaneur.spiders.items import PageItem, SeenItem

SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_text(value: str, *, multiline: bool) -> str:
    """Unescape entities left by double escaping (`&amp;#039;` → `'`) and fold whitespace."""
    for _ in range(2):
        unescaped = html.unescape(value)
        if unescaped == value:
            break
        value = unescaped
    if multiline:
        lines = (SPACES.sub(" ", line).strip() for line in value.splitlines())
        return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return SPACES.sub(" ", value.replace("\n", " ")).strip()


def clean_hint(value, *, multiline: bool = False):
    if isinstance(value, str):
        return clean_text(value, multiline=multiline) or None
    if isinstance(value, list):
        cleaned = [clean_hint(item) for item in value]
        return [item for item in cleaned if item not in (None, "", [], {})] or None
    if isinstance(value, dict):
        cleaned = {key: clean_hint(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})} or None
    return value


class CrawlerPipeline:
    """A pipeline that reaches the spider (its source and crawl book) and the stats through the crawler."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class HintCleaningPipeline(CrawlerPipeline):
    """Hints arrive as raw text from feeds, APIs and selectors; give the extractor clean values and count the
    gaps.

The source's own `hints` (e.g. the organization behind a feed) come first; what the page or item says wins.

    A `fields` selector that matched nothing on a detail page is bad data: counted as
    `glaneur/fields/missing/<field>` so that a broken selector shows in the crawl's stats.
    """

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        cleaned = {}
        for key, value in {**self.spider.source.hints, **item.hints}.items():
            value = clean_hint(value, multiline=key == "description")
            if value is not None:
                cleaned[key] = value
        item.hints = cleaned
        if "attachment_of" not in cleaned:
            for key in self.spider.source.fields:
                if key not in cleaned:
                    self.stats.inc_value(f"glaneur/fields/missing/{key}")
        return item


class KnownContentPipeline(CrawlerPipeline):
    """Bytes identical to last crawl's capture of the same URL are nothing new: mark them unchanged."""

    def process_item(self, item):
        known = self.spider.book.previous(item.key) if isinstance(item, PageItem) else {}
        if known.get("content_hash") and known["content_hash"] == item.sha256:
            item.unchanged = True
            self.stats.inc_value("glaneur/unchanged/same_content")
        return item


class CrawlStatePipeline(CrawlerPipeline):
    """Remember validators, content hash and lastmod of each URL for the next crawl's conditional requests."""

    def process_item(self, item):
        now = datetime.now(timezone.utc).isoformat()
        if isinstance(item, PageItem):
            self.spider.book.record(item.key, etag=item.etag, last_modified=item.last_modified,
                               content_hash=item.sha256, lastmod=item.lastmod, fetched_at=now)
        elif isinstance(item, SeenItem):
            self.spider.book.record(item.key, lastmod=item.lastmod,
                               fetched_at=now if item.reason == "not_modified" else None)
        return item


class SpoolPipeline(CrawlerPipeline):
    """Write captures and sightings where the parent process will read them."""

    def open_spider(self):
        self.out = Path(self.crawler.settings.get("GLANEUR_OUT"))
        (self.out / "bodies").mkdir(parents=True, exist_ok=True)
        self.captures = (self.out / "captures.jsonl").open("a", encoding="utf-8")
        self.sightings = (self.out / "seen.jsonl").open("a", encoding="utf-8")

    def close_spider(self):
        self.captures.close()
        self.sightings.close()

    def process_item(self, item):
        stats = self.stats
        if isinstance(item, PageItem) and not item.unchanged:
            sha = item.sha256
            body = self.out / "bodies" / sha
            if not body.exists():
                body.write_bytes(item.body)
            self._write(self.captures, {
                "source": self.spider.source.name, "locator": item.locator, "url": item.url,
                "media_type": item.media_type, "external_id": item.external_id,
                "fetched_at": datetime.now(timezone.utc).isoformat(), "sha256": sha,
                "body_path": f"bodies/{sha}", "hints": item.hints})
            stats.inc_value("glaneur/captures")
            if stats.get_value("glaneur/first_capture_at") is None:
                stats.set_value("glaneur/first_capture_at", time.time())
        else:
            reason = item.reason if isinstance(item, SeenItem) else "same_content"
            self._write(self.sightings, {"locator": item.locator, "external_id": item.external_id,
                                         "reason": reason})
            stats.inc_value("glaneur/seen")
            stats.inc_value(f"glaneur/seen/{reason}")
        return item

    @staticmethod
    def _write(stream, record: dict) -> None:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        stream.flush()
