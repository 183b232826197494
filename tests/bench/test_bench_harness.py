"""The tiny bench (N=200) through the installed `glaneur bench`: the harness works and its JSON is complete.

Speed is not checked here — benchmarks are not tests (`make bench`); the figures only have to be coherent.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

GLANEUR = str(Path(sys.executable).parent / "glaneur")
CONTRACT_KEYS = {"postings", "seconds_total", "postings_per_s", "stage_seconds", "peak_rss_mb", "rerun_seconds",
                 "copy_seconds", "publish_over_copy", "dedup_precision", "dedup_recall", "database"}
STAGES = ("parse", "extract", "normalise", "dedupe", "publish")


@pytest.mark.slow
def test_bench_prints_one_complete_json_object_and_leaves_nothing_behind(tmp_path):
    command = [GLANEUR, "bench", "--postings", "200", "--flow-postings", "0", "--rerun-without-skip-sample", "50",
               "--json", "--save", str(tmp_path / "results")]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert CONTRACT_KEYS <= set(report)
    assert report["postings"] == 200 and report["database"] == "sqlite"
    assert tuple(report["stage_seconds"]) == STAGES
    assert all(seconds > 0 for seconds in report["stage_seconds"].values())
    assert sum(report["stage_seconds"].values()) <= report["seconds_total"]
    assert report["postings_per_s"] == pytest.approx(200 / report["seconds_total"], rel=0.01)
    assert report["published"]["postings"] + report["published"]["quarantined"] >= 190
    assert report["rerun_skipped"] == 200 - report["published"]["quarantined"]
    assert 0 < report["rerun_seconds"] < report["seconds_total"]
    assert report["rerun_without_skip_measured_on"] == 50 and report["rerun_without_skip_seconds"] > 0
    assert report["copy_rows"] > 200 and report["copy_seconds"] > 0
    assert report["publish_over_copy"] == pytest.approx(report["stage_seconds"]["publish"] / report["copy_seconds"],
                                                        rel=0.05)
    assert 0.5 < report["dedup_precision"] <= 1 and 0.5 < report["dedup_recall"] <= 1
    assert report["peak_rss_mb"] > 0 and report["cores"] >= 1 and report["code_version"]
    saved = list((tmp_path / "results").iterdir())
    assert [path.name for path in saved] == [f"{report['date'][:10]}-200-sqlite.json"]
    assert json.loads(saved[0].read_text()) == report
    assert [path.name for path in tmp_path.iterdir()] == ["results"]  # scratch database and archive are gone


@pytest.mark.slow
def test_a_bench_stopped_with_sigterm_removes_its_scratch_files(tmp_path):
    command = [GLANEUR, "bench", "--postings", "2000", "--flow-postings", "0", "--json"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp_path)})
    try:
        for line in process.stderr:  # the first batch is through: the scratch database holds data
            if "first run:" in line:
                break
        assert list(tmp_path.glob("glaneur-bench-*")), "the bench works in a scratch folder under TMPDIR"
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.glob("glaneur-bench-*")) == []
