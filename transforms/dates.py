"""Dates as postings write them ("1er Mars 2023", "07/04/2024", "before 24 September", "Feb-15-16") → `date`.

Day first, French and English month names; a missing year is inferred from a reference date (the posting's date,
else the run date) so that the result is the next plausible one.
"""

from __future__ import annotations

import calendar
import datetime
import re

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "août": 8, "aout": 8, "aoû": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12, "december": 12,
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-zà-ÿ])\.?"
_WEEKDAY = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday"
            r"|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+(?:le\s+)?")
_ORDINAL = r"(?:er|re|ère|st|nd|rd|th|ème|eme|e)?"

# One alternation, most specific first. Every branch is anchored so it cannot start inside a number or a code.
DATE_RE = re.compile(
    rf"(?<![\w/.-])(?:{_WEEKDAY})?(?:"
    r"(?P<iso_y>\d{4})[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})(?![\d/])(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?P<num_d>\d{1,2})\s?[/.-]\s?(?P<num_m>\d{1,2})\s?[/.-]\s?(?P<num_y>\d{4}|\d{2})(?![\d/])"
    rf"|(?P<txt_d>\d{{1,2}}){_ORDINAL}[\s-]*(?:de\s+|of\s+)?(?P<txt_m>{_MONTH})(?:[\s,/-]*(?P<txt_y>\d{{4}})(?!\d)|-(?P<txt_yy>\d{{2}})(?!\d))?"
    rf"|(?P<eng_m>{_MONTH})[\s-]*(?P<eng_d>\d{{1,2}}){_ORDINAL}(?!\d)(?:(?:,?\s*|-)(?P<eng_y>\d{{4}}|(?<=-)\d{{2}})(?!\d))?"
    r")",
    re.IGNORECASE,
)

_FUTURE_SLACK = datetime.timedelta(days=31)
_PAST_SLACK = datetime.timedelta(days=7)

RELATIVE_RE = re.compile(
    r"\b(?:(?P<today>today|aujourd['’]hui)|(?P<yesterday>yesterday|hier)"
    r"|(?P<n>\d{1,3})\+?\s*(?P<unit>days?|jours?|weeks?|semaines?)\s+ago"
    r"|il\s+y\s+a\s+(?P<n_fr>\d{1,3})\s*(?P<unit_fr>jours?|semaines?))\b",
    re.IGNORECASE,
)


def _full_year(two_digits: int, reference: datetime.date) -> int:
    century = reference.year // 100 * 100
    year = century + two_digits
    return year - 100 if year > reference.year + 10 else year


def _infer_year(month: int, day: int, reference: datetime.date, future: bool) -> datetime.date | None:
    """The plausible date for a day and month without a year: the next one for deadlines and starts (with a month of
    slack, since a posting read a little late still means this year), the last one for publication dates."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            continue
        candidates.append(datetime.date(year, month, day))
    if future:
        return next((day_ for day_ in candidates if day_ >= reference - _FUTURE_SLACK), None)
    past = [day_ for day_ in candidates if day_ <= reference + _PAST_SLACK]
    return past[-1] if past else None


def date_from_match(match: re.Match, reference: datetime.date, future: bool = True) -> datetime.date | None:
    """The date a DATE_RE match names, or None when the numbers make no date (31/02, month 13)."""
    groups = match.groupdict()
    year: int | None
    if groups["iso_y"]:
        year, month, day = int(groups["iso_y"]), int(groups["iso_m"]), int(groups["iso_d"])
    elif groups["num_d"]:
        day, month, year = int(groups["num_d"]), int(groups["num_m"]), int(groups["num_y"])
        if month > 12 >= day:  # 04/24/2024: the only reading is month first
            day, month = month, day
        if len(groups["num_y"]) == 2:
            year = _full_year(year, reference)
    elif groups["txt_d"]:
        day, month = int(groups["txt_d"]), MONTHS[groups["txt_m"].rstrip(".").lower()]
        year = int(groups["txt_y"]) if groups["txt_y"] else (
            _full_year(int(groups["txt_yy"]), reference) if groups["txt_yy"] else None)
    else:
        day, month = int(groups["eng_d"]), MONTHS[groups["eng_m"].rstrip(".").lower()]
        raw_year = groups["eng_y"]
        year = None if not raw_year else int(raw_year) if len(raw_year) == 4 else _full_year(int(raw_year), reference)
    if year is None:
        return _infer_year(month, day, reference, future)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def has_year(match: re.Match) -> bool:
    """Does this DATE_RE match write its year ("25 July 2025"), or is the year to be inferred ("25 July")?"""
    groups = match.groupdict()
    return any(groups[name] for name in ("iso_y", "num_y", "txt_y", "txt_yy", "eng_y"))


def parse_date(text: str, reference: datetime.date, future: bool = True) -> datetime.date | None:
    """The first date written in `text` (a field value such as "Closing date: 22 Oct 2026"), else a relative one
    ("Posted 2 Days Ago") counted back from `reference`."""
    for match in DATE_RE.finditer(text):
        value = date_from_match(match, reference, future)
        if value:
            return value
    return relative_date(text, reference)


def relative_date(text: str, reference: datetime.date) -> datetime.date | None:
    match = RELATIVE_RE.search(text)
    if not match:
        return None
    if match["today"]:
        return reference
    if match["yesterday"]:
        return reference - datetime.timedelta(days=1)
    count = int(match["n"] or match["n_fr"])
    unit = (match["unit"] or match["unit_fr"]).lower()
    return reference - datetime.timedelta(days=count * (7 if unit.startswith(("week", "semaine")) else 1))
