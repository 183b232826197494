"""Fixtures of the spider tests: local sites (see support.py) and crawls through the real subprocess path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from glaneur.flows.crawl import CrawlResult, run_crawl
from glaneur.sources import SourceConfig

from .support import TEST_SETTINGS, Site


@pytest.fixture
def site_factory():
    sites = []

    def start(root: Path | None = None, **options) -> Site:
        sites.append(Site(root, **options))
        return sites[-1]

    yield start
    for site in sites:
        site.close()


@pytest.fixture
def crawl(tmp_path) -> Callable[..., CrawlResult]:
    """Crawl a source in its own process (run_crawl), with faster retries than production."""

    def run(source: SourceConfig, state: dict | None = None, *, timeout_s: float = 60,
            settings: tuple[str, ...] = ()) -> CrawlResult:
        return run_crawl(source, state or {}, tmp_path / "work", timeout_s=timeout_s,
                         settings=(*TEST_SETTINGS, *settings))

    return run
