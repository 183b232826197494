"""Through the real pipeline (parse → extract → normalise → dedupe → publish), as an operator drops files: each shared
sample as text, as an HTML page inside a job board's chrome and as a PDF, plus another M&D job that shares the
organisation's boilerplate. One posting per job, with every file as a source."""

import os
from datetime import date

import pytest

from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import LocalArchive
from glaneur.storage.db import open_store
from glaneur.storage.export import iter_postings

from .records import BOARDS, board_html, pdf_bytes, sample_fields, sample_text, sibling_of_tpm

STEMS = ("enabel-io-tcer-agadir", "md-charge-tpm-agadir", "md-charge-ace")


def drop(folder, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))  # settled, not being written


@pytest.mark.parametrize("board", BOARDS)
def test_every_job_is_one_posting_with_each_of_its_files_as_a_source(store_url, tmp_path, board):
    drops = tmp_path / "drops"
    drops.mkdir()
    for stem in STEMS:
        text, fields = sample_text(stem), sample_fields(stem)
        drop(drops, f"{stem}.txt", text.encode())
        drop(drops, f"{stem}.html", board_html(text, fields["title"], board))
        drop(drops, f"{stem}.pdf", pdf_bytes(text, fields["organization"]))
    drop(drops, "md-comptable-cooperatives.txt", sibling_of_tpm().encode())
    drop(drops, "md-comptable-cooperatives.html",
         board_html(sibling_of_tpm(), "Comptable des projets coopératives", board))
    engine = open_store(store_url)
    archive = LocalArchive(tmp_path / "archive")

    report = ingest_files([drops], engine=engine, archive=archive, run_id="run-1", today=date(2020, 9, 1),
                          max_bytes=10 ** 7, source="inbox")
    assert not report.rejected

    by_file = {}
    for posting in iter_postings(engine):
        names = sorted(source["url"] or source.get("locator") for source in posting["sources"])
        for name in names:
            by_file[name] = tuple(names)
    for stem in STEMS:
        assert by_file[f"{stem}.txt"] == (f"{stem}.html", f"{stem}.pdf", f"{stem}.txt")
    assert by_file["md-comptable-cooperatives.txt"] == ("md-comptable-cooperatives.html",
                                                        "md-comptable-cooperatives.txt")
    assert len(set(by_file.values())) == 4

    again = ingest_files([drops], engine=engine, archive=archive, run_id="run-2", today=date(2020, 9, 2),
                         max_bytes=10 ** 7, source="inbox")
    assert again.counts["new"] == 0 and again.counts["merged"] == 0
