"""The Scrapy project works as one (`scrapy list` in spiders/); the demo of examples/ crawls as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from glaneur.sources import load_sources

from .support import EXAMPLES

SPIDERS = Path(__file__).resolve().parents[2] / "spiders"


def test_scrapy_list_shows_the_five_kinds():
    scrapy = Path(sys.executable).with_name("scrapy")
    listed = subprocess.run([str(scrapy), "list"], cwd=SPIDERS, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.split() == ["feed", "jsonld", "listing", "reliefweb", "sitemap"]


def test_demo_board_of_examples(site_factory, crawl):
    site = site_factory(EXAMPLES / "site", etag=False, last_modified=True)  # as `python -m http.server`
    demo = {source.name: source for source in load_sources(EXAMPLES / "sources.yaml")}["demo-board"]
    source = demo.model_copy(update={"start_urls": [url.replace("http://127.0.0.1:8765", site.base)
                                                    for url in demo.start_urls]})
    first = crawl(source)

    assert first.status == "ok", first.error
    offers = {"/offres/charge-suivi-evaluation-bamako.html", "/offres/consultant-evaluation-ouagadougou.html",
              "/offres/coordinateur-projet-dakar.html", "/offres/stage-communication-rabat.html",
              "/offres/wash-officer-niamey.html"}
    assert {c.locator.removeprefix(site.base) for c in first.captures} == offers | {
        "/offres/docs/tdr-tw-2027-014.pdf"}
    titles = {c.hints.get("title") for c in first.captures}
    assert "Consultant·e pour l'évaluation finale du projet PASEC" in titles

    # The second run, on a server that knows Last-Modified only, downloads no offer again.
    mark = len(site.log)
    second = crawl(source, first.state)
    assert second.status == "ok" and second.captures == [] and len(second.seen) == len(first.captures)
    assert not offers & set(site.fetched_paths(since=mark))
    assert all("If-Modified-Since" in hit.headers for hit in site.log[mark:] if hit.path in offers)
