"""The Prefect task around a crawl: retried when another attempt may help, never raising into the flow."""

from __future__ import annotations

import pytest
from prefect import flow

from glaneur.flows.crawl import crawl_source

from .support import make_source

pytestmark = [pytest.mark.prefect, pytest.mark.slow]


@flow(name="crawl-in-a-flow")
def crawl_in_a_flow(source, workdir):
    """As the nightly flow calls it: one crawl per source, short retry delays for the test."""
    return crawl_source(source, {}, workdir, timeout_s=60, retry_delays_s=[0.1])


@pytest.fixture(scope="module")
def prefect_api():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.mark.usefixtures("prefect_api")
def test_a_failing_site_is_retried_then_comes_back_as_a_failed_result(site_factory, tmp_path):
    site = site_factory()
    site.routes["/jobs/"] = lambda request: request.respond(500, b"down")
    source = make_source(name="down", kind="listing", start_urls=[site.url("/jobs/")], item_links="a")
    result = crawl_in_a_flow(source, tmp_path)

    assert result.status == "failed" and result.retriable
    assert "no start page could be fetched" in result.error and "http_500" in result.error
    assert len(site.hits("/jobs/")) == 2 * 3  # two task attempts, each one request and Scrapy's two retries


@pytest.mark.usefixtures("prefect_api")
def test_a_permanent_failure_is_not_retried(site_factory, tmp_path):
    closed = site_factory()
    closed.routes["/robots.txt"] = lambda request: request.respond(200, b"User-agent: *\nDisallow: /\n",
                                                                  {"Content-Type": "text/plain"})
    source = make_source(name="closed", kind="listing", start_urls=[closed.url("/jobs/")], item_links="a")
    refused = crawl_in_a_flow(source, tmp_path)

    assert refused.status == "failed" and not refused.retriable
    assert refused.error == "no start page could be fetched: forbidden by robots.txt"
    assert len(closed.hits("/robots.txt")) == 1
