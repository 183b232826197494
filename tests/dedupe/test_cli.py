"""`glaneur dedup explain|split|merge` through the installed entry point, as an operator runs them."""

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from glaneur.storage.db import open_store, session_scope
from glaneur.storage.export import iter_postings
from glaneur.storage.publish import publish_batch

from .records import chrome_text, record, sample_fields, sample_text, source_record

GLANEUR = str(Path(sys.executable).parent / "glaneur")


def test_explain_split_and_merge(tmp_path):
    url = f"sqlite:///{tmp_path}/glaneur.db"
    fields, text = sample_fields("md-charge-ace"), sample_text("md-charge-ace")
    with session_scope(open_store(url)) as session:
        publish_batch(session, [source_record("inbox", "ace.txt", record(**fields, description=text)),
                                source_record("board", "ace-page", record(**fields, description=chrome_text(text)),
                                              url="https://board.example/offres/ace")],
                      now=datetime(2024, 3, 1, tzinfo=timezone.utc))

    def glaneur(*args, check=0):
        result = subprocess.run([GLANEUR, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                                env={**os.environ, "GLANEUR_DATABASE_URL": url,
                                     "GLANEUR_ARCHIVE_URL": str(tmp_path / "archive")})
        assert result.returncode == check, result.stdout + result.stderr
        return result

    report = json.loads(glaneur("dedup", "explain", "1", "--json").stdout)
    assert [(s["source"], s["rule"]) for s in report["sources"]] == [("inbox", "new"), ("board", "near_duplicate")]
    why = report["sources"][1]["evidence"]
    assert why["title"] == "same" and why["text"]["containment"] >= 0.9 and why["matched"]["source"] == "inbox"

    split = json.loads(glaneur("dedup", "split", "1", "https://board.example/offres/ace", "--json",
                               "--note", "listed twice by mistake").stdout)
    assert split == {"posting_id": 1, "new_posting_id": 2}
    explained = glaneur("dedup", "explain", "2").stdout
    assert "operator split board:ace-page / inbox:ace.txt" in explained and "listed twice by mistake" in explained

    glaneur("dedup", "merge", "1", "2")
    [posting] = list(iter_postings(open_store(url)))
    assert len(posting["sources"]) == 2
    assert "merged into posting 1" in glaneur("dedup", "explain", "2", check=2).stderr
