"""A source misbehaving in every way at once, private addresses refused, a crawl outliving its time limit.

Whatever the site does, the crawl ends in bounded time with a status and counts, and never leaves the site."""

from __future__ import annotations

import socket
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from glaneur.spiders.middlewares import is_public_address

from .support import SITES, make_source

POSTING = (b"<html><body><h1>Program Officer</h1><p>Deadline 30 April 2026. Apply to jobs@ngo.example</p>"
           b"</body></html>")
DETAILS = ("ok", "flaky", "gone", "slow", "away", "loop", "huge")


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def hostile_site(site_factory):
    site = site_factory()
    attempts: dict[str, int] = {}
    refusing = f"http://127.0.0.1:{closed_port()}/jobs/refused"

    def listing(request):
        page = int(parse_qs(urlsplit(request.path).query).get("page", ["1"])[0])
        links = "".join(f'<li><a class="job" href="/jobs/{name}">{name}</a></li>' for name in DETAILS)
        links += f'<li><a class="job" href="{refusing}">refused</a></li>'  # connection refused
        # Pagination that never ends.
        following = f'<a class="next" href="/jobs/?page={page + 1}">next</a>'
        request.respond(200, f"<ul>{links}</ul>{following}".encode())

    def flaky(request):
        attempts["flaky"] = attempts.get("flaky", 0) + 1
        request.respond(500 if attempts["flaky"] == 1 else 200, POSTING)

    def slow(request):
        time.sleep(1.5)
        request.respond(200, POSTING)

    site.routes.update({
        "/robots.txt": lambda request: request.respond(503, b"overloaded"),
        "/jobs/": listing,
        "/jobs/ok": lambda request: request.respond(200, POSTING),
        "/jobs/flaky": flaky,
        "/jobs/gone": lambda request: request.respond(404, b"<h1>Not found</h1>"),
        "/jobs/slow": slow,
        "/jobs/away": lambda request: request.respond(302, headers={"Location": "http://away.invalid/job"}),
        "/jobs/loop": lambda request: request.respond(302, headers={"Location": "/jobs/loop-b"}),
        "/jobs/loop-b": lambda request: request.respond(302, headers={"Location": "/jobs/loop"}),
        "/jobs/huge": lambda request: request.respond(200, b"<p>" + b"x" * 300_000 + b"</p>"),
    })
    return site


def test_a_hostile_site_is_crawled_in_bounded_time_and_every_fault_is_counted(site_factory, crawl):
    site = hostile_site(site_factory)
    source = make_source(name="hostile", kind="listing", start_urls=[site.url("/jobs/")], item_links="a.job",
                         next_page="a.next", max_pages=3, timeout_s=1)
    result = crawl(source, settings=("DOWNLOAD_MAXSIZE=100000",))

    assert result.status == "ok", result.error
    assert sorted(c.locator.removeprefix(site.base) for c in result.captures) == ["/jobs/flaky", "/jobs/ok"]
    hits = {path: len(site.hits(path)) for path in {hit.path for hit in site.log}}
    assert hits["/robots.txt"] == 3          # 503 retried twice with backoff, then the crawl goes on
    assert hits["/jobs/flaky"] == 2          # 500, then success
    assert hits["/jobs/gone"] == 1           # a 404 is not retried
    assert hits["/jobs/slow"] == 3           # timed out three times
    assert hits["/jobs/away"] == 1           # its off-site redirect is not followed
    assert hits["/jobs/loop"] + hits["/jobs/loop-b"] <= 6
    assert hits["/jobs/"] == 3               # endless pagination stops at max_pages
    stats = result.stats
    assert stats["truncated"] == "max_pages (3) reached" and stats["skipped"]["max_pages"] >= 1
    assert stats["errors"]["http_404"] == 1
    assert stats["scrapy"]["robotstxt/response_status_count/503"] == 1
    assert any("timeout" in kind for kind in stats["errors"]), stats["errors"]
    assert any("refused" in kind for kind in stats["errors"]), stats["errors"]
    assert stats["offsite_filtered"] >= 1
    assert stats["scrapy"].get("downloader/response_status_count/200", 0) >= 2
    assert stats["error_count"] >= 3 and stats["retries"] >= 4
    assert stats["wall_s"] < 40


def test_a_source_on_a_private_address_is_refused_without_permission(site_factory, crawl):
    site = site_factory(SITES / "board")
    port = site.base.rsplit(":", 1)[1]
    source = make_source(name="sneaky", kind="listing", start_urls=[f"http://localhost:{port}/careers/"],
                         item_links="div.job-card h3 a", allow_private_network=False)
    result = crawl(source)

    assert result.status == "failed"
    assert "private network" in result.error and not result.retriable
    assert site.log == []  # not even robots.txt was asked for
    assert result.stats["refused_private_network"] >= 1


def test_the_resolver_refuses_a_private_answer_even_without_the_guard(site_factory, crawl, tmp_path):
    """Defence in depth against DNS rebinding: the address a connection uses is checked at resolution time."""
    site = site_factory(SITES / "board")
    port = site.base.rsplit(":", 1)[1]
    source = make_source(name="rebound", kind="listing", start_urls=[f"http://localhost:{port}/careers/"],
                         item_links="div.job-card h3 a", allow_private_network=False)
    result = crawl(source, settings=("DOWNLOADER_MIDDLEWARES={}",))  # the guard and our other middlewares off

    assert result.status == "failed" and "DNS lookup failed" in result.error
    log = (tmp_path / "work" / "rebound.log").read_text()
    assert "Refused localhost: resolved to non-public address 127.0.0.1" in log
    assert site.log == []


@pytest.mark.parametrize(("address", "public"), [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.9", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("fe80::1%eth0", False), ("fc00::1", False), ("::ffff:127.0.0.1", False),
    ("93.184.216.34", True), ("2606:4700:4700::1111", True),
])
def test_public_addresses(address, public):
    assert is_public_address(address) is public


def test_a_crawl_that_outlives_its_time_limit_is_stopped_and_reported(site_factory, crawl):
    site = site_factory()
    site.routes["/jobs/"] = lambda request: (time.sleep(20), request.respond(200, b"<p>too late</p>"))
    source = make_source(name="stuck", kind="listing", start_urls=[site.url("/jobs/")], item_links="a.job",
                         timeout_s=60)
    started = time.monotonic()
    result = crawl(source, timeout_s=4)

    assert result.status == "failed" and result.retriable
    assert result.error.startswith("timed out after 4 s")
    assert time.monotonic() - started < 16
