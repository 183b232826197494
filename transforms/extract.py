"""Every field of the record from the clean text of a French or English posting, each with the span it came from.

Rules read the text the way a careful person does: a labelled line ("Lieu d'affectation : Bamako") first, then the
phrases postings use ("sera basé à Bamako", "au plus tard le 10 Avril 2024", "CDD (un an) renouvelable"), and
only in the places that phrase can mean the field (an "expérience" sentence, a "salaire" line). Nothing is guessed:
a field no rule finds is None.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from glaneur.transforms import dates, money, normalise, places
from glaneur.transforms.places import fold


@dataclass
class Found:
    """A value and the evidence for it: the span in the clean text (None when it came from a structured field)."""

    value: Any
    start: int | None
    end: int | None
    rule: str


@dataclass
class Context:
    text: str
    language: str | None
    today: datetime.date
    posted: datetime.date | None = None
    countries: tuple[str, ...] = ()
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def reference_date(self) -> datetime.date:
        return self.posted or self.today


# --- text helpers ----------------------------------------------------------------------------------------------------

APOSTROPHE = "['’ʼ`]"
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ý•\-])|\n")


def sentences(text: str, start: int = 0, end: int | None = None):
    """(start, end) of each sentence or line of text[start:end]: bullets and lines are sentences too."""
    end = len(text) if end is None else end
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() > position:
            yield position, match.start()
        position = match.end()
    if position < end:
        yield position, end


def line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


# --- labelled lines --------------------------------------------------------------------------------------------------

_LABELS = {
    "title": r"titre\s+du\s+poste|intitul[ée]\s+(?:du|de)\s+poste|intitul[ée]|titre|poste\s+à\s+pourvoir|poste"
             r"|fonction|job\s+title|position\s+title|post\s+title|position|title|vacancy|emploi|r[ôo]le",
    "organization": r"organisation|organization|organisme|employeur|employer|structure|entreprise|company"
                    r"|hiring\s+organi[sz]ation|recruteur|about",
    "locations": rf"lieux?\s+d{APOSTROPHE}affectation|lieux?\s+de\s+(?:travail|la\s+mission|l{APOSTROPHE}emploi)"
                 r"|lieux?\s+du\s+poste|lieux?|localisation|localit[ée]|emplacement|location|duty\s+stations?"
                 r"|pays|country|ville|city|zone\s+d['’]affectation|affectation|workplace|place\s+of\s+work"
                 r"|based\s+in|poste\s+bas[ée]\s+[àa]",
    "contract_type": r"type\s+de\s+contrat|nature\s+du\s+contrat|type\s+d['’]emploi|type\s+de\s+poste"
                     r"|contract\s+type|type\s+of\s+contract|type\s+of\s+appointment|contrat|contract|statut",
    "duration_months": r"dur[ée]e\s+(?:du\s+contrat|de\s+la\s+mission|du\s+stage|de\s+l['’]engagement|du\s+poste)"
                       r"|dur[ée]e|duration(?:\s+of\s+(?:the\s+)?(?:contract|assignment|appointment))?"
                       r"|contract\s+duration|length\s+of\s+(?:the\s+)?(?:contract|assignment)",
    "start_date": r"date\s+de\s+(?:prise\s+de\s+(?:poste|fonctions?)|d[ée]but|d[ée]marrage|d[ée]marrage\s+du\s+contrat)"
                  r"|prise\s+de\s+(?:poste|fonctions?)|d[ée]but\s+(?:du\s+contrat|de\s+la\s+mission|du\s+stage)"
                  r"|d[ée]but|d[ée]marrage|entr[ée]e\s+en\s+fonction|start(?:ing)?\s+date|start|disponibilit[ée]"
                  r"|poste\s+à\s+pourvoir|à\s+pourvoir",
    "deadline": r"date\s+limite(?:\s+de\s+(?:d[ée]p[ôo]t|soumission|candidature|r[ée]ception))?(?:\s+des\s+\w+)?"
                r"|date\s+de\s+cl[ôo]ture(?:\s+des\s+candidatures)?|cl[ôo]ture(?:\s+des\s+candidatures)?"
                r"|closing\s+date|deadline(?:\s+for\s+applications?)?|application\s+deadline|apply\s+by"
                r"|d[ée]lai\s+de\s+(?:d[ée]p[ôo]t|soumission)|date\s+d['’]expiration|expiration|dernier\s+d[ée]lai",
    "posted_date": r"date\s+de\s+(?:publication|parution|l['’]annonce|diffusion)|publi[ée]e?\s+le|publication"
                   r"|date\s+(?:of\s+)?(?:publication|issue|posted)|posted(?:\s+on)?|issue\s+date|date\s+d['’][ée]mission",
    "reference": r"r[ée]f[ée]rence\s+(?:de\s+l['’]offre|du\s+poste|de\s+l['’]annonce|de\s+l['’]avis)|r[ée]f[ée]rence"
                 r"|r[ée]f\.?|ref\.?|reference|n°\s+de\s+l['’]offre|num[ée]ro\s+de\s+l['’]offre|vacancy\s+(?:number|no\.?)"
                 r"|job\s+(?:id|number|reference|ref\.?)|requisition(?:\s+(?:id|number))?|avis\s+n°|job\s+opening\s+id",
    "positions": r"nombre\s+de\s+postes?(?:\s*\(s\))?(?:\s+à\s+pourvoir)?|postes?\s+à\s+pourvoir|nombre"
                 r"|number\s+of\s+(?:positions|posts|vacancies)|no\.?\s+of\s+(?:positions|posts)|vacancies|openings",
    "salary": r"salaire(?:\s+(?:brut|net|mensuel|annuel))*|r[ée]mun[ée]ration(?:\s+(?:brute|nette|mensuelle))*"
              r"|salary(?:\s+range)?|pay|traitement|gratification|package|honoraires|fourchette\s+de\s+salaire",
    "languages_required": r"langues?(?:\s*\(s\))?(?:\s+de\s+travail)?|languages?(?:\s+requirements?)?"
                          r"|working\s+languages?|comp[ée]tences\s+linguistiques|language\s+skills",
}
_LABEL_RES = {
    name: re.compile(
        rf"^[ \t]*(?:[-•*▪]\s*)?(?:\d{{1,2}}[.)]\s*)?(?:{pattern})(?:\s*\([^)\n]{{0,20}}\))?[ \t]*(?:[:：]|\s[-–][ \t])"
        r"[ \t]*(?P<value>[^\n]*)",
        re.IGNORECASE | re.MULTILINE)
    for name, pattern in _LABELS.items()
}
_HEADING_LABEL_RES = {
    name: re.compile(rf"^[ \t]*(?:[-•*▪]\s*)?(?:\d{{1,2}}[.)]\s*)?(?:{pattern})[ \t]*:?[ \t]*\n+(?P<value>[^\n]+)",
                     re.IGNORECASE | re.MULTILINE)
    for name, pattern in _LABELS.items()
}


def labelled(text: str, name: str, headings: bool = True) -> list[tuple[str, int, int]]:
    """Values written after a label on the same line ("Lieu : Bamako"), else on the line under a label heading."""
    found = [(match["value"].strip(), match.start("value"), match.start("value") + len(match["value"].strip()))
             for match in _LABEL_RES[name].finditer(text) if match["value"].strip()]
    if found or not headings:
        return found
    return [(match["value"].strip(), match.start("value"), match.end("value"))
            for match in _HEADING_LABEL_RES[name].finditer(text) if len(match["value"]) <= 160]


# --- title -----------------------------------------------------------------------------------------------------------

# Job nouns, French and English, with their feminine, plural and inclusive endings ("chargé·e·s", "coordinateur/
# trice"); whole words only, so "international" is not "intern" and "supervision" is not "supervisor".
_JOB_WORDS = (
    "chargé", "responsable", "coordinateur", "coordinatrice", "coordonnateur", "coordonnatrice",
    "assistant", "assistante", "directeur", "directrice", "directeur adjoint", "chef", "cheffe", "conseiller",
    "conseillère", "gestionnaire", "technicien", "technicienne", "animateur", "animatrice", "consultant",
    "consultante", "expert", "experte", "stagiaire", "stage", "agent", "agente", "comptable", "logisticien",
    "logisticienne", "spécialiste", "superviseur", "superviseure", "superviseuse", "administrateur",
    "administratrice", "analyste", "juriste", "médecin", "infirmier", "infirmière", "ingénieur", "ingénieure",
    "formateur", "formatrice", "délégué", "déléguée", "volontaire", "représentant", "représentante", "secrétaire",
    "chauffeur", "économiste", "statisticien", "statisticienne", "psychologue", "sage-femme", "enseignant",
    "enseignante", "facilitateur", "facilitatrice", "médiateur", "médiatrice", "auditeur", "auditrice", "contrôleur",
    "contrôleuse", "développeur", "développeuse", "rédacteur", "rédactrice", "traducteur", "traductrice",
    "interprète", "officier", "point focal", "référent", "référente", "opérateur", "opératrice", "magasinier",
    "magasinière", "auxiliaire", "nutritionniste", "épidémiologiste", "pharmacien", "pharmacienne", "vétérinaire",
    "agronome", "enquêteur", "enquêtrice", "mobilisateur", "mobilisatrice", "éducateur", "éducatrice", "moniteur",
    "monitrice", "apprenti", "apprentie", "alternant", "alternante", "trésorier", "trésorière", "chercheur",
    "chercheuse", "professeur", "mentor", "coach", "caissier", "caissière", "gardien", "gardienne", "cuisinier",
    "cuisinière", "électricien", "plombier", "maçon", "ouvrier", "ouvrière", "planificateur", "planificatrice",
    "architecte", "graphiste", "photographe", "journaliste", "préposé", "préposée", "intendant", "intendante",
    "commis", "accompagnateur", "accompagnatrice", "intervenant", "intervenante", "travailleur social",
    "travailleuse sociale", "inspecteur", "inspectrice", "attaché", "attachée", "adjoint", "adjointe", "manager",
    "officer", "assistant", "director", "head of", "chief", "advisor", "adviser", "coordinator", "specialist",
    "technician", "expert", "intern", "internship", "accountant", "logistician", "supervisor", "administrator",
    "analyst", "lawyer", "counsel", "doctor", "physician", "nurse", "engineer", "trainer", "delegate", "volunteer",
    "associate", "representative", "secretary", "driver", "economist", "statistician", "psychologist", "midwife",
    "teacher", "facilitator", "mediator", "auditor", "controller", "developer", "writer", "editor", "translator",
    "interpreter", "focal point", "operator", "clerk", "storekeeper", "nutritionist", "epidemiologist", "pharmacist",
    "veterinarian", "agronomist", "enumerator", "mobilizer", "mobiliser", "educator", "monitor", "apprentice",
    "treasurer", "researcher", "professor", "lecturer", "fellow", "cashier", "guard", "cook", "electrician",
    "plumber", "worker", "planner", "architect", "designer", "photographer", "journalist", "lead", "leader",
    "caseworker", "case worker", "steward", "h/f", "f/h",
)
_INCLUSIVE = r"(?:\s?[(·.\-/]\s?(?:e|es|ne|nes|rice|rices|trice|trices|ère|ères|euse|euses|se|s|x|le|ve)\)?|s|es)*"
JOB_NOUN = (r"(?:charges?" + _INCLUSIVE + r"(?=\s+(?:de|du|des|d['’])\b)|(?:"
            + "|".join(sorted((re.escape(word).replace(r"\ ", r"\s+") for word in set(_JOB_WORDS)), key=len,
                              reverse=True))
            + ")" + _INCLUSIVE + r"(?![\w]))")
JOB_NOUN_RE = re.compile(rf"(?<![\w])(?:{JOB_NOUN})", re.IGNORECASE)
_COUNT = normalise.COUNT
_ARTICLE = (r"(?:un\s*\(\s*e\s*\)|un[·.\-]e|un\s*/\s*une|une?|des|a|an|le|la|l['’]\s*|"
            rf"{_COUNT})")
_TITLE_PREFIX = re.compile(
    r"^\s*(?:(?:re-?advertisement|readvertisement|re-?advertised|re-?publication|republication|nouvel\s+avis)\s*[:\-–]\s*)?"
    r"(?:(?:avis\s+de\s+(?:recrutement|vacance(?:\s+de\s+poste)?)|appel\s+(?:à|a)\s+candidatures?"
    r"|offre\s+d['’]emploi|offre\s+de\s+stage|profil\s+(?:de|du)\s+poste|fiche\s+de\s+poste|description\s+de\s+poste"
    r"|termes\s+de\s+r[ée]f[ée]rences?(?:\s*\(tdr\))?|tdr|vacancy(?:\s+announcement|\s+notice)?|job\s+(?:offer|opening"
    r"|description|title|vacancy)|position|poste|recrutement|recruitment|batch\s+recruitment\s+of\s+\d+\s+positions"
    r"|we\s+are\s+(?:hiring|recruiting)|nous\s+recrutons|on\s+recrute)\s*(?:n°\s*[\w/-]+\s*)?"
    rf"(?:pour\s+le\s+recrutement\s+)?(?:d['’]\s*|de\s+|du\s+|des\s+|of\s+|for\s+)?(?:{_ARTICLE}\s*)?[:\-–]?\s*)+",
    re.IGNORECASE,
)
_LEADING_ARTICLE = re.compile(rf"^(?:{_ARTICLE})\s+(?=\S)", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s*[-–(]?\s*\b(?:H\s*/\s*F|F\s*/\s*H|M\s*/\s*F|F\s*/\s*M|m/f/d|h/f/x)\b\s*\)?\s*$",
                           re.IGNORECASE)
_INCLUSIVE_SPACE = re.compile(r"(\w)\s+\((e|E|es|ES|ne|NE|ère|ERE|ice|rice|RICE|trice|TRICE|se|SE)\)")
_ELISION_SPACE = re.compile(r"\b([lLdDjJnNsScCmMtT]|[Qq]u)([’'])\s+(?=\w)")
_GENERIC_HEADING = re.compile(
    r"^\s*(?:avis\s+de\s+(?:recrutement|vacance(?:\s+de\s+poste)?)|appel\s+(?:à|a)\s+candidatures?|offre\s+d['’]emploi"
    r"|termes\s+de\s+r[ée]f[ée]rences?|tdr|vacancy(?:\s+announcement|\s+notice)?|job\s+(?:description|offer|vacancy)"
    r"|fiche\s+de\s+poste|profil\s+de\s+poste|description\s+(?:du|de)\s+poste|recrutement|recruitment|communiqu[ée]"
    r"|contexte(?:\s+et\s+justification)?|background|context|pr[ée]sentation|introduction|mission|missions)\b[^\n]*$",
    re.IGNORECASE,
)
_RECRUIT_PHRASE = re.compile(
    r"(?:recrute(?:ment)?|recherche|souhaite\s+recruter|cherche\s+à\s+recruter|se\s+propose\s+de\s+recruter"
    r"|lance\s+un\s+(?:avis|appel)[^\n]{0,40}?recrutement|is\s+(?:looking\s+for|seeking|recruiting|hiring)|seeks"
    r"|recruits)\s+(?:(?:pour\s+(?:le\s+compte\s+de\s+)?)?(?:son|sa|ses|its|their)\s+[^\n,]{0,40}?\s+)?"
    rf"(?:d['’]\s*|de\s+|du\s+|des\s+|of\s+)?(?P<article>{_ARTICLE})\s*[:\-–]?\s*(?P<title>[^\n]{{3,160}})",
    re.IGNORECASE,
)
_TITLE_STOP = re.compile(
    r"\s+(?:bas[ée]e?s?\s+(?:à|a|au|en)|based\s+in|qui\s+(?:sera|aura)|who\s+will|afin\s+de|in\s+order\s+to"
    r"|au\s+sein\s+d|within\s+|dans\s+le\s+cadre|pour\s+(?:le\s+compte|son|sa|ses|appuyer|assurer|renforcer)"
    r"|to\s+(?:support|join|lead|work)|expérimenté|experienced|motivé|qualifié|hautement)\b.*$"
    r"|[.;!?](?:\s.*)?$",
    re.IGNORECASE,
)


def clean_title(raw: str, text: str = "") -> tuple[str, list[dict[str, str | None]]]:
    """A title as written, without "Avis de recrutement d'un(e)", "H/F" or a trailing place; ALL-CAPS recased from
    the document's own spelling. Returns the title and any place its tail named ("… - Maputo, Mozambique")."""
    title = " ".join(raw.replace("«", " ").replace("»", " ").replace('"', " ").split())
    title = _TITLE_PREFIX.sub("", title)
    title = _LEADING_ARTICLE.sub("", title)
    title = _TITLE_SUFFIX.sub("", title).strip(" :-–—,;")
    title = _INCLUSIVE_SPACE.sub(r"\1(\2)", _ELISION_SPACE.sub(r"\1\2", title))
    located: list[dict[str, str | None]] = []
    tail = re.search(r"\s+[-–—|,]\s+([^-–—|]+)$|\s+\(([^()]+)\)$", title)
    if tail:
        place = tail.group(1) or tail.group(2)
        if re.fullmatch(r"\d{1,3}[AB]?", place.strip()):
            title = title[:tail.start()]
        elif _is_place_list(place):
            located = places.parse_locations(place)
            title = title[:tail.start()]
    letters = [char for char in title if char.isalpha()]
    if letters and sum(char.isupper() for char in letters) / len(letters) > 0.8 and len(letters) > 4:
        title = recase(title, text)
    return title.strip(" :-–—,;"), located


def _is_place_list(value: str) -> bool:
    parts = [part for part in re.split(r"\s*(?:,|/|\bet\b|\band\b)\s*", value) if part.strip()]
    return bool(parts) and all(places.country_code(part) or places.town_countries(part) for part in parts)


_SMALL_WORDS = frozenset("de du des la le les l d et ou à au aux en pour par sur sous dans avec of the and or for in "
                         "on at to a an".split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def recase(caps: str, text: str) -> str:
    """"CHARGE (E) DE PROJET" → "Chargé (e) de projet": each word as the document spells it elsewhere in mixed
    case (accents included), acronyms the document writes in capitals kept, the first letter capitalised."""
    spellings: dict[str, Counter] = {}
    for line in text.split("\n"):
        letters = [char for char in line if char.isalpha()]
        if not letters or sum(char.isupper() for char in letters) / len(letters) > 0.6:
            continue
        for word in _WORD_RE.findall(line):
            spellings.setdefault(fold(word), Counter())[word] += 1

    def respell(match: re.Match) -> str:
        word = match.group()
        counts = spellings.get(fold(word))
        if counts:
            if counts.get(word):
                return word  # an acronym the document also writes in capitals
            lower = Counter()
            for spelling, count in counts.items():
                lower[spelling.lower()] += count
            return max(lower, key=lambda spelling: (lower[spelling], spelling != fold(spelling)))
        return word.lower() if len(word) > 1 or word.lower() in _SMALL_WORDS else word

    result = _WORD_RE.sub(respell, caps)
    return result[:1].upper() + result[1:]


def _plausible_title(value: str) -> bool:
    words = value.split()
    return (2 <= len(value) <= 160 and 1 <= len(words) <= 22 and not dates.DATE_RE.fullmatch(value.strip())
            and bool(re.search(r"[^\W\d_]{2}", value)) and not value.strip().lower().startswith(("http", "www")))


def find_title(ctx: Context, page_title: str | None = None) -> tuple[Found | None, list[dict[str, str | None]]]:
    text = ctx.text
    for value, start, end in labelled(text, "title", headings=False)[:3]:
        if _plausible_title(value) and not normalise.CONTRACT_WORD_RE.fullmatch(value.strip()):
            title, located = clean_title(value, text)
            if title:
                return Found(title, start, end, "labelled"), located
    head_end = _head_end(text)
    for match in _RECRUIT_PHRASE.finditer(text, 0, head_end):
        candidate = _TITLE_STOP.sub("", match["title"])
        if JOB_NOUN_RE.match(candidate) and _plausible_title(candidate):
            title, located = clean_title(candidate, text)
            if title:
                return Found(title, match.start("title"), match.start("title") + len(candidate), "recruit_phrase"), \
                    located
    best: tuple[int, int, int, str] | None = None
    for rank, (start, end) in enumerate(_head_lines(text, head_end)):
        line = text[start:end]
        stripped = _TITLE_PREFIX.sub("", line)
        generic = _GENERIC_HEADING.match(line) and len(stripped) == len(line)
        if generic or not _plausible_title(stripped) or line.rstrip().endswith((".", ";", ",")) and len(line) > 60:
            continue
        bare = _LEADING_ARTICLE.sub("", stripped)
        score = (3 if JOB_NOUN_RE.match(bare) else 2 if JOB_NOUN_RE.search(bare) else 0) - rank * 0.1
        if score > 0 and (best is None or score > best[0]):
            best = (score, start + len(line) - len(stripped), end, stripped)
    if best:
        title, located = clean_title(best[3], text)
        if title:
            return Found(title, best[1], best[2], "head_line"), located
    if page_title and _plausible_title(page_title):
        title, located = clean_title(re.split(r"\s+[|–—]\s+|\s+-\s+(?=[^-]*$)", page_title)[0], text)
        if title:
            return Found(title, None, None, "page_title"), located
    return None, []


def _head_end(text: str) -> int:
    """End of the posting's head: the first ~15 lines, stopping at the first long paragraph after some lines."""
    position, lines = 0, 0
    while position < len(text) and lines < 15:
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        if end - position > 300 and lines >= 2:
            break
        lines += 1 if end > position else 0
        position = end + 1
    return min(position, len(text))


def _head_lines(text: str, head_end: int):
    position = 0
    while position < head_end:
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        if text[position:end].strip():
            yield position, end
        position = end + 1


# --- organisation ----------------------------------------------------------------------------------------------------

_NAME_WORD = r"(?:[A-ZÀ-Ý][\w&'’.\-]*|&|[A-Z]{2,}[\w&-]*)"
_CONNECTOR = r"(?:de|du|des|la|le|les|pour|et|au|aux|en|sans|contre|sur|for|of|the|and|without|against|l['’]|d['’])"
_ORG_NAME = rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_NAME_WORD}|(?<=['’]){_NAME_WORD}){{0,8}}"
_ORG_KIND = (r"(?:organisation|organization|ong|ngo|ongi|association|fondation|foundation|agence|agency|entreprise"
             r"|soci[ée]t[ée]|company|structure|institution|coop[ée]rative|r[ée]seau|network|f[ée]d[ée]ration|collectif"
             r"|mutuelle|plateforme|coalition|organisme|[ée]tablissement|charity|humanitarian|non[- ]governmental"
             r"|international|nationale?|internationale|franco|belge|malienne?|fran[çc]aise?|not[- ]for[- ]profit)")
_ORG_DEFINITION = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?:L['’]\s*|La\s+|Le\s+|Les\s+|The\s+)?(?P<org>{_ORG_NAME})\s*"
    rf"(?:\((?P<acronym>[^()\n]{{1,15}})\)\s*)?,?\s+(?:est\s+une?|is\s+an?|a\s+été\s+cr[ée]{{2}}|was\s+(?:founded|created"
    rf"|established)|cr[ée]{{2}}e?\s+en|founded\s+in|,\s+une?)\s+(?:\w+\s+){{0,3}}?{_ORG_KIND}",
    re.MULTILINE,
)
_ORG_ACRONYM_DEFINITION = re.compile(
    rf"\((?P<org>[A-Z][A-Za-z]*(?:[&.\-][A-Za-z]+)*)\)\s*,?\s+(?:est\s+une?|is\s+an?)\s+(?:\w+\s+){{0,3}}?{_ORG_KIND}")
_ORG_RECRUITS = re.compile(
    rf"(?:^|(?<=[.!?:]\s)|(?<=\n))(?:L['’]\s*|La\s+|Le\s+|The\s+|L['’]ONG\s+|ONG\s+)?(?P<org>{_ORG_NAME})"
    r"(?:\s+(?:au|en|in)\s+[A-ZÀ-Ý][\w-]+)?\s+(?:recrute|recherche|souhaite\s+recruter|cherche\s+à\s+recruter"
    r"|se\s+propose\s+de\s+recruter|lance\s+un|is\s+(?:recruiting|seeking|looking\s+for|hiring)|seeks|invites"
    r"|s['’]engage|agit|mobilise|met\s+en\s+[œo]euvre|is\s+committed|est\s+engag[ée]e?)\b",
    re.MULTILINE,
)
_ORG_PRESENTATION = re.compile(
    r"^[ \t]*(?:\d{1,2}[.)]\s*)?(?:br[èe]ve\s+)?(?:pr[ée]sentation\s+(?:de\s+l['’]\s*|de\s+la\s+|du\s+|des\s+|de\s+|d['’])"
    r"|à\s+propos\s+(?:de\s+l['’]\s*|de\s+la\s+|du\s+|de\s+|d['’])|about\s+(?:us\s*:\s*)?|qui\s+est\s+)"
    r"(?P<org>[^\n:]{2,80}?)\s*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING_WITH_ORG = re.compile(
    r"^[ \t]*(?:avis\s+de\s+recrutement|appel\s+(?:à|a)\s+candidatures?|offre\s+d['’]emploi|vacancy(?:\s+announcement)?"
    r"|recrutement|job\s+offer)\s+[-–—|:]\s+(?P<org>[^\n]{2,80})$",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_AN_ORG = re.compile(
    r"^(?:le|la|les|l|ce|cette|ces|il|elle|ils|elles|nous|vous|on|the|this|these|we|you|our|your|votre|notre|son|sa"
    r"|ses|leur|un|une|des|chaque|tout|toute|dans|pour|avec|sous|en|au|aux|afin|si|lors|depuis|apr[èe]s|avant|ainsi"
    r"|poste|projet|project|programme|program|candidat|titulaire|mission|contexte|objectif|profil|position|job"
    r"|http|www|madame|monsieur|mr|mme|dear)\b",
    re.IGNORECASE,
)


def expand_acronym(acronym: str, text: str) -> str | None:
    """The long form a text gives for an acronym: "…l'Association Malienne pour la Survie au Sahel (AMSS)…"."""
    letters = [char for char in acronym.upper() if char.isalpha()]
    if not 2 <= len(letters) <= 10:
        return None
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        words = re.findall(r"[^\W\d_][\w'’-]*|&", text[max(0, match.start() - 160):match.start()])
        for size in range(1, min(len(words), 14) + 1):
            candidate = words[-size:]
            initials = [part[0].upper() for word in candidate if fold(word) not in _SMALL_WORDS | {"l", "d"}
                        for part in re.split(r"[-'’]", word) if part and fold(part) not in _SMALL_WORDS]
            if initials == letters and candidate[0][0].isupper():
                start = text.rfind(candidate[0], max(0, match.start() - 160), match.start())
                return " ".join(text[start:match.start()].split()).strip(" ,") if start >= 0 else None
    return None


def _is_acronym(value: str) -> bool:
    compact = value.replace("&", "").replace(".", "").replace("-", "")
    return 2 <= len(compact) <= 10 and " " not in value and sum(char.isupper() for char in compact) >= 2


def _organization_value(raw: str, text: str) -> str | None:
    name = " ".join(raw.split()).strip(" .,:;-–«»\"'")
    name = re.sub(r"^(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)(?=[A-ZÀ-Ý])", "", name)
    if not name or _NOT_AN_ORG.match(name) or len(name) > 90:
        return None
    canonical = normalise.organization_name(name)
    if canonical != name and canonical in normalise.ORGANIZATION_ALIASES.values():
        return canonical
    if _is_acronym(name):
        long_form = expand_acronym(name, text)
        if long_form:
            return normalise.organization_name(re.sub(r"^(?:l['’]\s*|la\s+|le\s+)", "", long_form, flags=re.I))
    letters = [char for char in name if char.isalpha()]
    if len(letters) > 6 and sum(char.isupper() for char in letters) / len(letters) > 0.8:
        name = _recase_name(name, text)
    return normalise.organization_name(name)


def _recase_name(caps: str, text: str) -> str:
    """An organisation written in capitals, as the text writes it elsewhere, else in title case."""
    for found in re.finditer(re.escape(caps), text, re.IGNORECASE):
        if not found.group().isupper():
            return found.group()
    words = caps.lower().split()
    return " ".join(word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
                    for index, word in enumerate(words))


def find_organization(ctx: Context) -> Found | None:
    text = ctx.text
    candidates: list[tuple[int, int, int, str, str]] = []  # (priority, start, end, raw, rule)
    for value, start, end in labelled(text, "organization", headings=False)[:2]:
        candidates.append((0, start, end, value, "labelled"))
    for pattern, priority, rule in ((_HEADING_WITH_ORG, 1, "heading"), (_ORG_PRESENTATION, 2, "presentation"),
                                    (_ORG_RECRUITS, 3, "recruits"), (_ORG_ACRONYM_DEFINITION, 4, "acronym_definition"),
                                    (_ORG_DEFINITION, 4, "definition")):
        match = pattern.search(text)
        if match:
            candidates.append((priority, match.start("org"), match.end("org"), match["org"], rule))
    for _, start, end, raw, rule in sorted(candidates, key=lambda item: (item[0], item[1])):
        value = _organization_value(raw, text)
        if value and not places.country_code(value) and not places.town_countries(value):
            return Found(value, start, end, rule)
    return None


# --- locations -------------------------------------------------------------------------------------------------------

_PLACE_NAME = r"[A-ZÀ-Ý][\w'’\-]*(?:[ \-][A-ZÀ-Ý][\w'’\-]*)*(?:\s+\d)?"
_BASED_AT = re.compile(
    r"(?:bas[ée]e?s?|based|situ[ée]e?|localis[ée]e?|affect[ée]e?|located|stationed|lieu\s+d['’]affectation\s+est)\s+"
    r"(?:principalement\s+|mainly\s+)?(?:à|a|au|en|in|at|sur)\s+(?:la\s+ville\s+de\s+|l['’]\s*)?"
    rf"(?P<places>{_PLACE_NAME}(?:\s*(?:,|\bet\b|\band\b|/|ou)\s*{_PLACE_NAME})*)",
)
_JOB_SUBJECT = re.compile(r"\b(?:poste|post|position|job|role|rôle|titulaire|candidat|consultant|stagiaire|vous|you"
                          r"|il/elle|chargé|charge|intern|volontaire|mission|fonction|incumbent|staff)", re.IGNORECASE)
_ORG_SUBJECT = re.compile(r"\b(?:siège|headquarter|l['’]organisation|l['’]association|l['’]ONG|the\s+organi[sz]ation"
                          r"|bureau|office)", re.IGNORECASE)


def find_locations(ctx: Context, title_places: list[dict[str, str | None]]) -> Found | None:
    text = ctx.text
    for value, start, end in labelled(text, "locations"):
        locations = places.parse_locations(value, ctx.countries)
        if locations:
            return Found(locations, start, end, "labelled")
    for match in _BASED_AT.finditer(text):
        sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        before = text[sentence_start:match.start()]
        if not _JOB_SUBJECT.search(before) or _ORG_SUBJECT.search(before):
            continue
        locations = places.parse_locations(match["places"], ctx.countries)
        if locations:
            return Found(locations, match.start("places"), match.end("places"), "based_at")
    if title_places:
        return Found(title_places, None, None, "title_suffix")
    for start, end in _head_lines(text, _head_end(text)):
        line = text[start:end].strip()
        if len(line) <= 60 and _is_place_list(line):
            return Found(places.parse_locations(line, ctx.countries), start, end, "head_line")
    return None


# --- contract, employment, duration ----------------------------------------------------------------------------------


def find_contract_type(ctx: Context, title: str | None) -> Found | None:
    for value, start, end in labelled(ctx.text, "contract_type", headings=False):
        match = normalise.CONTRACT_WORD_RE.search(value)
        if match:
            return Found(match.lastgroup, start + match.start(), start + match.end(), "labelled")
    if title:
        match = re.match(r"^(?:stage|stagiaire|intern(?:ship)?|consultan(?:t|te|ce|cy)|volontaire|volunteer|vsi"
                         r"|apprenti|alternan)", title, re.IGNORECASE) or re.search(
            r"\b(?:internship|intern|consultancy|consultance|stagiaire|volunteer|apprenti\(?e?\)?|alternance|"
            r"alternant\(?e?\)?|en\s+stage|stage)\s*$|^(?:stage|internship)\b", title, re.IGNORECASE)
        if match:
            value = normalise.contract_type(match.group())
            if value:
                return Found(value, None, None, "title")
    match = normalise.CONTRACT_PHRASE_RE.search(ctx.text)
    if match:
        return Found(match.lastgroup, match.start(), match.end(), "phrase")
    return None


def find_employment_type(ctx: Context) -> Found | None:
    match = normalise.EMPLOYMENT_RE.search(ctx.text)
    return Found(match.lastgroup, match.start(), match.end(), "phrase") if match else None


_UNIT = (r"(?P<unit>mois|months?|ans?|années?|annee|years?|semaines?|weeks?)")
_FUZZY_YEAR = r"(?:plus\s+ou\s+moins\s+|environ\s+|about\s+|approximately\s+|approximativement\s+)?"
_DURATION_NUMBER = rf"{_FUZZY_YEAR}(?P<count>{_COUNT}(?:\s*(?:à|-|–|to)\s*{_COUNT})?)"
# "CDD de 24 mois", "Contrat à durée déterminée de (ex. 12 mois)", "CDD (un an)": a contract word, then the length.
_DURATION_AFTER_CONTRACT = re.compile(
    r"(?:(?<![\w-])(?:CDD|contrat|contract|dur[ée]e|duration|mission|stage|internship|consultance|consultancy"
    r"|engagement|assignment|appointment|period|p[ée]riode|volontariat|for\s+a\s+period)\b[^.\n;]{0,60}?"
    rf"|(?<=\()\s*)(?<!\d)(?<!\de\s){_DURATION_NUMBER}\s*{_UNIT}(?![\w])",
    re.IGNORECASE,
)
# "6-month contract", "12 mois renouvelables", "one-year fixed-term": the length, then a contract word.
_DURATION_BEFORE_CONTRACT = re.compile(
    rf"(?<![\w-]){_DURATION_NUMBER}[\s-]*{_UNIT}"
    r"(?:\s*\)?\s*(?:renouvelables?|renewable|contract|contrat|de\s+contrat|fixed[- ]term|CDD|of\s+contract))",
    re.IGNORECASE,
)
_TEMPLATE_HINT = re.compile(r"(?:\bex\.|\be\.g\.|exemple|par\s+exemple|for\s+example|xx)\s*$", re.IGNORECASE)
_NOT_DURATION_AFTER = re.compile(r"^\s*(?:d['’]exp[ée]rience|of\s+(?:professional\s+)?experience|d['’]existence"
                                 r"|de\s+mise\s+en\s+[œo]euvre|minimum\s+d['’]exp|après|after)", re.IGNORECASE)


def _months(count: str, unit: str) -> int | None:
    first = re.split(r"\s*(?:à|-|–|to)\s*", count.strip())[0]
    value = normalise.count_value(first)
    if value is None:
        return None
    unit = unit.lower()
    if unit.startswith(("an", "ann", "year")):
        return value * 12
    if unit.startswith(("semaine", "week")):
        return round(value / 4.345) if value >= 4 else None
    return value


def find_duration(ctx: Context) -> Found | None:
    text = ctx.text
    for value, start, end in labelled(text, "duration_months"):
        match = re.search(rf"{_DURATION_NUMBER}\s*{_UNIT}", value, re.IGNORECASE)
        if match and not _TEMPLATE_HINT.search(value[:match.start()]):
            months = _months(match["count"], match["unit"])
            if months:
                return Found(months, start + match.start(), start + match.end(), "labelled")
    matches = sorted([*_DURATION_AFTER_CONTRACT.finditer(text), *_DURATION_BEFORE_CONTRACT.finditer(text)],
                     key=lambda match: match.start("count"))
    for match in matches:
        count_start = match.start("count")
        if _TEMPLATE_HINT.search(text[max(0, count_start - 12):count_start]):
            continue
        if _NOT_DURATION_AFTER.match(text[match.end():match.end() + 30]):
            continue
        months = _months(match["count"], match["unit"])
        if months and months <= 120:
            return Found(months, count_start, match.end(), "phrase")
    return None


# --- dates -----------------------------------------------------------------------------------------------------------

_ASAP = re.compile(r"(?:d[èe]s\s+que\s+possible|au\s+plus\s+(?:vite|t[ôo]t)|imm[ée]diatement|imm[ée]diate|d[èe]s"
                   r"\s+maintenant|asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+possible|immediately|immediate(?:ly)?)",
                   re.IGNORECASE)
_START_CONTEXT = re.compile(
    r"(?:prise\s+de\s+(?:poste|fonctions?)|date\s+de\s+(?:d[ée]but|d[ée]marrage|prise)|d[ée]but\s+(?:du\s+contrat|de"
    r"\s+(?:la\s+)?mission|du\s+stage|souhait[ée])|d[ée]marrage|entr[ée]e\s+en\s+fonction|à\s+pourvoir|disponibilit[ée]"
    r"|start(?:ing)?(?:\s+date)?|commence|available\s+from|to\s+be\s+filled|poste\s+à\s+pourvoir|begin(?:ning)?)"
    r"[^.\n]{0,40}?",
    re.IGNORECASE,
)
_START_RE = re.compile(_START_CONTEXT.pattern + r"(?:(?P<asap>" + _ASAP.pattern + r")|(?P<date>"
                       + dates.DATE_RE.pattern + r"))", re.IGNORECASE)
_DEADLINE_CONTEXT = (
    r"(?:au\s+plus\s+tard|avant\s+(?:le|la\s+date\s+du)|jusqu['’](?:au|à)|date\s+limite|d[ée]lai|cl[ôo]tur[ée]e?s?"
    r"|closing\s+date|deadline|apply\s+by|no\s+later\s+than|not\s+later\s+than|before|by|until|expire[sd]?|expiration"
    r"|dernier\s+d[ée]lai|date\s+de\s+cl[ôo]ture|ferm(?:e|eture))"
)
_DEADLINE_RE = re.compile(
    _DEADLINE_CONTEXT + r"[^.\n\d]{0,50}?(?P<date>" + dates.DATE_RE.pattern + r")", re.IGNORECASE)
_APPLICATION_WORDS = re.compile(r"candidat|dossier|postul|cv|apply|applica|soumission|submi|envoy|send|offre|annonce"
                                r"|closing|deadline|limite|cl[ôo]tur|délai|expire|expiration|recrut",
                                re.IGNORECASE)
_POSTED_PHRASE = re.compile(
    r"(?:fait\s+à\s+[A-ZÀ-Ý][\w' -]{1,40},?\s+le|publi[ée]e?\s+le|posted\s+on|date\s+de\s+publication\s*:?|"
    r"date\s+of\s+(?:issue|publication)\s*:?)\s*(?P<date>" + dates.DATE_RE.pattern + r")",
    re.IGNORECASE,
)


def _date_found(match: re.Match, ctx: Context, group: str, future: bool, rule: str) -> Found | None:
    inner = dates.DATE_RE.match(match.string, match.start(group))
    value = dates.date_from_match(inner, ctx.reference_date, future) if inner else None
    return Found(value.isoformat(), match.start(group), match.end(group), rule) if value else None


def find_start(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx.text, "start_date", headings=False):
        if _ASAP.search(value):
            return Found("asap", start, end, "labelled")
        day = dates.parse_date(value, ctx.reference_date)
        if day and dates.DATE_RE.search(value):
            return Found(day.isoformat(), start, end, "labelled")
    for match in _START_RE.finditer(ctx.text):
        if match["asap"]:
            return Found("asap", match.start("asap"), match.end("asap"), "phrase")
        found = _date_found(match, ctx, "date", True, "phrase")
        if found:
            return found
    return None


def find_deadline(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx.text, "deadline"):
        match = dates.DATE_RE.search(value)
        if match:
            day = dates.date_from_match(match, ctx.reference_date, True)
            if day:
                return Found(day.isoformat(), start + match.start(), start + match.end(), "labelled")
    for match in _DEADLINE_RE.finditer(ctx.text):
        line_start, line_end = line_bounds(ctx.text, match.start())
        context = ctx.text[max(line_start, match.start() - 150):min(line_end, match.end() + 80)]
        if not _APPLICATION_WORDS.search(context):
            continue
        found = _date_found(match, ctx, "date", True, "phrase")
        if found:
            return found
    return None


def find_posted(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx.text, "posted_date", headings=False):
        day = dates.parse_date(value, ctx.today, future=False)
        if day:
            return Found(day.isoformat(), start, end, "labelled")
    match = _POSTED_PHRASE.search(ctx.text)
    return _date_found(match, ctx, "date", False, "phrase") if match else None


# --- contact ---------------------------------------------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"(?<![\w.+-])(?P<local>[A-Za-z0-9][\w.+-]*)\s*(?:@|\[\s*(?:at|@|arobase)\s*\]|\(\s*(?:at|@|arobase)\s*\)"
    r"|\{\s*at\s*\}|\s+arobase\s+)\s*(?P<domain>[A-Za-z0-9][\w-]*(?:(?:\.|\s*\[\s*dot\s*\]\s*|\s*\(\s*dot\s*\)\s*"
    r"|\s+dot\s+)[A-Za-z0-9][\w-]*)*(?:\.|\s*\[\s*dot\s*\]\s*|\s*\(\s*dot\s*\)\s*)(?P<tld>[A-Za-z]{2,24}))(?![\w@])",
)
_NOT_EMAIL_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "doc", "docx"})


def find_emails(ctx: Context) -> Found | None:
    emails: list[str] = []
    first: tuple[int, int] | None = None
    for match in EMAIL_RE.finditer(ctx.text):
        if match["tld"].lower() in _NOT_EMAIL_TLD:
            continue
        domain = re.sub(r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\s+dot\s+)\s*", ".", match["domain"])
        email = (match["local"] + "@" + "".join(domain.split())).lower().rstrip(".")
        if email not in emails:
            emails.append(email)
            first = first or (match.start(), match.end())
    for text, href in ctx.links:
        if href.lower().startswith("mailto:"):
            email = href[7:].split("?")[0].strip().lower()
            if "@" in email and email not in emails:
                emails.append(email)
    if not emails:
        return None
    return Found(emails, first[0] if first else None, first[1] if first else None, "email")


_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE)
_APPLY_WORDS = re.compile(r"postul|candidat|apply|application|submit|soumettre|formulaire|form\b|cliquez|click",
                          re.IGNORECASE)


def find_apply_url(ctx: Context) -> Found | None:
    for text, href in ctx.links:
        if href.lower().startswith(("http://", "https://")) and _APPLY_WORDS.search(text):
            return Found(href, None, None, "apply_link")
    for match in _URL_RE.finditer(ctx.text):
        line_start, line_end = line_bounds(ctx.text, match.start())
        before = ctx.text[max(line_start, match.start() - 120):match.start()]
        if _APPLY_WORDS.search(before) and not re.search(r"informations?|savoir\s+plus|more\s+info|site", before,
                                                          re.IGNORECASE):
            url = match.group()
            return Found(url if url.lower().startswith("http") else f"https://{url}", match.start(), match.end(),
                         "apply_url")
    return None


# --- counts: positions, experience -----------------------------------------------------------------------------------

_POSITIONS_NOUN = re.compile(
    rf"(?<![\w])(?P<count>{_COUNT})\s+(?:postes?|positions?|posts?|vacanc(?:y|ies)|places?\s+disponibles|openings?)"
    r"(?!\s+de\s+(?:sant[ée]|contr[ôo]le|travail))\b",
    re.IGNORECASE,
)
_POSITIONS_RECRUIT = re.compile(
    r"(?:recrut(?:ement|er|e)|recherche|recruitment|recruit(?:ing)?|hire|hiring|s[ée]lection)\s+(?:de\s+|of\s+|d['’])?"
    rf"(?P<count>{_COUNT})\s+(?P<noun>(?:[\w()·.\-]+\s+){{0,2}}?)"
    rf"(?:{JOB_NOUN}|candidat|personnes?|profils?|agents?|individus?|people|persons?|staff)",
    re.IGNORECASE,
)
_ARTICLES = frozenset({"un", "une", "a", "an"})


def _count_found(match: re.Match, rule: str) -> Found | None:
    written = match["count"]
    if written.strip().lower() in _ARTICLES:
        return None
    value = normalise.count_value(written)
    return Found(value, match.start("count"), match.end("count"), rule) if value and 0 < value <= 500 else None


def find_positions(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx.text, "positions", headings=False):
        match = normalise.COUNT_RE.search(value)
        if match and normalise.count_value(match.group()):
            return Found(normalise.count_value(match.group()), start + match.start(), start + match.end(), "labelled")
    for pattern, rule in ((_POSITIONS_NOUN, "noun"), (_POSITIONS_RECRUIT, "recruit")):
        for match in pattern.finditer(ctx.text):
            found = _count_found(match, rule)
            if found:
                return found
    return None


_PREFERRED = re.compile(
    r"atout|un\s+plus|est\s+un\s+plus|serait\s+(?:un\s+)?(?:plus|appr[ée]ci[ée]e?|souhaitable)|souhait(?:é|ée|és|ées"
    r"|able|ables)|de\s+pr[ée]f[ée]rence|id[ée]alement|appr[ée]ci[ée]e?s?|bienvenue?s?|asset|advantage|advantageous"
    r"|desirable|desired|preferred|preferably|ideally|would\s+be\s+(?:a\s+)?(?:plus|beneficial)|is\s+a\s+plus|nice\s+to"
    r"\s+have|optional|facultati",
    re.IGNORECASE,
)
_EXPERIENCE_WORD = re.compile(r"exp[ée]rience|experience|expérimenté|pratique\s+professionnelle", re.IGNORECASE)
_YEARS = re.compile(
    rf"(?:(?:au\s+moins|minimum(?:\s+de|\s+d['’]une?)?|min\.?|plus\s+de|at\s+least|a\s+minimum\s+of|minimum\s+of"
    rf"|over|more\s+than|de)\s+)?(?P<count>{_COUNT})\s*(?:\+|à\s+{_COUNT}|-\s*{_COUNT}|–\s*{_COUNT}|to\s+{_COUNT})?"
    r"\s*(?P<unit>ans|an|années?|annees?|years?|yrs?|mois|months?)\b(?!\s+(?:de\s+mise|d['’]existence|après|ago))",
    re.IGNORECASE,
)
_NOT_EXPERIENCE = re.compile(r"(?:depuis|since|created|cr[ée]{2}e?|founded|fond[ée]e?|âg[ée]e?s?|age[ds]?|pendant"
                             r"|il\s+y\s+a|for\s+the\s+past|durée|duration|contrat|contract)\s*(?:de\s+|of\s+)?$",
                             re.IGNORECASE)


def find_experience(ctx: Context) -> Found | None:
    """The first number of years an experience requirement states ("Min. 2 ans d'expérience", "au moins deux (2)
    années", "5 years of professional experience"); a sentence that calls it an asset does not count."""
    text = ctx.text
    for start, end in sentences(text):
        sentence = text[start:end]
        if not _EXPERIENCE_WORD.search(sentence):
            continue
        clauses = _clauses(sentence)
        for match in _YEARS.finditer(sentence):
            clause_start, clause_end = next((a, b) for a, b in clauses if a <= match.start() < b or b == len(sentence))
            if _PREFERRED.search(sentence[clause_start:clause_end]):
                continue
            if _NOT_EXPERIENCE.search(sentence[max(0, match.start() - 25):match.start()]):
                continue
            distance = min(min(abs(word.start() - match.end()), abs(match.start() - word.end()))
                           for word in _EXPERIENCE_WORD.finditer(sentence))
            if distance > 160:
                continue
            value = normalise.count_value(match["count"])
            if value is None or match["count"].strip().lower() in _ARTICLES and not match["unit"].lower().startswith(
                    ("an", "ann", "year")):
                continue
            if match["unit"].lower().startswith(("mois", "month")):
                value = value // 12 if value >= 12 else None
            if value is not None and value <= 40:
                return Found(value, start + match.start(), start + match.end(), "sentence")
    return None


# --- education, languages --------------------------------------------------------------------------------------------

_EDUCATION_CONTEXT = re.compile(
    r"dipl[ôo]m|formation|niveau|titulaire|degree|qualification|[ée]tudes|education|graduate|[ée]quivalent"
    r"|minimum|requis|required|exig[ée]|universit|cursus",
    re.IGNORECASE,
)


def find_education(ctx: Context) -> Found | None:
    """The lowest level the requirements accept ("Bac+3 minimum, Master souhaité" → bachelor)."""
    text = ctx.text
    required: list[tuple[int, int, int, str]] = []
    preferred: list[tuple[int, int, int, str]] = []
    for match in normalise.EDUCATION_RE.finditer(text):
        level = match.lastgroup
        if level == "bachelor" and ctx.language == "en" and match.group().lower().startswith("licen"):
            continue  # in English a licence is a permit
        line_start, line_end = line_bounds(text, match.start())
        line = text[line_start:line_end]
        after = text[match.end():match.end() + 4]
        at_line_start = not re.search(r"\w", text[line_start:match.start()].lstrip("-•*▪ \t0123456789.)"))
        if not (_EDUCATION_CONTEXT.search(line) or re.match(r"\s*(?:en|in|de|d['’]|of|\()", after) or at_line_start):
            continue
        clause_start = max(line_start, *(text.rfind(mark, line_start, match.start()) + 1 for mark in ",;("))
        clause_end = min([line_end, *(position for position in (text.find(mark, match.end(), line_end)
                                                                for mark in ",;)") if position != -1)])
        target = preferred if _PREFERRED.search(text[clause_start:clause_end]) else required
        target.append((normalise.education_rank(level), match.start(), match.end(), level))
    chosen = required or preferred
    if not chosen:
        return None
    _, start, end, level = min(chosen)
    return Found(level, start, end, "mention")


_LANGUAGE_SKILL = re.compile(
    r"ma[îi]tris|parl[ée]|[ée]crit|courant|bilingue|langues?|lecture|[ée]criture|r[ée]daction|expression|oral"
    r"|fluen|proficien|written|spoken|command\s+of|knowledge\s+of|working\s+knowledge|speak|master|native"
    r"|connaissance\s+(?:de\s+l['’]|du|de\s+la)|excellent|bonne?s?\s+(?:connaissance|niveau|compétences)|level",
    re.IGNORECASE,
)


def find_languages(ctx: Context) -> Found | None:
    """Languages a sentence about language skills requires; a clause that calls one an asset leaves it out."""
    text = ctx.text
    required: dict[str, tuple[int, int]] = {}
    for start, end in sentences(text):
        sentence = text[start:end]
        if not LANGUAGE_NAME_FAST.search(sentence) or not _LANGUAGE_SKILL.search(sentence):
            continue
        for clause_start, clause_end in _clauses(sentence):
            clause = sentence[clause_start:clause_end]
            names = list(normalise.LANGUAGE_NAME_RE.finditer(clause))
            if not names or _PREFERRED.search(clause):
                continue
            for name in names:
                required.setdefault(name.lastgroup, (start + clause_start + name.start(),
                                                     start + clause_start + name.end()))
    if not required:
        return None
    first = min(required.values())
    return Found(sorted(required), first[0], first[1], "skill_sentence")


LANGUAGE_NAME_FAST = re.compile(r"fran|angl|engl|arab|espa|span|portu|allem|germ|ital|russ|chin|lingu|langu|swahil|"
                                r"haou|haus|peul|pula|fulf|bamb|wolo|linga|kinya|somal|amhar|tigr|malga|kurd|persa|fars"
                                r"|dari|pasht|pacht|ourd|urdu|hindi|bengal|turc|turk|dutch|néerl|ukrain|créole|creole"
                                r"|yorub|igbo|sango|oromo|népal|nepal|birman|burm|mandarin|darija|castill|hispano"
                                r"|lusoph|francoph|anglophon|arabophon|flamand|kirundi|fula|poular|bamanankan",
                                re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;,]|\s(?:mais|but|while|tandis\s+que|alors\s+que)\s|\s(?:et|and)\s(?=(?:de\s+)?(?:"
                           r"celle|la\s+connaissance|une?\s+connaissance|knowledge))|(?=\()|(?<=\))", re.IGNORECASE)


def _clauses(sentence: str):
    """(start, end) of each clause; a parenthesis stays with the clause before it ("Tamazight (atout)")."""
    position = 0
    pieces: list[tuple[int, int]] = []
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(sentence)))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and sentence[start:end].lstrip().startswith("("):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# --- salary, reference -----------------------------------------------------------------------------------------------

_SALARY_WORD = re.compile(
    r"salaire|salari(?:al|ale)|salary|r[ée]mun[ée]r|gross|brut|\bnet\b|pay\b|paid|traitement|gratification|honoraires"
    r"|fees?\b|package|wage",
    re.IGNORECASE,
)
_ALLOWANCE_WORD = re.compile(r"per\s+diem|perdiem|allowance|indemnit|prime|bonus|reimburs|rembours|budget|ticket"
                             r"|co[ûu]t|cost|montant\s+du\s+projet|financement|funding|grant|subvention",
                             re.IGNORECASE)


def find_salary(ctx: Context) -> Found | None:
    text = ctx.text
    for start, end in sentences(text):
        line = text[start:end]
        if not _SALARY_WORD.search(line) or (_ALLOWANCE_WORD.search(line) and not re.search(
                r"salaire|salary|r[ée]mun[ée]ration", line, re.IGNORECASE)):
            continue
        segment_end = end
        if re.search(r"[:：]\s*$", line):  # "Salaire :" with the amount on the next line
            next_end = text.find("\n", end + 1)
            segment_end = len(text) if next_end == -1 else next_end
        parsed = money.parse_salary(text[start:segment_end], ctx.countries)
        if parsed:
            salary, span_start, span_end = parsed
            return Found(salary, start + span_start, start + span_end, "salary_line")
    return None


_REFERENCE_VALUE = re.compile(r"(?P<ref>[A-Z0-9][A-Za-z0-9]*(?:[/_.\-][A-Za-z0-9]+)*)")
_INLINE_REFERENCE = re.compile(
    r"(?:r[ée]f[ée]rence\s+(?:de\s+l['’]offre|du\s+poste|de\s+l['’]annonce|de\s+l['’]avis)|r[ée]f\.|ref\.|r[ée]f\s*:"
    r"|ref\s*:|reference\s*(?:number|no\.?)?\s*:|vacancy\s+(?:number|no\.?)|job\s+(?:id|number|ref(?:erence)?)"
    r"|requisition(?:\s+(?:id|number))?|avis\s+n[°o]|offre\s+n[°o]|avis\s+de\s+recrutement\s+n[°o])\s*[:#]?\s*"
    r"(?P<ref>[A-Z0-9][A-Za-z0-9]*(?:[/_.\-][A-Za-z0-9]+)*)",
    re.IGNORECASE,
)


def _reference_ok(value: str) -> bool:
    return (3 <= len(value) <= 40 and any(char.isdigit() for char in value)
            and not dates.DATE_RE.fullmatch(value) and not re.fullmatch(r"\+?\d[\d .]{7,}", value))


def find_reference(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx.text, "reference", headings=False):
        match = _REFERENCE_VALUE.match(value)
        if match and _reference_ok(match["ref"]):
            return Found(match["ref"], start, start + match.end(), "labelled")
    for match in _INLINE_REFERENCE.finditer(ctx.text):
        if _reference_ok(match["ref"]):
            return Found(match["ref"], match.start("ref"), match.end("ref"), "inline")
    return None


# --- is it a posting at all? -----------------------------------------------------------------------------------------

_POSTING_SIGNALS = {
    "recruit": r"recrut|recruit|hiring|vacanc|embauche",
    "apply": r"candidat|postul|apply|applicat|lettre\s+de\s+motivation|cover\s+letter|\bcv\b|curriculum",
    "job": r"\bposte\b|\bposition\b|\bjob\b|emploi|fonction|\bstage\b|internship|consultan",
    "profile": r"profil|qualifications?|comp[ée]tences|skills|requirements|exig|dipl[ôo]m|degree",
    "duties": r"missions?|responsabilit|t[âa]ches|duties|activit[ée]s\s+principales|attributions",
    "terms": r"contrat|contract|salaire|salary|r[ée]mun[ée]ration|date\s+limite|deadline|closing\s+date",
}
_SIGNAL_RES = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in _POSTING_SIGNALS.items()}
_CV_SIGNALS = re.compile(r"date\s+de\s+naissance|n[ée]e?\s+le\s+\d|[ée]tat\s+civil|situation\s+(?:matrimoniale|familiale)"
                         r"|centres?\s+d['’]int[ée]r[êe]t|loisirs|hobbies|date\s+of\s+birth|marital\s+status"
                         r"|references\s+available|nationalit[ée]\s*:|c[ée]libataire|mari[ée]e?\s*,",
                         re.IGNORECASE)
_NEWSLETTER_SIGNALS = re.compile(r"newsletter|se\s+d[ée]sabonner|d[ée]sinscri|unsubscribe|lettre\s+d['’]information"
                                 r"|view\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser|version\s+en\s+ligne",
                                 re.IGNORECASE)


def posting_evidence(text: str) -> tuple[int, str | None]:
    """How many kinds of job-posting vocabulary the text has, and why it is something else when it is."""
    sample = text[:20000]
    signals = sum(1 for pattern in _SIGNAL_RES.values() if pattern.search(sample))
    if len(_CV_SIGNALS.findall(sample)) >= 2:
        return signals, "the text reads as a CV (birth date, civil status, hobbies), not a job posting"
    if _NEWSLETTER_SIGNALS.search(sample) and signals < 5:
        return signals, "the text reads as a newsletter, not a job posting"
    return signals, None


EXTRACTORS: dict[str, Callable[..., Found | None]] = {
    "organization": find_organization,
    "employment_type": find_employment_type,
    "duration_months": find_duration,
    "start_date": find_start,
    "deadline": find_deadline,
    "apply_emails": find_emails,
    "apply_url": find_apply_url,
    "positions": find_positions,
    "education_level": find_education,
    "experience_years_min": find_experience,
    "languages_required": find_languages,
    "reference": find_reference,
}
