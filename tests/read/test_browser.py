"""`glaneur api` as a real process, queried over HTTP like the held-out check does, and its HTML pages rendered by
headless Chromium. Chromium is an extra check: without /usr/bin/chromium (`make screenshots` installs it) those
tests skip. With GLANEUR_SCREENSHOT_DIR set, the screenshots are kept there (docs/ for the read contract)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import extruct
import pytest
from PIL import Image, ImageStat

from .conftest import HEALTH_ML, MEAL_ML, seed

GLANEUR = str(Path(sys.executable).parent / "glaneur")
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="headless Chromium not installed (`make screenshots` installs it)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(base: str, path: str, **params):
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"{base}{path}{query}", timeout=10) as response:
        return response.status, response.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A seeded SQLite store served by `glaneur api` on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("api")
    store = seed(f"sqlite:///{folder}/glaneur.db")
    port = _free_port()
    log = (folder / "api.log").open("wb")
    process = subprocess.Popen([GLANEUR, "api", "--port", str(port)], cwd=folder, stdout=log, stderr=log,
                               env={**os.environ, "GLANEUR_DATABASE_URL": store.url})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            get(base, "/health")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"glaneur api did not start: {(folder / 'api.log').read_text(errors='replace')}")
            time.sleep(0.2)
    yield base, store
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_the_api_process_answers_the_held_out_queries(server):
    base, store = server
    status, body = get(base, "/postings", country="ML")
    assert status == 200
    assert {item["title"] for item in json.loads(body)["items"]} == {HEALTH_ML["title"], MEAL_ML["title"]}
    _, body = get(base, "/postings", q="santé communautaire")
    [found] = json.loads(body)["items"]
    _, body = get(base, f"/postings/{found['id']}")
    posting = json.loads(body)
    assert posting["title"] == HEALTH_ML["title"] and len(posting["sources"]) == 2 and posting["history"]
    spec = json.loads(get(base, "/openapi.json")[1])
    assert spec["info"]["title"] == "glaneur read API"


def test_the_pages_without_a_browser(server):
    base, store = server
    _, page = get(base, "/", country="ml", deadline_after="not a date", cursor="junk")
    html = page.decode()
    assert HEALTH_ML["title"] in html and MEAL_ML["title"] not in html  # open postings only, by default
    assert "is not a date" in html and "not valid any more" in html
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(base, "/jobs/999999")
    assert missing.value.code == 404


def test_a_busy_port_is_a_one_line_error_exit_2(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([GLANEUR, "api", "--port", str(port)], cwd=tmp_path, capture_output=True, text=True,
                                timeout=120, env={**os.environ, "GLANEUR_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    return subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={profile}", "--window-size=1280,900", *args],
                          capture_output=True, text=True, timeout=120)


def screenshot(url: str, name: str, tmp_path: Path) -> Image.Image:
    target = tmp_path / name
    result = chromium(f"--screenshot={target}", url, tmp_path=tmp_path)
    assert target.exists(), result.stderr[-2000:]
    keep = os.environ.get("GLANEUR_SCREENSHOT_DIR")
    if keep:
        shutil.copy2(target, Path(keep) / name)
    return Image.open(target)


@needs_chromium
def test_list_page_in_chromium(server, tmp_path):
    base, _ = server
    dom = chromium("--dump-dom", f"{base}/", tmp_path=tmp_path).stdout
    assert dom.count('<li>') == 5 and HEALTH_ML["title"] in dom and "Stage – Assistant(e) communication" in dom
    assert '<option value="ML">Mali</option>' in dom  # countries that have open postings, by name
    filtered = chromium("--dump-dom", f"{base}/?q=stagiaires&country=SN", tmp_path=tmp_path).stdout
    assert filtered.count("<li>") == 1 and 'value="stagiaires"' in filtered

    image = screenshot(f"{base}/", "read-ui.png", tmp_path)
    assert image.size == (1280, 900)
    # A rendered page, not a blank or error screen: several distinct colours with real contrast.
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20
    assert max(ImageStat.Stat(image.convert("L")).stddev) > 20


@needs_chromium
def test_detail_page_in_chromium_carries_its_job_posting(server, tmp_path):
    base, store = server
    url = f"{base}/jobs/{store.ids['health_ml']}"
    dom = chromium("--dump-dom", url, tmp_path=tmp_path).stdout
    assert HEALTH_ML["title"] in dom and "emploimali" in dom and "salary" in dom  # sources and history shown
    [posting] = extruct.extract(dom, base_url=url, syntaxes=["json-ld"])["json-ld"]
    assert posting["@type"] == "JobPosting" and posting["hiringOrganization"]["name"] == "Médecins du Monde"
    assert screenshot(url, "read-ui-detail.png", tmp_path).size == (1280, 900)
