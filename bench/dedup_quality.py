"""Dedup quality and scaling on the seeded synthetic corpus: pair precision and recall, and time per stage.

    .venv/bin/python bench/dedup_quality.py --postings 1000 --seed 7
    .venv/bin/python bench/dedup_quality.py --postings 10000 --records pipeline --database-url postgresql+psycopg://...

Items arrive as a crawler would meet them (by their `seen` date), published in daily batches of at most
--batch-size, each with that day's clock: so candidates come from the store across batches, reposts are seen
after the first deadline and extensions before it. `--records fields` builds each record from the item's parsed
text plus the fields it states (ideal extraction: measures dedup alone); `--records pipeline` uses what
`transforms.pipeline.process` extracts (measures dedup on real extraction); `--records text` skips the pipeline
altogether — the item's own text (HTML flattened by lxml, chrome and all) plus the fields it states, txt/html/json
only — for scaling and memory runs at 100k where extraction would take hours. Prints one JSON object, with
`false_merges`: every posting that mixes clusters, each item's labels (sister job, repost, variant) beside the
rule, score and evidence stored for it; `--save` also writes it to bench/results/. Seconds are wall-clock; `dedupe_publish_cpu` is this process's CPU time in dedupe and
publish (the database's own work on PostgreSQL is not in it), steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from datetime import datetime, time as clock, timezone
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from sqlalchemy import select

from glaneur.corpus import FORMATS, Corpus, CorpusItem, _name, generate
from glaneur.record import LIST_FIELDS, RECORD_FIELDS, Capture, Rejection, content_hash
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.models import PostingSource
from glaneur.storage.publish import SourceRecord, publish_batch
from glaneur.transforms.pipeline import process

RESULTS = Path(__file__).resolve().parent / "results"
STATED_POSTED_DATE = ("text/html", "application/json")  # only these renderings print the publication date


def source_of(item: CorpusItem) -> str:
    return urlsplit(item.url).hostname.split(".")[0] if item.url else "inbox"


def raw_text(item: CorpusItem) -> str:
    if item.media_type == "text/html":
        return lxml.html.fromstring(item.data).body.text_content()
    if item.media_type == "application/json":
        return json.loads(item.data)["description"]
    return item.data.decode()


def records_of(item: CorpusItem, mode: str, now: datetime) -> list[SourceRecord] | Rejection:
    source = source_of(item)
    if mode == "text":
        record = {key: ([] if key in LIST_FIELDS else None) for key in RECORD_FIELDS}
        record.update(item.fields, description=raw_text(item), source=source, url=item.url)
        record["content_hash"] = content_hash(record["description"])
        if item.media_type not in STATED_POSTED_DATE:
            record["posted_date"] = None
        return [SourceRecord(source, item.name, item.name, item.url, None, item.media_type, record,
                             structured=item.media_type == "application/json")]
    capture = Capture(source=source, locator=item.name, data=item.data, media_type=item.media_type,
                      fetched_at=now, url=item.url)
    result = process(capture, now.date())
    if isinstance(result, Rejection):
        return result
    records = []
    for number, posting in enumerate(result):
        record = posting.to_record()
        if mode == "fields":
            record.update({key: value for key, value in item.fields.items() if key != "posted_date"})
            if item.media_type in STATED_POSTED_DATE:
                record["posted_date"] = item.fields["posted_date"]
        record["source"], record["url"] = source, record.get("url") or item.url
        external_id = item.name if len(result) == 1 else f"{item.name}#{number}"
        records.append(SourceRecord(source, external_id, item.name, record["url"], None, item.media_type, record,
                                    structured=item.media_type == "application/json"))
    return records


def run(corpus: Corpus, database_url: str, *, mode: str, batch_size: int) -> dict:
    engine = open_store(database_url)
    order = corpus.arrival_order()
    seconds = {"extract": 0.0, "dedupe_publish": 0.0, "dedupe_publish_cpu": 0.0}
    rejected = 0
    for day, indexes in groupby(order, key=lambda index: corpus.copies[index].seen):
        indexes = list(indexes)
        now = datetime.combine(day, clock(6), tzinfo=timezone.utc)
        for start in range(0, len(indexes), batch_size):
            chunk = indexes[start:start + batch_size]
            started = time.perf_counter()
            batch = []
            for index in chunk:
                result = records_of(corpus.item(index), mode, now)
                if isinstance(result, Rejection):
                    rejected += 1
                else:
                    batch += result
            seconds["extract"] += time.perf_counter() - started
            started, started_cpu = time.perf_counter(), time.process_time()
            with session_scope(engine) as session:
                publish_batch(session, batch, now=now, run_id="bench")
            seconds["dedupe_publish"] += time.perf_counter() - started
            seconds["dedupe_publish_cpu"] += time.process_time() - started_cpu
    with session_scope(engine) as session:
        rows = session.execute(select(PostingSource.external_id, PostingSource.posting_id, PostingSource.match_rule,
                                      PostingSource.match_score, PostingSource.match_evidence)).all()
    placed = {row.external_id.split("#")[0]: row.posting_id for row in rows}
    quality = corpus.pair_quality(placed)
    return {"postings": len(corpus), "records": mode, "database": engine.dialect.name,
            "clusters": len(corpus.clusters), "postings_published": len(set(placed.values())),
            "rejected": rejected, "dedup_precision": round(quality["precision"], 4),
            "dedup_recall": round(quality["recall"], 4), **{k: quality[k] for k in
                                                            ("true_pairs", "found_pairs", "correct_pairs")},
            "seconds": {k: round(v, 2) for k, v in seconds.items()},
            "dedupe_publish_per_posting_ms": round(1000 * seconds["dedupe_publish"] / len(corpus), 3),
            "dedupe_publish_cpu_per_posting_ms": round(1000 * seconds["dedupe_publish_cpu"] / len(corpus), 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "false_merges": false_merges(corpus, rows)}


def false_merges(corpus: Corpus, rows) -> list[dict]:
    """Postings that gathered items of several clusters: each item's labels (what the corpus says it is) beside
    the rule, score and evidence that put its source record there — which kind of pair merged, and why."""
    by_name = {_name(copy): copy for copy in corpus.copies}
    postings: dict[int, list] = {}
    for row in rows:
        postings.setdefault(row.posting_id, []).append(row)
    found = []
    for posting_id, members in sorted(postings.items()):
        copies = [by_name[row.external_id.split("#")[0]] for row in members]
        if len({copy.job.cluster_id for copy in copies}) < 2:
            continue
        found.append({"posting_id": posting_id, "sources": [{
            "cluster": copy.job.cluster_id, "variant": f"{copy.fmt}/{copy.variant}", "title": copy.job.title,
            "organisation": copy.job.org.acronym, "city": copy.job.city, "reference": copy.job.reference,
            "deadline": copy.deadline.isoformat(), "seen": copy.seen.isoformat(), "repost_of": copy.job.repost_of,
            "sister_job": copy.job.borrowed_missions is not None, "rule": row.match_rule, "score": row.match_score,
            "evidence": {key: (row.match_evidence or {}).get(key) for key in
                         ("title", "organization", "location", "reference", "text", "repost", "matched")}}
            for copy, row in zip(copies, members, strict=True)]})
    return found


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--records", choices=("fields", "pipeline", "text"), default="fields")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--save", action="store_true", help="also write the result to bench/results/")
    args = parser.parse_args(argv)
    corpus = generate(args.postings, seed=args.seed,
                      formats=("txt", "html", "json") if args.records == "text" else FORMATS)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        result = {"seed": args.seed, **run(corpus, url, mode=args.records, batch_size=args.batch_size),
                  "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}"}
    print(json.dumps(result, indent=1))
    print(f"{len(result['false_merges'])} postings mix clusters (listed under false_merges)", file=sys.stderr)
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        name = f"dedup-{args.records}-{result['database']}-{args.postings}.json"
        (RESULTS / name).write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
