"""Fixtures of the operations tests: one Prefect test harness for the session (it takes tens of seconds to start),
the repository's demo job board served on 127.0.0.1, and GLANEUR_* settings pointing at a fresh store.

The demo site (examples/site) is copied to a temporary folder so that a test can change it between crawls (a
listing that loses its offers, a page that becomes slow) without touching the repository.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from glaneur.storage import models
from glaneur.storage.db import session_scope

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
# The demo pages link to this address; the test server substitutes its own.
DEMO_BASE = b"http://127.0.0.1:8765"
# The demo listing's five offers, and the PDF attachment of one of them.
DEMO_OFFERS = 5
DEMO_ITEMS = 6


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


class DemoSite:
    """examples/site served from a copy; `delay_s` slows every offer page (to make two runs overlap)."""

    def __init__(self, root: Path):
        self.root = root
        self.delay_s = 0.0
        self.requests: list[str] = []
        site = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                return

            def do_GET(self):
                site.requests.append(self.path)
                if site.delay_s and self.path.startswith("/offres/") and self.path.endswith(".html"):
                    time.sleep(site.delay_s)
                target = Path(self.translate_path(self.path))
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    self.send_error(404)
                    return
                body = target.read_bytes().replace(DEMO_BASE, site.base.encode())
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(target)))
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def keep_offers(self, *names: str) -> None:
        """Rewrite the listing so that it shows only these offers, on one page."""
        index = self.root / "offres" / "index.html"
        links = "\n".join(f'<li class="carte"><a class="offre" href="/offres/{name}.html">{name}</a></li>'
                          for name in names)
        index.write_text(f'<html><body><ul class="offres">{links}</ul></body></html>', encoding="utf-8")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def demo_site(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(EXAMPLES / "site", root)
    site = DemoSite(root)
    yield site
    site.close()


def demo_source(site: DemoSite, name: str = "demo-board", **overrides) -> dict:
    """The demo listing source of examples/sources.yaml, pointed at the test site, throttling off."""
    return {"name": name, "kind": "listing", "start_urls": [site.base + "/offres/"],
            "item_links": "ul.offres a.offre", "next_page": "a.suivant", "allow_private_network": True,
            "download_delay": 0, "autothrottle": False, "max_pages": 10, **overrides}


def write_sources(path: Path, *sources: dict) -> Path:
    path.write_text(yaml.safe_dump({"sources": list(sources)}, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def glaneur_env(tmp_path, monkeypatch, store_url):
    """GLANEUR_* for a fresh store (SQLite and PostgreSQL), archive, inbox and sources file; returns the settings."""
    from glaneur.config import load_settings

    data = tmp_path / "data"
    monkeypatch.setenv("GLANEUR_DATABASE_URL", store_url)
    monkeypatch.setenv("GLANEUR_ARCHIVE_URL", str(data / "archive"))
    monkeypatch.setenv("GLANEUR_INBOX", str(data / "inbox"))
    monkeypatch.setenv("GLANEUR_SOURCES", str(tmp_path / "sources.yaml"))
    (data / "inbox").mkdir(parents=True)
    return load_settings()


def artifacts_of(state) -> dict[str, object]:
    """The artifacts of the flow run that ended in `state`, by key."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])))
    return {artifact.key: artifact for artifact in found}


def drop_samples(inbox, samples_dir) -> int:
    """Copy the samples into the inbox, dated in the past so that they are not "still being written"."""
    for sample in samples_dir.iterdir():
        target = inbox / sample.name
        shutil.copy(sample, target)
        os.utime(target, (time.time() - 60, time.time() - 60))
    return len(list(samples_dir.iterdir()))


def count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def entries(manifest) -> dict[str, dict]:
    return {entry["source"]: entry for entry in manifest["sources"]}


def posting_ids(engine) -> set[int]:
    with session_scope(engine) as session:
        return set(session.execute(select(models.Posting.id)).scalars())
