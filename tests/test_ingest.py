"""End-to-end ingest on real parts: the shared samples into SQLite and PostgreSQL, local and S3 archives."""

import json
import shutil
from datetime import date

import pytest
from sqlalchemy import func, select

from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import LocalArchive, open_archive
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.export import iter_postings
from glaneur.storage.models import Capture, Posting, PostingSource, QuarantineEntry

TODAY = date(2024, 3, 1)


def _inbox(tmp_path, samples_dir, *extra: tuple[str, bytes]):
    inbox = tmp_path / "data" / "inbox"
    inbox.mkdir(parents=True)
    for sample in sorted(samples_dir.glob("*.txt")):
        shutil.copy2(sample, inbox / sample.name)
    for name, data in extra:
        (inbox / name).write_bytes(data)
    return inbox


def _age(inbox):
    """Make files look settled (older than the 'still being written' window)."""
    import os

    for path in inbox.rglob("*"):
        if path.is_file():
            os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))


def _count(engine, model):
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def _ingest(inbox, engine, archive, run_id="run-1"):
    _age(inbox)
    return ingest_files([inbox], engine=engine, archive=archive, run_id=run_id, today=TODAY,
                        max_bytes=20 * 1024 * 1024, inbox=inbox)


def test_samples_land_with_provenance_and_rerun_is_idempotent(store_url, tmp_path, samples_dir, monkeypatch):
    engine = open_store(store_url)
    archive = LocalArchive(tmp_path / "archive")
    inbox = _inbox(tmp_path, samples_dir)

    report = _ingest(inbox, engine, archive)
    assert report.counts["new"] == 3 and not report.rejected
    assert sorted(p.name for p in (inbox.parent / "processed").iterdir()) == sorted(
        s.name for s in samples_dir.glob("*.txt"))
    assert not list(inbox.iterdir())
    postings = list(iter_postings(engine))
    assert len(postings) == 3
    for posting in postings:
        assert posting["status"] == "open" and posting["title"]
        [source] = posting["sources"]
        assert source["source"] == "inbox"
        assert archive.exists(source["archive_key"])
        assert source["archive_key"].startswith("raw/inbox/")

    # The same files dropped again: nothing new, nothing doubled, and nothing extracted again (this code published
    # these bytes already): their records and postings are only marked seen.
    first_seen = _last_seen(engine)
    for path in (inbox.parent / "processed").iterdir():
        shutil.copy2(path, inbox / path.name)
    extracted = _count_extractions(monkeypatch)
    again = _ingest(inbox, engine, archive, run_id="run-2")
    assert extracted == []
    assert again.counts["new"] == 0 and again.counts["unchanged"] == 3 and again.counts["postings"] == 3
    assert again.counts["known_captures"] == 3 and not again.rejected
    assert not list(inbox.iterdir()) and len(list((inbox.parent / "processed").iterdir())) == 6
    assert _count(engine, Posting) == 3 and _count(engine, PostingSource) == 3 and _count(engine, Capture) == 3
    seen_again = _last_seen(engine)
    assert all(seen_again[key] > first_seen[key] for key in first_seen), "sightings advance without extraction"

    # One of them edited: only that one is extracted.
    edited = sorted(samples_dir.glob("*.txt"))[0]
    for sample in sorted(samples_dir.glob("*.txt")):
        shutil.copy2(sample, inbox / sample.name)
    (inbox / edited.name).write_bytes(edited.read_bytes() + b"\n\nMise a jour : poste toujours ouvert.\n")
    third = _ingest(inbox, engine, archive, run_id="run-3")
    assert extracted == [edited.name]
    # Inbox files have no id of their own: new bytes are a new source record, which joins the posting it edits.
    assert third.counts["known_captures"] == 2 and third.counts["unchanged"] == 2
    assert third.counts["merged"] == 1 and third.counts["new"] == 0 and _count(engine, Posting) == 3


def _count_extractions(monkeypatch) -> list[str]:
    """The locators of the captures extracted from now on (in this process: ingest runs one worker here)."""
    from glaneur.flows import ingest

    extracted: list[str] = []
    process = ingest.process

    def counted(capture, today):
        extracted.append(capture.locator)
        return process(capture, today)
    monkeypatch.setattr(ingest, "process", counted)
    return extracted


def _last_seen(engine) -> dict[str, object]:
    """last_seen of every source record and posting, by locator and posting id."""
    with session_scope(engine) as session:
        sources = {f"source {locator}": seen for locator, seen in session.execute(
            select(PostingSource.locator, PostingSource.last_seen))}
        postings = {f"posting {pid}": seen for pid, seen in session.execute(select(Posting.id, Posting.last_seen))}
    return {**sources, **postings}


def test_corrupt_file_is_quarantined_while_the_others_land(store_url, tmp_path, samples_dir):
    engine = open_store(store_url)
    archive = LocalArchive(tmp_path / "archive")
    inbox = _inbox(tmp_path, samples_dir, ("broken.pdf", b"%PDF-1.4 this is not really a pdf"),
                   ("empty.txt", b""), ("notes.exe", b"MZ\x90\x00"))
    report = _ingest(inbox, engine, archive)
    assert report.counts["new"] == 3
    codes = {r.locator: r.code for r in report.rejected}
    assert codes == {"broken.pdf": "corrupt", "empty.txt": "empty", "notes.exe": "unsupported_type"}
    quarantine = inbox.parent / "quarantine"
    assert (quarantine / "broken.pdf").read_bytes().startswith(b"%PDF")
    reason = json.loads((quarantine / "broken.pdf.reason.json").read_text())
    assert reason["reason_code"] == "corrupt" and archive.exists(reason["archive_key"])
    with session_scope(engine) as session:
        stored = {q.locator: q.reason_code for q in session.execute(select(QuarantineEntry)).scalars()}
    assert stored == codes


@pytest.mark.s3
def test_samples_land_in_an_s3_archive(sqlite_url, tmp_path, samples_dir, s3_env):
    engine = open_store(sqlite_url)
    archive = open_archive(s3_env)
    report = _ingest(_inbox(tmp_path, samples_dir), engine, archive)
    assert report.counts["new"] == 3
    keys = archive.keys("raw/")
    assert len(keys) == 3
    for posting in iter_postings(engine):
        assert posting["sources"][0]["archive_key"] in keys


def test_symlink_and_oversize_files_are_refused_without_reading(sqlite_url, tmp_path, samples_dir):
    secret = tmp_path / "secret.txt"
    secret.write_text("Directeur financier\nSalaire confidentiel")
    inbox = _inbox(tmp_path, samples_dir)
    (inbox / "link.txt").symlink_to(secret)
    (inbox / "big.txt").write_bytes(b"a" * 2048)
    _age(inbox)
    report = ingest_files([inbox], engine=open_store(sqlite_url), archive=LocalArchive(tmp_path / "archive"),
                          run_id="r", today=TODAY, max_bytes=1024, inbox=inbox)
    codes = {r.locator: r.code for r in report.rejected}
    assert codes["link.txt"] == "symlink" and codes["big.txt"] == "too_large"
    assert secret.read_text().startswith("Directeur")  # target untouched
    assert (inbox.parent / "quarantine" / "link.txt").is_symlink()


def test_a_file_still_being_written_waits_for_the_next_run(sqlite_url, tmp_path, samples_dir):
    inbox = _inbox(tmp_path, samples_dir)
    _age(inbox)
    (inbox / "fresh.txt").write_text("Chargé de projet\nDate limite : 10 avril 2024")
    report = ingest_files([inbox], engine=open_store(sqlite_url), archive=LocalArchive(tmp_path / "a"),
                          run_id="r", today=TODAY, max_bytes=10**7, inbox=inbox)
    assert report.waiting == 1 and (inbox / "fresh.txt").exists()


def test_batches_extracted_ahead_on_workers_land_as_in_one_process(store_url, tmp_path):
    """Several batches on two workers (each extracted while the one before it is published) store what one process
    storing batch after batch stores: the same postings, provenance and quarantine, every file filed away."""
    from pathlib import Path

    from glaneur.flows.ingest import MIN_CAPTURES_PER_WORKER

    held_out = sorted(Path(__file__).parent.glob("data/heldout*/postings/*.txt"))
    batch_size = 2 * MIN_CAPTURES_PER_WORKER  # the smallest batch shared out over two workers

    def ingest(folder: str, url: str, workers: int):
        inbox = tmp_path / folder / "inbox"
        inbox.mkdir(parents=True)
        for index, path in enumerate(held_out):  # each twice, the copy with other bytes: three full batches or more
            shutil.copy2(path, inbox / f"a{index:03d}-{path.name}")
            (inbox / f"b{index:03d}-{path.name}").write_bytes(path.read_bytes() + b"\n\n(repost)\n")
        (inbox / "a050-broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")  # in a later batch
        _age(inbox)
        engine = open_store(url)
        report = ingest_files([inbox], engine=engine, archive=LocalArchive(tmp_path / folder / "archive"),
                              run_id="run-1", today=TODAY, max_bytes=20 * 1024 * 1024, inbox=inbox,
                              batch_size=batch_size, workers=workers)
        assert not list(inbox.iterdir())
        assert len(list((inbox.parent / "processed").iterdir())) == 2 * len(held_out)
        with session_scope(engine) as session:
            stored = sorted(session.execute(select(PostingSource.locator, Posting.title, Posting.deadline)
                                            .join(Posting, Posting.id == PostingSource.posting_id)).tuples())
        engine.dispose()
        return report, stored

    alone, stored_alone = ingest("one", f"sqlite:///{tmp_path / 'one.db'}", workers=1)
    ahead, stored_ahead = ingest("two", store_url, workers=2)
    assert {r.locator: r.code for r in ahead.rejected} == {"a050-broken.pdf": "corrupt"}
    assert [(r.locator, r.code) for r in alone.rejected] == [(r.locator, r.code) for r in ahead.rejected]
    assert ahead.counts == alone.counts and ahead.counts["postings"] >= 2 * len(held_out) >= 3 * batch_size
    assert stored_ahead == stored_alone
