"""Cross-format deduplication on postings the dedup rules were not written against: every held-out text posting
(tests/data/heldout*/, written for the extraction issue) dropped as text, as an HTML page in a job board's chrome
and as a PDF, all together. Each job must come out as exactly one posting with its three files, and no two jobs
may merge — most share nothing, some share an organisation's region, contract vocabulary or a sector's wording."""

import json
import os
from datetime import date
from pathlib import Path

from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import LocalArchive
from glaneur.storage.db import open_store
from glaneur.storage.export import iter_postings

from .records import BOARDS, board_html, pdf_bytes

HELD_OUT = Path(__file__).resolve().parents[1] / "data"


def held_out_texts() -> list[tuple[str, str, dict]]:
    found = []
    for folder in sorted(HELD_OUT.glob("heldout*")):
        for path in sorted((folder / "postings").glob("*.txt")):
            expected = json.loads((folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
            found.append((path.stem, path.read_text(encoding="utf-8"), expected))
    return found


def drop(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))  # settled, not being written


def test_each_unseen_job_is_one_posting_with_its_three_files(store_url, tmp_path):
    jobs = held_out_texts()
    assert len(jobs) >= 25, "the held-out sets are missing"
    drops = tmp_path / "drops"
    drops.mkdir()
    for number, (stem, text, expected) in enumerate(jobs):
        drop(drops, f"{stem}.txt", text.encode("utf-8"))
        drop(drops, f"{stem}.html", board_html(text, expected.get("title") or stem, BOARDS[number % len(BOARDS)]))
        drop(drops, f"{stem}.pdf", pdf_bytes(text, expected.get("organization") or ""))
    engine = open_store(store_url)
    report = ingest_files([drops], engine=engine, archive=LocalArchive(tmp_path / "archive"), run_id="run-1",
                          today=date(2024, 1, 15), max_bytes=10 ** 7, source="inbox")
    assert not report.rejected, [(r.locator, r.code, r.message) for r in report.rejected]

    groups = sorted(tuple(sorted(source["url"] or source.get("locator") for source in posting["sources"]))
                    for posting in iter_postings(engine))
    expected_groups = sorted((f"{stem}.html", f"{stem}.pdf", f"{stem}.txt") for stem, _, _ in jobs)
    split = [group for group in groups if group not in expected_groups]
    assert split == [], f"{len(groups)} postings for {len(jobs)} jobs; groups that are not one job's three files"
