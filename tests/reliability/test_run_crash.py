"""`glaneur run` (the nightly flow: crawl, inbox, lifecycle, snapshot) killed with SIGKILL during a download, between
two inbox files' moves and during the snapshot upload, run after run, then run cleanly: every posting once, every
inbox file moved once, a snapshot whose manifest points at whole data. And a database password never shows.

Slow (five Prefect runs, each with its temporary server): marked `slow` and `prefect`."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from .hostile import posting_text
from .support import GLANEUR, LocalSite, TcpProxy, doubled, html_page, kill_group, store_contents, \
    store_env, write_inputs

pytestmark = [pytest.mark.slow, pytest.mark.prefect, pytest.mark.xdist_group("glaneur-run")]
PAGES = ("un", "deux", "trois", "lent")
RUN_TIMEOUT_S = 600


def _page(name: str) -> str:
    return "<html><body>" + "".join(f"<p>{line}</p>" for line in posting_text(f"site {name}").splitlines()) + \
           "</body></html>"


class Board:
    """The local job board the run crawls. While `hold` is set, the page /jobs/lent answers only once released:
    the test knows a download is under way and kills the run then."""

    def __init__(self):
        self.hold, self.asked, self.release = threading.Event(), threading.Event(), threading.Event()
        routes = {"/jobs/": lambda r: html_page(r, "".join(f'<a class="job" href="/jobs/{n}">{n}</a>' for n in PAGES))}
        routes.update({f"/jobs/{name}": (lambda r, name=name: html_page(r, _page(name))) for name in PAGES})
        routes["/jobs/lent"] = self._slow
        self.site = LocalSite(routes)

    def _slow(self, request) -> None:
        if self.hold.is_set():
            self.asked.set()
            self.release.wait(60)
        html_page(request, _page("lent"))

    def sources_file(self, folder: Path) -> Path:
        path = folder / "sources.yaml"
        path.write_text(json.dumps({"sources": [{
            "name": "board", "kind": "listing", "start_urls": [self.site.base + "/jobs/"], "item_links": "a.job",
            "allow_private_network": True, "download_delay": 0, "autothrottle": False, "timeout_s": 30,
            "recheck_hours": 0}]}),
            encoding="utf-8")
        return path


def _strays(marker: str) -> list[int]:
    """Processes the killed runs left behind (crawl processes run in their own session), found by the test's own
    folder on their command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in command:
                found.append(int(entry.name))
    return found


def _kill_strays(marker: str) -> None:
    """SIGKILL the strays, by process id, nothing else."""
    for pid in _strays(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _wait_for_strays_to_stop(marker: str, within_s: float) -> list[int]:
    deadline = time.monotonic() + within_s
    while (left := _strays(marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


@pytest.fixture
def board():
    board = Board()
    yield board
    board.release.set()
    board.site.close()


def test_runs_killed_during_download_between_moves_and_during_the_snapshot_then_a_clean_run(tmp_path, reference,
                                                                                             board, moto):
    moto.create_bucket("glaneur")
    proxy = TcpProxy("127.0.0.1", moto.port)
    inbox = tmp_path / "data" / "inbox"
    write_inputs(inbox)
    names = sorted(path.name for path in inbox.iterdir())
    url = f"sqlite:///{tmp_path / 'data' / 'glaneur.db'}"
    env = {**os.environ, **store_env(tmp_path, url), "GLANEUR_INBOX": str(inbox),
           "GLANEUR_ARCHIVE_URL": "s3://glaneur/archive", "GLANEUR_SOURCES": str(board.sources_file(tmp_path)),
           "AWS_ENDPOINT_URL": f"http://127.0.0.1:{proxy.port}", "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
    started: list[subprocess.Popen] = []

    def start(extra: dict | None = None) -> subprocess.Popen:
        started.append(subprocess.Popen([GLANEUR, "run", "--json"], cwd=tmp_path, env={**env, **(extra or {})},
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True))
        return started[-1]

    try:
        # 1. Killed between two inbox files' moves (the crawl and the inbox batch committed).
        first = start({"GLANEUR_FAULT_POINT": "file_away:2"})
        assert first.wait(RUN_TIMEOUT_S) == -signal.SIGKILL, first.communicate()[1][-3000:]
        kill_group(first)
        moved = [path for folder in ("processed", "quarantine") for path in (tmp_path / "data" / folder).glob("*")
                 if not path.name.endswith(".reason.json")]
        assert len(moved) == 2

        # 2. Killed while a page is being downloaded.
        board.hold.set()
        second = start()
        assert board.asked.wait(RUN_TIMEOUT_S), "the crawl never asked for the held page"
        kill_group(second)
        # The crawl process, in its own session, outlives the run: it must notice and stop while the page is still
        # held (the board holds it 60 s).
        assert _wait_for_strays_to_stop(str(tmp_path), within_s=30) == [], "the orphaned crawl kept running"
        board.release.set()
        board.hold.clear()
        _kill_strays(str(tmp_path))

        # 3. Killed during the snapshot's upload (the proxy sees the PUT of its data).
        third = start()
        proxy.on_bytes(b"PUT /glaneur/archive/snapshots/", lambda: kill_group(third))
        assert third.wait(RUN_TIMEOUT_S) == -signal.SIGKILL, third.communicate()[1][-3000:]
        _kill_strays(str(tmp_path))

        # 4. A clean run.
        last = start()
        stdout, stderr = last.communicate(timeout=RUN_TIMEOUT_S)
        assert last.returncode == 0, stderr[-3000:]
        manifest = json.loads(stdout[stdout.index("{"):])
    finally:
        for process in started:
            kill_group(process)
        _kill_strays(str(tmp_path))
        proxy.close()

    assert list(inbox.iterdir()) == []
    processed = [p.name for p in (tmp_path / "data" / "processed").iterdir()]
    quarantined = [p.name for p in (tmp_path / "data" / "quarantine").iterdir() if not p.name.endswith(".reason.json")]
    assert sorted(processed + quarantined) == names, "an inbox file was lost or moved twice"

    # Every input has its source record once (how many postings they make is dedup's call: the lifecycle and
    # near-duplicate merges make the count differ from an ingest's), every capture once, the same quarantine.
    contents = store_contents(url)
    assert doubled(contents) == {}
    crawled = {f"{board.site.base}/jobs/{name}" for name in PAGES}
    assert {row[2] for row in contents["sources"]} == {row[2] for row in reference["sources"]} | crawled
    assert {row[:5] for row in contents["sources"] if row[0] == "inbox"} == {row[:5] for row in reference["sources"]}
    assert {row[1] for row in contents["captures"]} == {row[1] for row in reference["captures"]} | crawled
    assert contents["quarantine"] == reference["quarantine"]
    assert _run_statuses(url) == ["abandoned", "abandoned", "abandoned", "completed"], "a killed run left `running`"
    assert [p.name for p in (tmp_path / "data" / "crawls").iterdir() if p.is_dir()] == [], "a killed crawl's spool"

    import boto3

    s3 = boto3.client("s3", endpoint_url=moto.endpoint, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    snapshot = next(entry for entry in manifest["sources"] if entry["source"] == "snapshot")
    assert snapshot["status"] == "ok", snapshot
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket="glaneur", Prefix="archive/snapshots/")["Contents"]]
    for key in (k for k in keys if "/manifest" in k):
        written = json.loads(s3.get_object(Bucket="glaneur", Key=key)["Body"].read())
        data = s3.get_object(Bucket="glaneur", Key=f"archive/{written['key']}")["Body"].read()
        assert hashlib.sha256(data).hexdigest() == written["sha256"], key


def _run_statuses(url: str) -> list[str]:
    from sqlalchemy import select

    from glaneur.storage.db import open_store, session_scope
    from glaneur.storage.models import Run

    with session_scope(open_store(url)) as session:
        return list(session.scalars(select(Run.status).order_by(Run.started_at)))


def test_a_run_never_shows_the_database_password(pg_url, tmp_path):
    password = f"S3cret-{uuid.uuid4().hex}"
    url = make_url(pg_url).set(password=password).render_as_string(hide_password=False)
    write_inputs(tmp_path / "data" / "inbox")
    env = {**os.environ, **store_env(tmp_path, url), "GLANEUR_INBOX": str(tmp_path / "data" / "inbox"),
           "GLANEUR_SOURCES": str(tmp_path / "none.yaml"), "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
    result = subprocess.run([GLANEUR, "run"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=RUN_TIMEOUT_S)
    assert result.returncode == 3, result.stderr[-3000:]
    assert password not in result.stdout + result.stderr, "the password is printed"
    for manifest in (tmp_path / "archive" / "runs").rglob("*.json"):
        assert password not in manifest.read_text(encoding="utf-8"), manifest
    leaks = [str(path) for path in (tmp_path / "prefect").rglob("*") if path.is_file()
             and password.encode() in path.read_bytes()]
    assert leaks == [], "the password is stored by Prefect (flow-run parameters?)"
