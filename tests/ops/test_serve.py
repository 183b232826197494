"""`glaneur serve` for real, as an operator (and the held-out check) uses it: started in an empty folder (no
sources.yaml, empty data dir), it runs a Prefect server on 127.0.0.1, registers prefect.yaml's deployments and runs
them; a deployment triggered through the API completes with its artifacts; the UI shows the deployments in a
headless Chromium; the same server takes a process work pool with two workers (PostgreSQL + S3, scale-out); and
SIGTERM stops the runner, then the server.

The tests of this module share one `glaneur serve` (starting a Prefect server takes tens of seconds) and run in
file order: the last one stops it.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from glaneur.storage.archive import open_archive
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.models import PostingSource

from .conftest import REPO, free_port

# One xdist worker runs the whole module (`make test` uses --dist loadgroup), so that it starts one server.
pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.xdist_group("glaneur-serve")]

BIN = Path(sys.executable).parent
GLANEUR = str(BIN / "glaneur")
CHROMIUM = Path("/usr/bin/chromium")
START_TIMEOUT_S = 300
RUN_TIMEOUT_S = 240
BUSY_RETRIES = 8
DEPLOYMENTS = {"nightly", "crawl-source", "ingest-inbox", "reprocess", "export-snapshot"}


@dataclass
class Served:
    process: subprocess.Popen
    home: Path
    port: int
    startup_s: float
    output: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def call(self, path: str, payload: dict | None = None):
        """One API call; a busy server (503, as Prefect's SQLite answers under load) is asked again, like
        Prefect's own client does."""
        request = urllib.request.Request(self.api + path, method="GET" if payload is None else "POST",
                                         data=None if payload is None else json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
        for attempt in range(BUSY_RETRIES):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as error:
                if error.code not in (429, 503) or attempt == BUSY_RETRIES - 1:
                    raise
            time.sleep(1 + attempt)

    def deployment(self, name: str) -> dict:
        return next(d for d in self.call("/deployments/filter", {}) if d["name"] == name)

    def run_deployment(self, name: str, parameters: dict | None = None) -> dict:
        """Trigger a deployment as the UI does, wait for a final state, return the flow run."""
        run = self.call(f"/deployments/{self.deployment(name)['id']}/create_flow_run",
                        {"parameters": parameters or {}})
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while time.monotonic() < deadline:
            run = self.call(f"/flow_runs/{run['id']}")
            if run["state_type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                return run
            time.sleep(1)
        raise AssertionError(f"{name} run still {run['state_type']} after {RUN_TIMEOUT_S} s")

    def artifacts(self, flow_run_id: str) -> dict[str, dict]:
        found = self.call("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
        return {artifact["key"]: artifact for artifact in found}


def _pump(stream, lines: list[str], seen: queue.Queue | None) -> None:
    for line in stream:
        lines.append(line)
        if seen is not None:
            seen.put(line)


def clean_env(**extra: str) -> dict[str, str]:
    """This machine's environment without any GLANEUR_* or PREFECT_* setting: as on a fresh machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GLANEUR_", "PREFECT_"))}
    return {**env, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", **extra}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    home = tmp_path_factory.mktemp("served")
    port = free_port()
    started = time.monotonic()
    # A shell that will query the server exports its address first: serve must still start it.
    env = clean_env(PREFECT_API_URL=f"http://127.0.0.1:{port}/api")
    process = subprocess.Popen([GLANEUR, "serve", "--port", str(port)], cwd=home, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    served = Served(process, home, port, 0.0)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, served.output, lines), daemon=True).start()
    threading.Thread(target=_pump, args=(process.stderr, served.errors, None), daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            if line.startswith("Prefect UI:"):
                break
    except queue.Empty:
        process.kill()
        pytest.fail("glaneur serve did not print the UI URL in time:\n" + "".join(served.output + served.errors))
    served.startup_s = time.monotonic() - started
    print(f"glaneur serve ready in {served.startup_s:.1f} s")
    yield served
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)


def test_serve_prints_the_ui_url_and_registers_typed_deployments(served):
    assert f"Prefect UI: http://127.0.0.1:{served.port}" in "".join(served.output)
    deployments = {d["name"]: d for d in served.call("/deployments/filter", {})}
    assert set(deployments) == DEPLOYMENTS
    (schedule,) = deployments["nightly"]["schedules"]
    assert (schedule["schedule"]["cron"], schedule["schedule"]["timezone"], schedule["active"]) == \
        ("0 2 * * *", "Europe/Paris", True)
    assert not deployments["nightly"]["paused"]
    assert deployments["nightly"]["global_concurrency_limit"]["limit"] == 1, "two nightlies never overlap"
    # Typed parameters: the UI renders a list input, a date picker, a checkbox, a number.
    crawl = deployments["crawl-source"]["parameter_openapi_schema"]
    assert crawl["required"] == ["sources"] and crawl["properties"]["sources"]["items"] == {"type": "string"}
    assert crawl["properties"]["ignore_cooldown"]["type"] == "boolean"
    reprocess = deployments["reprocess"]["parameter_openapi_schema"]["properties"]
    assert {"format": "date", "type": "string"} in reprocess["since"]["anyOf"]
    assert reprocess["dask_workers"]["type"] == "integer" and reprocess["sources"]["description"]
    assert "path" in deployments["ingest-inbox"]["parameter_openapi_schema"]["properties"]
    assert "day" in deployments["export-snapshot"]["parameter_openapi_schema"]["properties"]


def test_nightly_triggered_through_the_api_completes_with_its_artifacts(served):
    run = served.run_deployment("nightly")
    assert run["state_type"] == "COMPLETED", run["state"]
    artifacts = served.artifacts(run["id"])
    summary = artifacts["nightly-summary"]["data"]
    assert "| inbox | inbox | ok |" in summary and "Run manifest: `runs/" in summary
    assert "no sources file" in summary, "an empty folder has no sources.yaml: said, not failed"
    assert artifacts["nightly-progress"]["data"] == 100
    manifest_key = summary.split("Run manifest: `", 1)[1].split("`", 1)[0]
    assert (served.home / "data" / "archive" / manifest_key).is_file()
    assert (served.home / "data" / "prefect").is_dir(), "PREFECT_HOME lives under the data dir"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (`make chromium` installs it)")
def test_the_ui_shows_the_deployments_in_headless_chromium(served, tmp_path):
    url = f"http://127.0.0.1:{served.port}/deployments"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--virtual-time-budget=15000", "--window-size=1400,900"]

    def chromium(*args: str) -> subprocess.CompletedProcess:
        profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
        return subprocess.run([str(CHROMIUM), *flags, f"--user-data-dir={profile}", *args, url],
                              capture_output=True, text=True, timeout=180)

    dom = chromium("--dump-dom").stdout
    for name in DEPLOYMENTS:
        assert name in dom, f"{name} not on the deployments page"
    screenshot = Path(os.environ.get("GLANEUR_UI_SCREENSHOT") or tmp_path / "deployments.png")
    chromium(f"--screenshot={screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000


@pytest.mark.postgres
@pytest.mark.s3
def test_scale_out_two_process_workers_on_postgresql_and_s3(served, pg_url, s3_env, tmp_path, samples_dir):
    """prefect.yaml's ingest-inbox deployed on a process work pool (names suffixed, so as not to meet the served
    ones), two workers with one run slot each, two inboxes ingested at once into PostgreSQL and S3."""
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    pool = "glaneur-scale-out"
    for deployment in spec["deployments"]:
        deployment["name"] += "-pool"
        deployment["work_pool"] = {**deployment["work_pool"], "name": pool}
        deployment.pop("schedules", None)
    (tmp_path / "prefect.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")
    env = clean_env(PREFECT_API_URL=served.api, PREFECT_HOME=str(tmp_path / "prefect"),
                    PREFECT_WORKER_QUERY_SECONDS="2", GLANEUR_DATABASE_URL=pg_url, GLANEUR_ARCHIVE_URL=s3_env,
                    **{k: os.environ[k] for k in os.environ if k.startswith("AWS_")})
    prefect = str(BIN / "prefect")
    clock = time.monotonic()
    subprocess.run([prefect, "work-pool", "create", pool, "--type", "process"], env=env, check=True,
                   capture_output=True, timeout=120)
    workers = [subprocess.Popen([prefect, "worker", "start", "--pool", pool, "--limit", "1", "--name",
                                 f"worker-{n}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True) for n in (1, 2)]
    logs: list[list[str]] = [[], []]
    for worker, lines in zip(workers, logs, strict=True):
        threading.Thread(target=_pump, args=(worker.stdout, lines, None), daemon=True).start()
    try:
        deployed = subprocess.run([prefect, "--no-prompt", "deploy", "--name", "ingest-inbox-pool"],
                                  cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert deployed.returncode == 0, deployed.stdout[-3000:] + deployed.stderr[-3000:]
        print(f"work pool created, workers started, ingest-inbox deployed from prefect.yaml in "
              f"{time.monotonic() - clock:.1f} s")
        inboxes = []
        for n in (1, 2):
            inbox = tmp_path / f"site-{n}" / "inbox"
            inbox.mkdir(parents=True)
            for sample in samples_dir.iterdir():
                shutil.copy(sample, inbox / f"{n}-{sample.name}")
                os.utime(inbox / f"{n}-{sample.name}", (time.time() - 60, time.time() - 60))
            inboxes.append(inbox)
        results: list[dict] = []
        triggers = [threading.Thread(target=lambda p=p: results.append(
            served.run_deployment("ingest-inbox-pool", {"path": str(p)}))) for p in inboxes]
        for trigger in triggers:
            trigger.start()
        for trigger in triggers:
            trigger.join()
        print(f"two runs on two workers completed {time.monotonic() - clock:.1f} s after the start")
        assert [run["state_type"] for run in results] == ["COMPLETED", "COMPLETED"], [r["state"] for r in results]
        assert all(run["work_queue_name"] == "default" for run in results)
        ran_on = {n for n, lines in enumerate(logs) for run in results if run["id"] in "".join(lines)}
        assert ran_on == {0, 1}, "each worker took one of the two runs"
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
    for inbox in inboxes:
        assert not list(inbox.iterdir()) and len(list((inbox.parent / "processed").iterdir())) == 3
    with session_scope(open_store(pg_url)) as session:
        assert session.execute(select(func.count()).select_from(PostingSource)).scalar_one() >= 3
    assert len(open_archive(s3_env).keys("runs/")) == 2


def test_sigterm_stops_the_runner_then_the_server(served):
    """Last of the module: it stops the shared server."""
    served.process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    assert served.process.wait(timeout=150) == 0
    stopped_in = time.monotonic() - started
    errors = "".join(served.errors)
    assert errors.index("stopping the runner") < errors.index("stopping the Prefect server") < errors.index("stopped")
    with pytest.raises(OSError):
        urllib.request.urlopen(served.api + "/health", timeout=5)
    print(f"glaneur serve stopped in {stopped_in:.1f} s")
