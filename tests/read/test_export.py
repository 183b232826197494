"""Exports: jsonl, csv and parquet give back the rows the store holds; jsonld meets Google's job-posting rules."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from glaneur.storage.db import open_store
from glaneur.storage.export import EXPORT_COLUMNS, PARQUET_SCHEMA, job_posting, write_export
from glaneur.storage.read import PostingFilter, iter_postings

from .conftest import FIRST_RUN, HEALTH_ML, INTERN_SN, MEAL_ML, seed

GLANEUR = str(Path(sys.executable).parent / "glaneur")
EMPLOYMENT_TYPES = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"}
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def export(url: str, fmt: str, **wanted) -> tuple[bytes, object]:
    stream = io.BytesIO()
    summary = write_export(open_store(url), stream, fmt=fmt, wanted=PostingFilter(**wanted))
    return stream.getvalue(), summary


def test_jsonl_round_trip_gives_back_every_posting(store):
    data, summary = export(store.url, "jsonl")
    rows = [json.loads(line) for line in data.decode().splitlines()]
    assert rows == list(iter_postings(open_store(store.url))) and summary.written == len(rows) == 7
    assert [row["id"] for row in rows] == sorted(store.ids.values())


def test_csv_is_readable_and_carries_the_same_values(store):
    data, _ = export(store.url, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    expected = list(iter_postings(open_store(store.url)))
    assert len(rows) == len(expected) and tuple(rows[0]) == EXPORT_COLUMNS

    def cell(value):
        if value is None:
            return ""
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)

    assert rows == [{key: cell(posting[key]) for key in EXPORT_COLUMNS} for posting in expected]


def test_parquet_is_typed_and_holds_the_same_rows(store):
    data, summary = export(store.url, "parquet")
    table = pq.read_table(io.BytesIO(data))
    assert table.schema.equals(PARQUET_SCHEMA) and table.num_rows == summary.written == 7
    assert tuple(table.column_names) == EXPORT_COLUMNS

    def plain(value):
        """Parquet's typed values back to the JSON the other exports carry."""
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    assert [plain(row) for row in table.to_pylist()] == list(iter_postings(open_store(store.url)))


def test_empty_exports_are_still_valid_files(sqlite_url):
    open_store(sqlite_url)
    assert pq.read_table(io.BytesIO(export(sqlite_url, "parquet")[0])).num_rows == 0
    assert json.loads(export(sqlite_url, "jsonld")[0]) == []
    assert export(sqlite_url, "csv")[0].decode().splitlines() == [",".join(EXPORT_COLUMNS)]


def test_filters_select_the_same_postings_as_the_api_would(store):
    def exported(**wanted):
        return {json.loads(line)["id"] for line in export(store.url, "jsonl", **wanted)[0].decode().splitlines()}

    assert exported(country="ML") == {store.ids["health_ml"], store.ids["meal_ml"]}
    assert exported(country="ML", status="open") == {store.ids["health_ml"]}
    assert exported(updated_since=datetime.fromisoformat("2024-03-10T00:00:00+00:00")) == {
        store.ids[name] for name in ("health_ml", "intern_sn", "meal_ml", "md-charge-tpm-agadir")}


def check_google_job_posting(document: dict) -> None:
    """Google's job-posting structured data: the required properties, and the recommended ones when present."""
    assert document["@context"] == "https://schema.org" and document["@type"] == "JobPosting"
    assert isinstance(document["title"], str) and document["title"].strip()
    assert isinstance(document["description"], str) and document["description"].startswith("<p>")
    date.fromisoformat(document["datePosted"])
    organization = document["hiringOrganization"]
    assert organization["@type"] == "Organization" and organization["name"].strip()
    assert document["jobLocation"]
    for place in document["jobLocation"]:
        address = place["address"]
        assert place["@type"] == "Place" and address["@type"] == "PostalAddress"
        assert address.get("addressLocality") or address.get("addressCountry")
        assert re.fullmatch("[A-Z]{2}", address.get("addressCountry", "XX"))
    if "validThrough" in document:
        date.fromisoformat(document["validThrough"])
    if "employmentType" in document:
        kinds = document["employmentType"]
        assert set(kinds if isinstance(kinds, list) else [kinds]) <= EMPLOYMENT_TYPES
    if "baseSalary" in document:
        salary = document["baseSalary"]
        assert salary["@type"] == "MonetaryAmount" and re.fullmatch("[A-Z]{3}", salary["currency"])
        value = salary["value"]
        assert value["@type"] == "QuantitativeValue" and ("minValue" in value or "maxValue" in value)
        assert value.get("unitText", "YEAR") in SALARY_UNITS
    identifier = document["identifier"]
    assert identifier["@type"] == "PropertyValue" and identifier["name"] and identifier["value"]


def test_jsonld_is_a_list_of_google_eligible_job_postings(store):
    data, summary = export(store.url, "jsonld")
    documents = json.loads(data)
    for document in documents:
        check_google_job_posting(document)
    by_title = {document["title"]: document for document in documents}
    # Left out, never padded: md-charge-ace says no place, the volunteer posting names no organisation.
    assert summary.skipped == 2 and dict(summary.missing) == {"jobLocation": 1, "hiringOrganization": 1}
    assert len(documents) == summary.written == 5

    health = by_title[HEALTH_ML["title"]]
    assert health["datePosted"] == "2024-02-26" and health["validThrough"] == "2024-04-30"
    assert health["employmentType"] == "FULL_TIME"  # permanent says nothing more
    assert health["identifier"] == {"@type": "PropertyValue", "name": "Médecins du Monde", "value": "MDM-ML-2024-07"}
    assert health["jobLocation"] == [{"@type": "Place", "address": {
        "@type": "PostalAddress", "addressLocality": "Bamako", "addressCountry": "ML"}}]
    assert health["description"].count("<p>") == 2
    assert health["educationRequirements"]["credentialCategory"] == "postgraduate degree"
    assert health["experienceRequirements"]["monthsOfExperience"] == 60

    meal = by_title[MEAL_ML["title"]]
    assert meal["employmentType"] == "CONTRACTOR" and meal["url"] == MEAL_ML["url"]
    assert meal["baseSalary"] == {"@type": "MonetaryAmount", "currency": "XOF", "value": {
        "@type": "QuantitativeValue", "minValue": 900000, "maxValue": 1200000, "unitText": "MONTH"}}
    assert meal["datePosted"] == FIRST_RUN.date().isoformat()  # no posted date: the day we first saw it
    assert meal["identifier"]["name"] == "glaneur"

    intern = by_title[INTERN_SN["title"]]
    assert intern["employmentType"] == ["FULL_TIME", "INTERN"] and intern["totalJobOpenings"] == 2
    assert intern["jobStartDate"] == "2024-05-01"


def test_jsonld_description_is_escaped_html():
    document = job_posting({"id": 1, "first_seen": "2024-03-01T00:00:00+00:00",
                            "description": "Salaire < 500 € & primes\nl'équipe \"terrain\"\n\n<script>x</script>"})
    assert document["description"] == ("<p>Salaire &lt; 500 € &amp; primes<br>l'équipe \"terrain\"</p>"
                                       "<p>&lt;script&gt;x&lt;/script&gt;</p>")


def glaneur(*args, cwd, check=None):
    result = subprocess.run([GLANEUR, *args], cwd=cwd, capture_output=True, timeout=120,
                            env={**os.environ, "GLANEUR_DATABASE_URL": f"sqlite:///{cwd}/store.db"})
    if check is not None:
        assert result.returncode == check, result.stderr.decode()
    return result


@pytest.fixture
def cli_store(tmp_path):
    seed(f"sqlite:///{tmp_path}/store.db")
    return tmp_path


def test_cli_export_formats_and_filters(cli_store):
    ml = [json.loads(line) for line in glaneur("export", "--country", "ml", cwd=cli_store, check=0).stdout.splitlines()]
    assert {row["title"] for row in ml} == {HEALTH_ML["title"], MEAL_ML["title"]}

    since = glaneur("export", "--since", "2024-03-10", "--status", "expired", cwd=cli_store, check=0)
    assert len(since.stdout.splitlines()) == 2

    result = glaneur("export", "--format", "jsonld", "--status", "open", "-o", "open.jsonld", cwd=cli_store,
                     check=0)
    documents = json.loads((cli_store / "open.jsonld").read_text(encoding="utf-8"))
    assert {d["title"] for d in documents} == {HEALTH_ML["title"], INTERN_SN["title"],
                                               "Intervention Officer Territorial Concertation & Exécution Régionale"}
    stderr = result.stderr.decode()
    assert "3 postings written" in stderr and "2 postings left out of the JSON-LD" in stderr

    glaneur("export", "--format", "parquet", "-o", "all.parquet", cwd=cli_store, check=0)
    assert pq.read_table(cli_store / "all.parquet").num_rows == 7
    assert not list(cli_store.glob(".*.partial"))


def test_cli_offers_every_export_format():
    from glaneur.cli_read import export as export_command
    from glaneur.storage.export import EXPORT_FORMATS

    [fmt] = [param for param in export_command.params if param.name == "fmt"]
    assert tuple(fmt.type.choices) == EXPORT_FORMATS


def test_cli_export_refuses_a_bad_country_with_exit_2(cli_store):
    result = glaneur("export", "--country", "Mali", cwd=cli_store, check=2)
    assert b"ISO 3166-1" in result.stderr
