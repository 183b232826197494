"""The Markdown table of `glaneur bench` results (bench/results/*.json) for README, with the scaling ratios.

    .venv/bin/python bench/table.py [bench/results]

Scaling: for each database and N that has a result at 10×N, `time(10N) / time(N)` (target ≤ 12).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
COLUMNS = ("date", "database", "postings", "postings/s", "total s", "parse", "extract", "normalise", "dedupe",
           "publish", "publish/copy", "rerun %", "peak RSS MB", "precision", "recall", "Prefect ×", "load", "code")


def load(folder: Path) -> list[dict]:
    """The bench's results (other scripts' JSON files in the folder are left out), latest run per N and database."""
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]
    latest: dict[tuple[str, int], dict] = {}
    for report in sorted((r for r in reports if "stage_seconds" in r), key=lambda r: r["date"]):
        latest[(report["database"], report["postings"])] = report
    return [latest[key] for key in sorted(latest)]


def row(report: dict) -> list[str]:
    stages = report["stage_seconds"]
    return [report["date"][:10], report["database"], f"{report['postings']:,}", f"{report['postings_per_s']:,.0f}",
            f"{report['seconds_total']:,.1f}", *(f"{stages[s]:,.1f}" for s in COLUMNS[5:10]),
            f"{report['publish_over_copy']:.1f}", f"{100 * report['rerun_seconds'] / report['seconds_total']:.2f}",
            f"{report['peak_rss_mb']:,.0f}", f"{report['dedup_precision']:.3f}", f"{report['dedup_recall']:.3f}",
            f"{report['prefect_overhead_ratio']:.2f}" if "prefect_overhead_ratio" in report else "–",
            f"{report['load_average_start'][0]:.1f}", report.get("code_version", "?").rpartition("+")[2][:7]]


def scaling(reports: list[dict]) -> list[str]:
    by_key = {(r["database"], r["postings"]): r for r in reports}
    lines = []
    for (database, postings), report in sorted(by_key.items()):
        bigger = by_key.get((database, postings * 10))
        if bigger:
            ratio = bigger["seconds_total"] / report["seconds_total"]
            lines.append(f"- {database}: {postings:,} → {postings * 10:,} postings: {ratio:.1f}× the time "
                         f"(target ≤ 12×)")
    return lines


def markdown(reports: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row(report)) + " |" for report in reports]
    machines = sorted({r["machine"] for r in reports})
    lines += ["", *(f"Machine: {machine}" for machine in machines), "", *scaling(reports)]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown(load(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS)), end="")
