"""The behaviour every generic spider shares: configuration from sources.yaml, bounded navigation, incremental
detail requests, captures of detail pages and their attachments, and error bookkeeping for the crawl's health.

A kind only says how it finds detail pages (`parse_navigation`); everything else lives here.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from w3lib.url import canonicalize_url

from glaneur import __version__
from glaneur.sources import SourceConfig, SourcesError, load_sources
from glaneur.spiders.book import ATTACHMENT_MARK, CrawlBook
from glaneur.spiders.items import PageItem, SeenItem

ATTACHMENT_SUFFIXES = (".pdf", ".docx")
MAX_ATTACHMENTS_PER_PAGE = 5
MAX_EXTERNAL_ID = 500
# How many failures a crawl remembers word for word, for the health report.
MAX_FAILURE_NOTES = 5


def source_settings(source: SourceConfig) -> dict[str, Any]:
    """Scrapy settings that follow from one source's configuration."""
    return {
        "USER_AGENT": f"glaneur/{__version__} (+{source.contact_url})",
        "DOWNLOAD_DELAY": source.download_delay,
        "AUTOTHROTTLE_ENABLED": source.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(source.download_delay, 0.5),
        "CONCURRENT_REQUESTS_PER_DOMAIN": source.concurrent_requests,
        "DOWNLOAD_TIMEOUT": source.timeout_s,
        "CLOSESPIDER_PAGECOUNT": source.max_requests,
        "GLANEUR_ALLOW_PRIVATE_NETWORK": source.allow_private_network,
    }


def bounded_id(text: str) -> str:
    """An external id short enough for the database: a long one keeps a prefix plus a digest of the whole."""
    if len(text) <= MAX_EXTERNAL_ID:
        return text
    return text[: MAX_EXTERNAL_ID - 41] + "#" + hashlib.sha1(text.encode()).hexdigest()


def external_id_for(url: str) -> str:
    """The id of a page-based record: its canonical URL (sorted query, no fragment)."""
    return bounded_id(canonicalize_url(url))


def media_type_of(response: Response) -> str | None:
    declared = response.headers.get(b"Content-Type")
    if declared:
        return declared.decode("latin-1").split(";", 1)[0].strip().lower() or None
    return mimetypes.guess_type(urlsplit(response.url).path)[0]


def error_kind(failure) -> str | None:
    """A short name for why a request failed; None when refused on purpose (robots, off-site, private)."""
    if failure.check(HttpError):  # an IgnoreRequest too, so first
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        return None
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(failure.value).__name__).lower()


class GlaneurSpider(scrapy.Spider):
    """Base of the five kinds; `source` is a SourceConfig, its JSON, or a name in the file `sources`."""

    name = "glaneur"

    @classmethod
    def from_crawler(cls, crawler, *args, source: SourceConfig | str | None = None,
                     sources: str | None = None, **kwargs):
        config = cls.resolve_source(source, sources)
        crawler.settings.setdict(source_settings(config), priority="spider")
        spider = super().from_crawler(crawler, *args, source=config, **kwargs)
        spider.book = CrawlBook.from_file(crawler.settings.get("GLANEUR_STATE"))
        return spider

    @classmethod
    def resolve_source(cls, source: SourceConfig | str | None, sources: str | None) -> SourceConfig:
        if isinstance(source, SourceConfig):
            config = source
        elif isinstance(source, str) and source.lstrip().startswith("{"):
            config = SourceConfig.model_validate_json(source)
        elif isinstance(source, str):
            path = Path(sources or os.environ.get("GLANEUR_SOURCES") or "sources.yaml")
            matches = [s for s in load_sources(path) if s.name == source]
            if not matches:
                raise SourcesError(path, [f"no source named {source!r}"])
            config = matches[0]
        else:
            raise ValueError(f"name the source: scrapy crawl {cls.name} -a source=NAME -a sources=FILE")
        if config.kind != cls.name:
            raise ValueError(f"source {config.name!r} is of kind {config.kind!r}, not {cls.name!r}")
        return config

    def __init__(self, *args, source: SourceConfig, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.allowed_domains = source.hosts
        self.navigation_urls: set[str] = set()
        self.truncated: str | None = None
        self.failure_notes: list[str] = []
        self.config_error: str | None = None

    # -- navigation: start pages, listing pages, feeds, sitemaps, API pages ----------------------------------

    async def start(self):
        for url in self.source.start_urls:
            request = self.navigation_request(url)
            if request is not None:
                yield request

    def navigation_request(self, url: str, callback=None, *, request_cls=scrapy.Request,
                           **kwargs) -> scrapy.Request | None:
        """A request for a page that leads to postings, or None once `max_pages` of them were asked for."""
        if url in self.navigation_urls:
            return None
        if len(self.navigation_urls) >= self.source.max_pages:
            self.crawler.stats.inc_value("glaneur/skipped/max_pages")
            self.truncated = f"max_pages ({self.source.max_pages}) reached"
            return None
        self.navigation_urls.add(url)
        # Conditional only if captured before (a start page that is itself a posting); listings never are.
        meta = {"glaneur_role": "navigation", "glaneur_conditional": True, "handle_httpstatus_list": [304],
                **kwargs.pop("meta", {})}
        return request_cls(url, callback=self._navigation_response, errback=self._navigation_failed,
                           meta=meta, cb_kwargs={"parse": callback or self.parse_navigation}, **kwargs)

    def _navigation_response(self, response: Response, parse):
        self.crawler.stats.inc_value("glaneur/navigation/ok")
        if response.status == 304:
            url = self.asked_url(response)
            yield from self.sightings(url, external_id_for(url), "not_modified")
            return
        yield from parse(response)

    def _navigation_failed(self, failure):
        self.crawler.stats.inc_value("glaneur/navigation/failed")
        self._note_failure(failure)

    def parse_navigation(self, response: Response):
        raise NotImplementedError

    def parse(self, response: Response):  # `scrapy parse` and bare requests
        return self.parse_navigation(response)

    # -- detail pages and attachments ------------------------------------------------------------------------

    def follow_detail(self, url: str, *, external_id: str | None = None, hints: dict | None = None,
                      lastmod: str | None = None):
        """Ask for a posting's page, conditionally. Not asked but seen, with its attachments: a page captured
        with the same `lastmod`, or less than `recheck_hours` ago from a server that gives no validators."""
        external_id = external_id or external_id_for(url)
        if self.book.unchanged_since(url, lastmod):
            self.crawler.stats.inc_value("glaneur/skipped/unchanged_lastmod")
            yield from self.sightings(url, external_id, "lastmod", lastmod)
        elif self.book.fetched_lately_without_validators(url, self.source.recheck_hours,
                                                         datetime.now(timezone.utc)):
            self.crawler.stats.inc_value("glaneur/skipped/fetched_lately")
            yield from self.sightings(url, external_id, "fetched_lately", lastmod)
        else:
            yield scrapy.Request(url, callback=self.parse_detail, errback=self._detail_failed, meta={
                "glaneur_role": "detail", "glaneur_conditional": True, "handle_httpstatus_list": [304],
                "external_id": external_id, "hints": hints or {}, "lastmod": lastmod})

    def sightings(self, url: str, external_id: str, reason: str, lastmod: str | None = None):
        """A page seen unchanged, and the attachments it had at its last capture (not asked for either)."""
        yield SeenItem(locator=url, external_id=external_id, reason=reason, lastmod=lastmod)
        for attachment in self.book.attachments_of(url):
            yield SeenItem(locator=attachment, reason="page_unchanged",
                           external_id=bounded_id(f"{external_id}{ATTACHMENT_MARK}{attachment}"),
                           state_key=f"{url}{ATTACHMENT_MARK}{attachment}")

    def parse_detail(self, response: Response):
        if response.status == 304:
            meta = response.meta
            if meta.get("glaneur_role") == "attachment":
                yield SeenItem(locator=self.asked_url(response), external_id=meta["external_id"],
                               reason="not_modified", state_key=meta["state_key"])
            else:
                yield from self.sightings(self.asked_url(response), meta["external_id"], "not_modified",
                                          meta.get("lastmod"))
            return
        hints = {**response.meta["hints"], **self.field_hints(response)}
        item = self.page_item(response, hints=hints)
        if item is None:
            return
        yield item
        yield from self.attachment_requests(response, hints)

    def page_item(self, response: Response, *, hints: dict) -> PageItem | None:
        """A capture of this response; kinds that accept only some pages override `accepts`."""
        if response.meta.get("glaneur_role") == "detail" and not self.accepts(response):
            return None
        return PageItem(locator=self.asked_url(response), url=response.url, body=response.body,
                        media_type=media_type_of(response), external_id=response.meta["external_id"],
                        hints=hints, etag=_header(response, b"ETag"),
                        last_modified=_header(response, b"Last-Modified"),
                        lastmod=response.meta.get("lastmod"), state_key=response.meta.get("state_key"))

    def accepts(self, response: Response) -> bool:  # noqa: ARG002 - kinds override
        """Whether a detail page is a posting worth capturing (the jsonld kind wants a JobPosting in it)."""
        return True

    @staticmethod
    def asked_url(response: Response) -> str:
        return (response.meta.get("redirect_urls") or [response.url])[0]

    def field_hints(self, response: Response) -> dict[str, Any]:
        """Values of the source's `fields` selectors on this page (missing ones are counted by a pipeline)."""
        if not self.source.fields or not isinstance(response, TextResponse):
            return {}
        hints = {}
        for key, selector in self.source.fields.items():
            nodes = response.css(selector)
            values = nodes.getall() if "::" in selector else [node.xpath("string()").get() for node in nodes]
            values = [value.strip() for value in values if value and value.strip()]
            if values:
                hints[key] = ("\n" if key == "description" else " ").join(values)
        if "apply_url" in hints:  # an `a::attr(href)` selector gives the page's own, maybe relative, link
            hints["apply_url"] = response.urljoin(hints["apply_url"])
        return hints

    def attachment_requests(self, response: Response, hints: dict[str, Any]):
        """PDF and DOCX files a detail page links to, captured with the page's hints and `attachment_of`.

        Each is its own capture, with the page's external id plus `#attachment:<url>`, and its crawl state
        kept under `<page url>#attachment:<url>`: a page seen unchanged brings its attachments as seen too.
        """
        if not self.source.attachments or not isinstance(response, TextResponse):
            return
        found = []
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            if urlsplit(url).path.lower().endswith(ATTACHMENT_SUFFIXES) and url not in found:
                found.append(url)
        for url in found[:MAX_ATTACHMENTS_PER_PAGE]:
            self.crawler.stats.inc_value("glaneur/attachments/found")
            page = self.asked_url(response)
            yield scrapy.Request(url, callback=self.parse_detail, errback=self._detail_failed, meta={
                "glaneur_role": "attachment", "glaneur_conditional": True, "handle_httpstatus_list": [304],
                "external_id": bounded_id(f"{response.meta['external_id']}{ATTACHMENT_MARK}{url}"),
                "state_key": f"{page}{ATTACHMENT_MARK}{url}", "hints": {**hints, "attachment_of": page}})

    def _detail_failed(self, failure):
        if error_kind(failure) is not None:
            self.crawler.stats.inc_value("glaneur/details/failed")
        self._note_failure(failure)

    def _note_failure(self, failure) -> None:
        kind = error_kind(failure)
        if kind is not None:
            self.crawler.stats.inc_value(f"glaneur/errors/{kind}")
        if len(self.failure_notes) < MAX_FAILURE_NOTES:
            request = getattr(failure, "request", None)
            where = request.url if request is not None else "?"
            self.failure_notes.append(f"{where}: {kind or 'refused'} ({failure.getErrorMessage()[:200]})")

    # -- health ----------------------------------------------------------------------------------------------

    def empty_reason(self) -> str:
        """Why a crawl that fetched pages found nothing: worded for the operator who must fix the source."""
        return "pages were fetched but no posting was found"

    def unreachable_details(self) -> str | None:
        """Detail links found but none gave a page: what stopped them (robots.txt, off-site, private)."""
        stats = self.crawler.stats
        found = stats.get_value("glaneur/listing/links_found", 0)
        if not found:
            return None
        stopped = {"forbidden by robots.txt": stats.get_value("robotstxt/forbidden", 0),
                   "off-site": stats.get_value("offsite/filtered", 0),
                   "on a private address": stats.get_value("glaneur/refused/private_network", 0)}
        causes = ", ".join(f"{count} {cause}" for cause, count in stopped.items() if count)
        return f"{found} detail link(s) found but none gave a posting" + (f" ({causes})" if causes else "")


def links(response: Response, selector: str) -> list[str]:
    """Absolute http(s) URLs a CSS selector points at: `a` elements, elements holding an `a`, or
    `::attr(...)`."""
    if not isinstance(response, TextResponse):
        return []
    found: list[str] = []
    for node in response.css(selector):
        if isinstance(node.root, str):
            href = node.root
        else:
            href = node.attrib.get("href") or node.css("a::attr(href)").get()
        if not href:
            continue
        url = response.urljoin(href.strip())
        if urlsplit(url).scheme in ("http", "https") and url not in found:
            found.append(url)
    return found


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def dump_json(value: Any) -> bytes:
    """Stable bytes for a JSON value: the same item, the same bytes, hence the same archive key and hash."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
