"""The archive contract on both backends: write-once, content-addressed, listable; S3 over HTTP to moto."""

from datetime import datetime, timezone

import pytest

from glaneur.storage.archive import ArchiveError, LocalArchive, S3Archive, open_archive, raw_key


@pytest.fixture(params=["local", "s3"])
def archive(request, tmp_path):
    if request.param == "local":
        return LocalArchive(tmp_path / "archive")
    return open_archive(request.getfixturevalue("s3_env"))


def test_raw_key_is_content_addressed_by_day():
    when = datetime(2024, 4, 7, 23, 59, tzinfo=timezone.utc)
    assert raw_key("Some Board", "ab" * 32, when, "offre.PDF") == f"raw/some-board/2024/04/07/{'ab' * 32}.pdf"
    assert raw_key("inbox", "cd" * 32, when, "../../etc/passwd").endswith(".bin")


def test_put_is_write_once_and_round_trips(archive):
    assert archive.put("raw/x/2024/01/01/abc.txt", b"first") is True
    assert archive.put("raw/x/2024/01/01/abc.txt", b"second") is False
    assert archive.get("raw/x/2024/01/01/abc.txt") == b"first"
    assert archive.exists("raw/x/2024/01/01/abc.txt")
    assert not archive.exists("raw/x/2024/01/01/missing.txt")


def test_put_many_writes_each_new_key_once_and_says_which(archive):
    archive.put("raw/x/2024/01/01/old.txt", b"old")
    items = [(f"raw/x/2024/01/0{day}/n{n}.txt", f"{day}-{n}".encode()) for day in (1, 2) for n in range(30)]
    items += [("raw/x/2024/01/01/old.txt", b"other"), ("raw/x/2024/01/01/n0.txt", b"again in the batch")]
    written = archive.put_many(items)
    assert written == [True] * 60 + [False, False]
    assert archive.get("raw/x/2024/01/01/old.txt") == b"old" and archive.get("raw/x/2024/01/01/n0.txt") == b"1-0"
    assert archive.get("raw/x/2024/01/02/n29.txt") == b"2-29"
    assert len(archive.keys("raw/x/")) == 61  # no temporary file left listed or lying around
    assert archive.put_many([]) == []


def test_an_empty_batch_needs_no_archive_folder(tmp_path):
    archive = LocalArchive(tmp_path / "not-yet")
    assert archive.put_many([]) == []
    assert not (tmp_path / "not-yet").exists()


def test_a_failed_local_batch_leaves_no_object_and_no_temporary_file(tmp_path):
    archive = LocalArchive(tmp_path / "archive")
    with pytest.raises(ArchiveError, match="escapes"):
        archive.put_many([("raw/x/2024/01/01/a.txt", b"a"), ("../outside.txt", b"x")])
    assert not archive.exists("raw/x/2024/01/01/a.txt")
    assert [p.name for p in (tmp_path / "archive").rglob("*") if p.is_file()] == []


def test_keys_lists_by_prefix(archive):
    for key in ("runs/2024/01/01/a.json", "runs/2024/01/02/b.json", "raw/s/2024/01/01/c.txt"):
        archive.put(key, b"{}")
    assert archive.keys("runs/") == ["runs/2024/01/01/a.json", "runs/2024/01/02/b.json"]


def test_missing_object_is_a_clear_error(archive):
    with pytest.raises(ArchiveError, match="missing"):
        archive.get("raw/none/missing.txt")


def test_local_archive_refuses_keys_that_escape(tmp_path):
    with pytest.raises(ArchiveError, match="escapes"):
        LocalArchive(tmp_path / "a").put("../outside.txt", b"x")


def test_unreachable_s3_endpoint_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(ArchiveError, match="unreachable"):
        open_archive("s3://bucket/prefix")


def test_s3_url_needs_a_bucket():
    with pytest.raises(ArchiveError, match="bucket"):
        S3Archive("s3:///prefix")


def test_local_archive_refuses_keys_that_lead_out_through_a_link_or_dots(tmp_path):
    archive = LocalArchive(tmp_path / "a")
    (tmp_path / "a").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "a" / "raw").symlink_to(tmp_path / "elsewhere")
    for key in ("raw/x.txt", "runs/../../outside.txt", "runs/.."):
        with pytest.raises(ArchiveError, match="escapes"):
            archive.put_many([("runs/fine.txt", b"ok"), (key, b"x")])
    assert list((tmp_path / "elsewhere").iterdir()) == [] and not (tmp_path / "outside.txt").exists()
    assert archive.put_many([("runs/fine.txt", b"ok")]) == [True]
