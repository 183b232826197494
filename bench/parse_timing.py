"""The parse stage per format: CPU milliseconds of `guards.screen` + `parse.parse` per capture (median, p95) over the
seeded corpus, and optionally every capture's parse output written as JSON, to check that a faster parser reads
the same (text, hints, external id, url, links, or the rejection). Run from the repository root:

    .venv/bin/python bench/parse_timing.py --postings 1000 [--repeat 3] [--dump out.json]

`--dump` also reads the real pages and feeds under ../shared (fixtures, samples) and the tests' saved pages
(tests/**/data, tests/spiders/sites); diff two dumps taken before and after a change.

2026-11-23, 1,000 captures of seed 20260301, best of 3 runs per capture, load average ~3 on 2 cores, before -> after
the HTML/JSON/text work (plain lxml tree, XSLT text layout, cheaper JSON depth and control-character screens):
html 1.40 -> 1.05 ms median (p95 1.65 -> 1.22), json 0.74 -> 0.50 (0.85 -> 0.56), txt 0.45 -> 0.44 (0.59 -> 0.57),
pdf ~14 and docx ~20 unchanged; output identical on all 1,132 captures and files. PDF and DOCX, 12% of the
captures, are ~75% of the stage's CPU; HTML, JSON and txt now spend a third to a half of theirs in text.clean_text.

2026-11-24 (Issue #8), same command, c971228 -> ece4606 run back to back, load average ~5 on 2 cores: docx 7.10 ->
2.02 ms median (p95 8.21 -> 2.28; python-docx no longer parses the template's 349 KB styles part, and the guards'
inflated parts and DTD search are shared or cheaper), pdf 4.32 -> 3.78 (4.96 -> 4.09; word and line assembly),
html 0.39 -> 0.34, json 0.19 -> 0.13, txt 0.18 -> 0.14 (clean_text rewrites only what changes); the 1,000 captures'
total 935 -> 560 ms. Seed 7, 3,000 postings: docx 7.37 -> 2.14, pdf 4.45 -> 3.93, html 0.39 -> 0.34. Output identical
(--dump, byte for byte) on both seeds' 1,243 and 3,243 captures and files. PDF is now the larger share: its glyph
boxes are one ctypes call into PDFium each (~0.5 us), and page and text-page loading are PDFium's own time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any, Iterator

from glaneur.corpus import generate
from glaneur.record import Capture, Rejection
from glaneur.transforms import guards
from glaneur.transforms.parse import parse, sniff_format

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def screened_parse(capture: Capture) -> Any:
    """What the parse stage makes of a capture, as plain data."""
    result = guards.screen(capture) or parse(capture)
    if isinstance(result, Rejection):
        return ["rejection", result.code, result.message]
    return [[doc.text, doc.hints, doc.external_id, doc.url, doc.links] for doc in result]


def corpus_captures(postings: int, seed: int) -> Iterator[tuple[str, Capture]]:
    for item in generate(postings, seed):
        yield f"corpus:{item.name}", Capture(source="bench", locator=item.name, data=item.data,
                                             media_type=item.media_type, url=item.url)


def file_captures() -> Iterator[tuple[str, Capture]]:
    paths = [*sorted((SHARED / "fixtures").rglob("*")), *sorted((SHARED / "samples").rglob("*")),
             *sorted(path for path in (ROOT / "tests").rglob("*") if "data" in path.parts or "sites" in path.parts)]
    for path in paths:
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            yield str(path.relative_to(ROOT.parent)), Capture(source="bench", locator=path.name,
                                                               data=path.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--repeat", type=int, default=3, help="Runs per capture; the fastest counts.")
    parser.add_argument("--dump", type=Path, help="Write every capture's parse output here (JSON).")
    args = parser.parse_args()
    captures = list(corpus_captures(args.postings, args.seed))
    for _, capture in captures[:30]:
        screened_parse(capture)  # imports and first-use caches, untimed
    times: dict[str, list[float]] = {}
    for _, capture in captures:
        best = min(_cpu_ms(capture) for _ in range(args.repeat))
        times.setdefault(sniff_format(capture) or "unsupported", []).append(best)
    for kind, values in sorted(times.items()):
        values.sort()
        print(f"{kind:12s} {len(values):5d} captures  median {statistics.median(values):6.2f} ms  "
              f"p95 {values[int(len(values) * 0.95)]:6.2f} ms  total {sum(values):7.0f} ms")
    if args.dump:
        outputs = {name: screened_parse(capture) for name, capture in [*captures, *file_captures()]}
        args.dump.write_text(json.dumps(outputs, ensure_ascii=False, sort_keys=True, default=repr, indent=0),
                             encoding="utf-8")
        print(f"{len(outputs)} parse outputs written to {args.dump}")


def _cpu_ms(capture: Capture) -> float:
    started = time.process_time()
    screened_parse(capture)
    return (time.process_time() - started) * 1000


if __name__ == "__main__":
    main()
