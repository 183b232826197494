"""Real-part helpers for the reliability tests: the installed CLI, a dump of the store to compare runs, a TCP proxy to
cut a live connection (PostgreSQL, S3) and an inotify watch proving files outside the inbox were never opened."""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

GLANEUR = str(Path(sys.executable).parent / "glaneur")
REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "samples" / "postings"


def glaneur(*args: str, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    """The installed `glaneur` entry point, as operators call it."""
    return subprocess.run([GLANEUR, *args], cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout)


def store_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {"GLANEUR_DATABASE_URL": database_url, "GLANEUR_ARCHIVE_URL": str(tmp_path / "archive"),
            "GLANEUR_INBOX": str(tmp_path / "data" / "inbox"), "PREFECT_HOME": str(tmp_path / "prefect"), **extra}


def copy_samples(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for sample in sorted(SAMPLES.glob("*.txt")):
        shutil.copy2(sample, folder / sample.name)
        names.append(sample.name)
    return names


def age(folder: Path, seconds: float = 60) -> None:
    """Make every file look settled (older than the 'still being written' window)."""
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            info = path.stat()
            os.utime(path, (info.st_atime - seconds, info.st_mtime - seconds))


def store_contents(url: str) -> dict[str, Counter]:
    """What the store holds, as multisets of rows without surrogate ids or times: equal dumps mean the same store,
    a count of 2 means a row doubled."""
    engine = create_engine(url, poolclass=NullPool)
    queries = {
        "postings": "SELECT title, content_hash, status FROM postings",
        "sources": "SELECT s.source, s.external_id, s.locator, s.archive_key, s.content_hash, p.content_hash "
                   "FROM posting_sources s JOIN postings p ON p.id = s.posting_id",
        "captures": "SELECT source, locator, sha256, archive_key FROM captures",
        "quarantine": "SELECT source, locator, sha256, reason_code, resolved_at IS NULL FROM quarantine",
    }
    try:
        with engine.connect() as connection:
            return {name: Counter(tuple(row) for row in connection.execute(text(query)))
                    for name, query in queries.items()}
    finally:
        engine.dispose()


def doubled(contents: dict[str, Counter]) -> dict[str, list]:
    return {name: [row for row, count in rows.items() if count > 1] for name, rows in contents.items()
            if any(count > 1 for count in rows.values())}


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a process started with start_new_session=True and everything it started (e.g. a Prefect server)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


class TcpProxy:
    """127.0.0.1:port → target, in threads. `cut()` drops every live connection and closes new ones at once (what a
    restarting server looks like), `restore()` forwards again. `on_bytes(pattern, action)` calls `action` once,
    before forwarding, when a client sends `pattern` — to act at an exact point of a protocol exchange."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.down = False
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.triggers: list[tuple[bytes, Callable[[], None]]] = []
        self.accepted = 0
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def on_bytes(self, pattern: bytes, action: Callable[[], None]) -> None:
        self.triggers.append((pattern, action))

    def cut(self) -> None:
        with self.lock:
            self.down = True
            connections, self.connections = self.connections, []
        for connection in connections:
            _close(connection)

    def restore(self) -> None:
        self.down = False

    def close(self) -> None:
        self.closed = True
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            if self.down:
                _close(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.connections += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        tail = b""
        try:
            while True:
                readable, _, _ = select.select([source], [], [], 1.0)
                if not readable:
                    if self.closed:
                        return
                    continue
                chunk = source.recv(65536)
                if not chunk:
                    break
                if from_client and self.triggers:
                    window = tail + chunk
                    for pattern, action in list(self.triggers):
                        if pattern in window:
                            self.triggers.remove((pattern, action))
                            action()
                    tail = window[-256:]
                if self.down:
                    break
                sink.sendall(chunk)
        except (OSError, ValueError):  # the other side was closed, or cut() closed this one under us
            pass
        finally:
            _close(source)
            _close(sink)


def _close(connection: socket.socket) -> None:
    try:
        connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    connection.close()


class OpenWatch:
    """Linux inotify on files and folders outside the inbox: reports every open or read of them while watching,
    whatever path was used (a watch on a file follows its inode, so a hard link is caught too)."""

    IN_ACCESS, IN_OPEN, IN_NONBLOCK = 0x1, 0x20, 0o4000
    HEADER = struct.Struct("iIII")

    def __init__(self, *paths: Path):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(self.IN_NONBLOCK)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.watches: dict[int, Path] = {}
        for path in paths:
            wd = self.libc.inotify_add_watch(self.fd, os.fsencode(path), self.IN_OPEN | self.IN_ACCESS)
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"cannot watch {path}")
            self.watches[wd] = path

    def events(self) -> list[str]:
        found = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            position = 0
            while position < len(data):
                wd, mask, _, length = self.HEADER.unpack_from(data, position)
                name = data[position + self.HEADER.size:position + self.HEADER.size + length].rstrip(b"\0")
                kind = "open" if mask & self.IN_OPEN else "read"
                found.append(f"{kind} {self.watches[wd] / os.fsdecode(name) if name else self.watches[wd]}")
                position += self.HEADER.size + length
        return found

    def close(self) -> None:
        os.close(self.fd)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MotoServer:
    """A moto S3 server process of the test's own, on a fixed port, that the test may stop and start again (the
    session's shared server must stay up for other tests). State lives in memory: a restart loses the buckets."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("moto server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def create_bucket(self, name: str, endpoint: str | None = None) -> None:
        import boto3

        boto3.client("s3", endpoint_url=endpoint or self.endpoint, region_name="us-east-1",
                     aws_access_key_id="testing", aws_secret_access_key="testing").create_bucket(Bucket=name)


def write_inputs(folder: Path) -> None:
    """A small, settled batch: the three samples, four more postings and two bad files."""
    from .hostile import posting_text

    copy_samples(folder)
    for variant in ("un", "deux", "trois", "quatre"):
        (folder / f"offre-{variant}.txt").write_text(posting_text(variant), encoding="utf-8")
    (folder / "vide.txt").write_bytes(b"")
    (folder / "casse.json").write_bytes(b'{"title": ')
    age(folder)


def clean_store(base: Path) -> dict[str, Counter]:
    """The store after one clean, uninterrupted ingest of `write_inputs` (in this process, on SQLite)."""
    from datetime import date

    from glaneur.flows.ingest import ingest_files
    from glaneur.storage.archive import LocalArchive
    from glaneur.storage.db import open_store

    write_inputs(base / "drop")
    url = f"sqlite:///{base / 'glaneur.db'}"
    ingest_files([base / "drop"], engine=open_store(url), archive=LocalArchive(base / "archive"), run_id="clean",
                 today=date.today(), max_bytes=10**7)
    return store_contents(url)


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 whose paths are handlers `(request) -> None` (a BaseHTTPRequestHandler
    to answer on); unknown paths get 404. `log` lists the paths asked for, `asked` is set at each request."""

    def __init__(self, routes: dict[str, Callable]):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        site = self
        self.routes = routes
        self.log: list[str] = []
        self.asked = threading.Event()
        self.stop = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                return

            def do_GET(self):
                site.log.append(self.path)
                site.asked.set()
                route = site.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler gave up on this response: that is the point of some routes

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def html_page(request, body: str, status: int = 200) -> None:
    data = body.encode("utf-8")
    request.send_response(status)
    request.send_header("Content-Type", "text/html; charset=utf-8")
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)
