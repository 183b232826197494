"""Crawl speed, memory and time to first item, against a generated job board served on 127.0.0.1.

    .venv/bin/python bench/crawl_speed.py [--postings 500] [--per-page 50] [--concurrency 2 16] [--json]

Throttling is off (no delay, no AutoThrottle): the figures are glaneur's own overhead — Scrapy, the
middlewares, the pipelines writing the spool, the crawl process and reading the spool back — not a site's
politeness budget. Each crawl is the real path (`glaneur.flows.crawl.run_crawl`: its own process); a second
crawl with the first one's state measures the incremental rerun (conditional GETs answered 304 by Python's
http.server). """

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from glaneur.flows.crawl import run_crawl
from glaneur.sources import SourceConfig

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Bench
Board</title></head> <body><nav><a href="/">Accueil</a> <a href="/jobs/">Offres</a></nav><main><article> <h1
class="title">{title}</h1><p class="org">Association Bench {n}</p> <p>Poste basé à Bamako (Mali). CDD de 12
mois. Date limite : 30 mars 2027.</p> {filler} </article></main><footer>© Bench
Board</footer></body></html>"""
FILLER = "<p>Missions : coordonner les activités, rédiger les rapports, former les équipes terrain.</p>" * 30


def build_board(root: Path, postings: int, per_page: int) -> None:
    (root / "jobs").mkdir(parents=True)
    for n in range(postings):
        (root / "jobs" / f"job-{n}.html").write_text(
            PAGE.format(title=f"Chargé·e de projet {n}", n=n, filler=FILLER), encoding="utf-8")
    pages = range(0, postings, per_page)
    for index, start in enumerate(pages):
        links = "".join(f'<li><a class="job" href="/jobs/job-{n}.html">Offre {n}</a></li>'
                        for n in range(start, min(start + per_page, postings)))
        last = index + 1 == len(pages)
        following = "" if last else f'<a class="next" href="/jobs/page-{index + 1}.html">suivant</a>'
        name = "index.html" if index == 0 else f"page-{index}.html"
        listing = f"<html><body><ul>{links}</ul>{following}</body></html>"
        (root / "jobs" / name).write_text(listing, encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        return


def measure(source: SourceConfig, state: dict, workdir: Path, concurrency: int) -> dict:
    result = run_crawl(source, state, workdir, timeout_s=600,
                       settings=(f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
                                 f"CONCURRENT_REQUESTS={max(concurrency, 8)}"))
    stats = result.stats
    elapsed = stats["elapsed_s"] or 0.0
    return {"status": result.status, "concurrency_per_domain": concurrency, "responses": stats["responses"],
            "captures": len(result.captures), "unchanged": len(result.seen),
            "not_modified": stats["not_modified"],
            "crawl_s": elapsed, "wall_s": stats["wall_s"],
            "pages_per_s": round(stats["responses"] / elapsed, 1) if elapsed else None,
            "pages_per_s_wall": round(stats["responses"] / stats["wall_s"], 1),
            "process_overhead_s": round(stats["wall_s"] - elapsed, 2),
            "time_to_first_item_s": stats.get("time_to_first_capture_s"),
            "peak_rss_mb": stats["peak_rss_mb"], "state": result.state}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=500)
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[2, 16],
                        help="CONCURRENT_REQUESTS_PER_DOMAIN values to measure (sources allow 1-2)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glaneur-crawl-bench-") as scratch:
        root = Path(scratch) / "site"
        build_board(root, args.postings, args.per_page)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        source = SourceConfig(name="bench-board", kind="listing", start_urls=[f"{base}/jobs/"],
                              item_links="a.job", next_page="a.next", max_pages=10_000, max_requests=100_000,
                              download_delay=0, autothrottle=False, allow_private_network=True,
                              fields={"title": "h1.title"})
        runs = []
        for concurrency in args.concurrency:
            first = measure(source, {}, Path(scratch) / "work", concurrency)
            rerun = measure(source, first.pop("state"), Path(scratch) / "work", concurrency)
            rerun.pop("state")
            runs.append({"first": first, "rerun": rerun})
        server.shutdown()
    report = {"benchmark": "crawl_speed", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "postings": args.postings, "listing_pages": -(-args.postings // args.per_page),
              "python": sys.version.split()[0], "runs": runs}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for run in runs:
            for label in ("first", "rerun"):
                figures = run[label]
                print(f"{label:>5} c={figures['concurrency_per_domain']:<2} "
                      f"{figures['responses']:>4} responses {figures['pages_per_s']:>6} pages/s in-crawl "
                      f"({figures['pages_per_s_wall']} incl. process), "
                      f"first item {figures['time_to_first_item_s']} s, "
                      f"peak RSS {figures['peak_rss_mb']} MB, "
                      f"captures {figures['captures']}, 304s {figures['not_modified']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
