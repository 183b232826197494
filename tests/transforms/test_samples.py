"""The shared samples and documents match their expected JSON field for field.

How expected JSON is compared with a record (../shared/README.md): a key absent from the expected file is not
asserted, titles are compared ignoring case, punctuation and inclusive-writing marks, a location asserts only the
keys it gives, and list order is not asserted.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from glaneur.record import Capture, Posting
from glaneur.transforms.pipeline import process

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

# "Chargé·e·s", "Chargé.es", "Chargé(e)s", "Assistant-es", "un-e": the marks that write both genders at once.
_INCLUSIVE_MARK = re.compile(r"(?<=\w)(?:\s?[·.\-(/]\s?(?:e|es|ne|nes|rice|rices|trice|ère|ères|euse|se|s)\)?)+(?!\w)",
                             re.IGNORECASE)


def comparable_title(title: str | None) -> str | None:
    if title is None:
        return None
    text = unicodedata.normalize("NFKC", title).casefold()
    text = _INCLUSIVE_MARK.sub("", text)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def field_matches(name: str, actual: Any, expected: Any) -> bool:
    if name == "title":
        return comparable_title(actual) == comparable_title(expected)
    if name == "locations":
        return len(actual) == len(expected) and all(
            all(got.get(key) == value for key, value in want.items()) for got, want in zip(actual, expected))
    if name in ("apply_emails", "languages_required"):
        return sorted(actual) == sorted(expected)
    return actual == expected


def sample_cases() -> list[tuple[Path, dict[str, Any]]]:
    """(posting file, expected fields) for the shared samples and documents."""
    cases = []
    for path in sorted((SHARED / "samples" / "postings").glob("*.txt")):
        cases.append((path, json.loads((SHARED / "samples" / "expected" / f"{path.stem}.json").read_text("utf-8"))))
    documents = SHARED / "fixtures" / "documents"
    for path in sorted(documents.glob("*.*")):
        cases.append((path, json.loads((documents / "expected" / f"{path.stem}.json").read_text("utf-8"))))
    return cases

TODAY = datetime.date(2026, 1, 15)
CASES = [(path, name, value) for path, expected in sample_cases() for name, value in expected.items()
         if not name.startswith("_")]


@pytest.fixture(scope="module")
def records():
    cache = {}

    def record(path):
        if path not in cache:
            result = process(Capture(source="samples", locator=path.name, data=path.read_bytes()), TODAY)
            assert isinstance(result, list) and len(result) == 1, result
            cache[path] = result[0]
        return cache[path]
    return record


@pytest.mark.parametrize(("path", "name", "expected"), CASES, ids=[f"{p.stem}:{n}" for p, n, _ in CASES])
def test_sample_field(records, path, name, expected):
    posting: Posting = records(path)
    actual = posting.to_record()[name]
    assert field_matches(name, actual, expected), f"{name}: {actual!r} != {expected!r}"


def test_every_sample_value_has_evidence(records):
    for path, expected in sample_cases():
        posting = records(path)
        for name, value in posting.to_record().items():
            if value not in (None, [], "") and name not in ("description", "source", "url", "content_hash"):
                assert name in posting.evidence, (path.name, name)
                span = posting.evidence[name]["span"]
                if span is not None:
                    assert posting.evidence[name]["text"] == posting.description[span[0]:span[1]]


@pytest.mark.parametrize(("written", "expected"), [
    ("Chargé·e Apprentissages", "Chargé Apprentissages"),
    ("Chargé.es des projets", "chargé des projets"),
    ("CHARGÉ(E) DE L’ÉLABORATION", "chargé de l'élaboration"),
    ("Assistant-es de direction", "assistant de direction"),
    ("Coordinateur·rice·s terrain", "coordinateur terrain"),
])
def test_title_comparison_ignores_case_punctuation_and_inclusive_marks(written, expected):
    assert comparable_title(written) == comparable_title(expected)


def test_title_comparison_still_tells_titles_apart():
    assert comparable_title("Chargé de projet") != comparable_title("Chargé de programme")
