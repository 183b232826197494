"""Source faults the spiders' own tests (tests/spiders/test_faults.py: 5xx, timeouts, endless pagination, redirect
loops, off-site redirects, robots.txt 5xx, private addresses) leave out, through the real crawl subprocess
(`flows.crawl.run_crawl`): connection refused, DNS failure, a slow-drip response, a page over 10 MB. Each ends in
bounded time with a status and the fault counted; what else the source had is still captured."""

from __future__ import annotations

import time

import pytest

from glaneur.flows.crawl import run_crawl
from glaneur.sources import SourceConfig

from .hostile import posting_text
from .support import LocalSite, free_port, html_page

FAST_RETRIES = ("GLANEUR_RETRY_BACKOFF_BASE=0.05",)
POSTING_PAGE = "<html><body>" + "".join(f"<p>{line}</p>" for line in posting_text("site").splitlines()) + \
               "</body></html>"
BIG = 12 * 1024 * 1024  # over the crawl's 10 MB download limit


def source(**values) -> SourceConfig:
    return SourceConfig.model_validate({"name": "faulty", "kind": "listing", "item_links": "a.job",
                                        "download_delay": 0, "autothrottle": False, "timeout_s": 2, **values})


def crawl(config: SourceConfig, tmp_path):
    started = time.monotonic()
    result = run_crawl(config, {}, tmp_path / "work", timeout_s=90, settings=FAST_RETRIES)
    return result, time.monotonic() - started


def _drip(request) -> None:
    """Headers, then one byte every 0.3 s, for as long as the client listens."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.end_headers()
    for _ in range(600):
        request.wfile.write(b" ")
        request.wfile.flush()
        time.sleep(0.3)


def _huge_without_length(request) -> None:
    """More than 10 MB, streamed without Content-Length (close-delimited), so only counting can stop it."""
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Connection", "close")
    request.end_headers()
    chunk = b"<p>" + b"x" * 65530 + b"</p>"
    for _ in range(BIG // len(chunk) + 1):
        request.wfile.write(chunk)


@pytest.fixture
def faulty_site():
    site = LocalSite({
        "/jobs/": lambda r: html_page(r, '<a class="job" href="/jobs/good">1</a><a class="job" href="/jobs/drip">2</a>'
                                         '<a class="job" href="/jobs/huge">3</a>'),
        "/jobs/good": lambda r: html_page(r, POSTING_PAGE),
        "/jobs/drip": _drip,
        "/jobs/huge": _huge_without_length,
    })
    yield site
    site.close()


def test_slow_drip_and_a_page_over_10_mb_are_cut_and_counted_and_the_rest_is_captured(faulty_site, tmp_path):
    result, took = crawl(source(start_urls=[faulty_site.base + "/jobs/"], allow_private_network=True), tmp_path)
    assert [capture.locator.removeprefix(faulty_site.base) for capture in result.captures] == ["/jobs/good"]
    assert result.status == "ok", result.error
    assert faulty_site.log.count("/jobs/drip") == 3  # the timeout, retried twice
    assert any("timeout" in kind for kind in result.stats["errors"]), result.stats["errors"]
    assert faulty_site.log.count("/jobs/huge") == 1  # cut at 10 MB, and not asked again
    assert result.stats["errors"].get("download_cancelled_error") == 1, result.stats["errors"]
    assert took < 60


def test_connection_refused_fails_the_source_after_retries_in_bounded_time(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/jobs/"
    result, took = crawl(source(start_urls=[dead], allow_private_network=True), tmp_path)
    assert result.status == "failed" and result.retriable
    assert "refused" in result.error.lower(), result.error
    assert result.stats["retries"] >= 2
    assert not result.captures and took < 60


def test_dns_failure_fails_the_source_clearly_in_bounded_time(tmp_path):
    result, took = crawl(source(start_urls=["http://offres.glaneur-test.invalid/jobs/"]), tmp_path)
    assert result.status == "failed"
    assert "dns" in result.error.lower() or "resolve" in result.error.lower(), result.error
    assert not result.captures and took < 60
