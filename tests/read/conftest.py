"""A small store to read from: the shared real postings plus postings from Mali, Senegal and France, published through
`publish_batch` like a run would (two runs, a merge, an update, and the lifecycle expiring one), on both databases.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from glaneur.record import LIST_FIELDS, RECORD_FIELDS
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.lifecycle import expire_postings
from glaneur.storage.models import PostingSource
from glaneur.storage.publish import SourceRecord, publish_batch

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"

FIRST_RUN = datetime(2024, 3, 1, 6, 0, tzinfo=timezone.utc)
SECOND_RUN = datetime(2024, 3, 10, 6, 0, tzinfo=timezone.utc)
TODAY = date(2024, 3, 20)


def record(**fields) -> dict:
    """A record in the contract: every key present, `None`/`[]` where unknown; the hash follows the content."""
    full = {key: ([] if key in LIST_FIELDS else None) for key in RECORD_FIELDS}
    full.update(fields)
    full["content_hash"] = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()
    return full


def shared_sample_records() -> dict[str, dict]:
    """The real postings of ../shared/samples: their checked fields, and their text as description."""
    records = {}
    for expected in sorted((SAMPLES / "expected").glob("*.json")):
        fields = {k: v for k, v in json.loads(expected.read_text()).items() if not k.startswith("_")}
        text = (SAMPLES / "postings" / f"{expected.stem}.txt").read_text(encoding="utf-8")
        records[expected.stem] = record(**fields, description=text, source="inbox")
    return records


HEALTH_ML = record(
    title="Coordinateur·rice de programme santé", organization="Médecins du Monde", language="fr",
    locations=[{"city": "Bamako", "region": None, "country": "ML"}], contract_type="permanent",
    employment_type="full_time", deadline="2024-04-30", posted_date="2024-02-26",
    apply_emails=["recrutement@mdm.example.org"], education_level="master", experience_years_min=5,
    languages_required=["fr"], reference="MDM-ML-2024-07", source="reliefweb",
    url="https://jobs.example.org/mdm/coordinateur-sante-bamako",
    description="Médecins du Monde recrute un·e coordinateur·rice de programme santé à Bamako.\n\n"
                "Vous piloterez les projets d'éducation à la santé et de santé communautaire dans les régions de "
                "Kayes et Koulikoro.")
MEAL_ML = record(
    title="Monitoring and Evaluation Officer", organization="Save the Children", language="en",
    locations=[{"city": "Mopti", "region": "Mopti", "country": "ML"}], contract_type="consultancy",
    duration_months=6, deadline="2024-03-15", apply_url="https://jobs.example.org/stc/meal-mopti/apply",
    salary={"min": 900000, "max": 1200000, "currency": "XOF", "period": "month"}, source="reliefweb",
    url="https://jobs.example.org/stc/meal-mopti",
    description="Save the Children is looking for a consultant to run the evaluations of its nutrition programme "
                "in Mopti. You will design surveys, train enumerators and write the final evaluation report.")
INTERN_SN = record(
    title="Stage – Assistant(e) communication", organization="Plan International", language="fr",
    locations=[{"city": "Dakar", "region": None, "country": "SN"}], contract_type="internship",
    employment_type="full_time", duration_months=6, start_date="2024-05-01", positions=2, source="emploisenegal",
    url="https://jobs.example.org/plan/stage-communication-dakar",
    description="Plan International Sénégal accueille deux stagiaires en communication digitale à Dakar.")
VOLUNTEER_FR = record(
    title="Bénévole accompagnement scolaire", language="fr",
    locations=[{"city": "Paris", "region": "Île-de-France", "country": "FR"}], contract_type="volunteer",
    source="inbox", description="Association de quartier cherche bénévoles pour l'aide aux devoirs, deux soirs "
                               "par semaine.")


@dataclass
class Store:
    url: str
    ids: dict[str, int]  # our name for each posting → its id


def _fields(rec: dict) -> dict:
    return {key: value for key, value in rec.items() if key != "content_hash"}


def _source(name: str, rec: dict, *, source: str | None = None, external_id: str | None = None,
            structured: bool = False) -> SourceRecord:
    source = source or rec["source"] or "inbox"
    return SourceRecord(source=source, external_id=external_id or name, locator=rec.get("url") or f"{name}.txt",
                        url=rec.get("url"), archive_key=f"raw/{source}/2024/03/01/{rec['content_hash']}.txt",
                        media_type="text/plain", record=rec, structured=structured)


def seed(url: str) -> Store:
    return Store(url=url, ids=publish_corpus(open_store(url)))


def publish_corpus(engine) -> dict[str, int]:
    """Publish the corpus in two runs and expire what is due; returns our name for each posting → its id."""
    first = {**shared_sample_records(), "health_ml": HEALTH_ML, "meal_ml": MEAL_ML, "intern_sn": INTERN_SN,
             "volunteer_fr": VOLUNTEER_FR}
    with session_scope(engine) as session:
        publish_batch(session, [_source(name, rec) for name, rec in first.items()], now=FIRST_RUN, run_id="run-1")
    # Second run: another board carries the Mali health posting (same URL: merged, and its salary fills a gap) and
    # the Senegal internship's text changed at its source (updated: history records it).
    health_elsewhere = record(**{**_fields(HEALTH_ML), "source": "emploimali",
                                 "salary": {"min": 650000, "max": None, "currency": "XOF", "period": "month"}})
    intern_changed = record(**{**_fields(INTERN_SN), "deadline": "2024-04-15", "description":
                               INTERN_SN["description"] + " Date limite de candidature : 15 avril 2024."})
    with session_scope(engine) as session:
        publish_batch(session, [_source("health_ml", health_elsewhere, source="emploimali", structured=True),
                                _source("intern_sn", intern_changed)], now=SECOND_RUN, run_id="run-2")
    expire_postings(engine, today=TODAY, now=SECOND_RUN, run_id="run-2")
    with session_scope(engine) as session:
        return dict(session.execute(select(PostingSource.external_id, PostingSource.posting_id)
                                    .where(PostingSource.source != "emploimali")).all())


@pytest.fixture
def store(store_url) -> Store:
    return seed(store_url)
