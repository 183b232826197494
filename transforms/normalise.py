"""The record's vocabularies: contract and employment types, education levels, ISO 639-1 languages, counts written
in words ("trois (3)"), organisation aliases (`data/organizations.yaml`), and the posting's own language.

Each function takes a short written value (a structured field, or a snippet the extractor found) and returns the
record's value, or None when the value says nothing the vocabulary knows.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from glaneur.transforms.places import fold

# --- contract and employment types -------------------------------------------------------------------------------

# Words that name a contract in a field or a title ("Type de contrat : CDD", "Stagiaire communication"). Free text
# uses the stricter CONTRACT_PHRASES: there, "stage", "temporary" or "permanent" often mean something else.
_CONTRACT_WORDS = (
    ("apprenticeship", r"alternan(?:ce|t|te|ts|tes)|apprenti(?:e|s|es|ssage)?|contrat\s+de\s+professionnalisation"
                       r"|apprenticeship|apprentice"),
    ("internship", r"stages?|stagiaires?|internship|interns?|gratification"),
    ("volunteer", r"(?-i:VSI|VIA|UNV)|volontariat|volontaires?|service\s+civique|volunteers?(?:ing)?"),
    ("consultancy", r"consultan(?:ce|cy|ts?|tes?)|prestation(?:\s+de\s+services?)?|prestataire|freelance"
                    r"|(?:individual\s+)?contractor|honoraires"),
    ("permanent", r"(?-i:CDI)|(?:contrat\s+)?(?:de\s+travail\s+)?(?:à|a)\s+durée\s+indéterminée|permanent|open[- ]ended"
                  r"|indefinite|titulaire|fonctionnaire"),
    ("fixed_term", r"(?-i:CDD)|(?:contrat\s+)?(?:de\s+travail\s+)?(?:(?:à|a)\s+durée\s+)?déterminée?|fixed[- ]term"
                   r"|temporary|temporaire|short[- ]term|durée\s+limitée|(?-i:TA|FTA)|contractuel(?:le)?"),
    ("other", r"intérim|interim|vacataire|vacation|saisonni(?:er|ère)|seasonal|freelance"),
)
# One boundary check around the whole alternation (not one per branch): the engine rejects most positions at once.
CONTRACT_WORD_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _CONTRACT_WORDS) + r")(?![\w-])",
    re.IGNORECASE)

_CONTRACT_PHRASES = (
    ("apprenticeship", r"alternance|contrat\s+d['’]apprentissage|en\s+apprentissage|contrat\s+de\s+professionnalisation"
                       r"|apprenticeship"),
    ("internship", r"offre\s+de\s+stage|convention\s+de\s+stage|stage\s+(?:de\s+fin\s+d['’]études|conventionné"
                   r"|rémunéré|de\s+\d+\s+mois|d['’]une\s+durée)|gratification\s+de\s+stage|internship"),
    ("volunteer", r"(?-i:VSI)|contrat\s+de\s+volontariat|volontariat\s+de\s+solidarité|volontaire\s+de\s+solidarité"
                  r"|service\s+civique|volunteer\s+(?:position|assignment|opportunity|contract)|(?-i:UNV)"),
    ("consultancy", r"consultance|consultancy|contrat\s+de\s+(?:prestation|consultant)|prestation\s+de\s+services?"
                    r"|individual\s+contractor|(?:individual|independent)\s+consultants?"
                    r"|consultante?s?\s+(?:individuel(?:le)?s?|ind[ée]pendante?s?)"),
    ("permanent", r"(?-i:CDI)|(?:contrat\s+)?(?:de\s+travail\s+)?(?:à|a)\s+durée\s+indéterminée"
                  r"|permanent\s+(?:contract|position|post|job|role|appointment)|open[- ]ended\s+contract"),
    ("fixed_term", r"(?-i:CDD)|contrat\s+(?:de\s+travail\s+)?(?:(?:à|a)\s+durée\s+)?déterminée?|durée\s+déterminée"
                   r"|fixed[- ]term|temporary\s+(?:contract|appointment|position)|contrat\s+temporaire"
                   r"|contrat\s+à\s+durée\s+limitée"),
)
CONTRACT_PHRASE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _CONTRACT_PHRASES) + r")(?![\w-])",
    re.IGNORECASE)

# schema.org employmentType and ReliefWeb "type" values.
_CONTRACT_CODES = {
    "full_time": None, "part_time": None, "contractor": "consultancy", "temporary": "fixed_term",
    "intern": "internship", "internship": "internship", "volunteer": "volunteer",
    "volunteer opportunity": "volunteer", "consultancy": "consultancy", "job": None, "per_diem": "other",
    "other": "other", "permanent": "permanent", "fixed term": "fixed_term",
}


# In one short value the most specific kind wins: "CDD - Alternance - Contrat d'apprentissage" is an apprenticeship.
_CONTRACT_PRIORITY = ("apprenticeship", "internship", "volunteer", "consultancy", "other", "permanent", "fixed_term")


def contract_type(value: str) -> str | None:
    """"CDD", "Contrat à durée indéterminée", "Consultancy", "CONTRACTOR", "Stage de 6 mois" → the vocabulary."""
    code = value.strip().lower().replace("-", "_")
    if code in _CONTRACT_CODES:
        return _CONTRACT_CODES[code]
    kinds = {match.lastgroup for match in CONTRACT_WORD_RE.finditer(value)}
    return next((kind for kind in _CONTRACT_PRIORITY if kind in kinds), None)


EMPLOYMENT_RE = re.compile(
    r"(?P<full_time>temps\s+(?:plein|complet)|plein[- ]temps|full[- _]?time|(?<!\d)100\s?%\s*(?:ETP|FTE))"
    r"|(?P<part_time>temps\s+partiel|mi[- ]temps|part[- _]?time|half[- ]time|(?<!\d)[1-9]\d\s?%\s*(?:ETP|FTE|(?:d['’]un\s+)?temps)"
    # a share of a full post: "0.8 FTE", "0,5 ETP"; a fraction of one: "4/5e temps", "3/4 time", "(4/5e – CDI)",
    # "un CDI à 4/5". A date ("4/5/2026"), "24/7" or "1/2 journée" is none.
    r"|(?<![\d.,])0?[.,][1-9]\d?\s*(?:ETP|FTE)\b"
    r"|(?<![\d/.,])(?:[1-4]\s*/\s*5|[1-3]\s*/\s*4|1\s*/\s*2)\s*(?:e|è|ème|eme|èmes|emes|ths?)?\s*(?:de\s+)?(?:temps|time)\b"
    r"|(?<![\d/.,])[1-4]\s*/\s*5\s*(?:e|è|ème|eme|èmes|emes)(?![\w/])|(?<!\w)à\s+[1-4]\s*/\s*5(?![\w/]|[.,]\d))",
    re.IGNORECASE,
)


def employment_type(value: str) -> str | None:
    match = EMPLOYMENT_RE.search(value)
    return match.lastgroup if match else None


# --- education -------------------------------------------------------------------------------------------------------

_EDUCATION_LEVELS = ("secondary", "short_cycle", "bachelor", "master", "doctorate")
_EDUCATION = (
    ("doctorate", r"doctorat|doctorate|doctoral\s+degree|ph\.?\s?d\b\.?|bac\s?\+\s?8"),
    ("master", r"advanced\s+(?:university\s+)?degree|(?:post-?)?graduate\s+degree|(?-i:Master)(?:['’]s|s)?(?!\s?1)"
               r"(?:\s+(?:2|II|pro|professionnel|recherche|spécialisé))?|master(?:['’]s|s)(?=\s)|master\s+(?:degree|of|in)"
               r"|(?:(?<=de\s)|(?<=d['’])|(?<=un\s)|(?<=en\s)|(?<=niveau\s))master(?:\s?2)?(?!\s?1)"
               r"|bac\s?\+\s?5|(?-i:DESS|DEA|MBA|MSc|M\.Sc|MPH|LLM|M2)|diplôme\s+d['’]ingénieur"
               r"|ingénieur\s+(?:diplômé|d['’]état)|niveau\s+(?:7|I)\b"),
    ("bachelor", r"(?<!driving\s)(?<!driver's\s)licence(?:\s+professionnelle)?|bachelor(?:['’]s)?(?!\s+universitaire)"
                 r"|bacheli[eè]re?|bac\s?\+\s?[34]|(?-i:Master\s?1|M1|BSc|B\.Sc|BA)"
                 r"|(?:(?<=de\s)|(?<=d['’])|(?<=un\s)|(?<=en\s))master\s?1"
                 r"|first[- ]level\s+(?:university\s+)?degree|undergraduate\s+degree|university\s+degree"
                 r"|niveau\s+(?:6|II)\b"),
    ("short_cycle", r"bac\s?\+\s?2|(?-i:BTS|DUT|DEUG|DEUST|DTS|HND)|technicien\s+supérieur|associate\s+degree|graduat"
                    r"|bachelor\s+universitaire|niveau\s+(?:5|III)\b"),
    ("secondary", r"baccalauréat(?!\s?\+)|(?-i:BAC|Bac)(?!\s?\+)|high[- ]school|secondary\s+(?:school|education)"
                  r"|(?-i:DEF|BEPC|CAP|BEP|CESS)|niveau\s+(?:4|IV)\b"),
)
EDUCATION_RE = re.compile(
    r"(?<![\w+])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _EDUCATION) + r")(?![\w])",
    re.IGNORECASE)


def education_rank(level: str) -> int:
    return _EDUCATION_LEVELS.index(level)


def education_level(value: str) -> str | None:
    """The lowest level a value names: "Bac+3 minimum ou Master" → bachelor."""
    levels = [match.lastgroup for match in EDUCATION_RE.finditer(value)]
    return min(levels, key=education_rank) if levels else None


# --- languages -------------------------------------------------------------------------------------------------------

# Language names and adjectives, French and English → ISO 639-1.
_LANGUAGE_NAMES = {
    "fr": r"fran[çc]ais(?:e|es)?|french|francophone",
    "en": r"anglais(?:e|es)?|english|anglophone",
    "ar": r"arabes?|arabic|arabophone|darija",
    "es": r"espagnol(?:e|es)?|spanish|castillan|hispanophone",
    "pt": r"portugais(?:e|es)?|portuguese|lusophone",
    "de": r"allemand(?:e|es)?|german",
    "it": r"italien(?:ne|nes)?|italian",
    "ru": r"russe|russian",
    "zh": r"chinois(?:e)?|chinese|mandarin",
    "nl": r"néerlandais(?:e)?|dutch|flamand",
    "tr": r"turc|turque|turkish",
    "fa": r"persan|farsi|persian|dari",
    "ps": r"pachto|pashto|pashtu",
    "ur": r"ourdou|urdu",
    "hi": r"hindi",
    "bn": r"bengali|bangla",
    "sw": r"swahili|kiswahili",
    "ha": r"haoussa|hausa",
    "ff": r"peul|pulaar|fulfulde|fula|poular",
    "bm": r"bambara|bamanankan",
    "wo": r"wolof",
    "ln": r"lingala",
    "rw": r"kinyarwanda",
    "rn": r"kirundi",
    "so": r"somali",
    "am": r"amharique|amharic",
    "ti": r"tigrinya|tigrigna",
    "mg": r"malgache|malagasy",
    "ku": r"kurde|kurdish",
    "uk": r"ukrainien(?:ne)?|ukrainian",
    "ht": r"créole\s+haïtien|haitian\s+creole",
    "yo": r"yoruba",
    "ig": r"igbo",
    "sg": r"sango",
    "om": r"oromo",
    "ne": r"népalais|nepali",
    "my": r"birman|burmese",
}
LANGUAGE_NAME_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<{code}>{pattern})" for code, pattern in _LANGUAGE_NAMES.items()) + r")(?![\w-])",
    re.IGNORECASE)
_ISO_639_1 = set(_LANGUAGE_NAMES)


def language_code(value: str) -> str | None:
    """"Français", "english", "FR", "fr-FR" → ISO 639-1."""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code in _ISO_639_1:
        return code
    match = LANGUAGE_NAME_RE.search(value)
    return match.lastgroup if match else None


_STOPWORDS = {
    "fr": frozenset("le la les des du de et est un une pour dans avec sur au aux par que qui nous vous votre vos "
                    "sont ce cette ses leur être sera il elle en".split()),
    "en": frozenset("the and of to in for with is are you your we our on as be will this that from an by at "
                    "have has who it".split()),
}
_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ]+")


def detect_language(text: str) -> str | None:
    """fr or en, from a stopword count over the first few thousand characters; None when too little text."""
    words = _WORD.findall(text[:2500].lower())
    counts = {code: sum(1 for word in words if word in stopwords) for code, stopwords in _STOPWORDS.items()}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= 3 else None


# --- counts ----------------------------------------------------------------------------------------------------------

NUMBER_WORDS = {
    "un": 1, "une": 1, "one": 1, "a": 1, "an": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
    "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9, "nine": 9,
    "dix": 10, "ten": 10, "onze": 11, "eleven": 11, "douze": 12, "twelve": 12, "quinze": 15, "fifteen": 15,
    "dix-huit": 18, "eighteen": 18, "vingt": 20, "twenty": 20, "vingt-quatre": 24, "twenty-four": 24,
    "trente": 30, "thirty": 30, "trente-six": 36, "thirty-six": 36,
}
_WORD_ALTERNATION = "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 1), key=len, reverse=True))
# "trois (3)", "deux (02)", "(90)", "02", "five", "3"
COUNT = rf"(?:(?:{_WORD_ALTERNATION})\s*\(\s*\d{{1,3}}\s*\)|\(\s*\d{{1,3}}\s*\)|\d{{1,3}}(?![\d,.]\d)|(?:{_WORD_ALTERNATION}))"
COUNT_RE = re.compile(COUNT, re.IGNORECASE)


def count_value(written: str) -> int | None:
    """"trois (03)" → 3, "02" → 2, "five" → 5; the digits win when both are written."""
    digits = re.search(r"\d+", written)
    if digits:
        return int(digits.group())
    return NUMBER_WORDS.get(written.strip().lower())


# --- organisations ---------------------------------------------------------------------------------------------------


def _organization_aliases() -> dict[str, str]:
    entries = yaml.safe_load((resources.files("glaneur.transforms") / "data" / "organizations.yaml").read_text("utf-8"))
    aliases = {}
    for canonical, others in entries.items():
        for name in [canonical, *(others or [])]:
            aliases[fold(name)] = canonical
    return aliases


ORGANIZATION_ALIASES = _organization_aliases()
_LEADING_ARTICLE = re.compile(r"^(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)?(?:(?:ong|ngo)\s+(?-i:(?=[A-ZÀ-Ý]))"
                              r"|association\s+(?-i:(?=[A-Z]{2,}\b)))?", re.IGNORECASE)


def organization_name(value: str) -> str | None:
    """The canonical name of an organisation as written ("M&D" → "Migrations & Développement")."""
    name = " ".join(value.split()).strip(" .,:;-–«»\"'")
    if not name:
        return None
    key = fold(name)
    if key in ORGANIZATION_ALIASES:
        return ORGANIZATION_ALIASES[key]
    bare = _LEADING_ARTICLE.sub("", name)
    return ORGANIZATION_ALIASES.get(fold(bare), bare or name)
