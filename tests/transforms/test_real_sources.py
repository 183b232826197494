"""Real feeds, exports and crawl outputs from ../shared/fixtures through process(): sensible fields on every item,
exact values where a reader can check them."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from glaneur.record import Capture, Posting
from glaneur.transforms import dates
from glaneur.transforms.pipeline import process

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
TODAY = datetime.date(2026, 3, 8)


def feed_items(name: str) -> list[bytes]:
    """Each <item> of a feed as the feed spider captures it: its raw bytes."""
    return re.findall(rb"<item>.*?</item>", (FIXTURES / "feeds" / name).read_bytes(), re.DOTALL)


def run_one(data: bytes, locator: str, media_type: str | None = None, **kwargs) -> Posting:
    result = process(Capture(source="fixtures", locator=locator, data=data, media_type=media_type, **kwargs), TODAY)
    assert isinstance(result, list) and len(result) == 1, result
    return result[0]


def test_francetravail_export():
    path = FIXTURES / "partner-exports/francetravail-cegid-offres-internes.json"
    postings = process(Capture(source="fixtures", locator=path.name, data=path.read_bytes()), TODAY)
    assert [posting.title for posting in postings] == [
        "Conseiller(e) relation entreprise", "Conseiller(e) en charge de l'indemnisation",
        "Conseiller(e) en charge de l'indemnisation", "Conseiller(e) en charge de l'indemnisation"]
    for posting in postings:
        assert posting.contract_type == "fixed_term"
        assert posting.salary == {"min": 1940, "max": 1940, "currency": "EUR", "period": None}
        assert posting.posted_date == "2025-10-03"
        assert posting.url.startswith("https://recrute.francetravail.org/Pages/Offre/detailoffre.aspx")
        assert posting.language == "fr" and "Vous aimez être au contact" in posting.description
    assert [posting.reference for posting in postings] == ["2025-82802", "2025-82799", "2025-82797", "2025-82799"]


def test_reliefweb_rss_items():
    english, french = (run_one(item, f"https://reliefweb.int/jobs/rss.xml#{n}", "application/rss+xml")
                       for n, item in enumerate(feed_items("reliefweb-jobs-rss-excerpt.xml")))
    assert english.title.lower() == "emergency programme coordinator"
    assert english.organization == "Action contre la Faim France"
    assert english.locations == [{"city": None, "region": None, "country": "YE"}]
    assert (english.deadline, english.posted_date) == ("2026-10-22", "2026-09-23")
    assert (english.contract_type, english.duration_months) == ("fixed_term", 6)
    assert (english.education_level, english.experience_years_min, english.languages_required) == \
        ("master", 5, ["en"])
    assert english.salary == {"min": 2597, "max": 2968, "currency": "EUR", "period": "month"}
    assert english.apply_url == "http://app.mytalentplug.com/redirection.aspx?ojid=NIZ+ED7vEmDhNFLGZNmIVQ=="
    assert english.language == "en"

    assert french.title.lower() == "cheffe ou chef de projet finance si"  # "- FRANCE" is its place
    assert french.language == "fr" and french.deadline == "2026-10-22"
    assert (french.contract_type, french.duration_months, french.employment_type) == ("fixed_term", 4, "full_time")
    assert french.locations == [{"city": "Montreuil", "region": None, "country": "FR"}]
    assert french.salary == {"min": 46000, "max": 55000, "currency": "EUR", "period": "year"}
    assert french.experience_years_min == 3 and french.languages_required == ["en"]


def test_unhcr_workday_feed_items():
    postings = [run_one(item, f"unhcr#{n}", "application/rss+xml")
                for n, item in enumerate(feed_items("unhcr-vacancies-workday.rss"))]
    assert len(postings) == 56
    with_country = [posting for posting in postings if posting.locations and posting.locations[0]["country"]]
    assert len(with_country) >= 50, [posting.description for posting in postings if posting not in with_country]
    geneva = next(posting for posting in postings if posting.title == "Inspector General")
    assert geneva.locations == [{"city": "Geneva", "region": None, "country": "CH"}]
    assert all(posting.posted_date for posting in postings)
    interns = [posting for posting in postings if "Intern" in posting.title.split()]
    assert interns and all(posting.contract_type == "internship" for posting in interns)


def test_unicef_feed_titles_lose_their_repost_markers():
    postings = [run_one(item, f"unicef#{n}", "application/rss+xml")
                for n, item in enumerate(feed_items("unicef-vacancies-filtered.rss"))]
    assert len(postings) == 32
    for posting in postings:
        assert not re.match(r"(?i)re-?advertis|readvertis", posting.title), posting.title
        assert not re.search(r"P-?\d|#\d", posting.title), posting.title
        assert posting.posted_date and posting.language in ("en", None)
        assert posting.language == "en" or len(posting.description or "") < 200
    internships = [posting for posting in postings if "Internship" in posting.title]
    assert internships and all(posting.contract_type == "internship" for posting in internships)


def test_french_civil_service_feed_items():
    postings = [run_one(item, f"pass#{n}", "application/rss+xml")
                for n, item in enumerate(feed_items("pass-fonction-publique-offres.rss"))]
    assert len(postings) == 7
    first = postings[0]
    assert first.title == "Contrat d'Apprentissage - financements"
    assert first.organization == "Centre national du cinéma et de l'image animée"
    assert first.reference == "A-2025-159026" and first.posted_date == "2025-02-26"
    assert first.locations == [{"city": "Paris", "region": None, "country": "FR"}]
    assert first.contract_type == "apprenticeship"
    assert all(posting.language == "fr" and posting.title for posting in postings)


def test_undp_crawl_output_joined_end_to_end():
    path = FIXTURES / "crawls/undp-jobs-scrapy-items-2016-concatenated.json"
    postings = process(Capture(source="fixtures", locator=path.name, data=path.read_bytes()), TODAY)
    assert len(postings) == 208  # 171 UNDP items and 37 UNICEF ones
    assert {posting.organization for posting in postings} == {"UNDP", "UNICEF"} and all(p.title for p in postings)
    assert {posting.deadline for posting in postings} - {None} <= {
        d for d in (posting.deadline for posting in postings) if d and d.startswith("2016")}
    assert any(posting.deadline == "2016-02-15" for posting in postings)
    consultants = [posting for posting in postings if "Consultant" in posting.title]
    assert consultants and sum(posting.contract_type == "consultancy" for posting in consultants) >= \
        0.8 * len(consultants)


@pytest.mark.parametrize("name", ["amss-mali-recrutements-listing-data.js"])
def test_listing_dates_all_read(name):
    text = (FIXTURES / "listings" / name).read_text("utf-8")
    written = re.findall(r'date(?:Publication|Expiration)\s*:\s*"([^"]+)"', text)
    assert written
    for value in written:
        assert dates.parse_date(value, TODAY) is not None, value
