"""The CLI through its real entry point (the installed `glaneur` script), as operators and scripts call it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GLANEUR = str(Path(sys.executable).parent / "glaneur")


def glaneur(*args, cwd, env=None, check=None):
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run([GLANEUR, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)
    if check is not None:
        assert result.returncode == check, result.stdout + result.stderr
    return result


def test_extract_prints_the_record_contract_and_writes_nothing(tmp_path, samples_dir):
    result = glaneur("extract", str(samples_dir / "md-charge-ace.txt"), "--json", cwd=tmp_path, check=0)
    record = json.loads(result.stdout)
    from glaneur.record import RECORD_FIELDS

    assert tuple(record) == RECORD_FIELDS
    assert "Apprentissages" in record["title"]
    assert not list(tmp_path.iterdir())


def test_bad_database_url_is_one_line_naming_the_variable_exit_2(tmp_path):
    result = glaneur("export", cwd=tmp_path, env={"GLANEUR_DATABASE_URL": "nonsense://"}, check=2)
    assert "GLANEUR_DATABASE_URL" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_exit_2(tmp_path):
    result = glaneur("export", cwd=tmp_path,
                     env={"GLANEUR_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}, check=2)
    assert "GLANEUR_DATABASE_URL" in result.stderr and "cannot open database" in result.stderr


def test_unreachable_s3_archive_is_a_clear_error_and_writes_nothing(tmp_path, samples_dir):
    env = {"GLANEUR_ARCHIVE_URL": "s3://bucket/x", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
           "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_MAX_ATTEMPTS": "1"}
    result = glaneur("ingest", str(samples_dir), cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    assert "GLANEUR_ARCHIVE_URL" in result.stderr and "unreachable" in result.stderr
    assert not (tmp_path / "data" / "archive").exists()


def test_ingest_then_export_jsonl_and_csv(tmp_path, samples_dir):
    folder = tmp_path / "drop"
    shutil.copytree(samples_dir, folder)
    bad = folder / "scan.pdf"
    bad.write_bytes(b"")
    settled = bad.stat().st_mtime - 60  # older than the inbox's "still being written" window
    os.utime(bad, (settled, settled))
    result = glaneur("ingest", str(folder), "--json", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["new"] == 3 and report["quarantined"] == 1
    assert bad.exists(), "files given to `glaneur ingest` stay where they are"

    rows = [json.loads(line) for line in glaneur("export", "--format", "jsonl", cwd=tmp_path, check=0)
            .stdout.splitlines()]
    assert len(rows) == 3
    assert {"id", "status", "first_seen", "last_seen", "sources"} <= set(rows[0])
    assert rows[0]["sources"][0]["archive_key"].startswith("raw/inbox/")

    out = tmp_path / "open.csv"
    glaneur("export", "--format", "csv", "--status", "open", "-o", str(out), cwd=tmp_path, check=0)
    import csv

    with out.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3


def test_db_upgrade_reports_head(tmp_path):
    result = glaneur("db", "upgrade", "--database-url", f"sqlite:///{tmp_path}/x.db", cwd=tmp_path, check=0)
    assert "head" in result.stdout


def test_help_documents_exit_codes(tmp_path):
    result = glaneur("ingest", "--help", cwd=tmp_path, check=0)
    assert "3  some inputs were quarantined" in result.stdout


def run_json(cwd, env) -> dict:
    """`glaneur run --json`; Prefect may log to stdout before the manifest, so read from the first brace."""
    result = glaneur("run", "--json", cwd=cwd, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return json.loads(result.stdout[result.stdout.index("{"):])


@pytest.mark.prefect
@pytest.mark.slow
def test_run_twice_reports_zero_new_the_second_time(tmp_path, samples_dir):
    inbox = tmp_path / "data" / "inbox"
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}

    def drop():
        inbox.mkdir(parents=True, exist_ok=True)
        for sample in samples_dir.glob("*.txt"):
            shutil.copy2(sample, inbox / sample.name)

    drop()
    first = next(s for s in run_json(tmp_path, env)["sources"] if s["source"] == "inbox")
    assert (first["new"], first["quarantined"]) == (3, 0)
    drop()
    second = next(s for s in run_json(tmp_path, env)["sources"] if s["source"] == "inbox")
    assert (second["new"], second["unchanged"]) == (0, 3)
    assert len(list((tmp_path / "data" / "archive" / "runs").rglob("*.json"))) == 2
