"""prefect.yaml's deployments, served from one process: what `glaneur serve` runs next to its Prefect server.

    python -m glaneur.flows.deployments [--prefect-file prefect.yaml]

registers every deployment of the file with the Prefect API in PREFECT_API_URL and executes their runs (scheduled
or triggered from the UI) until SIGTERM or SIGINT, which stop it cleanly: runs in progress are cancelled (their
state says so), schedules are paused until the next start, then the process exits 0.

prefect.yaml stays the single list of deployments: the same file feeds `prefect deploy --all` for work pools.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from pathlib import Path
from typing import Any

import yaml

import glaneur

# The checkout's prefect.yaml (the package is installed in editable mode from it).
DEFAULT_PREFECT_FILE = Path(glaneur.__file__).resolve().parents[1] / "prefect.yaml"


def deployment_specs(prefect_file: Path = DEFAULT_PREFECT_FILE) -> list[dict[str, Any]]:
    """The `deployments:` entries of a prefect.yaml."""
    document = yaml.safe_load(Path(prefect_file).read_text(encoding="utf-8"))
    return list(document.get("deployments") or [])


def runner_deployments(prefect_file: Path = DEFAULT_PREFECT_FILE) -> list:
    """prefect.yaml entries as deployments a Runner serves: same names, schedules, parameters, tags, limits."""
    from prefect.flows import load_flow_from_entrypoint
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    deployments = []
    for spec in deployment_specs(prefect_file):
        flow = load_flow_from_entrypoint(spec["entrypoint"], use_placeholder_flow=False)
        schedules = [Cron(item["cron"], timezone=item.get("timezone"), active=item.get("active", True))
                     for item in spec.get("schedules") or []]
        deployments.append(flow.to_deployment(
            name=spec["name"], description=spec.get("description"), tags=spec.get("tags"),
            schedules=schedules or None, parameters=spec.get("parameters") or {},
            concurrency_limit=spec.get("concurrency_limit"), entrypoint_type=EntrypointType.MODULE_PATH))
    return deployments


def serve(deployments: list, *, ready_file: Path | None = None) -> None:
    """Serve until SIGTERM/SIGINT, then stop cleanly (see the module docstring).

    `ready_file` is written once every deployment is registered: a supervisor knows the UI can run them.
    """
    from prefect.runner import Runner

    stop = asyncio.Event()

    class GracefulRunner(Runner):
        # Runner installs this as its SIGTERM handler; its own stops with sys.exit from inside the event loop,
        # which leaves runs in progress behind. Ours asks the loop below to stop the runner properly.
        def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
            loop.call_soon_threadsafe(stop.set)

    runner = GracefulRunner(name="glaneur", pause_on_shutdown=True)

    async def main() -> None:
        for deployment in deployments:
            await runner.aadd_deployment(deployment)
        if ready_file:
            ready_file.write_text("\n".join(f"{d.flow_name}/{d.name}" for d in deployments), encoding="utf-8")
        started = asyncio.create_task(runner.start())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({started, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not started.done():
            await runner.astop()
        stopping.cancel()
        await started

    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()


def wait_for_api(timeout_s: float) -> None:
    """Wait for the Prefect API: `glaneur serve` starts this process while its server is still starting."""
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + timeout_s
    with get_client(sync_client=True) as client:
        while (error := client.api_healthcheck()) is not None:
            if time.monotonic() > deadline:
                raise SystemExit(f"the Prefect API is not reachable after {timeout_s:g} s: {error}")
            time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefect-file", type=Path, default=DEFAULT_PREFECT_FILE)
    parser.add_argument("--wait-for-api", type=float, default=0.0, metavar="SECONDS",
                        help="wait this long for the Prefect API to come up before registering")
    parser.add_argument("--ready-file", type=Path, help="written once every deployment is registered")
    args = parser.parse_args(argv)
    deployments = runner_deployments(args.prefect_file)
    if args.wait_for_api:
        wait_for_api(args.wait_for_api)
    serve(deployments, ready_file=args.ready_file)
    print("runner stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
