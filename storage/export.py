"""Exports of the consolidated store: one row per posting, its contract fields, lifecycle and sources.

jsonl and csv carry every posting as the API shows it; parquet carries the same rows typed (dates, timestamps,
nested locations, salary and sources); jsonld is a list of schema.org JobPosting objects for job search engines.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Engine

from glaneur.record import RECORD_FIELDS
from glaneur.storage.read import PostingFilter, iter_postings

__all__ = ["EXPORT_COLUMNS", "EXPORT_FORMATS", "ExportSummary", "iter_postings", "job_posting", "write_export"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "jsonld")
EXPORT_COLUMNS = ("id", *RECORD_FIELDS, "status", "first_seen", "last_seen", "updated_at", "sources")
PARQUET_BATCH = 1000


@dataclass
class ExportSummary:
    written: int = 0
    # JSON-LD only: postings left out, and how often each required property was missing among them.
    skipped: int = 0
    missing: Counter = field(default_factory=Counter)


# --- schema.org JobPosting -------------------------------------------------------------------------------------

# Google's job-posting structured data: without these a posting is not eligible, so we leave it out.
JOBPOSTING_REQUIRED = ("title", "description", "datePosted", "hiringOrganization", "jobLocation")
JOBPOSTING_RECOMMENDED = ("validThrough", "employmentType", "baseSalary", "identifier")
EMPLOYMENT_BY_CONTRACT = {"consultancy": "CONTRACTOR", "fixed_term": "TEMPORARY", "internship": "INTERN",
                          "volunteer": "VOLUNTEER", "apprenticeship": "OTHER", "other": "OTHER"}
EMPLOYMENT_BY_SCHEDULE = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
# Google's credentialCategory values for educationRequirements.
CREDENTIAL_BY_EDUCATION = {"secondary": "high school", "short_cycle": "associate degree",
                           "bachelor": "bachelor degree", "master": "postgraduate degree",
                           "doctorate": "postgraduate degree"}


def _html_paragraphs(text: str) -> str:
    """Our descriptions are clean text; JobPosting wants HTML, and paragraphs would otherwise run together."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def _place(location: dict[str, Any]) -> dict[str, Any] | None:
    address = {key: location.get(name) for key, name in (("addressLocality", "city"), ("addressRegion", "region"),
                                                         ("addressCountry", "country")) if location.get(name)}
    return {"@type": "Place", "address": {"@type": "PostalAddress", **address}} if address else None


def _employment_types(posting: dict[str, Any]) -> list[str]:
    kinds = [EMPLOYMENT_BY_SCHEDULE.get(posting.get("employment_type")),
             EMPLOYMENT_BY_CONTRACT.get(posting.get("contract_type"))]
    return [kind for kind in kinds if kind]


def _base_salary(salary: dict[str, Any] | None) -> dict[str, Any] | None:
    if not salary or not salary.get("currency") or (salary.get("min") is None and salary.get("max") is None):
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if salary.get("min") is not None:
        value["minValue"] = salary["min"]
    if salary.get("max") is not None:
        value["maxValue"] = salary["max"]
    if salary.get("period"):
        value["unitText"] = salary["period"].upper()
    return {"@type": "MonetaryAmount", "currency": salary["currency"], "value": value}


def job_posting(posting: dict[str, Any]) -> dict[str, Any]:
    """A posting as the API shows it → a schema.org JobPosting with every property our data supports.

    Nothing is invented: a property we do not know is left out. Two documented choices: datePosted falls back to the
    day we first saw the posting (when it was, at the latest, posted); identifier is the organisation's reference
    when the posting gives one, else our own id under the name "glaneur".
    """
    document: dict[str, Any] = {"@context": "https://schema.org", "@type": "JobPosting"}
    if posting.get("title"):
        document["title"] = posting["title"]
    if posting.get("description"):
        document["description"] = _html_paragraphs(posting["description"])
    document["datePosted"] = posting.get("posted_date") or posting["first_seen"][:10]
    if posting.get("deadline"):
        document["validThrough"] = posting["deadline"]
    if posting.get("organization"):
        document["hiringOrganization"] = {"@type": "Organization", "name": posting["organization"]}
    places = [place for place in map(_place, posting.get("locations") or []) if place]
    if places:
        document["jobLocation"] = places
    employment = _employment_types(posting)
    if employment:
        document["employmentType"] = employment if len(employment) > 1 else employment[0]
    salary = _base_salary(posting.get("salary"))
    if salary:
        document["baseSalary"] = salary
    if posting.get("reference"):
        document["identifier"] = {"@type": "PropertyValue", "name": posting.get("organization") or "reference",
                                  "value": posting["reference"]}
    else:
        document["identifier"] = {"@type": "PropertyValue", "name": "glaneur", "value": str(posting["id"])}
    if posting.get("url"):
        document["url"] = posting["url"]
    if posting.get("start_date") and posting["start_date"] != "asap":
        document["jobStartDate"] = posting["start_date"]
    if posting.get("positions"):
        document["totalJobOpenings"] = posting["positions"]
    if posting.get("education_level") in CREDENTIAL_BY_EDUCATION:
        document["educationRequirements"] = {"@type": "EducationalOccupationalCredential",
                                             "credentialCategory": CREDENTIAL_BY_EDUCATION[posting["education_level"]]}
    if posting.get("experience_years_min"):
        document["experienceRequirements"] = {"@type": "OccupationalExperienceRequirements",
                                              "monthsOfExperience": posting["experience_years_min"] * 12}
    return document


def missing_required(document: dict[str, Any]) -> list[str]:
    return [name for name in JOBPOSTING_REQUIRED if name not in document]


# --- Parquet ---------------------------------------------------------------------------------------------------

_TIMESTAMP = pa.timestamp("us", tz="UTC")
_LOCATION = pa.struct([("city", pa.string()), ("region", pa.string()), ("country", pa.string())])
_SALARY = pa.struct([("min", pa.float64()), ("max", pa.float64()), ("currency", pa.string()),
                     ("period", pa.string())])
_SOURCE = pa.struct([("source", pa.string()), ("external_id", pa.string()), ("url", pa.string()),
                     ("locator", pa.string()), ("archive_key", pa.string()), ("media_type", pa.string()),
                     ("first_seen", _TIMESTAMP), ("last_seen", _TIMESTAMP), ("match_rule", pa.string()),
                     ("match_score", pa.float64())])
PARQUET_SCHEMA = pa.schema([
    ("id", pa.int64()), ("title", pa.string()), ("organization", pa.string()), ("language", pa.string()),
    ("locations", pa.list_(_LOCATION)), ("contract_type", pa.string()), ("employment_type", pa.string()),
    ("duration_months", pa.int32()), ("start_date", pa.string()), ("deadline", pa.date32()),
    ("posted_date", pa.date32()), ("apply_emails", pa.list_(pa.string())), ("apply_url", pa.string()),
    ("positions", pa.int32()), ("education_level", pa.string()), ("experience_years_min", pa.int32()),
    ("languages_required", pa.list_(pa.string())), ("salary", _SALARY), ("reference", pa.string()),
    ("description", pa.string()), ("source", pa.string()), ("url", pa.string()), ("content_hash", pa.string()),
    ("status", pa.string()), ("first_seen", _TIMESTAMP), ("last_seen", _TIMESTAMP), ("updated_at", _TIMESTAMP),
    ("sources", pa.list_(_SOURCE)),
])


def _typed(posting: dict[str, Any]) -> dict[str, Any]:
    """ISO strings back to the dates and timestamps the schema types."""
    row = dict(posting)
    for key in ("deadline", "posted_date"):
        row[key] = date.fromisoformat(row[key]) if row[key] else None
    for key in ("first_seen", "last_seen", "updated_at"):
        row[key] = datetime.fromisoformat(row[key])
    row["sources"] = [{**s, "first_seen": datetime.fromisoformat(s["first_seen"]),
                       "last_seen": datetime.fromisoformat(s["last_seen"])} for s in row["sources"]]
    return row


def _batches(postings: Iterable[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for posting in postings:
        batch.append(posting)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Writers ---------------------------------------------------------------------------------------------------

def _csv_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _write_text(postings: Iterable[dict[str, Any]], stream: IO[str], fmt: str, summary: ExportSummary) -> None:
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for posting in postings:
            writer.writerow({key: _csv_cell(posting[key]) for key in EXPORT_COLUMNS})
            summary.written += 1
    elif fmt == "jsonl":
        for posting in postings:
            stream.write(json.dumps(posting, ensure_ascii=False) + "\n")
            summary.written += 1
    else:
        stream.write("[")
        for posting in postings:
            document = job_posting(posting)
            missing = missing_required(document)
            if missing:
                summary.skipped += 1
                summary.missing.update(missing)
                continue
            stream.write(("\n" if not summary.written else ",\n") + json.dumps(document, ensure_ascii=False))
            summary.written += 1
        stream.write("\n]\n")


def write_export(engine: Engine, stream: IO[bytes], *, fmt: str,
                 wanted: PostingFilter = PostingFilter()) -> ExportSummary:
    """Write every posting `wanted` selects to a binary stream, streaming: memory does not grow with the store."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    summary = ExportSummary()
    postings = iter_postings(engine, wanted)
    if fmt == "parquet":
        with pq.ParquetWriter(stream, PARQUET_SCHEMA) as writer:
            for batch in _batches(postings, PARQUET_BATCH):
                writer.write_table(pa.Table.from_pylist([_typed(p) for p in batch], schema=PARQUET_SCHEMA))
                summary.written += len(batch)
        return summary
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        _write_text(postings, text, fmt, summary)
        text.flush()
    finally:
        text.detach()
    return summary
