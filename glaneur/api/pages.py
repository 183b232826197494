"""Server-rendered HTML: open postings with filters, and one posting's page (no JavaScript, no build step).

Form fields arrive as text, often empty; a value that does not parse is reported on the page rather than refused,
so that a person gets the list back with a note instead of an error document.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pycountry
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from glaneur.api.common import MAX_ID, Db, decode_cursor, encode_cursor
from glaneur.record import CONTRACT_TYPES, STATUSES
from glaneur.storage.export import job_posting, missing_required
from glaneur.storage.models import Posting
from glaneur.storage.read import PostingFilter, page_of_postings, posting_detail

PAGE_SIZE = 25
CONTRACT_LABELS = {"permanent": "Permanent (CDI)", "fixed_term": "Fixed term (CDD)", "consultancy": "Consultancy",
                   "internship": "Internship (stage)", "volunteer": "Volunteer", "apprenticeship": "Apprenticeship",
                   "other": "Other"}
EMPLOYMENT_LABELS = {"full_time": "full time", "part_time": "part time"}
EDUCATION_LABELS = {"secondary": "Secondary school", "short_cycle": "Bac+2", "bachelor": "Bachelor (Bac+3/4)",
                    "master": "Master (Bac+5)", "doctorate": "Doctorate"}

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))


def country_name(code: str | None) -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else (code or "")


def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code)
    return language.name if language else code


def place(location: dict) -> str:
    return ", ".join(part for part in (location.get("city"), location.get("region"),
                                       country_name(location.get("country"))) if part)


def is_web_url(value: str | None) -> bool:
    """Only http(s) addresses become links: a scraped `javascript:` URL must not be clickable."""
    return bool(value) and value.lower().startswith(("http://", "https://"))


templates.env.tests["web_url"] = is_web_url
templates.env.filters["country_name"] = country_name
templates.env.filters["place"] = place
templates.env.filters["language_name"] = language_name
templates.env.globals.update(contract_labels=CONTRACT_LABELS, employment_labels=EMPLOYMENT_LABELS,
                             education_labels=EDUCATION_LABELS)


def _countries_with_open_postings(db: Db) -> list[tuple[str, str]]:
    stored = db.execute(select(Posting.countries).where(Posting.status == "open").distinct()).scalars()
    codes = sorted({code for value in stored for code in value.split()})
    return [(code, country_name(code)) for code in codes]


@router.get("/", response_class=HTMLResponse)
def list_page(request: Request, db: Db, q: str = "", country: str = "", organization: str = "",
              status: str = "open", contract_type: str = "", deadline_after: str = "", cursor: str = ""):
    problems = []
    form = {"q": q.strip(), "country": country.strip().upper(), "organization": organization.strip(),
            "status": status if status in STATUSES else "", "contract_type": contract_type,
            "deadline_after": deadline_after.strip()}
    if form["country"] and not re.fullmatch("[A-Z]{2}", form["country"]):
        problems.append(f"“{country}” is not a two-letter country code; showing every country.")
        form["country"] = ""
    if form["contract_type"] not in CONTRACT_TYPES:
        form["contract_type"] = ""
    deadline = None
    if form["deadline_after"]:
        try:
            deadline = date.fromisoformat(form["deadline_after"])
        except ValueError:
            problems.append(f"“{deadline_after}” is not a date (YYYY-MM-DD); the deadline filter is off.")
            form["deadline_after"] = ""
    after_id = None
    if cursor:
        try:
            after_id = decode_cursor(cursor)
        except HTTPException:
            problems.append("That page link is not valid any more; showing the first page.")
    wanted = PostingFilter(q=form["q"], country=form["country"], organization=form["organization"],
                           status=form["status"] or None, contract_type=form["contract_type"] or None,
                           deadline_after=deadline)
    items = page_of_postings(db, wanted, limit=PAGE_SIZE + 1, after_id=after_id)
    # An empty status is a choice ("any"), so it stays in the links; other empty fields are left out.
    query = {key: value for key, value in form.items() if value or key == "status"}
    next_link = None
    if len(items) > PAGE_SIZE:
        items = items[:PAGE_SIZE]
        next_link = "/?" + urlencode({**query, "cursor": encode_cursor(items[-1]["id"])})
    return templates.TemplateResponse(request, "list.html", {
        "items": items, "form": form, "problems": problems, "next_link": next_link,
        "first_link": "/?" + urlencode(query) if after_id is not None else None,
        "countries": _countries_with_open_postings(db), "statuses": STATUSES, "contract_types": CONTRACT_TYPES})


@router.get("/jobs/{posting_id}", response_class=HTMLResponse)
def detail_page(request: Request, db: Db, posting_id: int):
    posting = posting_detail(db, posting_id) if 0 < posting_id <= MAX_ID else None
    if posting is None:
        return templates.TemplateResponse(request, "missing.html", {"posting_id": posting_id}, status_code=404)
    structured = job_posting(posting)
    # Structured data for search engines, only when it is complete enough for them; `<` escaped so that no text in
    # a posting can close the script element.
    json_ld = None if missing_required(structured) else json.dumps(structured, ensure_ascii=False).replace("<", "\\u003c")
    return templates.TemplateResponse(request, "detail.html", {"posting": posting, "json_ld": json_ld})
