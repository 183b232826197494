"""Operations commands: `glaneur serve` (Prefect server + UI + the deployments of prefect.yaml, in one command).

`glaneur serve` supervises two child processes, each in its own session so that a terminal's Ctrl-C reaches only
the supervisor, which then stops them in order: first the runner (runs in progress are cancelled and say so,
schedules pause), then the Prefect server. With PREFECT_API_URL naming another server, none is started: the
deployments are registered on that server (a team's Prefect server, or Prefect Cloud with PREFECT_API_KEY) and run
from here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import click

from glaneur.cli import EXIT_ERROR, EXIT_OK, cli, fail, open_storage, settings_options
from glaneur.config import Settings
from glaneur.flows.deployments import DEFAULT_PREFECT_FILE, deployment_specs

SERVER_START_TIMEOUT_S = 180.0
REGISTER_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
POLL_S = 0.5
# How soon a run started from the UI begins (Prefect's default is 10 s); PREFECT_RUNNER_POLL_FREQUENCY overrides.
RUNNER_POLL_S = 5


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_until(predicate, *, timeout_s: float, children: list[subprocess.Popen], what: str,
                stop: threading.Event) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if stop.is_set():
            raise click.ClickException(f"{what}: interrupted")
        for child in children:
            if child.poll() is not None:
                raise click.ClickException(f"{what}: a child process exited with code {child.returncode}")
        if predicate():
            return
        time.sleep(POLL_S)
    raise click.ClickException(f"{what}: not done after {timeout_s:g} s")


def _stop(child: subprocess.Popen | None, name: str) -> None:
    """SIGTERM the child itself (it stops its own work cleanly), then SIGKILL its whole group if it hangs."""
    if child is None or child.poll() is not None:
        return
    click.echo(f"stopping the {name}…", err=True)
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        click.echo(f"the {name} did not stop within {STOP_TIMEOUT_S:g} s; killing it", err=True)
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def existing_server(api_url: str | None, port: int) -> str | None:
    """PREFECT_API_URL when it names a server to use; None when serve starts its own (unset, or this very address:
    a shell that exported PREFECT_API_URL=http://127.0.0.1:P/api to talk to the server `serve --port P` starts)."""
    if not api_url:
        return None
    parts = urlsplit(api_url)
    if parts.hostname in ("127.0.0.1", "localhost") and parts.port == port:
        return None
    return api_url


def child_environment(settings: Settings, prefect_home: Path) -> dict[str, str]:
    """The children's environment: absolute GLANEUR_* (flow runs may start elsewhere), Prefect home, no analytics."""
    return {**os.environ, "GLANEUR_DATABASE_URL": settings.database_url, "GLANEUR_ARCHIVE_URL": settings.archive_url,
            "GLANEUR_INBOX": str(settings.inbox), "GLANEUR_SOURCES": str(settings.sources),
            "PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


@cli.command()
@settings_options
@click.option("--port", default=4200, show_default=True, type=click.IntRange(1, 65535),
              help="Port of the Prefect server and UI on 127.0.0.1.")
@click.option("--prefect-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=DEFAULT_PREFECT_FILE, show_default=True, help="The deployments to register and run.")
def serve(settings: Settings, port: int, prefect_file: Path) -> None:
    """Start a Prefect server and UI on 127.0.0.1, register glaneur's deployments, run them until Ctrl-C.

    Prefect's state lives in DATA/prefect (DATA is the folder of the inbox). With PREFECT_API_URL set, that
    server (or Prefect Cloud) is used instead and none is started.
    """
    open_storage(settings)
    prefect_home = settings.data_dir / "prefect"
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = child_environment(settings, prefect_home)
    names = [spec["name"] for spec in deployment_specs(prefect_file)]
    external = existing_server(os.environ.get("PREFECT_API_URL"), port)
    if not external and not _port_free(port):
        fail(f"--port {port}: 127.0.0.1:{port} is already in use; choose another port")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())

    started_at = time.monotonic()
    server = runner = None
    code = EXIT_OK
    try:
        api_url = external.rstrip("/") if external else f"http://127.0.0.1:{port}/api"
        if not external:
            log = prefect_home / "server.log"
            # The UI (a JS app) asks the browser to call PREFECT_UI_API_URL, which otherwise says port 4200.
            server_env = {**env, "PREFECT_SERVER_API_HOST": "127.0.0.1", "PREFECT_SERVER_API_PORT": str(port),
                          "PREFECT_UI_API_URL": api_url}
            with log.open("ab") as output:
                server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host",
                                           "127.0.0.1", "--port", str(port)], env=server_env, stdout=output,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
            click.echo(f"starting the Prefect server (state in {prefect_home}, log in {log})…", err=True)
        # The runner imports the flows while the server starts, then waits for the API before registering.
        ready = prefect_home / "runner.ready"
        ready.unlink(missing_ok=True)
        runner = subprocess.Popen([sys.executable, "-m", "glaneur.flows.deployments", "--prefect-file",
                                   str(prefect_file), "--wait-for-api", str(SERVER_START_TIMEOUT_S),
                                   "--ready-file", str(ready)],
                                  env={"PREFECT_RUNNER_POLL_FREQUENCY": str(RUNNER_POLL_S), **env,
                                       "PREFECT_API_URL": api_url},
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        ui_url = os.environ.get("PREFECT_UI_URL") or api_url.removesuffix("/api")
        _wait_until(ready.exists, timeout_s=SERVER_START_TIMEOUT_S + REGISTER_TIMEOUT_S,
                    children=[c for c in (server, runner) if c],
                    what="registering the deployments", stop=stop)
        click.echo(f"\nglaneur is served: {len(names)} deployments ({', '.join(names)}) registered in "
                   f"{time.monotonic() - started_at:.1f} s")
        click.echo(f"Prefect UI: {ui_url}")
        click.echo(f"Prefect API: {api_url}")
        click.echo("Ctrl-C (or SIGTERM) stops the runner" + (f", not the server at {api_url}." if external else
                                                             ", then the server."), err=True)
        while not stop.wait(POLL_S):
            dead = [name for name, child in (("server", server), ("runner", runner))
                    if child is not None and child.poll() is not None]
            if dead:
                click.echo(f"glaneur: error: the {' and '.join(dead)} stopped unexpectedly", err=True)
                code = EXIT_ERROR
                break
    except click.ClickException as error:
        click.echo(f"glaneur: error: {error.message}", err=True)
        code = EXIT_ERROR
    finally:
        _stop(runner, "runner")
        _stop(server, "Prefect server")
    click.echo("stopped", err=True)
    sys.exit(code)
