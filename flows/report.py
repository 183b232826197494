"""What every operations flow shows in the Prefect UI: a progress bar while it works, then a markdown table with one
row per source (status, fetched, new, updated, merged, expired/closed, quarantined with reasons), the archive key of
the run manifest, a source-health artifact when a source warns, and a final state that says whether to look.

A run whose sources all went well ends `Completed`; one with a failed source, a source in cooldown or a yield drop
ends in a Completed state named `Warning` whose message names them, so the runs list shows it without opening it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from prefect.artifacts import create_markdown_artifact, create_progress_artifact, update_progress_artifact
from prefect.states import Completed, State
from sqlalchemy.engine import make_url

from glaneur.config import Settings

COLUMNS = ("source", "kind", "status", "fetched", "new", "updated", "merged", "expired / closed", "quarantined",
           "notes")


class Progress:
    """A Prefect progress artifact advanced one step at a time.

    A subflow that does the work of its parent passes the parent's artifact id, so that the run an operator
    watches is the one whose bar moves.
    """

    def __init__(self, flow_name: str, total_steps: int, *, artifact_id: UUID | None = None):
        self.total = max(total_steps, 1)
        self.done = 0
        self.artifact_id = artifact_id or start_progress(flow_name)
        if total_steps <= 0:  # nothing to do is done
            self.step()

    def step(self, count: int = 1) -> None:
        self.done = min(self.done + count, self.total)
        update_progress_artifact(self.artifact_id, round(100.0 * self.done / self.total, 1))


def start_progress(flow_name: str) -> UUID:
    """A progress artifact at 0% for this flow run (key `<flow>-progress`)."""
    return create_progress_artifact(0.0, key=f"{flow_name}-progress", description=f"{flow_name}: share of steps done")


def shown_url(database_url: str) -> str:
    """A database URL fit to print or to show in the UI: its password masked."""
    return make_url(database_url).render_as_string(hide_password=True)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ").strip()


def _count(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return "" if value is None else str(value)


def _quarantined(entry: dict[str, Any]) -> str:
    count = entry.get("quarantined")
    if count is None:
        return ""
    reasons = entry.get("reasons") or {}
    detail = ", ".join(f"{code} {n}" for code, n in sorted(reasons.items()))
    return f"{count} ({detail})" if detail else str(count)


def _expired_closed(entry: dict[str, Any]) -> str:
    if "expired" not in entry and "closed" not in entry:
        return ""
    return f"{_count(entry, 'expired') or '–'} / {_count(entry, 'closed') or '–'}"


def notes(entry: dict[str, Any]) -> str:
    parts = [entry.get(key) for key in ("alert", "message") if entry.get(key)]
    return "; ".join(_cell(part) for part in parts)


def summary_markdown(manifest: dict[str, Any], settings: Settings) -> str:
    lines = [f"# {manifest['flow']}: {manifest['status']}", "",
             f"Run `{manifest['run_id']}`, started {manifest['started_at'][:19].replace('T', ' ')} UTC.", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * 3 + "---:|" * 6 + "---|"]
    for entry in manifest["sources"]:
        row = (entry["source"], entry.get("kind", ""), entry["status"], _count(entry, "fetched"),
               _count(entry, "new"), _count(entry, "updated"), _count(entry, "merged"), _expired_closed(entry),
               _quarantined(entry), notes(entry))
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    lines += ["", f"Run manifest: `{manifest['manifest_key']}` in archive `{settings.archive_url}`"]
    for entry in manifest["sources"]:
        if entry.get("snapshot_key"):
            lines.append(f"Snapshot: `{entry['snapshot_key']}` ({entry['snapshot_postings']} postings, "
                         f"sha256 `{entry['snapshot_sha256']}`)")
    lines.append(f"Database: `{shown_url(settings.database_url)}` · code version `{manifest['code_version']}`")
    return "\n".join(lines)


def warnings_of(entries: list[dict[str, Any]]) -> list[str]:
    """One line per source an operator should look at: failed, in cooldown, or whose yield dropped."""
    found = []
    for entry in entries:
        if entry["status"] == "failed" or entry.get("cooldown") or entry.get("alert"):
            found.append(f"{entry['source']}: {entry['status']} — {notes(entry) or 'no detail'}")
    return found


def health_markdown(warnings: list[str]) -> str:
    return "\n".join(["# Source health: look at these sources", "", *(f"- {line}" for line in warnings)])


def publish_artifacts(manifest: dict[str, Any], settings: Settings) -> State:
    """Create the run's artifacts; return the flow's final state (carrying the manifest as its result)."""
    flow_name = manifest["flow"]
    create_markdown_artifact(summary_markdown(manifest, settings), key=f"{flow_name}-summary",
                             description=f"Per-source outcome of this {flow_name} run")
    warnings = warnings_of(manifest["sources"])
    totals = ", ".join(f"{key} {manifest['totals'][key]}" for key in ("fetched", "new", "updated", "merged",
                                                                        "quarantined") if key in manifest["totals"])
    summary = f"{manifest['status']}: {totals or 'nothing to do'}"
    if not warnings:
        return Completed(message=summary, data=manifest)
    create_markdown_artifact(health_markdown(warnings), key="source-health",
                             description="Sources that failed, are in cooldown, or brought much less than usual")
    return Completed(name="Warning", message=f"{summary}; " + "; ".join(warnings), data=manifest)
