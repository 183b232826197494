"""Local sites for spider tests: a threaded HTTP server on 127.0.0.1 that serves a folder (saved pages,
crafted sites), answers conditional requests like a real server, runs per-path handlers for faults, and logs
every request so that tests can tell what was fetched and whether a body was sent.

Crawls run through the real subprocess path (`run_crawl`), with throttling off so that tests stay fast.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from glaneur.sources import SourceConfig

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
SHARED = HERE.parents[1].parent / "shared"
FIXTURES = SHARED / "fixtures"
EXAMPLES = HERE.parents[1] / "examples"
# Pages written for a fixed demo address are served with the test server's own address instead.
DEMO_BASE = b"http://127.0.0.1:8765"
FILE_TIME = 1767225600  # 2026-01-01, the Last-Modified of every served file


@dataclass
class Hit:
    method: str
    path: str
    status: int
    body_bytes: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class Handler(BaseHTTPRequestHandler):
    server: SiteHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        return

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def respond(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304 and self.command != "HEAD":
            self.wfile.write(body)
        self.hit.status, self.hit.body_bytes = status, 0 if status == 304 else len(body)

    def _serve(self) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        self.hit = Hit(self.command, path, 0, 0, dict(self.headers.items()), self.rfile.read(length))
        self.server.site.log.append(self.hit)
        route = self.server.site.routes.get(path)
        if route is not None:
            route(self)
        else:
            self._static(path)

    def _static(self, path: str) -> None:
        site = self.server.site
        target = (site.root / path.lstrip("/")).resolve() if site.root else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        if target is None or not target.is_relative_to(site.root) or not target.is_file():
            self.respond(404, b"<h1>Not found</h1>")
            return
        body = target.read_bytes().replace(DEMO_BASE, site.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        headers = {"Content-Type": mimetypes.guess_type(target.name)[0] or "application/octet-stream"}
        if site.etag:
            headers["ETag"] = etag
        if site.last_modified:
            headers["Last-Modified"] = formatdate(FILE_TIME, usegmt=True)
        if site.etag and self.headers.get("If-None-Match") == etag:
            self.respond(304, headers=headers)
        elif site.last_modified and self._not_modified_since():
            self.respond(304, headers=headers)
        else:
            self.respond(200, body, headers)

    def _not_modified_since(self) -> bool:
        asked = self.headers.get("If-Modified-Since")
        if not asked or "If-None-Match" in self.headers:
            return False
        try:
            return parsedate_to_datetime(asked).timestamp() >= FILE_TIME
        except (TypeError, ValueError):
            return False


class SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request, client_address):
        """A client that gave up (a timeout under test) is expected; anything else is printed as usual."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


class Site:
    """A running local site; `routes` maps a path to a function of the request handler (`Handler.respond`)."""

    def __init__(self, root: Path | None = None, *, etag: bool = True, last_modified: bool = True):
        self.root = root.resolve() if root else None
        self.etag = etag
        self.last_modified = last_modified
        self.routes: dict[str, Callable[[Handler], None]] = {}
        self.log: list[Hit] = []
        self.server = SiteHTTPServer(("127.0.0.1", 0), Handler)
        self.server.site = self
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str | None = None, *, since: int = 0) -> list[Hit]:
        return [hit for hit in self.log[since:] if path is None or hit.path == path]

    def fetched_paths(self, *, since: int = 0) -> list[str]:
        """Paths whose body was sent (status 200), in order."""
        return [hit.path for hit in self.log[since:] if hit.status == 200]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_source(**values) -> SourceConfig:
    """A source for a local test site: private network allowed, no throttling (our own server)."""
    return SourceConfig.model_validate({"allow_private_network": True, "download_delay": 0,
                                        "autothrottle": False, **values})


# Faster retries and smaller bounds than production, so that fault tests take seconds.
TEST_SETTINGS = ("GLANEUR_RETRY_BACKOFF_BASE=0.05",)
