"""`listing`: a job board's listing pages → detail pages (`item_links`), following `next_page` up to
`max_pages`."""

from __future__ import annotations

from glaneur.spiders.base import GlaneurSpider, links


class ListingSpider(GlaneurSpider):
    name = "listing"

    def parse_navigation(self, response):
        details = links(response, self.source.item_links)
        self.crawler.stats.inc_value("glaneur/listing/links_found", len(details))
        for url in details:
            yield from self.follow_detail(url)
        if self.source.next_page:
            for url in links(response, self.source.next_page):
                request = self.navigation_request(url)
                if request is not None:
                    yield request

    def empty_reason(self) -> str:
        pages = self.crawler.stats.get_value("glaneur/navigation/ok", 0)
        return self.unreachable_details() or (
            f"{pages} listing page(s) fetched but no link matched item_links {self.source.item_links!r} "
            "(is the selector broken?)")
