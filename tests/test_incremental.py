"""Incremental reruns (`glaneur.flows.incremental`): captures published byte for byte by this code version skip
extraction and are only marked seen; anything else goes through the pipeline again."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from glaneur import code_version
from glaneur.flows.incremental import split_known, touch_known
from glaneur.flows.ingest import store, transform
from glaneur.record import Capture
from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.models import Posting, PostingSource

TODAY = date(2025, 3, 1)
FIRST = datetime(2025, 3, 1, 2, 0, tzinfo=timezone.utc)


def sample_captures(samples_dir) -> list[Capture]:
    return [Capture(source="inbox", locator=path.name, data=path.read_bytes(), fetched_at=FIRST)
            for path in sorted(samples_dir.glob("*.txt"))]


def published(store_url, tmp_path, captures):
    engine = open_store(store_url)
    outcome = transform(captures, archive=open_archive(str(tmp_path / "archive")), today=TODAY)
    store(engine, outcome, run_id="first", now=FIRST)
    assert outcome.records, "the samples must give postings"
    return engine


def test_known_captures_skip_and_are_only_marked_seen(store_url, tmp_path, samples_dir):
    captures = sample_captures(samples_dir)
    engine = published(store_url, tmp_path, captures)
    later = FIRST + timedelta(days=1)
    changed = replace(captures[0], data=captures[0].data + b"\nMise a jour.")
    with session_scope(engine) as session:
        split = split_known(session, [changed, *captures[1:]], code_version=code_version())
        touch_known(session, split, now=later)
    assert split.fresh == [changed]
    assert split.known == captures[1:]
    with session_scope(engine) as session:
        sources = session.execute(select(PostingSource.locator, PostingSource.last_seen)).all()
        seen = {locator: when.replace(tzinfo=timezone.utc) for locator, when in sources}
        postings = {when.replace(tzinfo=timezone.utc) for when in session.execute(select(Posting.last_seen)).scalars()}
    assert seen[captures[0].locator] == FIRST
    assert all(seen[c.locator] == later for c in captures[1:])
    assert later in postings


def test_another_code_version_or_other_hints_extract_again(store_url, tmp_path, samples_dir):
    captures = sample_captures(samples_dir)
    engine = published(store_url, tmp_path, captures)
    with session_scope(engine) as session:
        assert split_known(session, captures, code_version="0.0.0+other").fresh == captures
        hinted = [replace(c, hints={"title": "Autre titre"}) for c in captures]
        assert split_known(session, hinted, code_version=code_version()).fresh == hinted


def test_nothing_known_in_an_empty_store(store_url, samples_dir):
    captures = sample_captures(samples_dir)
    with session_scope(open_store(store_url)) as session:
        split = split_known(session, captures, code_version=code_version())
    assert split.fresh == captures and not split.known and not split.source_ids


def test_byte_identical_files_of_one_source_share_their_record_and_both_skip(store_url, tmp_path, samples_dir):
    original = sample_captures(samples_dir)[0]
    copy = replace(original, locator="copy-of-" + original.locator)
    engine = published(store_url, tmp_path, [original, copy])
    with session_scope(engine) as session:
        split = split_known(session, [original, copy], code_version=code_version())
    assert split.known == [original, copy] and len(split.source_ids) == 1


def test_a_capture_that_gave_several_postings_skips_as_a_whole(store_url, tmp_path, fixtures_dir):
    export = fixtures_dir / "partner-exports" / "francetravail-cegid-offres-internes.json"
    capture = Capture(source="partner", locator=export.name, data=export.read_bytes(), fetched_at=FIRST)
    engine = published(store_url, tmp_path, [capture])
    with session_scope(engine) as session:
        split = split_known(session, [capture], code_version=code_version())
    assert split.known == [capture] and len(split.source_ids) > 1


def test_the_same_bytes_fetched_another_day_under_another_name_skip(store_url, tmp_path, samples_dir):
    original = sample_captures(samples_dir)[0]
    engine = published(store_url, tmp_path, [original])
    later = replace(original, locator="mirror-" + original.locator, fetched_at=FIRST + timedelta(days=3))
    outcome = transform([later], archive=open_archive(str(tmp_path / "archive")), today=TODAY)
    store(engine, outcome, run_id="second", now=later.fetched_at)
    with session_scope(engine) as session:
        split = split_known(session, [original, later], code_version=code_version())
    assert split.known == [original, later] and len(split.source_ids) == 1
