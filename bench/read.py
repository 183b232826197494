"""Read-side figures: API latency (list, filters, full-text search, one posting) and export throughput at scale.

    .venv/bin/python bench/read.py --postings 20000                       # a new SQLite file in a temp folder
    .venv/bin/python bench/read.py --postings 20000 --database-url postgresql+psycopg://postgres@127.0.0.1/bench

The store is filled with synthetic French and English postings through `publish_batch` (like a run), then every
request runs in-process through the ASGI app (no network), each timed over --repeat calls; the median is reported.
A PostgreSQL database given with --database-url must exist and is filled: use a throw-away one.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timezone

from fastapi.testclient import TestClient

from glaneur.api import create_app
from glaneur.record import CONTRACT_TYPES, LIST_FIELDS, RECORD_FIELDS
from glaneur.storage.db import make_engine, open_store, session_scope
from glaneur.storage.export import write_export
from glaneur.storage.publish import SourceRecord, publish_batch

WORDS = ("coordinateur projet santé éducation nutrition suivi évaluation logistique finance protection enfance "
         "officer monitoring evaluation health education programme manager water sanitation hygiene gender "
         "Bamako Dakar Rabat Agadir Mopti Tombouctou Thiès recrutement candidature expérience master").split()
COUNTRIES = {"ML": ("Bamako", "Mopti", "Gao"), "SN": ("Dakar", "Thiès"), "MA": ("Rabat", "Agadir"),
             "FR": ("Paris", "Lyon"), "BE": ("Bruxelles",)}


def synthetic(index: int, rng: random.Random) -> SourceRecord:
    country = rng.choice(list(COUNTRIES))
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 400)))
    record = {key: ([] if key in LIST_FIELDS else None) for key in RECORD_FIELDS}
    record.update(title=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {index}",
                  organization=f"Organisation {index % 500}", language=rng.choice(("fr", "en")),
                  locations=[{"city": rng.choice(COUNTRIES[country]), "region": None, "country": country}],
                  contract_type=rng.choice(CONTRACT_TYPES), deadline=f"2024-{rng.randint(1, 12):02d}-15",
                  description=text, source="bench", url=f"https://jobs.example.org/{index}",
                  content_hash=f"{index:064x}")
    return SourceRecord(source="bench", external_id=str(index), locator=record["url"], url=record["url"],
                        archive_key=None, media_type="text/html", record=record)


def median_ms(call, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postings", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='glaneur-bench-read-')}/glaneur.db"

    rng = random.Random(7)
    engine = open_store(url)
    start = time.perf_counter()
    now = datetime(2024, 3, 1, tzinfo=timezone.utc)
    for first in range(0, args.postings, 1000):
        with session_scope(engine) as session:
            publish_batch(session, [synthetic(i, rng) for i in range(first, min(first + 1000, args.postings))],
                          now=now)
    figures = {"database": engine.dialect.name, "postings": args.postings,
               "publish_s": round(time.perf_counter() - start, 1)}

    app = create_app(url)
    with TestClient(app) as client:
        def get(path, **params):
            response = client.get(path, params=params)
            assert response.status_code == 200, response.text
            return response.json()

        second_page = get("/postings")["next_cursor"]
        figures["api_ms_median"] = {
            "list_first_page_50": median_ms(lambda: get("/postings"), args.repeat),
            "list_deep_page_50": median_ms(lambda: get("/postings", cursor=second_page), args.repeat),
            "country_ML_open": median_ms(lambda: get("/postings", country="ML", status="open"), args.repeat),
            "q_one_word": median_ms(lambda: get("/postings", q="sanitation"), args.repeat),
            "q_two_words_and_country": median_ms(lambda: get("/postings", q="santé Bamako", country="ML"),
                                                 args.repeat),
            "q_phrase": median_ms(lambda: get("/postings", q='"monitoring evaluation"'), args.repeat),
            "one_posting": median_ms(lambda: get(f"/postings/{args.postings // 2}"), args.repeat),
        }
    app.state.engine.dispose()

    reader = make_engine(url, read_only=True)
    figures["export_postings_per_s"] = {}
    for fmt in ("jsonl", "csv", "parquet", "jsonld"):
        start = time.perf_counter()
        summary = write_export(reader, io.BytesIO(), fmt=fmt)
        elapsed = time.perf_counter() - start
        figures["export_postings_per_s"][fmt] = round((summary.written + summary.skipped) / elapsed)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
