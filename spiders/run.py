"""The crawl process: one source, one Scrapy crawl, one process (Twisted's reactor cannot restart).

    python -m glaneur.spiders.run --source-json SOURCE.json [--state STATE.json] --out DIR [--set K=V ...]

Writes into DIR the spool of captures (see `glaneur.spiders.pipelines`), `state.json`, `stats.json` and
`crawl.log`. Exit status 0 when stats.json was written (whatever the health), 2 for an unusable source.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

from pydantic import ValidationError
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from glaneur.sources import SourceConfig


def crawl_settings(out: Path, state: Path | None, overrides: list[str]) -> Settings:
    settings = Settings()
    settings.setmodule("glaneur.spiders.settings", priority="project")
    settings.set("GLANEUR_OUT", str(out), priority="cmdline")
    settings.set("GLANEUR_STATE", str(state) if state else None, priority="cmdline")
    settings.set("LOG_FILE", str(out / "crawl.log"), priority="cmdline")
    for override in overrides:
        name, _, value = override.partition("=")
        settings.set(name, value, priority="cmdline")
    return settings


ORPHAN_POLL_S = 1.0
ORPHAN_GRACE_S = 10.0


def stop_when_orphaned(parent_pid: int, poll_s: float = ORPHAN_POLL_S, grace_s: float = ORPHAN_GRACE_S) -> None:
    """Watch for the launching process to die (killed -9: nobody will read our spool) and stop the crawl then.

    A new session keeps the crawl out of the parent's process group (a Ctrl-C must reach it only through the
    parent's clean stop), so nothing else would end it. SIGTERM lets Scrapy close; `_exit` if it does not in time.
    """
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll_s)
        print(f"glaneur.spiders.run: the launching process {parent_pid} is gone; stopping the crawl",
              file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace_s)
        os._exit(3)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-json", required=True, type=Path, help="one source of sources.yaml, as JSON")
    parser.add_argument("--state", type=Path, help="the previous crawl state (JSON), if any")
    parser.add_argument("--out", required=True, type=Path, help="where the spool, state and stats go")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting (benchmarks turn throttling off this way)")
    args = parser.parse_args(argv)
    stop_when_orphaned(os.getppid())
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        source = SourceConfig.model_validate_json(args.source_json.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as error:
        print(f"glaneur.spiders.run: unusable source: {error}", file=sys.stderr)
        return 2
    settings = crawl_settings(args.out, args.state, args.overrides)
    spider_class = SpiderLoader.from_settings(settings).load(source.kind)
    process = CrawlerProcess(settings)
    process.crawl(spider_class, source=source)
    process.start()
    written = (args.out / "stats.json").exists()
    if written:
        summary = json.loads((args.out / "stats.json").read_text(encoding="utf-8"))
        print(f"{source.name}: {summary['status']} ({summary['items']} items, "
              f"{summary['requests']} requests)")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
