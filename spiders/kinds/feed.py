"""`feed`: RSS or Atom. Each item's link is fetched as the detail page; the item's fields are its hints.

An item whose link cannot be fetched — none, or on a host the source does not allow — is captured itself (its
XML, with every field as a hint, description included), so that no posting of the feed is lost. An item whose
date is the one recorded at the last capture of its page is not fetched again.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from glaneur.spiders.base import GlaneurSpider, bounded_id, external_id_for
from glaneur.spiders.feeds import entry_hints, parse_feed
from glaneur.spiders.items import PageItem


class FeedSpider(GlaneurSpider):
    name = "feed"

    def parse_navigation(self, response):
        entries = parse_feed(response.body, response.url)
        self.crawler.stats.inc_value("glaneur/feed/entries", len(entries))
        for entry in entries:
            fetchable = entry.link and self._on_site(entry.link)
            hints, bad = entry_hints(entry, with_description=not fetchable)
            for name in bad:
                self.crawler.stats.inc_value(f"glaneur/bad_data/{name}")
            lastmod = (entry.updated or entry.published or "").strip()[:40] or None
            external_id = bounded_id(entry.guid) if entry.guid else (
                external_id_for(entry.link) if entry.link else None)
            if fetchable:
                yield from self.follow_detail(entry.link, external_id=external_id, hints=hints,
                                              lastmod=lastmod)
                continue
            self.crawler.stats.inc_value("glaneur/feed/items_captured_whole")
            locator = entry.link or f"{response.url}#{entry.guid or hashlib.sha1(entry.raw).hexdigest()[:16]}"
            yield PageItem(locator=locator, url=entry.link or response.url, body=entry.raw,
                           media_type="application/atom+xml" if b"<entry" in entry.raw[:200] else
                           "application/rss+xml", external_id=external_id or bounded_id(locator), hints=hints)

    def _on_site(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains)

    def empty_reason(self) -> str:
        return "the feed was fetched but has no items (is it still a feed?)"
