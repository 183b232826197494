"""`jsonld`: pages embedding a schema.org JobPosting; start pages may be postings or listings of them."""

from __future__ import annotations

import json

from scrapy.http import TextResponse

from glaneur.spiders.base import GlaneurSpider, external_id_for, links


def job_postings(response) -> tuple[list[dict], int]:
    """The JobPosting objects of a page's JSON-LD blocks (also inside lists and @graph), and how many blocks
    were not valid JSON."""
    if not isinstance(response, TextResponse):
        return [], 0
    found, malformed = [], 0
    for block in response.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(block)
        except ValueError:
            malformed += 1
            continue
        pending = [data]
        while pending:
            node = pending.pop()
            if isinstance(node, list):
                pending.extend(node)
            elif isinstance(node, dict):
                types = node.get("@type")
                if "JobPosting" in (types if isinstance(types, list) else [types]):
                    found.append(node)
                pending.extend(value for key, value in node.items() if key == "@graph")
    return found, malformed


class JsonLdSpider(GlaneurSpider):
    name = "jsonld"

    def parse_navigation(self, response):
        if job_postings(response)[0]:
            response.meta.update(external_id=external_id_for(self.asked_url(response)), hints={})
            yield from self.parse_detail(response)
            return
        # A listing: its next pages, then its `item_links` (or else every other link on this source's hosts).
        if self.source.next_page:
            for url in links(response, self.source.next_page):
                request = self.navigation_request(url)
                if request is not None:
                    yield request
        candidates = [url for url in links(response, self.source.item_links or "a")
                      if url not in self.navigation_urls]
        self.crawler.stats.inc_value("glaneur/listing/links_found", len(candidates))
        for url in candidates:
            yield from self.follow_detail(url)

    def accepts(self, response) -> bool:
        """A page with a JobPosting; or any page `item_links` led to (the operator said those are postings,
        and the text extractor reads those without JSON-LD)."""
        postings, malformed = job_postings(response)
        if malformed:
            self.crawler.stats.inc_value("glaneur/bad_data/jsonld_malformed", malformed)
        if not postings:
            self.crawler.stats.inc_value("glaneur/jsonld/pages_without_jobposting")
        linked = response.meta.get("glaneur_role") == "detail" and bool(self.source.item_links)
        return bool(postings) or linked

    def empty_reason(self) -> str:
        checked = self.crawler.stats.get_value("glaneur/jsonld/pages_without_jobposting", 0)
        if self.source.item_links:
            return self.unreachable_details() or (
                f"no link matched item_links {self.source.item_links!r} (is the selector broken?)")
        return f"{checked} page(s) fetched, none embeds a schema.org JobPosting in JSON-LD"
