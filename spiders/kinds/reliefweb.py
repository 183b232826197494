"""`reliefweb`: the ReliefWeb API v2 jobs endpoint — one capture per job (its JSON), API fields as hints.

Incremental on `date.changed`: the stored cursor is the latest change seen, and the next crawl asks only for
jobs changed since (sorted by change, offset paging of up to 1000). When it ran from a cursor, a light second
query lists the ids of every job still matching the filter, so that unchanged postings count as seen
(lifecycle), not gone.

The API is a documented programmatic interface reached with an `appname` (config or RELIEFWEB_APPNAME), not
pages to crawl, so its requests do not consult robots.txt; politeness (delay, one request at a time) holds.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from scrapy.http import JsonRequest

from glaneur.sources import RELIEFWEB_APPNAME_ENV
from glaneur.spiders.base import GlaneurSpider, dump_json
from glaneur.spiders.items import PageItem, SeenItem

FIELDS = ["id", "title", "status", "body", "how_to_apply", "date.created", "date.changed", "date.closing",
          "source.name", "source.shortname", "source.homepage", "country.name", "country.iso3", "city.name",
          "type.name", "experience.name", "career_categories.name", "theme.name", "language.code", "url",
          "url_alias"]


def _names(values, key: str = "name") -> list[str]:
    return [value[key] for value in values or [] if isinstance(value, dict) and value.get(key)]


def reliefweb_hints(fields: dict) -> dict:
    """Record-field hints from a ReliefWeb job's `fields` (raw values; the extractor normalises them)."""
    dates = fields.get("date") or {}
    countries = _names(fields.get("country"))
    cities = _names(fields.get("city"))
    locations = [{"city": city, "country": countries[0] if len(countries) == 1 else None} for city in cities]
    if len(countries) > 1 or not cities:
        locations += [{"city": None, "country": country} for country in countries]
    description = fields.get("body")
    if fields.get("how_to_apply"):
        description = f"{description or ''}\n\nHow to apply\n{fields['how_to_apply']}".strip()
    languages = _names(fields.get("language"), "code")
    experience = _names(fields.get("experience"))
    kinds = _names(fields.get("type"))
    return {
        "title": fields.get("title"),
        "organization": (_names(fields.get("source")) or [None])[0],
        "deadline": dates.get("closing"),
        "posted_date": dates.get("created"),
        "locations": locations,
        "contract_type": kinds[0] if kinds else None,
        "experience_years_min": experience[0] if experience else None,
        "language": languages[0] if languages else None,
        "description": description,
    }


class ReliefWebSpider(GlaneurSpider):
    name = "reliefweb"

    async def start(self):
        self.endpoint = self.source.start_urls[0]
        self.appname = self.source.reliefweb_appname()
        self.from_cursor = self.book.previous_cursor
        self.captured_ids: set[str] = set()
        if not self.appname:
            self.config_error = (f"source {self.source.name!r} needs a ReliefWeb appname: set `appname:` in "
                                 f"the sources file or the {RELIEFWEB_APPNAME_ENV[1]} environment variable")
            return
        request = self.api_request(0, changes=True)
        if request is not None:
            yield request

    def api_request(self, offset: int, *, changes: bool):
        conditions = [self.source.api_filter] if self.source.api_filter else []
        if changes and self.from_cursor:
            conditions.append({"field": "date.changed", "value": {"from": self.from_cursor}})
        query = {"offset": offset, "limit": self.source.page_size,
                 "fields": {"include": FIELDS if changes else ["id"]},
                 "sort": ["date.changed:asc", "id:asc"] if changes else ["id:asc"]}
        if conditions:
            query["filter"] = conditions[0] if len(conditions) == 1 else {"operator": "AND",
                                                                          "conditions": conditions}
        labels = {'appname': self.appname, 'offset': offset, 'changes': int(changes)}  # readable logs
        url = f"{self.endpoint}?{urlencode(labels)}"
        return self.navigation_request(url, callback=self.parse_changes if changes else self.parse_listed,
                                       request_cls=JsonRequest, data=query,
                                       meta={"dont_obey_robotstxt": True, "offset": offset})

    def _page(self, response) -> tuple[list[dict], int] | None:
        try:
            page = json.loads(response.text)
            return list(page["data"]), int(page["totalCount"])
        except (ValueError, KeyError, TypeError) as error:
            self.crawler.stats.inc_value("glaneur/bad_data/api_unreadable")
            self.failure_notes.append(f"{response.url}: not a ReliefWeb API answer ({error})")
            return None

    def _next(self, response, count: int, total: int, *, changes: bool):
        offset = response.meta["offset"] + count
        if count and offset < total:
            return self.api_request(offset, changes=changes)
        return None

    def parse_changes(self, response):
        page = self._page(response)
        if page is None:
            return
        jobs, total = page
        for job in jobs:
            job.pop("score", None)
            fields = job.get("fields") or {}
            job_id = str(job.get("id") or fields.get("id"))
            self.captured_ids.add(job_id)
            self.book.advance_cursor((fields.get("date") or {}).get("changed"))
            url = fields.get("url_alias") or fields.get("url") or f"https://reliefweb.int/job/{job_id}"
            yield PageItem(locator=job.get("href") or f"{self.endpoint}/{job_id}", url=url,
                           body=dump_json(job), media_type="application/json", external_id=job_id,
                           hints=reliefweb_hints(fields))
        following = self._next(response, len(jobs), total, changes=True)
        if following is not None:
            yield following
        elif self.from_cursor:
            listed = self.api_request(0, changes=False)
            if listed is not None:
                yield listed

    def parse_listed(self, response):
        page = self._page(response)
        if page is None:
            return
        jobs, total = page
        for job in jobs:
            job_id = str(job.get("id"))
            if job_id not in self.captured_ids:
                yield SeenItem(locator=job.get("href") or f"{self.endpoint}/{job_id}", external_id=job_id,
                               reason="listed")
        following = self._next(response, len(jobs), total, changes=False)
        if following is not None:
            yield following

    def empty_reason(self) -> str:
        return "the API answered but no job matches the filter"
