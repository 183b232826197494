"""Postings that come as data: schema.org JobPosting (JSON-LD, microdata), ReliefWeb API v2 job items, and the
JSON records job boards export (TalentSoft, listing data, crawl outputs) → text plus raw field hints.

Hints keep the source's raw values (strings, lists, small dicts); the pipeline normalises them with the same
functions as free text, and they win over what the text says.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from glaneur.transforms.html import fragment, fragment_text
from glaneur.transforms.text import clean_text


@dataclass
class StructuredPosting:
    text: str
    hints: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    url: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)


def _label(value: Any) -> Any:
    """The readable part of a coded value: {"label": "CDD", "code": 578} → "CDD"; lists element-wise."""
    if isinstance(value, list):
        labels = [_label(item) for item in value]
        return [label for label in labels if label not in (None, "", [])]
    if isinstance(value, dict):
        if _is_property_value(value) and value.get("value") not in (None, "", [], {}):
            return _label(value["value"])
        for key in ("label", "name", "value", "title", "text", "@value"):
            if value.get(key) not in (None, ""):
                return _label(value[key])
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value


def _is_property_value(value: dict[str, Any]) -> bool:
    """A schema.org PropertyValue ({"@type": "PropertyValue", "name": "Org", "value": "IS-2026-01"}, or with a
    "propertyID"): its value is the datum, its name only says whose or what kind it is."""
    kinds = value.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(kind, str) and kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "PropertyValue"
               for kind in kinds) or "propertyID" in value


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else (None if isinstance(value, list) else value)


def _set(hints: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, "", [], {}):
        hints[key] = value


# --- schema.org JobPosting -------------------------------------------------------------------------------------------

_EMPLOYMENT_CODES = {"FULL_TIME": "full_time", "PART_TIME": "part_time"}


def from_jsonld(item: dict[str, Any]) -> StructuredPosting:
    hints: dict[str, Any] = {}
    _set(hints, "title", _label(item.get("title") or item.get("name")))
    organization = item.get("hiringOrganization")
    _set(hints, "organization", _label(organization.get("name") if isinstance(organization, dict) else organization))
    _set(hints, "locations", [_jsonld_place(place) for place in _as_list(item.get("jobLocation"))])
    kinds = [str(kind).upper() for kind in _as_list(item.get("employmentType"))]
    _set(hints, "employment_type", next((_EMPLOYMENT_CODES[kind] for kind in kinds if kind in _EMPLOYMENT_CODES), None))
    _set(hints, "contract_type", next((kind for kind in kinds if kind not in _EMPLOYMENT_CODES), None))
    _set(hints, "posted_date", _label(item.get("datePosted")))
    _set(hints, "deadline", _label(item.get("validThrough")))
    _set(hints, "start_date", _label(item.get("jobStartDate")))
    _set(hints, "salary", _jsonld_salary(item.get("baseSalary")))
    _set(hints, "positions", _label(item.get("totalJobOpenings")))
    education = item.get("educationRequirements")
    _set(hints, "education_level", _label(education.get("credentialCategory") if isinstance(education, dict)
                                          else education))
    experience = item.get("experienceRequirements")
    if isinstance(experience, dict) and experience.get("monthsOfExperience") not in (None, ""):
        _set(hints, "experience_years_min", int(float(experience["monthsOfExperience"]) // 12))
    elif isinstance(experience, str):
        _set(hints, "experience_years_min", experience)
    contact = item.get("applicationContact")
    if isinstance(contact, dict):
        _set(hints, "apply_emails", _label(contact.get("email")))
        _set(hints, "apply_url", _label(contact.get("url")))
    identifier = _first(_label(item.get("identifier")))
    _set(hints, "reference", identifier)
    _set(hints, "language", _label(item.get("inLanguage")))
    description = fragment(str(_label(item.get("description")) or ""))
    url = _label(item.get("url"))
    return StructuredPosting(text=description.text, hints=hints, external_id=str(identifier) if identifier else None,
                             url=url if isinstance(url, str) else None, links=description.links)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value in (None, "") else [value]


def _jsonld_place(place: Any) -> Any:
    if not isinstance(place, dict):
        return _label(place)
    address = place.get("address", place)
    if not isinstance(address, dict):
        return _label(address)
    return {"city": _label(address.get("addressLocality")), "region": _label(address.get("addressRegion")),
            "country": _label(address.get("addressCountry"))}


_UNITS = {"HOUR": "hour", "DAY": "day", "WEEK": None, "MONTH": "month", "YEAR": "year"}


def _jsonld_salary(salary: Any) -> Any:
    if not isinstance(salary, dict):
        return _label(salary)
    value = salary.get("value")
    if isinstance(value, dict):
        low, high = value.get("minValue", value.get("value")), value.get("maxValue", value.get("value"))
        unit = value.get("unitText") or salary.get("unitText")
    else:
        low = high = value
        unit = salary.get("unitText")
    if low in (None, "") and high in (None, ""):
        return None
    return {"min": low, "max": high, "currency": salary.get("currency"),
            "period": _UNITS.get(str(unit).upper()) if unit else None}


# --- ReliefWeb API v2 ------------------------------------------------------------------------------------------------

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
_MARKDOWN_MARKS = re.compile(r"^\s{0,3}#{1,6}\s*|^\s*>\s?|(?<!\w)[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?!\w)", re.MULTILINE)


def markdown_text(markdown: str) -> str:
    """ReliefWeb bodies are Markdown: keep the words, drop the marks, keep link targets next to their text."""
    text = _MARKDOWN_LINK.sub(lambda match: f"{match.group(1)} ({match.group(2)})" if match.group(1)
                              else match.group(2), markdown)
    return clean_text(_MARKDOWN_MARKS.sub("", text))


def is_reliefweb(item: dict[str, Any]) -> bool:
    fields = item.get("fields", item)
    return isinstance(fields, dict) and "title" in fields and any(
        key in fields for key in ("body", "body-html", "how_to_apply", "career_categories", "source"))


def from_reliefweb(item: dict[str, Any]) -> StructuredPosting:
    fields = item.get("fields", item)
    body = fragment(fields["body-html"]) if fields.get("body-html") else None
    how = fragment(fields["how_to_apply-html"]) if fields.get("how_to_apply-html") else None
    body_text = body.text if body else markdown_text(fields.get("body") or "")
    how_text = how.text if how else markdown_text(fields.get("how_to_apply") or "")
    text = body_text + (f"\n\nHow to apply\n{how_text}" if how_text else "")
    links = (body.links if body else []) + (how.links if how else [])
    hints: dict[str, Any] = {}
    _set(hints, "title", _label(fields.get("title")))
    _set(hints, "organization", _first(_label(fields.get("source"))))
    countries = _label(fields.get("country")) or []
    cities = _label(fields.get("city")) or []
    if cities:
        country = countries[0] if len(countries) == 1 else None
        _set(hints, "locations", [{"city": city, "region": None, "country": country} for city in cities])
    else:
        _set(hints, "locations", countries)
    dates = fields.get("date") or {}
    _set(hints, "deadline", dates.get("closing"))
    _set(hints, "posted_date", dates.get("created"))
    _set(hints, "contract_type", _first(_label(fields.get("type"))))
    _set(hints, "experience_years_min", _first(_label(fields.get("experience"))))
    languages = fields.get("language") or []
    _set(hints, "language", _first([entry.get("code") for entry in languages if isinstance(entry, dict)]))
    identifier = item.get("id", fields.get("id"))
    url = fields.get("url_alias") or fields.get("url") or item.get("href")
    return StructuredPosting(text=text, hints=hints, external_id=str(identifier) if identifier is not None else None,
                             url=url, links=links)


# --- other JSON records ----------------------------------------------------------------------------------------------

# Normalised key (lower case, letters and digits only) → record field, most specific first within each field.
_KEYS = {
    "title": ("title", "jobtitle", "titre", "intitule", "intituleduposte", "libelle", "name", "poste"),
    "organization": ("organization", "organisation", "organizationname", "organisationname", "hiringorganization",
                     "company", "companyname", "employer", "employeur", "entreprise", "structure", "agency",
                     "author"),
    "locations": ("locations", "location", "lieu", "lieux", "lieudaffectation", "dutystation", "city", "ville",
                  "joblocation", "geographicallocation", "region", "country", "pays"),
    "contract_type": ("contracttype", "typecontrat", "typedecontrat", "contract", "contrat", "type", "jobtype",
                      "employmenttype"),
    "deadline": ("deadline", "closingdate", "datelimite", "dateexpiration", "expirationdate", "validthrough",
                 "applyby", "closing", "datecloture", "enddate"),
    "posted_date": ("dateposted", "datepublication", "publicationdate", "startpublicationdate", "pubdate",
                    "published", "publishedat", "postedon", "posted", "created", "createdat", "date"),
    "start_date": ("startdate", "jobstartdate", "datedebut", "datededebut", "beginningdate", "datepriseposte"),
    "reference": ("reference", "ref", "jobid", "requisitionid", "vacancynumber", "offerreference", "numero"),
    "salary": ("salary", "salaryrange", "salaire", "remuneration", "basesalary", "pay"),
    "duration_months": ("duration", "duree", "dureecontrat", "contractduration"),
    "apply_emails": ("email", "applyemail", "contactemail", "mail"),
    "apply_url": ("applyurl", "applicationurl", "urlcandidature", "applylink"),
    "experience_years_min": ("experience", "experiencerequirements", "yearsofexperience"),
    "education_level": ("education", "educationlevel", "educationrequirements", "niveau", "diplome"),
}
_TITLE_KEYS = frozenset(_KEYS["title"])
_TEXT_KEYS = re.compile(r"^(?:description|descriptif|body|content|contenu|summary|resume|missions?|profil|profile"
                        r"|competences|requirements|qualifications|howtoapply|details?)\d*$")
_URL_KEYS = ("url", "link", "offerurl", "joburl", "href", "permalink", "lien")
_ID_KEYS = ("id", "guid", "uid", "reference", "jobid", "offerid")


_NOT_KEY_CHARACTER = re.compile(r"[^a-z0-9]")


@functools.lru_cache(maxsize=4096)
def _normalised_key(key: str) -> str:
    """Records of one export share their keys: each is normalised once."""
    return _NOT_KEY_CHARACTER.sub("", key.lower())


def _normalised_keys(item: dict[str, Any]) -> dict[str, str]:
    return {_normalised_key(key): key for key in item}


def from_record(item: dict[str, Any]) -> StructuredPosting:
    keys = _normalised_keys(item)
    hints: dict[str, Any] = {}
    for record_field, candidates in _KEYS.items():
        for candidate in candidates:
            if candidate in keys:
                value = _label(item[keys[candidate]])
                if value not in (None, "", []):
                    _set(hints, record_field, value)
                    break
    parts = []
    for normalised, key in keys.items():
        value = item[key]
        if _TEXT_KEYS.match(normalised) and isinstance(value, (str, list)):
            lines = value if isinstance(value, list) else [value]
            parts.extend(fragment_text(line) if "<" in line else clean_text(line)
                         for line in lines if isinstance(line, str))
    identifier = next((item[keys[key]] for key in _ID_KEYS if key in keys and isinstance(item[keys[key]], (str, int))),
                      None)
    url = next((item[keys[key]] for key in _URL_KEYS if key in keys and isinstance(item[keys[key]], str)), None)
    return StructuredPosting(text="\n\n".join(part for part in parts if part), hints=hints,
                             external_id=str(identifier) if identifier not in (None, "") else None, url=url)


# --- dispatch --------------------------------------------------------------------------------------------------------

_CONTAINER_KEYS = ("data", "@graph", "items", "results", "jobs", "offers", "offres", "postings", "hits", "records",
                   "vacancies", "itemListElement")


def _is_jobposting(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    return "JobPosting" in (kind if isinstance(kind, list) else [kind])


def posting_items(values: list[Any]) -> list[dict[str, Any]]:
    """The posting-like objects in parsed JSON: JobPostings, ReliefWeb items, records with a title; containers
    (lists, {"data": [...]}, @graph, "items", "results"…) are opened, other objects skipped."""
    items: list[dict[str, Any]] = []
    stack = list(reversed(values))
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            if _is_jobposting(value) or is_reliefweb(value):
                items.append(value)
                continue
            containers = [value[key] for key in _CONTAINER_KEYS if isinstance(value.get(key), (list, dict))]
            if containers:
                stack.extend(reversed(containers))
            elif value.get("@type") == "ListItem" and isinstance(value.get("item"), dict):
                stack.append(value["item"])
            elif not _TITLE_KEYS.isdisjoint(_normalised_keys(value)):
                items.append(value)
    return items


def from_item(item: dict[str, Any]) -> StructuredPosting:
    if _is_jobposting(item):
        return from_jsonld(item)
    if is_reliefweb(item):
        return from_reliefweb(item)
    return from_record(item)
