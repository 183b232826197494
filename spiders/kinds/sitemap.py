"""`sitemap`: sitemap.xml (or an index, or robots.txt's Sitemap: lines) → the job pages matching `follow`.

A page whose `<lastmod>` is the one recorded when it was last captured is not fetched again.
"""

from __future__ import annotations

import re

from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from glaneur.spiders.base import GlaneurSpider

GZIP_MAGIC = b"\x1f\x8b"


class SitemapSpider(GlaneurSpider):
    name = "sitemap"

    def parse_navigation(self, response):
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.text, base_url=response.url):
                request = self.navigation_request(url)
                if request is not None:
                    yield request
            return
        body = response.body
        if body.startswith(GZIP_MAGIC):
            body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            sitemap = Sitemap(body)
        except (etree.XMLSyntaxError, StopIteration):
            self.crawler.stats.inc_value("glaneur/bad_data/sitemap_unreadable")
            return
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                request = self.navigation_request(entry["loc"])
                if request is not None:
                    yield request
            return
        follow = re.compile(self.source.follow) if self.source.follow else None
        for entry in sitemap:
            url = response.urljoin(entry["loc"])
            self.crawler.stats.inc_value("glaneur/sitemap/urls")
            if follow and not follow.search(url):
                continue
            yield from self.follow_detail(url, lastmod=entry.get("lastmod") or None)

    def empty_reason(self) -> str:
        urls = self.crawler.stats.get_value("glaneur/sitemap/urls", 0)
        return f"sitemap(s) list {urls} URL(s), none matching follow {self.source.follow!r} gave a page"
