"""`glaneur bench`: throughput per stage, memory, rerun, dedup quality and a raw bulk load, on a generated corpus."""

from __future__ import annotations

import json
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from glaneur.cli import EXIT_CODES_HELP, cli, fail


def result_name(report: dict) -> str:
    """`YYYY-MM-DD-<N>-<database>.json`: results of one day, size and database sort together."""
    day = datetime.fromisoformat(report["date"]).astimezone(timezone.utc).date().isoformat()
    return f"{day}-{report['postings']}-{report['database']}.json"


@cli.command(epilog=EXIT_CODES_HELP)
@click.option("--postings", type=click.IntRange(min=20), required=True, help="Corpus size (captures).")
@click.option("--database-url", help="Database server or SQLite file to measure on; the bench creates and drops a "
                                     "scratch database there (PostgreSQL: the role needs CREATEDB) and never touches "
                                     "existing data. Default: a temporary SQLite file.")
@click.option("--workers", type=click.IntRange(min=1), help="Extraction processes [default: every core].")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Captures per transaction.")
@click.option("--seed", type=int, default=8, show_default=True, help="Corpus seed.")
@click.option("--flow-postings", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Postings for the Prefect flow figure (0: skip it).")
@click.option("--rerun-without-skip-sample", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Captures the rerun without the incremental skip is measured on (scaled to POSTINGS).")
@click.option("--save", "save_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the JSON to this folder (e.g. bench/results), named date-N-database.json.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def bench(postings: int, database_url: str | None, workers: int | None, batch_size: int, seed: int,
          flow_postings: int, rerun_without_skip_sample: int, save_dir: Path | None, as_json: bool) -> None:
    """Run the real pipeline (parse → extract → normalise → dedupe → publish, no network) on a generated corpus
    of POSTINGS captures and measure it: see `glaneur.bench`."""
    from glaneur.bench import ScratchDatabaseError, run_bench

    # A stopped bench (SIGTERM from a timeout or an operator) still drops its scratch database and folder: the
    # exit unwinds through their clean-up instead of ending the process on the spot.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        report = run_bench(postings, database_url=database_url, workers=workers, batch_size=batch_size, seed=seed,
                           flow_postings=flow_postings, rerun_without_skip_sample=rerun_without_skip_sample,
                           progress=lambda line: click.echo(f"glaneur bench: {line}", err=True))
    except ScratchDatabaseError as error:
        fail(f"--database-url: {error}")
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if save_dir:
        save_dir.mkdir(parents=True, exist_ok=True)
        (save_dir / result_name(report)).write_text(text + "\n", encoding="utf-8")
    if as_json:
        click.echo(text)
        return
    click.echo(f"{report['postings']} postings on {report['database']} ({report['machine']}, "
               f"load {report['load_average_start'][0]}):")
    click.echo(f"  {report['seconds_total']} s, {report['postings_per_s']} postings/s, peak RSS "
               f"{report['peak_rss_mb']} MB")
    click.echo("  stages (s): " + ", ".join(f"{k} {v}" for k, v in report["stage_seconds"].items()))
    click.echo(f"  publish/copy {report['publish_over_copy']}, rerun {report['rerun_seconds']} s "
               f"({report['rerun_share']:.1%}), dedup precision {report['dedup_precision']} recall "
               f"{report['dedup_recall']}")
    if "prefect_overhead_ratio" in report:
        click.echo(f"  Prefect flow on {report['flow_postings']}: {report['prefect_overhead_ratio']}× the bare "
                   "pipeline")
