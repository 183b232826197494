"""Profile the bench's pipeline in one process with pyinstrument: where the time of `glaneur bench` goes.

    .venv/bin/python bench/profile.py --postings 1000 [--database-url URL] [--html out.html]

The corpus is run once untimed on a few items first, so that one-off start-up costs (indexes built on first use)
show apart, in the `warm-up` line, instead of hiding in the profile.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from pyinstrument import Profiler

from glaneur.bench import DEFAULT_SEED, TODAY, arrivals, capture_of, run_pipeline, scratch_database
from glaneur.corpus import generate
from glaneur.flows.ingest import _process_safely
from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store

WARM_UP_ITEMS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--html", type=Path, help="Also write pyinstrument's HTML report here.")
    args = parser.parse_args()
    corpus = generate(args.postings, args.seed)
    started = time.perf_counter()
    for item in itertools.islice(corpus, WARM_UP_ITEMS):
        _process_safely(capture_of(item, None), TODAY)
    print(f"warm-up ({WARM_UP_ITEMS} items, untimed below): {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory(prefix="glaneur-profile-") as workdir, \
            scratch_database(args.database_url, Path(workdir)) as url:
        engine = open_store(url)
        profiler = Profiler(interval=0.002)
        profiler.start()
        figures = run_pipeline(arrivals(corpus, 500), engine, open_archive(str(Path(workdir) / "archive")),
                               workers=1)
        profiler.stop()
    print(f"{figures.captures} captures in {figures.seconds:.2f} s ({figures.captures / figures.seconds:.1f}/s)")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
