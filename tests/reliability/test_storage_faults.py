"""Storage faults on real parts: PostgreSQL "restarting" (a TCP proxy on 127.0.0.1 cut and restored, the machine's
server untouched) and the S3 endpoint down (a moto server of the test's own, stopped; or cut by a proxy). Each gives
retries with backoff, then either the whole batch published once or a clear error with nothing half-published."""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from glaneur.faults import StorageFault
from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import LocalArchive, open_archive
from glaneur.storage.db import open_store

from .support import TcpProxy, doubled, glaneur, store_contents, store_env, write_inputs

# The first statement of the publish transaction (flows.ingest.store takes the writers' lock).
PUBLISH_LOCK = b"pg_advisory_xact_lock"


def _ingest(folder, url, archive):
    return ingest_files([folder], engine=open_store(url), archive=archive, run_id=str(uuid.uuid4()),
                        today=date.today(), max_bytes=10**7)


@pytest.fixture
def pg_behind_proxy(own_pg_database):
    """(direct URL, URL through a proxy, the proxy) for a fresh PostgreSQL database, migrated."""
    direct = make_url(own_pg_database())
    proxy = TcpProxy(direct.host, direct.port)
    through = direct.set(port=proxy.port, password=f"pw-{uuid.uuid4().hex}").render_as_string(hide_password=False)
    open_store(through)
    yield direct.render_as_string(hide_password=False), through, proxy
    proxy.close()


def _cut_then_restore(proxy: TcpProxy, after_s: float) -> threading.Event:
    cut = threading.Event()

    def action():
        proxy.cut()
        cut.set()
        threading.Timer(after_s, proxy.restore).start()

    proxy.on_bytes(PUBLISH_LOCK, action)
    return cut


def test_postgresql_restarting_inside_the_publish_transaction_is_retried_and_publishes_once(
        pg_behind_proxy, tmp_path, reference, caplog):
    direct, through, proxy = pg_behind_proxy
    write_inputs(tmp_path / "drop")
    cut = _cut_then_restore(proxy, 1.5)
    with caplog.at_level(logging.WARNING, logger="glaneur.flows.ingest"):
        report = _ingest(tmp_path / "drop", through, LocalArchive(tmp_path / "archive"))
    assert cut.is_set(), "the connection was never cut"
    assert any("retrying" in record.getMessage() for record in caplog.records)
    assert report.counts["new"] == len(reference["postings"])
    contents = store_contents(direct)
    assert doubled(contents) == {} and contents == reference


def test_postgresql_gone_for_good_is_one_clear_line_and_nothing_half_published(pg_behind_proxy, tmp_path,
                                                                                 reference):
    direct, through, proxy = pg_behind_proxy
    write_inputs(tmp_path / "drop")
    proxy.on_bytes(PUBLISH_LOCK, proxy.cut)
    env = store_env(tmp_path, through)
    result = glaneur("ingest", str(tmp_path / "drop"), cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("glaneur: error: publishing the batch to the database failed 4 times"), last
    assert "Traceback" not in result.stderr
    password = make_url(through).password
    assert password not in result.stderr + result.stdout
    assert not any(store_contents(direct).values()), "part of the batch was published"

    proxy.restore()
    rerun = glaneur("ingest", str(tmp_path / "drop"), cwd=tmp_path, env=env)
    assert rerun.returncode == 3, rerun.stderr[-2000:]
    assert store_contents(direct) == reference


def test_s3_endpoint_down_mid_run_is_retried_and_lands_once(moto, monkeypatch, tmp_path, reference):
    moto.create_bucket("glaneur")
    proxy = TcpProxy("127.0.0.1", moto.port)
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{proxy.port}")
    archive = open_archive("s3://glaneur/archive")
    cut = threading.Event()

    def first_upload():
        proxy.cut()
        cut.set()
        threading.Timer(3.0, proxy.restore).start()

    proxy.on_bytes(b"PUT /", first_upload)
    write_inputs(tmp_path / "drop")
    url = f"sqlite:///{tmp_path / 'glaneur.db'}"
    _ingest(tmp_path / "drop", url, archive)
    assert cut.is_set()
    assert store_contents(url) == reference
    assert len(archive.keys("raw/")) == len(reference["captures"])
    proxy.close()


def test_s3_server_stopped_is_a_clear_error_then_a_rerun_lands_once(moto, monkeypatch, tmp_path, reference):
    moto.create_bucket("glaneur")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint)
    archive = open_archive("s3://glaneur/archive")
    write_inputs(tmp_path / "drop")
    url = f"sqlite:///{tmp_path / 'glaneur.db'}"
    moto.stop()
    with pytest.raises(StorageFault) as fault:
        _ingest(tmp_path / "drop", url, archive)
    message = str(fault.value)
    assert "to the archive failed 4 times" in message and "s3://glaneur/archive" in message
    assert not any(store_contents(url).values()), "something was published without its raw bytes"

    moto.start()  # an empty server again: the bucket has to be made anew
    moto.create_bucket("glaneur")
    _ingest(tmp_path / "drop", url, open_archive("s3://glaneur/archive"))
    contents = store_contents(url)
    assert doubled(contents) == {} and contents == reference
