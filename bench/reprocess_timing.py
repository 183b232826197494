"""Wall seconds of a default `reprocess` run (no Dask) over the captures of an inbox of `--postings` corpus files.

The inbox is ingested first (`ingest_files`, outside the timing), then `reprocess(all_captures=True)` runs under
`prefect_test_harness` (temporary API server; its start is not counted) on a scratch store in a temporary folder —
SQLite, or a fresh database on a PostgreSQL server with `--database-url`. Every record comes back unchanged, so the
run measures reading the archive, extraction and publishing, not new postings. Run from the repository root:

    .venv/bin/python bench/reprocess_timing.py --postings 2000 [--database-url postgresql+psycopg://...] [--runs 2]

To time another tree (e.g. the code before a change), put a copy of its `glaneur` package, with flows/,
transforms/, storage/ and spiders/ inside it as installed, first on PYTHONPATH and run from another folder.

Issue #8, 2026-11-24, 2 cores, `--postings 2000` (1,983 captures reprocessed), seconds of the first / second run in
a process, load average 0.9-1.4 at the start (the runs' own included). SQLite, three processes a side: extraction
on two threads (the GIL: one core) 17.9, 17.1, 19.2 / 13.1, 13.1, 14.1; on the run's ExtractionPool, overlapped
with publishing, 9.5, 9.5, 9.5 / 9.1, 9.1, 9.1. PostgreSQL: threads 19.5 / 14.1; pool 9.9, 10.6 / 9.1. The threads'
second run is faster because their process's transforms' caches are then warm; a pool forks from a process that
never extracted, so its workers build them every run — as a deployment's run, a fresh process, does either way.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from collections import Counter
from datetime import date
from pathlib import Path


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--runs", type=int, default=2, help="reprocess runs timed one after the other")
    parser.add_argument("--database-url", help="a PostgreSQL server's URL (a scratch database is made there)")
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

    from prefect.testing.utilities import prefect_test_harness

    from glaneur import code_version
    from glaneur.bench import _fill_inbox, scratch_database
    from glaneur.config import load_settings
    from glaneur.corpus import generate
    from glaneur.flows.ingest import ingest_files
    from glaneur.flows.reprocess import reprocess
    from glaneur.storage.archive import open_archive
    from glaneur.storage.db import open_store

    with tempfile.TemporaryDirectory() as folder, scratch_database(args.database_url, Path(folder)) as url:
        workdir = Path(folder)
        # What the flow reads (resolve_settings): the scratch store, archive and inbox.
        os.environ.update(GLANEUR_DATABASE_URL=url, GLANEUR_ARCHIVE_URL=str(workdir / "archive"),
                          GLANEUR_INBOX=str(workdir / "inbox"), GLANEUR_SOURCES=str(workdir / "sources.yaml"))
        settings = load_settings()
        _fill_inbox(generate(args.postings, args.seed), settings.inbox)
        report = ingest_files([settings.inbox], engine=open_store(url), archive=open_archive(settings.archive_url),
                              run_id=str(uuid.uuid4()), today=date.today(), max_bytes=settings.max_file_bytes,
                              inbox=settings.inbox, workers=settings.workers)
        figures = {"postings": args.postings, "seed": args.seed, "database": url.split(":")[0],
                   "workers": settings.workers, "code_version": code_version(), "ingested": dict(report.counts),
                   "runs": []}
        with prefect_test_harness(server_startup_timeout=180):
            for _ in range(args.runs):
                before = load()
                started = time.perf_counter()
                manifest = reprocess(all_captures=True)
                seconds = time.perf_counter() - started
                counts: Counter = Counter()
                for entry in manifest["sources"]:
                    counts.update({key: value for key, value in entry.items()
                                   if isinstance(value, int) and not isinstance(value, bool)})
                figures["runs"].append({"seconds": round(seconds, 2), "load_before": before, "load_after": load(),
                                        "counts": counts})
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
