"""The daily snapshot: every posting as jsonl.gz in the archive, a manifest whose counts and sha256 match the
bytes, reproducible bytes, and revisions instead of overwrites (the archive is write-once)."""

import gzip
import hashlib
import json
import shutil
from datetime import date, datetime, timezone

import pytest

from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store
from glaneur.storage.export import iter_postings
from glaneur.storage.snapshot import latest_manifest, snapshot_keys, write_snapshot

DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 2, 5, tzinfo=timezone.utc)


def ingest(engine, archive, folder):
    return ingest_files([folder], engine=engine, archive=archive, run_id="test", today=DAY,
                        max_bytes=20 * 2**20, source="inbox")


@pytest.fixture
def archive_url(request, tmp_path):
    if request.param == "s3":
        return request.getfixturevalue("s3_env")
    return str(tmp_path / "archive")


@pytest.mark.parametrize("archive_url", ["local", "s3"], indirect=True)
def test_snapshot_holds_every_posting_and_its_manifest_matches_the_bytes(store_url, archive_url, tmp_path,
                                                                        samples_dir):
    engine, archive = open_store(store_url), open_archive(archive_url)
    folder = tmp_path / "drop"
    shutil.copytree(samples_dir, folder)
    ingest(engine, archive, folder)
    expected = list(iter_postings(engine))
    assert expected, "the samples must give postings"

    manifest = write_snapshot(engine, archive, day=DAY, now=NOW, run_id="run-1")
    data_key, manifest_key = snapshot_keys(DAY)
    assert (manifest["key"], manifest["manifest_key"], manifest["written"]) == (data_key, manifest_key, True)
    assert data_key == "snapshots/2026-03-02/postings.jsonl.gz"
    data = archive.get(data_key)
    assert hashlib.sha256(data).hexdigest() == manifest["sha256"]
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    assert hashlib.sha256(gzip.decompress(data)).hexdigest() == manifest["jsonl_sha256"]
    assert [json.loads(line) for line in lines] == json.loads(json.dumps(expected))
    assert manifest["postings"] == len(expected) == sum(manifest["by_status"].values())
    assert manifest["by_source"] == {"inbox": len(expected)}
    assert json.loads(archive.get(manifest_key)) == {k: v for k, v in manifest.items() if k != "written"}


def test_same_content_writes_nothing_and_new_content_is_a_revision(sqlite_url, tmp_path, samples_dir):
    engine, archive = open_store(sqlite_url), open_archive(str(tmp_path / "archive"))
    first = write_snapshot(engine, archive, day=DAY, now=NOW)
    assert first["postings"] == 0 and first["revision"] == 0
    again = write_snapshot(engine, archive, day=DAY, now=NOW)
    assert again["written"] is False and again["sha256"] == first["sha256"]
    assert archive.keys("snapshots/") == sorted(snapshot_keys(DAY))

    folder = tmp_path / "drop"
    shutil.copytree(samples_dir, folder)
    ingest(engine, archive, folder)
    second = write_snapshot(engine, archive, day=DAY, now=NOW)
    assert second["revision"] == 1 and second["written"] and second["postings"] > 0
    assert second["key"] == "snapshots/2026-03-02/postings.r1.jsonl.gz"
    assert archive.get(snapshot_keys(DAY)[0]) != archive.get(second["key"]), "revision 0 is never overwritten"
    assert latest_manifest(archive, DAY)["sha256"] == second["sha256"]
    assert write_snapshot(engine, archive, day=date(2026, 3, 3), now=NOW)["revision"] == 0
