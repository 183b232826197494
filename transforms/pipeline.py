"""One capture in, postings (or a rejection) out: parse → extract → normalise. Pure: no I/O, no clock.

Structured values win over free text: the capture's hints (feed fields, listing selectors, API fields) first, then
what the document itself declares (JSON-LD, ReliefWeb or export fields), then the rules of `extract`.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable

from glaneur.record import CONTRACT_TYPES, EDUCATION_LEVELS, Capture, Posting, Rejection, content_hash
from glaneur.transforms import dates, extract, guards, money, normalise, places
from glaneur.transforms.extract import Context, Found
from glaneur.transforms.parse import Document, parse


def process(capture: Capture, today: datetime.date) -> list[Posting] | Rejection:
    rejection = guards.screen(capture)  # hostile bytes never reach a parser (transforms/guards.py)
    if rejection:
        return rejection
    documents = parse(capture)
    if isinstance(documents, Rejection):
        return documents
    postings: list[Posting] = []
    rejections: list[Rejection] = []
    for document in documents:
        result = build_posting(capture, document, today)
        (rejections if isinstance(result, Rejection) else postings).append(result)
    if postings:
        return postings
    return rejections[0] if rejections else Rejection("not_a_posting", "no posting in this capture")


def build_posting(capture: Capture, document: Document, today: datetime.date) -> Posting | Rejection:
    raw_hints = {key: value for key, value in {**_place_hints(document.hints), **_place_hints(capture.hints)}.items()
                 if value not in (None, "", [], {})}
    text = document.text or str(raw_hints.get("description") or "")
    ctx = Context(text=text, language=None, today=today, links=document.links)
    values: dict[str, Any] = {}
    evidence: dict[str, Any] = {}

    def keep(name: str, found: Found | None) -> None:
        if found is None or found.value in (None, [], ""):
            return
        values[name] = found.value
        span = [found.start, found.end] if found.start is not None else None
        snippet = text[found.start:found.end] if span else _hint_text(raw_hints.get(name))
        evidence[name] = {"span": span, "text": snippet, "rule": found.rule}

    hints = {name: value for name, value in ((name, _normalise_hint(name, raw, ctx)) for name, raw in raw_hints.items()
                                             if name in HINT_NORMALISERS) if value not in (None, [], "")}
    title_places: list[dict[str, str | None]] = []
    structured_title = next(iter(_strings(raw_hints.get("title"))), None)
    if structured_title:
        title, title_places = extract.clean_title(re.sub(r"<[^>]+>", " ", structured_title), text)
        if title:
            hints["title"] = title
    hint_found = {name: Found(value, None, None, "structured") for name, value in hints.items()}

    ctx.language = hints.get("language") or normalise.detect_language(text)
    keep("language", hint_found.get("language") or (
        Found(ctx.language, None, None, "stopwords") if ctx.language else None))
    keep("posted_date", hint_found.get("posted_date") or extract.find_posted(ctx))
    if values.get("posted_date"):
        ctx.posted = datetime.date.fromisoformat(values["posted_date"])

    if "title" in hints:  # a source that structures its items as jobs is believed
        keep("title", hint_found["title"])
    else:
        signals, other_kind = extract.posting_evidence(ctx.low)
        if other_kind:
            return Rejection("not_a_posting", other_kind)
        found, title_places = extract.find_title(ctx, document.hints.get("_page_title"))
        if found is None:
            return Rejection("not_a_posting", "no job title in the text: it does not read as a job posting")
        keep("title", found)
        # "X recrute un Y", "Poste : Y", a first line that starts with a job noun: the title itself is evidence
        signals += found.rule in ("labelled", "recruit_phrase") or bool(extract.JOB_NOUN_RE.match(found.value))
        if signals < 2:
            return Rejection("not_a_posting", f"only {signals} kind(s) of job-posting vocabulary in the text")

    keep("locations", hint_found.get("locations") or extract.find_locations(ctx, title_places))
    located = tuple(dict.fromkeys(loc["country"] for loc in values.get("locations", []) if loc.get("country")))
    if located:
        ctx.countries = located
    raw_title = evidence["title"]["text"] or values["title"]  # as written: a packed title's tail names the contract
    keep("contract_type", hint_found.get("contract_type") or extract.find_contract_type(ctx, raw_title))
    ctx.contract_type = values.get("contract_type")
    salary_hint = _salary(raw_hints["salary"], ctx) if "salary" in raw_hints else None  # F CFA needs the country
    keep("salary", Found(salary_hint, None, None, "structured") if salary_hint else extract.find_salary(ctx))
    for name, finder in extract.EXTRACTORS.items():
        keep(name, hint_found.get(name) or finder(ctx))
    if values.get("contract_type") == "permanent" and evidence.get("duration_months", {}).get("rule") == "phrase":
        del values["duration_months"], evidence["duration_months"]  # a CDI has no length: the months were another's

    description = text or None
    return Posting(
        **{name: values.get(name) for name in ("title", "organization", "language", "contract_type",
                                               "employment_type", "duration_months", "start_date", "deadline",
                                               "posted_date", "apply_url", "positions", "education_level",
                                               "experience_years_min", "salary", "reference")},
        locations=values.get("locations", []),
        apply_emails=values.get("apply_emails", []),
        languages_required=values.get("languages_required", []),
        description=description,
        source=capture.source,
        url=document.url or capture.url,
        content_hash=content_hash(description or values["title"]),
        external_id=document.external_id or capture.external_id,
        evidence=evidence,
    )


def _place_hints(hints: dict[str, Any]) -> dict[str, Any]:
    """Sources that give a place as "city", "country", "region" or "location" (feed dc:coverage, listing selectors)
    rather than as `locations`."""
    if "locations" in hints:
        return hints
    parts = {key: hints[key] for key in ("city", "region", "country") if isinstance(hints.get(key), str)}
    if parts:
        return {**hints, "locations": [{"city": parts.get("city"), "region": parts.get("region"),
                                        "country": parts.get("country")}]}
    if hints.get("location"):
        return {**hints, "locations": hints["location"]}
    return hints


def _hint_text(raw: Any) -> str | None:
    return None if raw is None else raw if isinstance(raw, str) else str(raw)


# --- structured values → record values -------------------------------------------------------------------------------


def _strings(raw: Any) -> list[str]:
    if isinstance(raw, (list, tuple)):
        return [str(item) for item in raw if item not in (None, "")]
    return [] if raw in (None, "") else [str(raw)]


def _first_of(normaliser: Callable[[str], Any]) -> Callable[[Any, Context], Any]:
    def normalise_first(raw: Any, ctx: Context) -> Any:
        return next((value for value in map(normaliser, _strings(raw)) if value not in (None, "")), None)
    return normalise_first


def _organization(raw: Any, ctx: Context) -> str | None:
    name = next(iter(_strings(raw)), None)
    return normalise.organization_name(name) if name else None


def _locations(raw: Any, ctx: Context) -> list[dict[str, str | None]]:
    """Structured places: strings ("Bamako, Mali") or {city, region, country} objects whose country may be a name,
    an ISO code or missing (then the town says it, when it is known)."""
    locations: list[dict[str, str | None]] = []
    for item in raw if isinstance(raw, list) else [raw]:
        if isinstance(item, dict):
            city, region, country = (str(item[key]) if item.get(key) else None for key in ("city", "region", "country"))
            code = places.country_code(country) if country else None
            if city and not code:
                found = places.parse_locations(city)
                if found:
                    locations.extend(found)
                    continue
            if city or region or code:
                locations.append({"city": places.place_name(city) if city else None,
                                  "region": places.place_name(region) if region else None, "country": code})
        elif item not in (None, ""):
            locations.extend(places.parse_locations(str(item)))
    return locations


def _date(future: bool) -> Callable[[Any, Context], str | None]:
    def normalise_date(raw: Any, ctx: Context) -> str | None:
        if isinstance(raw, datetime.datetime):
            return raw.date().isoformat()
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        for value in _strings(raw):
            if future and extract._ASAP.search(value):
                return "asap"
            day = dates.parse_date(value, ctx.posted or ctx.today, future)
            if day:
                return day.isoformat()
        return None
    return normalise_date


def _emails(raw: Any, ctx: Context) -> list[str]:
    found = extract.find_emails(Context(text="\n".join(_strings(raw)), language=None, today=ctx.today))
    return found.value if found else []


def _integer(pattern: re.Pattern, scale: Callable[[re.Match], int | None]) -> Callable[[Any, Context], int | None]:
    def normalise_integer(raw: Any, ctx: Context) -> int | None:
        if isinstance(raw, bool):
            return None
        if isinstance(raw, (int, float)):
            return int(raw)
        for value in _strings(raw):
            match = pattern.search(value)
            if match:
                return scale(match)
        return None
    return normalise_integer


_COUNT_IN = re.compile(normalise.COUNT, re.IGNORECASE)
_YEARS_IN = re.compile(rf"(?P<count>{normalise.COUNT})\s*(?:\+|-\s*\d+|–\s*\d+|à\s*\d+)?\s*(?P<unit>ans?|ann[ée]es?"
                       r"|years?|yrs?|mois|months?)?", re.IGNORECASE)
_DURATION_IN = re.compile(rf"(?P<count>{normalise.COUNT})\s*(?P<unit>mois|months?|ans?|ann[ée]es?|years?|semaines?"
                          r"|weeks?)", re.IGNORECASE)


def _years(match: re.Match) -> int | None:
    value = normalise.count_value(match["count"])
    unit = (match["unit"] or "").lower()
    if value is not None and unit.startswith(("mois", "month")):
        return value // 12
    return value


def _salary(raw: Any, ctx: Context) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        low, high = raw.get("min"), raw.get("max")
        currency = raw.get("currency")
        code = money.currency_code(str(currency), ctx.countries) if currency else None
        if code is None and isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency):
            code = currency
        if low in (None, "") and high in (None, ""):
            return None
        return {"min": _number_or_none(low), "max": _number_or_none(high), "currency": code,
                "period": raw.get("period") if raw.get("period") in ("hour", "day", "month", "year") else None}
    for value in _strings(raw):
        parsed = money.parse_salary(value, ctx.countries)
        if parsed:
            return parsed[0]
    return None


def _number_or_none(value: Any) -> int | float | None:
    if value in (None, ""):
        return None
    number = float(str(value).replace(" ", "").replace(",", "."))
    return int(number) if number == int(number) else number


def _education(raw: Any, ctx: Context) -> str | None:
    for value in _strings(raw):
        if value in EDUCATION_LEVELS:
            return value
        english = {"high school": "secondary", "associate degree": "short_cycle", "bachelor degree": "bachelor",
                   "postgraduate degree": "master", "professional certificate": None}
        if value.lower() in english:
            return english[value.lower()]
        level = normalise.education_level(value)
        if level:
            return level
    return None


def _employment(raw: Any, ctx: Context) -> str | None:
    for value in _strings(raw):
        if value in ("full_time", "part_time"):
            return value
        kind = normalise.employment_type(value.replace("_", " "))
        if kind:
            return kind
    return None


HINT_NORMALISERS: dict[str, Callable[[Any, Context], Any]] = {
    "organization": _organization,
    "language": _first_of(normalise.language_code),
    "locations": _locations,
    "contract_type": _first_of(lambda value: value if value in CONTRACT_TYPES else normalise.contract_type(value)),
    "employment_type": _employment,
    "duration_months": _integer(_DURATION_IN, lambda match: extract._months(match["count"], match["unit"])),
    "start_date": _date(True),
    "deadline": _date(True),
    "posted_date": _date(False),
    "apply_emails": _emails,
    "apply_url": _first_of(lambda value: value.strip() if value.strip().lower().startswith("http") else None),
    "positions": _integer(_COUNT_IN, lambda match: normalise.count_value(match.group())),
    "education_level": _education,
    "experience_years_min": _integer(_YEARS_IN, _years),
    "languages_required": lambda raw, ctx: sorted({code for code in map(normalise.language_code, _strings(raw))
                                                   if code}),
    "reference": _first_of(lambda value: " ".join(value.split()) or None),
}


def _normalise_hint(name: str, raw: Any, ctx: Context) -> Any:
    return HINT_NORMALISERS[name](raw, ctx)
