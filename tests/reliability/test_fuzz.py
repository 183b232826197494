"""Fuzzing with hypothesis, bounded: random bytes and random structured input through the whole pipeline, random
text through every normaliser, the guards and the sanitiser. No exception escapes: `process()` documents none (every
failure is a Rejection), the normalisers return a value or None."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glaneur.record import Capture, Posting, Rejection
from glaneur.transforms import dates, guards, html, money, normalise, places, sanitise, text
from glaneur.transforms.pipeline import process

from .hostile import docx_document, pdf_document

TODAY = date(2025, 1, 15)
FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXTENSIONS = ("txt", "md", "html", "xml", "json", "jsonld", "pdf", "docx", "bin")
# Openings that steer the sniffers into each parser with the rest random.
OPENINGS = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!DOCTYPE html><html><body>", b"{", b"[{", b"\xff\xfe",
            b"\xef\xbb\xbf", b"<?xml version='1.0'?><rss>", b"<script type='application/ld+json'>")
# Words the extractors look for, so that random text reaches their deeper branches.
TOKENS = ("Date limite", ":", "15", "avril", "2031", "31/12/2030", "2030-02-30", "CDD", "CDI", "de", "12", "mois",
          "stage", "Bac+5", "Master", "ans", "d'expérience", "Mali", "Bamako", "Dakar,", "Sénégal", "Agadir", "€",
          "FCFA", "1 200 000", "k€", "USD", "$", "par", "mois", "brut", "annuel", "jobs@ong.org", "https://x.org/a",
          "Poste", "Référence", "REF-2024/001", "Organisation", "Lieu", "anglais", "courant", "exigé", "\n", "\n\n",
          "Chargé(e)", "de", "projet", "2", "postes", "temps", "partiel", "dès que possible", "ASAP", "Deadline",
          "April", "30th", "full-time", "salary", "per", "year", "<b>", "</b>", "&amp;", "\u00a0", "·", "•")
words = st.lists(st.sampled_from(TOKENS), max_size=80).map(" ".join)
texts = st.one_of(st.text(max_size=400), words)


def _outcome(result) -> None:
    if isinstance(result, Rejection):
        assert result.code and result.message
        return
    assert result and all(isinstance(posting, Posting) for posting in result)
    for posting in result:
        json.dumps(posting.to_record())


@FUZZ
@given(opening=st.sampled_from(OPENINGS), body=st.binary(max_size=3000), extension=st.sampled_from(EXTENSIONS))
def test_process_survives_random_bytes(opening, body, extension):
    _outcome(process(Capture(source="fuzz", locator=f"fuzz.{extension}", data=opening + body), TODAY))


@FUZZ
@given(body=words, extension=st.sampled_from(("txt", "html")))
def test_process_survives_posting_like_text(body, extension):
    data = f"<html><body><p>{body}</p></body></html>" if extension == "html" else body
    _outcome(process(Capture(source="fuzz", locator=f"fuzz.{extension}", data=data.encode()), TODAY))


KEYS = ("@type", "@context", "title", "name", "description", "datePosted", "validThrough", "employmentType",
        "hiringOrganization", "jobLocation", "address", "addressLocality", "addressCountry", "baseSalary", "value",
        "currency", "minValue", "maxValue", "unitText", "identifier", "url", "id", "body", "fields", "data",
        "organization", "location", "deadline", "salary")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts | st.sampled_from(("JobPosting", "Place")),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5),
                                                                      children, max_size=6),
    max_leaves=25)


@FUZZ
@given(value=json_values, embedded=st.booleans())
def test_process_survives_random_json_and_json_ld(value, embedded):
    document = json.dumps(value, allow_nan=True)
    if embedded:
        data = f'<html><head><script type="application/ld+json">{document}</script></head><body>x</body></html>'
        capture = Capture(source="fuzz", locator="page.html", data=data.encode())
    else:
        capture = Capture(source="fuzz", locator="export.json", data=document.encode())
    _outcome(process(capture, TODAY))


@settings(FUZZ, max_examples=15)
@given(body=words)
def test_process_survives_random_text_in_real_docx_and_pdf(body):
    lines = [line for line in body.splitlines() if line.strip()] or ["x"]
    _outcome(process(Capture(source="fuzz", locator="f.docx", data=docx_document(body)), TODAY))
    printable = [line.encode("cp1252", "replace").decode("cp1252") for line in lines]
    _outcome(process(Capture(source="fuzz", locator="f.pdf", data=pdf_document(printable)), TODAY))


NORMALISERS = {
    "dates.parse_date": lambda s: dates.parse_date(s, TODAY),
    "dates.relative_date": lambda s: dates.relative_date(s, TODAY),
    "money.parse_salary": lambda s: money.parse_salary(s, ("ML", "FR")),
    "money.currency_code": money.currency_code,
    "places.country_code": places.country_code,
    "places.town_countries": places.town_countries,
    "places.place_name": places.place_name,
    "places.mentioned_countries": places.mentioned_countries,
    "places.parse_locations": lambda s: places.parse_locations(s, ("ML",)),
    "normalise.contract_type": normalise.contract_type,
    "normalise.employment_type": normalise.employment_type,
    "normalise.education_level": normalise.education_level,
    "normalise.language_code": normalise.language_code,
    "normalise.detect_language": normalise.detect_language,
    "normalise.count_value": normalise.count_value,
    "normalise.organization_name": normalise.organization_name,
    "text.clean_text": text.clean_text,
    "html.fragment_text": html.fragment_text,
}


@pytest.mark.parametrize("name", NORMALISERS)
def test_normalisers_survive_random_text(name):
    @FUZZ
    @given(value=texts)
    def check(value):
        NORMALISERS[name](value)

    check()


@FUZZ
@given(data=st.binary(max_size=2000), declared=st.sampled_from((None, "utf-8", "cp1252", "x-unknown", "utf-16")))
def test_decode_survives_random_bytes(data, declared):
    assert isinstance(text.decode(data, declared), str)


@FUZZ
@given(opening=st.sampled_from(OPENINGS), body=st.binary(max_size=3000), extension=st.sampled_from(EXTENSIONS))
def test_guards_give_a_rejection_or_none(opening, body, extension):
    verdict = guards.screen(Capture(source="fuzz", locator=f"f.{extension}", data=opening + body))
    assert verdict is None or (isinstance(verdict, Rejection) and verdict.code)


markup = st.lists(st.sampled_from(("<", ">", "/", "script", "scr", "ipt", "style", "iframe", "b", "img", " ",
                                   "onerror", "=", "'", '"', "javascript", ":", "alert(1)", "data", "text/html",
                                   "svg", "onload", "x", "é", "\n")), max_size=60).map("".join)


@FUZZ
@given(value=st.one_of(markup, st.text(max_size=300)))
def test_display_text_leaves_no_tag_and_is_stable(value):
    shown = sanitise.display_text(value)
    assert sanitise.display_text(shown) == shown
    assert not re.search(r"<\s*/?\s*(script|style|iframe|img|svg|b)\b", shown, re.IGNORECASE), shown
    assert not re.search(r"javascript\s*:\S|\bonerror\s*=|\bonload\s*=", shown, re.IGNORECASE), shown
    assert "\x00" not in sanitise.storable(value)
