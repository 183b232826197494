"""Salary text → {min, max, currency (ISO 4217), period}: "1700 € à 2000 € brut/mois", "USD 3,500 per month",
"De 46K à 55Keuros bruts annuels", "14 386 400 francs CFA" (XOF or XAF, by the posting's country).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


# Written currency → ISO 4217. "CFA" is resolved to XOF (UEMOA) or XAF (CEMAC) from the posting's country.
CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "us$": "USD", "usd": "USD", "us dollars": "USD", "us dollar": "USD", "dollars us": "USD",
    "dollars américains": "USD", "dollars": "USD", "dollar": "USD",
    "£": "GBP", "gbp": "GBP", "livres sterling": "GBP",
    "chf": "CHF", "francs suisses": "CHF",
    "fcfa": "CFA", "f cfa": "CFA", "f.cfa": "CFA", "francs cfa": "CFA", "franc cfa": "CFA", "cfa": "CFA",
    "xof": "XOF", "xaf": "XAF",
    "mad": "MAD", "dh": "MAD", "dhs": "MAD", "dirhams": "MAD", "dirham": "MAD",
    "tnd": "TND", "dinars tunisiens": "TND", "dzd": "DZD", "dinars algériens": "DZD", "dinars": "DINAR",
    "dinar": "DINAR", "dt": "TND",
    "gnf": "GNF", "francs guinéens": "GNF", "cdf": "CDF", "francs congolais": "CDF",
    "mga": "MGA", "ariary": "MGA", "ksh": "KES", "kes": "KES", "ngn": "NGN", "naira": "NGN",
    "ghs": "GHS", "cedis": "GHS", "htg": "HTG", "gourdes": "HTG", "cad": "CAD", "rwf": "RWF", "bif": "BIF",
    "ugx": "UGX", "etb": "ETB", "birr": "ETB", "jod": "JOD", "lbp": "LBP", "sdg": "SDG", "ssp": "SSP",
    "xpf": "XPF", "mru": "MRU", "ouguiyas": "MRU", "afn": "AFN", "iqd": "IQD", "yer": "YER", "syp": "SYP",
    "try": "TRY", "inr": "INR", "bdt": "BDT", "pkr": "PKR", "php": "PHP", "zar": "ZAR", "mzn": "MZN",
}
_CURRENCY_WORDS = sorted((word for word in CURRENCIES if word[0].isalpha()), key=len, reverse=True)
CURRENCY_RE = re.compile(
    r"(?P<symbol>[€$£])|(?:(?<![A-Za-zÀ-ÿ])|(?<=\d[kK]))(?P<word>" + "|".join(re.escape(word) for word in _CURRENCY_WORDS)
    + r")(?![A-Za-zÀ-ÿ])",
    re.IGNORECASE,
)
_CFA_ZONES = {"XOF": {"BJ", "BF", "CI", "GW", "ML", "NE", "SN", "TG"}, "XAF": {"CM", "CF", "TD", "CG", "GQ", "GA"}}
# "400 dinars par mois": the dinar of the posting's country.
_DINARS = {"TN": "TND", "DZ": "DZD", "JO": "JOD", "IQ": "IQD", "LY": "LYD", "KW": "KWD", "BH": "BHD", "RS": "RSD"}

# 14 386 400 · 3,500 · 3.500,00 · 2597 · 46K · 21 k
AMOUNT_RE = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    r"(?:\s?(?P<thousands>[kK])(?=$|[^a-zA-Z]|(?i:eur|usd|cfa|fcfa|xof|xaf|mad|dh|chf|gbp)))?(?!\s?%)(?!\s?\d)",
)
# "1700 € à 2000 €", "USD 2,800 to USD 3,200", "15 000 et 18 000 MAD", "450 000 F CFA et 550 000 F CFA": a currency
# may stand on either side of the join.
_RANGE_JOIN = re.compile(
    r"^\s*(?:[€$£]|[a-zA-Z]{1,6}(?:[ .][a-zA-Z]{3})?)?\s*(?:à|a|-|–|—|to|et|and|jusqu['’]à|up to)\s*"
    r"(?:[€$£]|[A-Za-z]{3,4}\b)?\s*$",
    re.IGNORECASE)
_FROM_WORD = re.compile(r"(?:à partir de|a partir de|from|dès|starting at|minimum|min\.?|au moins)\s*$", re.I)
_UP_TO_WORD = re.compile(r"(?:jusqu['’]à|up to|maximum|max\.?|au plus)\s*$", re.IGNORECASE)

_PERIODS = (
    ("hour", r"heures?|horaires?|/\s?h\b|per hour|an hour|hourly|hour"),
    ("day", r"jours?|journ(?:ée|alier|alière)s?|/\s?j\b|per day|a day|daily|/\s?day"),
    ("month", r"mois|mensuel(?:le)?s?|monthly|per month|a month|/\s?month|p\.\s?m\."),
    ("year", r"an(?:s|nées?)?\b|annuel(?:le)?s?|par an|per (?:year|annum)|a year|annual(?:ly)?|yearly|p\.\s?a\."),
)
# "13th month", "13ème mois" and "sur 13 mois" name bonuses or the pay's spread, not the pay period.
_PERIOD_RE = re.compile(
    r"(?<!\d)(?<!\dth )(?<!\dème )(?<!\deme )(?<!\de )(?<!sur \d\d )(?<!over \d\d )(?P<word>"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PERIODS) + r")",
    re.IGNORECASE,
)


def _number(match: re.Match) -> float:
    raw = re.sub(r"[ \u00a0\u202f'’]", "", match["number"])
    decimals = re.search(r"[.,](\d{1,2})$", raw)
    whole = re.sub(r"[.,]", "", raw[:decimals.start()] if decimals else raw)
    value = float(whole + ("." + decimals.group(1) if decimals else ""))
    return value * 1000 if match["thousands"] else value


def currency_code(written: str, countries: Iterable[str] = ()) -> str | None:
    code = CURRENCIES.get(written.lower().replace("\u00a0", " "))
    if code == "DINAR":
        return next((_DINARS[country] for country in countries if country in _DINARS), None)
    if code != "CFA":
        return code
    for country in countries:
        for zone, members in _CFA_ZONES.items():
            if country in members:
                return zone
    return None


def _period(text: str, start: int, end: int) -> str | None:
    """The pay period: a period word right after the amount wins, else one before it on the same line."""
    after = re.split(r"[.;\n]", text[end:end + 60])[0]
    match = _PERIOD_RE.search(after)
    if not match:
        before = text[max(0, text.rfind("\n", 0, start) + 1):start]
        matches = list(_PERIOD_RE.finditer(before))
        match = matches[0] if matches else None
    if not match:
        return None
    return next(name for name, _ in _PERIODS if match[name])


def _int(value: float) -> int | float:
    return int(value) if value == int(value) else value


def parse_salary(text: str, countries: Iterable[str] = ()) -> tuple[dict[str, Any], int, int] | None:
    """The first amount (or range) with a currency in `text`, with its span; None when the text has no such amount
    ("salaire compétitif", "selon grille", "A négocier")."""
    currencies = [(match.start(), match.end(), match[0]) for match in CURRENCY_RE.finditer(text)]
    amounts = [match for match in AMOUNT_RE.finditer(text)]

    def currency_next_to(match: re.Match) -> str | None:
        for start, end, written in currencies:
            if 0 <= match.start() - end <= 2 or 0 <= start - match.end() <= 2:
                return written
        return None

    for index, match in enumerate(amounts):
        low, high = _number(match), None
        written = currency_next_to(match)
        end = match.end()
        following = amounts[index + 1] if index + 1 < len(amounts) else None
        if following and _RANGE_JOIN.match(text[match.end():following.start()]):
            high = _number(following)
            written = written or currency_next_to(following)
            if following["thousands"] and not match["thousands"] and low < 1000:
                low *= 1000
            end = following.end()
        if not written:
            continue
        if high is None and _UP_TO_WORD.search(text[max(0, match.start() - 20):match.start()]):
            low, high = None, low
        elif high is None and not _FROM_WORD.search(text[max(0, match.start() - 20):match.start()]):
            high = low
        span_start = min([match.start(), *(s for s, e, _ in currencies if 0 <= match.start() - e <= 2)])
        span_end = max([end, *(e for s, e, _ in currencies if 0 <= s - end <= 2)])
        salary = {
            "min": None if low is None else _int(low),
            "max": None if high is None else _int(high),
            "currency": currency_code(written, countries),
            "period": _period(text, span_start, span_end),
        }
        return salary, span_start, span_end
    return None
