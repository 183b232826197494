"""Every field of the record from the clean text of a French or English posting, each with the span it came from.

Rules read the text the way a careful person does: a labelled line ("Lieu d'affectation : Bamako") first, then the
phrases postings use ("sera basé à Bamako", "au plus tard le 10 Avril 2024", "CDD (un an) renouvelable"), and
only in the places that phrase can mean the field (an "expérience" sentence, a "salaire" line). Nothing is guessed:
a field no rule finds is None.
"""

from __future__ import annotations

import bisect
import datetime
import heapq
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import takewhile
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


# The most text the rules read. A real posting, terms of reference included, is under 50,000 characters; past four
# times that is an annex, a whole mailing-list digest or a flattened site, where no field of the job is to be found
# and every rule would still pay for the scan (extraction is linear, ~1 s per MB on this machine: see
# bench/extract_timing.py). The description keeps the whole text; spans stay valid offsets into it.
MAX_READ_CHARS = 200_000


class Context:
    """One document's text and what extraction has learnt so far. `low` is the text in lower case with the same
    offsets: rules find their trigger words in it with `str.find` (fast) and run their regular expressions only on
    the lines around them. Rules read the first MAX_READ_CHARS characters."""

    def __init__(self, text: str, language: str | None, today: datetime.date, links: list[tuple[str, str]] = (),
                 posted: datetime.date | None = None, countries: tuple[str, ...] | None = None):
        text = text[:MAX_READ_CHARS]
        self.text = text
        self.low = _same_length_lower(text)
        self.language = language
        self.today = today
        self.posted = posted
        self.links = list(links)
        self._countries = countries
        self._mentioned = _MentionedCountries(text)
        self.hinted_countries = _MentionedCountries(text, places.context_countries)
        self._label_lines: list[tuple[int, int]] | None = None
        self._line_breaks: list[int] | None = None
        self._first_hits: dict[str, int] | None = None
        self._indexed: frozenset[str] = frozenset()
        self._sentence_breaks: tuple[list[int], list[int]] | None = None
        self.labels: tuple[dict[str, list], dict[str, list]] | None = None
        self.contract_type: str | None = None

    @property
    def reference_date(self) -> datetime.date:
        return self.posted or self.today

    @property
    def countries(self) -> Iterable[str]:
        """Countries the posting is in (its locations once known), else those its text mentions, found only if a
        rule iterates them (an ambiguous town, a salary in F CFA): most postings never need the scan."""
        return self._countries if self._countries is not None else self._mentioned

    @countries.setter
    def countries(self, value: tuple[str, ...]) -> None:
        self._countries = value

    def line_bounds(self, position: int) -> tuple[int, int]:
        """(start, end) of the line around `position`, from an index of the line breaks built once per text: a
        `rfind`/`find` per call would rescan a long line (a PDF or page flattened to one line) for every hit."""
        if self._line_breaks is None:
            self._line_breaks = [match.start() for match in _LINE_BREAK.finditer(self.text)]
        breaks = self._line_breaks
        index = bisect.bisect_left(breaks, position)
        return (breaks[index - 1] + 1 if index else 0), (breaks[index] if index < len(breaks) else len(self.text))

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        """(start, end) of the sentence around `position`: a line, or its part between ". ", "; ", "! " or "? "
        (the mark kept at the end). The marks are indexed once per text, so each call is a binary search."""
        if self._sentence_breaks is None:
            marks = list(_SENTENCE_MARK.finditer(self.low))
            self._sentence_breaks = [match.start() for match in marks], [match.end() for match in marks]
        starts, ends = self._sentence_breaks
        before = bisect.bisect_right(ends, position)  # the marks wholly before `position`
        after = bisect.bisect_left(starts, position)  # the first mark at or after it
        start = ends[before - 1] if before else 0
        if after == len(starts):
            return start, len(self.text)
        mark_start = starts[after]
        return start, mark_start + (self.low[mark_start] != "\n")

    def windows(self, triggers: tuple[str, ...], bounds: Callable[[int], tuple[int, int]] | None = None):
        """(start, end) of each line (or `bounds` unit) holding one of the lower-case `triggers`, in text order.

        Lazy: each trigger is looked for once, then again only past the window its last hit opened, so a rule
        satisfied by the first window costs one `str.find` per trigger. Linear in the text: every trigger's
        `find` resumes past the last window, and bounds come from an index.
        """
        bounds = bounds or self.line_bounds
        low = self.low
        heap = [(position, trigger) for trigger in triggers if (position := self.first_hit(trigger)) != -1]
        heapq.heapify(heap)
        last_end = -1
        while heap:
            position, trigger = heapq.heappop(heap)
            if position < last_end:  # inside the window already given
                following = low.find(trigger, last_end)
            else:
                window = bounds(position)
                last_end = window[1]
                yield window
                following = low.find(trigger, last_end)
            if following != -1:
                heapq.heappush(heap, (following, trigger))

    def first_hit(self, trigger: str) -> int:
        """`low.find(trigger)`. A posting's rules look for some 300 distinct triggers, most of them absent, and each
        absent one cost a scan of the whole text: the first windows call instead finds every trigger the rules have
        asked for so far in one pass (`_TriggerScan`); a trigger not yet known is looked for alone, and known after."""
        if self._first_hits is None:
            self._indexed, self._first_hits = _TRIGGER_SCAN.first_hits(self.low)
        position = self._first_hits.get(trigger)
        if position is None:
            if trigger in self._indexed:
                return -1
            _TRIGGER_SCAN.learn(trigger)
            position = self._first_hits[trigger] = self.low.find(trigger)
        return position

    def sentence_windows(self, triggers: tuple[str, ...]):
        """(start, end) of each sentence holding one of the lower-case `triggers`, in text order."""
        return self.windows(triggers, self.sentence_bounds)

    def line_and_previous(self, position: int) -> tuple[int, int]:
        """The line around `position` with the line before it, for a sentence wrapped onto the line."""
        start, end = self.line_bounds(position)
        return (self.line_bounds(start - 1)[0] if start else 0), end

    def finditer(self, pattern: re.Pattern, triggers: tuple[str, ...]):
        """Matches of `pattern` on the lines that hold a trigger, in text order."""
        for start, end in self.windows(triggers):
            yield from pattern.finditer(self.text, start, end)

    def label_lines(self) -> list[tuple[int, int]]:
        """Lines that may be "label : value" (a colon or a dash early on) or a short heading."""
        if self._label_lines is None:
            lines, position, text = [], 0, self.text
            while position <= len(text):
                end = text.find("\n", position)
                end = len(text) if end == -1 else end
                head = text[position:min(end, position + 90)]
                if end > position and (":" in head or "：" in head or " - " in head or " – " in head
                                       or end - position <= 80):
                    lines.append((position, end))
                # "… of Inspector General. Location: Geneva, Switzerland. Posted: …": labels inside a line
                sentence = text.find(". ", position, end)
                while sentence != -1:  # each look is bounded: a line as long as the text stays linear
                    if text.find(":", sentence, min(end, sentence + 41)) != -1:
                        lines.append((sentence + 2, end))
                    sentence = text.find(". ", sentence + 2, end)
                position = end + 1
            self._label_lines = lines
        return self._label_lines


class _TriggerScan:
    """The first position of each trigger the rules have asked for, found in one pass over a text.

    The triggers are put in a trie-shaped pattern tried at every position (a lookahead, so overlapping ones count);
    the longest trigger starting at a position is matched, and every trigger at that position is a prefix of it.
    Rules name their triggers where they call `Context.windows`, so the set is learnt as they run; the pattern is
    rebuilt for the next text when it grew (a few times in a process's first postings)."""

    def __init__(self) -> None:
        self._known: dict[str, None] = {}
        self._scan: tuple[frozenset[str], re.Pattern | None, dict[str, tuple[str, ...]]] = (frozenset(), None, {})

    def learn(self, trigger: str) -> None:
        if trigger:  # "" is at 0 in any text: left to `str.find`
            self._known = {**self._known, trigger: None}  # a new dict: a scan being built elsewhere keeps its own

    def first_hits(self, low: str) -> tuple[frozenset[str], dict[str, int]]:
        indexed, pattern, prefixes = self._scan
        if len(indexed) != len(self._known):
            indexed = frozenset(self._known)
            pattern = re.compile(f"(?=({_trie_pattern(indexed)}))")
            prefixes = {word: tuple(word[:length] for length in range(1, len(word) + 1) if word[:length] in indexed)
                        for word in indexed}
            self._scan = indexed, pattern, prefixes
        hits: dict[str, int] = {}
        if pattern is not None:
            for match in pattern.finditer(low):
                longest = match.group(1)
                if longest not in hits:  # else its prefixes, met with it, are all in already
                    position = match.start()
                    for prefix in prefixes[longest]:
                        hits.setdefault(prefix, position)
        return indexed, hits


def _trie_pattern(words: Iterable[str]) -> str:
    """A pattern matching any of `words`, shaped as their trie: at each character one branch at most can go on, and
    a word that another extends is an optional end, so the match is the longest word at that position."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        alternatives = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 and "" not in node else f"(?:{'|'.join(alternatives)})"
        return body + ("?" if "" in node else "")

    return branch(trie)


_TRIGGER_SCAN = _TriggerScan()


class _MentionedCountries:
    """The countries a text names (or, with `places.context_countries`, those its telephone numbers, domains and
    towns point to), the most mentioned first, computed on first iteration: most postings never need the scan."""

    def __init__(self, text: str, countries: Callable[[str], tuple[str, ...]] = places.mentioned_countries):
        self._text = text
        self._find = countries
        self._codes: tuple[str, ...] | None = None

    def __iter__(self):
        if self._codes is None:
            self._codes = self._find(self._text)
        return iter(self._codes)


def _same_length_lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


# --- text helpers ----------------------------------------------------------------------------------------------------

APOSTROPHE = "['’ʼ`]"
def _sentences_in(ctx: Context, triggers: tuple[str, ...]) -> list[tuple[int, int]]:
    """The sentences that hold a trigger."""
    return ctx.sentence_windows(triggers)


_SENTENCE_MARK = re.compile(r"[.!?;] |\n")
_LINE_BREAK = re.compile(r"\n")


def line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


# Bullets and emoji that lead a line of a list or a social-media post: "• 03 animateurs", "👉 Deux (2) animatrices",
# "📌 2 postes", "▪ un (01) chauffeur" (variation selectors and joiners included).
BULLET = ("[-–—•*·▪▫◦●○■□►▶▸➢➣➤➔→⇒✓✔☑❖◆◇♦\u2190-\u21ff\u2300-\u23ff\u2500-\u27bf\u2900-\u297f\u2b00-\u2bff"
          "\U0001f000-\U0001faff\ufe0f\u200d]")
_LEADING_BULLETS = re.compile(rf"^[ \t]*(?:{BULLET}[ \t]*)+")


# --- labelled lines --------------------------------------------------------------------------------------------------

_LABELS = {
    "title": r"titre\s+du\s+poste|intitul[ée]\s+(?:du|de)\s+poste|intitul[ée]\s+de\s+(?:la\s+mission|l['’]offre)"
             r"|titre\s+de\s+la\s+mission|mission\s+title|intitul[ée]|titre|poste\s+à\s+pourvoir|poste"
             r"|fonction|job\s+title|position\s+title|post\s+title|position|title|vacancy|emploi|r[ôo]le",
    "organization": r"structure\s+d['’]accueil|organisme\s+d['’](?:envoi|accueil)|organisme\s+commanditaire"
                    r"|commissioning\s+(?:organi[sz]ation|agency|body)|contracting\s+(?:organi[sz]ation|authority)"
                    r"|commanditaire"
                    r"|organisation|organization|organisme|employeur|employer|structure|entreprise|company"
                    r"|hiring\s+organi[sz]ation|recruteur|about",
    "locations": rf"lieux?\s+d{APOSTROPHE}affectation|lieux?\s+de\s+(?:travail|la\s+mission|l{APOSTROPHE}emploi)"
                 r"|lieux?\s+du\s+poste|lieux?\s+de\s+mission|zones?\s+d['’]intervention|lieux?|localisation|localit[ée]|emplacement|locations?|duty\s+stations?"
                 r"|pays|country|ville|city|r[ée]gion|zone\s+d['’]affectation|affectation|workplace|place\s+of\s+work"
                 r"|based\s+in|poste\s+bas[ée]\s+[àa]",
    "contract_type": r"type\s+de\s+contrat|nature\s+du\s+contrat|type\s+d['’]emploi|type\s+de\s+poste"
                     r"|contract\s+type|type\s+of\s+contract|type\s+of\s+appointment|contrat|contract|statut",
    "duration_months": r"dur[ée]e\s+(?:du\s+contrat|de\s+la\s+mission|du\s+stage|de\s+l['’]engagement|du\s+poste)"
                       r"|dur[ée]e|duration(?:\s+of\s+(?:the\s+)?(?:contract|assignment|appointment))?"
                       r"|contract\s+duration|length\s+of\s+(?:the\s+)?(?:contract|assignment)",
    "start_date": r"date\s+de\s+(?:prise\s+de\s+(?:poste|fonctions?|service)|d[ée]but|d[ée]marrage|d[ée]marrage\s+du\s+contrat)"
                  r"|prise\s+de\s+(?:poste|fonctions?|service)|d[ée]but\s+(?:du\s+contrat|de\s+la\s+mission|du\s+stage"
                  r"|de\s+(?:contrat|mission|stage))"
                  r"|d[ée]but|d[ée]marrage|entr[ée]e\s+en\s+fonction|start(?:ing)?\s+date|start|disponibilit[ée]"
                  r"|(?:(?:expected\s+)?date\s+of\s+|expected\s+)?entry\s+on\s+duty"
                  r"|poste\s+à\s+pourvoir|à\s+pourvoir",
    "deadline": r"date\s+limite(?:\s+de\s+(?:d[ée]p[ôo]t|soumission|candidature|r[ée]ception))?(?:\s+des\s+\w+)?"
                r"|date\s+de\s+cl[ôo]ture(?:\s+des\s+candidatures)?|cl[ôo]ture(?:\s+des\s+candidatures)?"
                r"|closing\s+date|deadline(?:\s+for\s+applications?)?|application\s+deadline|apply\s+by"
                r"|d[ée]lai\s+de\s+(?:d[ée]p[ôo]t|soumission)|date\s+d['’]expiration|expiration|dernier\s+d[ée]lai"
                r"|last\s+date(?:\s+(?:for|of)\s+(?:submission|applications?|receipt))?",
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
_LABEL_GROUPS = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LABELS.items())
# One pattern for every field's labels: each candidate line is matched once, and the group that matched names the
# field. Alternation order only matters when two labels both fit, which the separator check rules out.
_LABEL_LINE = re.compile(
    rf"[ \t]*(?:{BULLET}[ \t]*){{0,3}}(?:\d{{1,2}}[.)]\s*)?(?:{_LABEL_GROUPS})(?:\s*\([^)\n]{{0,20}}\))?[ \t]*"
    r"(?:[:：]|\s[-–][ \t])[ \t]*(?P<value>.*)",
    re.IGNORECASE)
_LABEL_HEADING = re.compile(rf"[ \t]*(?:{BULLET}[ \t]*){{0,3}}(?:\d{{1,2}}[.)]\s*)?(?:{_LABEL_GROUPS})[ \t]*:?[ \t]*$",
                            re.IGNORECASE)


_SENTENCE_AFTER_VALUE = re.compile(r"\.\s+[A-ZÀ-Ý].*$")


def _read_labels(ctx: Context) -> tuple[dict[str, list], dict[str, list]]:
    """Every "label : value" line and every label heading of the text, by field."""
    text = ctx.text
    inline: dict[str, list[tuple[str, int, int]]] = {}
    headings: dict[str, list[tuple[str, int, int]]] = {}
    for start, end in ctx.label_lines():
        match = _LABEL_LINE.match(text, start, end)
        if match:
            value = _SENTENCE_AFTER_VALUE.sub("", match["value"]).strip()
            if value:
                name = next(key for key in _LABELS if match[key] is not None)
                inline.setdefault(name, []).append((value, match.start("value"), match.start("value") + len(value)))
                continue
        if end - start <= 80:
            heading = _LABEL_HEADING.match(text, start, end)
            if heading:
                value_start = end
                while value_start < len(text) and text[value_start] == "\n":
                    value_start += 1
                value_end = ctx.line_bounds(value_start)[1]
                if value_start < value_end <= value_start + 160:
                    name = next(key for key in _LABELS if heading[key] is not None)
                    headings.setdefault(name, []).append((text[value_start:value_end].strip(), value_start, value_end))
    return inline, headings


def labelled(ctx: Context, name: str, headings: bool = True) -> list[tuple[str, int, int]]:
    """Values written after a label on the same line ("Lieu : Bamako"), else on the line under a label heading."""
    if ctx.labels is None:
        ctx.labels = _read_labels(ctx)
    inline, under = ctx.labels
    if name in inline or not headings:
        return inline.get(name, [])
    return under.get(name, [])



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
_INCLUSIVE = r"(?:\s?[(·.\-/]\s?(?:e|es|ne|nes|rice|rices|trice|trices|ère|ères|euse|euses|se|s|x|le|ve)\)?|s|es|e)*"
JOB_NOUN = (r"(?:charges?" + _INCLUSIVE + r"(?=\s+(?:de|du|des|d['’])\b)|(?:"
            + "|".join(sorted((re.escape(word).replace(r"\ ", r"\s+") for word in set(_JOB_WORDS)), key=len,
                              reverse=True))
            + ")" + _INCLUSIVE + r"(?![\w]))")
_JOB_STEMS = frozenset(fold(word)[:4] for word in (*_JOB_WORDS, "charge")) - {""}
_WORDS = re.compile(r"[^\W\d_]+")


def _has_job_noun(line: str) -> bool:
    """JOB_NOUN_RE.search, after a cheap look at the words' first letters (most head lines have no job noun)."""
    return any(fold(word)[:4] in _JOB_STEMS for word in _WORDS.findall(line)) and bool(JOB_NOUN_RE.search(line))


JOB_NOUN_RE = re.compile(rf"(?<![\w])(?:{JOB_NOUN})", re.IGNORECASE)
_COUNT = normalise.COUNT
_ARTICLE = (r"(?:(?:une?|one)\s*\(\s*0?1\s*\)|un\s*\(\s*e\s*\)|un[·.\-]e|un\s*/\s*une|une?|des|an|a|le|la|l['’]\s*|"
            rf"{_COUNT})")
_TITLE_PREFIX = re.compile(
    r"^\s*(?:\[[^\]\n]{1,60}\]\s*|(?:re|fwd?|tr|transf|fw|subject|objet|sujet)\s*:\s*"
    r"|(?:re-?advertisement|readvertisement|re-?advertised|re-?publication|republication|nouvel\s+avis"
    r"|(?:job|career|employment)\s+(?:opportunity|opening|offer)|opportunit[ée]\s+d['’]emploi"
    r"|(?:annonce|avis)\s+(?:de\s+|d['’])(?:recrutement|appel\s+(?:à|a)\s+candidatures?|vacance(?:\s+de\s+poste)?)"
    r"|appel\s+(?:à|a)\s+candidatures?"
    r"|offre\s+d['’]emploi|offre\s+de\s+stage|profil\s+(?:de|du)\s+poste|fiche\s+de\s+poste|description\s+de\s+poste"
    r"|termes\s+de\s+r[ée]f[ée]rences?(?:\s*\(tdr\))?|tdr|vacancy(?:\s+announcement|\s+notice)?|job\s+(?:offer|opening"
    r"|description|title|vacancy)|position|poste|recrutement|recruitment|batch\s+recruitment\s+of\s+\d+\s+positions"
    r"|we\s+are\s+(?:hiring|recruiting)|nous\s+recrutons|on\s+recrute)\s*(?:n°\s*[\w/-]+\s*)?"
    rf"(?:pour\s+le\s+recrutement\s+)?(?:d['’]\s*|de\s+|du\s+|des\s+|of\s+|for\s+)?(?:{_ARTICLE}\s*)?[:\-–]?\s*)+",
    re.IGNORECASE,
)
_LEADING_ARTICLE = re.compile(rf"^(?:{_ARTICLE})\s+(?=\S)", re.IGNORECASE)
_COUNTED_START = re.compile(rf"^(?:{_COUNT})\s+(?=\S)", re.IGNORECASE)
# "VSI – Chef·fe de projet", "Stage : Chargé(e) de communication": a contract tag before the title.
_LEADING_TAG = re.compile(r"^(?:VSI|VIE|VIA|CDD|CDI|stage|internship|consultance|consultancy|alternance|volontariat"
                          r"|service\s+civique|intérim|freelance)\s*[-–—:|]\s+(?=\S)", re.IGNORECASE)
# "… – temps partiel (3 postes)", "… - CDI", "… (2 postes)": facts appended to the title.
_TRAILING_TAG = re.compile(
    r"(?:\s+[-–—|]\s+|\s*,\s+)(?:(?:cdi|cdd|stage|temps\s+(?:plein|partiel)|mi-temps|full[- ]time|part[- ]time"
    rf"|urgent|h\s*/\s*f)\b[^-–—|]*|\(?\s*(?:{_COUNT})\s+(?:postes?|positions?|posts?)\s*\)?)$"
    r"|\s*\(\s*(?:\d{1,3}|deux|trois|quatre|cinq|two|three|four|five)\s+(?:postes?|positions?|posts?|persons?|mois"
    r"|months?|semaines?|weeks?|ans?|years?)\s*\)\s*$"
    r"|\s*\(\s*[\w' -]{2,30}[- ]based\s*\)\s*$"
    r"|\s*\(\s*(?:cdd|cdi|stage|vsi|contrat|contract|internship|consultance|consultancy|alternance|apprentissage"
    r"|volontariat|mi-temps|temps\s+(?:plein|partiel)|part[- ]time|full[- ]time|\d{2,3}\s?%"
    # "(4/5e – CDI)", "(4/5ème)": the working time as a fraction of a full post
    r"|[1-4]\s*/\s*5\s*(?:e|è|ème|eme|èmes|emes)?(?![\d/]))(?![\w-])[^()]{0,30}\)\s*$",
    re.IGNORECASE)
# "(H/F)", "F/H", "(m/f/x)", "(f/m/d)", "H/F/X": who may apply, not the job.
_TITLE_SUFFIX = re.compile(r"\s*[-–(]?\s*\b(?:[hfmxd]\s*/\s*){1,2}[hfmxd]\b\s*\)?\s*$", re.IGNORECASE)
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
    r"(?:recrute(?:ment)?|recrutons|recherche|recherchons|cherchons|souhaite\s+recruter|cherche\s+à\s+recruter"
    r"|se\s+propose\s+de\s+recruter"
    r"|lance\s+un\s+(?:avis|appel)[^\n]{0,40}?recrutement|is\s+(?:currently\s+|now\s+)?(?:looking\s+for|seeking"
    r"|recruiting|hiring)|are\s+(?:looking\s+for|seeking|recruiting|hiring)|seeks|recruits"
    r"|has\s+(?:an?\s+)?(?:opening|vacancy|vacancies)\s+for)(?:[ \t]+(?:actuellement|currently|now))?"
    r"[ \t]+(?:(?:pour[ \t]+(?:le[ \t]+compte[ \t]+de[ \t]+)?)?(?:son|sa|ses|its|their)[ \t]+[^\n,]{0,40}?"
    rf"[ \t]+)?(?:d['’][ \t]*|de[ \t]+|du[ \t]+|des[ \t]+|of[ \t]+)?(?P<article>{_ARTICLE})[ \t]*[:\-–]?[ \t]*"
    r"(?P<title>[^\n]{3,160})",
    re.IGNORECASE,
)
_RECRUIT_TRIGGERS = ("recrut", "recherch", "cherche", "souhaite", "propose", "lance", "looking", "seeking", "opening",
                     "vacancy", "vacancies",
                     "recruiting", "hiring", "seeks", "recruits", "en tant que", " as a", " as an", " as our")
# "Rejoignez/Intégrez l'équipe de X en tant que Responsable logistique", "Join us as a Finance Officer".
_JOIN_AS = re.compile(
    r"(?i:rejoign|int[ée]gr|join)[^\n.]{0,100}?\b(?i:en\s+tant\s+que|as\s+(?:an?|our|the))[ \t]+"
    rf"(?:(?P<article>{_ARTICLE})[ \t]+)?(?P<title>[^\n]{{3,160}})")
_TITLE_STOP = re.compile(
    r"\s+(?:bas[ée](?:\(e\)|[·.\-]?e)?s?\s+(?:à|a|au|en)|based\s+in|qui\s+(?:sera|aura)|who\s+will|afin\s+de|in\s+order\s+to"
    r"|au\s+sein\s+d|within\s+|dans\s+le\s+cadre|pour\s+(?:le\s+compte|son|sa|ses|appuyer|assurer|renforcer|rejoindre)"
    # "… Finance Officer for its Freetown office", "… pour notre antenne de Kaya": the employer's, not the job's
    r"|for\s+(?:its|their|our)|pour\s+(?:notre|nos|leur|leurs)"
    # "… un(e) comptable à temps partiel (trois jours par semaine)": the working time, not the job
    r"|à\s+(?:temps\s+(?:partiel|plein|complet)|mi-temps|\d{2}(?=\s?%))|on\s+a\s+(?:part|full)[- ]time\s+basis"
    # "… pour une période de six mois", "… pour le centre de santé de Les Cayes", "… for a period of"
    r"|pour\s+une\s+(?:p[ée]riode|dur[ée]e|mission)|for\s+a\s+(?:period|duration)"
    r"|pour\s+(?:le|la|les|l['’])\s*(?:centre|bureau|antenne|site|base|zone|r[ée]gion|district|commune|ville"
    r"|d[ée]partement|province|cercle|projet|programme)"
    r"|to\s+(?:support|join|lead|work)|expérimenté|experienced|motivé|qualifié|hautement)\b.*$"
    # "deux médecins superviseurs, l'un affecté à Abéché, l'autre …"
    r"|,\s+(?:l['’]une?|l['’]autre|chacun|chacune|dont|qui|which|who|each|one)\b.*$"
    r"|[.;!?](?:\s.*)?$",
    re.IGNORECASE,
)


# "a dynamic Field Coordinator", "un(e) jeune diplômé(e) motivé(e)": praise before the job is not the job.
_LEADING_ADJECTIVE = re.compile(r"^(?:dynamic|motivated|experienced|qualified|talented|passionate|committed|highly"
                                r"|dynamique|motiv[ée](?:\(e\)|e)?|exp[ée]riment[ée](?:\(e\)|e)?|qualifi[ée](?:\(e\)|e)?)"
                                r"\s+(?=[A-ZÀ-Ýa-zà-ÿ])", re.IGNORECASE)
_LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\D)")  # "1. Un (1) Chargé de suivi": an item of a list of posts


def clean_title(raw: str, text: str = "") -> tuple[str, list[dict[str, str | None]]]:
    """A title as written, without "Avis de recrutement d'un(e)", "H/F" or a trailing place; ALL-CAPS recased from
    the document's own spelling. Returns the title and any place its tail named ("… - Maputo, Mozambique")."""
    title = " ".join(raw.replace("«", " ").replace("»", " ").replace('"', " ").split())
    title = _TITLE_PREFIX.sub("", _LIST_NUMBER.sub("", _LEADING_BULLETS.sub("", title)))
    title = _LEADING_ADJECTIVE.sub("", _LEADING_TAG.sub("", _LEADING_ARTICLE.sub("", title)))
    title = _TRAILING_TAG.sub("", _TITLE_SUFFIX.sub("", title).strip(" :-–—,;"))
    title = _TITLE_SUFFIX.sub("", title).strip(" :-–—,;")
    title = _INCLUSIVE_SPACE.sub(r"\1(\2)", _ELISION_SPACE.sub(r"\1\2", title))
    located: list[dict[str, str | None]] = []
    title, located = _unpack(title)
    tail = re.search(r"\s+[-–—|,]\s+([^-–—|]+)$|\s+\(([^()]+)\)$", title)
    if tail:
        place = tail.group(1) or tail.group(2)
        if re.fullmatch(r"\d{1,3}[AB]?", place.strip()):
            title = title[:tail.start()]
        elif _is_place_list(place):
            located = located or places.parse_locations(place)
            title = title[:tail.start()]
        title = _TRAILING_TAG.sub("", _TITLE_SUFFIX.sub("", title).strip(" :-–—,;"))
        title = _TITLE_SUFFIX.sub("", title).strip(" :-–—,;")
    letters = [char for char in title if char.isalpha()]
    if letters and sum(char.isupper() for char in letters) / len(letters) > 0.8 and len(letters) > 4:
        title = recase(title, text)
    return title.strip(" :-–—,;"), located


# UN-style titles pack the grade, contract, post numbers and duty station after the title: "Programme Specialist
# (Portfolio Strategist), P-3, TA (364 days), #136457, Office of Innovation-Stockholm, Sweden".
_GRADE = r"(?:grade\s+)?(?:(?:P|D|G|GS|NO|N0|FS|SB|SC|ICS|IPSA|NPSA|LICA|UNV)[-\s]?\d{1,2}[A-D]?|NO[-\s]?[A-D])"
_PACKED_SEGMENT = re.compile(
    rf"^\(?\s*(?:{_GRADE}\s*\)?(?:\s.*)?|#\s*\d+.*|(?:post|req)\.?\s*#?\s*\d+.*"
    r"|(?:fixed[- ]term|temporary|permanent|continuing|consultan\w*|internship|TA|FT|TFT)\b.*)$",
    re.IGNORECASE,
)
_PACKED_GRADE_END = re.compile(rf"\s*\(\s*{_GRADE}\s*\)\s*$", re.IGNORECASE)
_PACKED_GRADE = re.compile(rf",?\s*\(\s*{_GRADE}\s*\)", re.IGNORECASE)
_PACKED_SEPARATOR = re.compile(r"\s*,\s*|\s+[-–—]\s+")


def _unpack(title: str) -> tuple[str, list[dict[str, str | None]]]:
    """The title before the first packed segment, and the places the dropped segments name."""
    grade = _PACKED_GRADE.search(title)
    if grade and grade.start() > 0:  # "… (P-3) TA (until 31 December 2026)": the title ends at its grade
        located = [location for segment in _PACKED_SEPARATOR.split(title[grade.end():])
                   for location in (places.parse_locations(segment) if _is_place_list(segment.strip()) else [])]
        return title[:grade.start()].rstrip(" ,"), located
    separators = list(_PACKED_SEPARATOR.finditer(title))
    starts = [0] + [match.end() for match in separators]
    ends = [match.start() for match in separators] + [len(title)]
    segments = [title[start:end].strip() for start, end in zip(starts, ends)]
    cut = next((index + 1 if _PACKED_GRADE_END.search(segment) else index for index, segment in enumerate(segments)
                if index and _PACKED_SEGMENT.match(segment) or _PACKED_GRADE_END.search(segment)), None)
    if cut is None or cut >= len(segments) and not _PACKED_GRADE_END.search(segments[-1]):
        return title, []
    located: list[dict[str, str | None]] = []
    for segment in segments[cut + 1:]:
        place = re.sub(r"#\s*\d+|^(?:outposted|based|located)\s+(?:to|in|at)\s+", "", segment).strip()
        if place and _is_place_list(place.replace(" – ", ", ").replace(" - ", ", ")):
            located.extend(places.parse_locations(place))
    countries = {location["country"] for location in located}
    located = [location for location in located if location["city"] or
               not any(other["city"] and other["country"] == location["country"] for other in located)]
    return _PACKED_GRADE_END.sub("", title[:ends[cut - 1]]).strip(" ,"), located if countries else []


def _is_place_list(value: str) -> bool:
    value = re.sub(r"\s*\([^()]*\)", "", value)  # "Bruxelles (Saint-Gilles)", "Montreuil (93)"
    parts = [part for part in re.split(r"\s*(?:,|/|\bet\b|\band\b)\s*", value) if part.strip()]
    return bool(parts) and all(places.country_code(part) or (places.town_countries(part) and not (
        part.isupper() and len(part) <= 3)) for part in parts)


_SMALL_WORDS = frozenset("de du des la le les l d et ou à au aux en pour par sur sous dans avec of the and or for in "
                         "on at to a an".split())
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def recase(caps: str, text: str) -> str:
    """"CHARGE (E) DE PROJET" → "Chargé (e) de projet": each word as the document spells it elsewhere in mixed
    case (accents included), acronyms the document also writes in capitals within running text kept, the first
    letter capitalised."""
    caps_words = _WORD_RE.findall(caps)
    wanted = {fold(word) for word in caps_words}
    # Only words of a wanted length are folded ("CHARGE"/"chargé" alike; "COEUR"/"cœur" one shorter): most of a
    # text's words are skipped without the call.
    lengths = {len(word) - shorter for word in caps_words for shorter in (0, 1)}
    spellings: dict[str, Counter] = {}
    for word in _WORD_RE.findall(text):
        if len(word) not in lengths:
            continue
        key = fold(word)
        if key in wanted:
            spellings.setdefault(key, Counter())[word] += 1

    def respell(match: re.Match) -> str:
        word = match.group()
        counts = spellings.get(fold(word), Counter())
        mixed = Counter()
        for spelling, count in counts.items():
            if not spelling.isupper():
                mixed[spelling.lower()] += count
        if mixed:
            return max(mixed, key=lambda spelling: (mixed[spelling], spelling != fold(spelling)))
        if len(word) > 1 and counts.get(word, 0) > caps.count(word) and _in_running_text(word, text):
            return word  # an acronym: the document writes it in capitals in its sentences too
        return word.lower()

    result = _WORD_RE.sub(respell, caps)
    return result[:1].upper() + result[1:]


def _in_running_text(word: str, text: str) -> bool:
    """Does `word` appear in a line that is mostly lower case (a sentence, not a heading)?"""
    for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        line_start, line_end = line_bounds(text, match.start())
        line = text[line_start:line_end]
        if sum(char.islower() for char in line) > sum(char.isupper() for char in line):
            return True
    return False


_LETTERS = re.compile(r"[^\W\d_]{2}")
_DIGIT = re.compile(r"\d")


def _plausible_title(value: str) -> bool:
    words = [word for word in value.split() if word not in ("«", "»", "“", "”", '"')]  # a quoted name's marks
    if not 2 <= len(value) <= 160 or not 1 <= len(words) <= 22 or not _LETTERS.search(value):
        return False
    stripped = value.strip()
    return not stripped.lower().startswith(("http", "www")) and not (
        _DIGIT.search(stripped) and dates.DATE_RE.fullmatch(stripped))


def find_title(ctx: Context, page_title: str | None = None) -> tuple[Found | None, list[dict[str, str | None]]]:
    text = ctx.text
    for value, start, end in labelled(ctx, "title", headings=False)[:3]:
        if _plausible_title(value) and not normalise.CONTRACT_WORD_RE.fullmatch(value.strip()):
            title, located = clean_title(value, text)
            if title:
                return Found(title, start, end, "labelled"), located
    head_end = _head_end(text)
    recruiting = sorted((match for start, end in takewhile(lambda window: window[0] < head_end,
                                                           ctx.windows(_RECRUIT_TRIGGERS))
                         for pattern in (_RECRUIT_PHRASE, _JOIN_AS)
                         for match in pattern.finditer(text, start, min(end, head_end))), key=lambda match: match.start())
    loose: tuple[str, int, int] | None = None
    for match in recruiting:
        candidate = _one_of_a_pair(_shorten(_TITLE_STOP.sub("", _FIRM_OR.sub("", _with_wrapped_end(match, text)))))
        quoted = _QUOTED_AFTER_KIND.match(candidate)
        if quoted:  # "un(e) volontaire « Animateur/Animatrice éducation climat »"
            candidate = quoted["title"]
        if _BARE_KIND.fullmatch(candidate.strip()):
            continue  # "recherche un·e alternant·e": the kind of contract, the heading names the job
        # "is seeking a Programme Manager – Migration": an English title may put its job noun second
        leading = " ".join(candidate.split()[:4])
        if loose is None and len(candidate.split()) <= 6 and candidate[:1].isupper() and _plausible_title(candidate):
            loose = (candidate, match.start("title"), match.start("title") + len(candidate))
        if (JOB_NOUN_RE.match(candidate) or JOB_NOUN_RE.search(leading) and len(candidate.split()) <= 8) \
                and _plausible_title(candidate):
            title, located = clean_title(candidate, text)
            if title:
                heading = _heading_with_title(text, head_end, title)
                if heading:  # "Chargé.e de mission plaidoyer souveraineté alimentaire": the heading's full form
                    return heading
                start = match.start("title") + len(match["title"]) - len(_FIRM_OR.sub("", match["title"]))
                return Found(title, start, start + len(candidate), "recruit_phrase"), located
    best: tuple[int, int, int, str] | None = None
    after_terms = False
    for rank, (start, end) in enumerate(_head_lines(text, head_end)):
        line = text[start:end]
        # the line under "Termes de référence" or under a heading that only names the kind ("Offre de stage",
        # "Internship") names the post, job noun or not
        under_terms, after_terms = after_terms, bool(_TERMS_OF_REFERENCE.match(line) or _KIND_HEADING.fullmatch(line))
        if after_terms:
            continue
        if len(line) > 200 or _SECTION_NUMBER.match(line):
            continue  # "4. Consultant profile": a section of the text, not its title
        line = _LEADING_BULLETS.sub("", line)  # "👉 Deux (2) animatrices pour son centre …"
        stripped = _TITLE_PREFIX.sub("", line)
        value_start = end - len(stripped)
        if _COUNTED_START.match(stripped):  # a counted post reads as a sentence: its title ends where a title does
            stripped = _TITLE_STOP.sub("", stripped)
        generic = _GENERIC_HEADING.match(line) and len(stripped) == len(line)
        if generic or not _plausible_title(stripped) or line.rstrip().endswith((".", ";", ",")) and len(line) > 60:
            continue
        if stripped[:1].islower() and (stripped.rstrip().endswith((".", ";", ",", ":")) or len(stripped.split()) > 6):
            continue  # "le stagiaire appuiera l'équipe dans …": a sentence of the text, not its title
        bare = _LEADING_ARTICLE.sub("", stripped)
        score = (3 if JOB_NOUN_RE.match(bare) else 2.5 if under_terms and ":" not in line and not _ORG_KIND_START.match(bare)
                 and not _is_place_list(bare) else 2 if _has_job_noun(bare)
                 else 0) - rank * 0.1  # terms of reference name their assignment on the line under the heading
        if score > 0 and (best is None or score > best[0]):
            best = (score, value_start, value_start + len(stripped), stripped)
    if best:
        title, located = clean_title(best[3], text)
        if title:
            return Found(title, best[1], best[2], "head_line"), located
    if page_title and _plausible_title(page_title):
        title, located = clean_title(re.split(r"\s+[|–—]\s+|\s+-\s+(?=[^-]*$)", page_title)[0], text)
        if title:
            return Found(title, None, None, "page_title"), located
    if loose:  # "seeks two Hydrogeologists to join …": a job the noun list does not know, capitalised as titles are
        title, located = clean_title(loose[0], text)
        if title:
            return Found(title, loose[1], loose[2], "recruit_phrase_loose"), located
    return None, []


# "recrute un (01) Chargé de\nSuivi-Évaluation basé à Kayes": a title cut by the line's end after a word that cannot end it
_DANGLING_END = re.compile(r"(?:^|\s)(?:de|du|des|d['’]|en|et|à|pour|and|of|for|in|to|&|[-–])\s*$", re.IGNORECASE)


def _with_wrapped_end(match: re.Match, text: str) -> str:
    """A recruiting sentence's title, with the next line when the sentence wraps inside the title."""
    title = match["title"]
    if match.end("title") < len(text) and text[match.end("title")] == "\n" and _DANGLING_END.search(title):
        _, line_end = line_bounds(text, match.end("title") + 1)
        following = text[match.end("title") + 1:line_end]
        if following.strip():
            return title.rstrip() + " " + following.strip()
    return title


# "un coordinateur ou une coordinatrice", "un infirmier superviseur ou une infirmière superviseure": one job.
_GENDER_PAIR = re.compile(r"^(?P<first>.+?)\s+(?:ou|or)\s+(?:une?\s+|an?\s+)?(?P<second>.+)$", re.IGNORECASE)
_QUOTED_AFTER_KIND = re.compile(r"^(?:volontaire|stagiaire|alternant\S*|apprenti\S*|consultant\S*|volunteer|intern)\s*"
                                r"[«\"“]\s*(?P<title>[^»\"”]{3,120}?)\s*[»\"”]", re.IGNORECASE)
_BARE_KIND = re.compile(r"(?:volontaire|stagiaire|alternant|apprenti|volunteer|intern|trainee|apprentice)"
                        r"(?:[·.\-]?e|\(e\))?s?", re.IGNORECASE)


def _one_of_a_pair(candidate: str) -> str:
    pair = _GENDER_PAIR.match(candidate)
    if pair:
        first, second = pair["first"].split(), pair["second"].split()
        if len(first) == len(second) and all(fold(a)[:4] == fold(b)[:4] for a, b in zip(first, second)):
            return pair["first"]
    return candidate


_PROSE_JOIN = re.compile(r"\s(?:pour|afin|qui|dans|avec|ayant|with|to|for|who|which|in\s+order)\s", re.IGNORECASE)


# "Recrutement d'un cabinet ou d'un(e) consultant(e) pour …", "a firm or an individual consultant to …": the job
# is the consultant's.
_FIRM_OR = re.compile(r"^(?:cabinet|bureau\s+d['’][ée]tudes?|firme|firm|company|soci[ée]t[ée])\s+(?:ou|or)\s+"
                      r"(?:d['’]\s*|de\s+)?(?:une?(?:\s*\(e\))?\s+|an?\s+)?", re.IGNORECASE)
_CONSULTANT = re.compile(r"(?:international\s+|national\s+|individual\s+)?(?:consultant|expert)", re.IGNORECASE)
_ASSIGNMENT_JOIN = re.compile(r"\s(?:pour|for|to)\s", re.IGNORECASE)


_QUOTE_OPEN = re.compile(r"[«“]")


def _shorten(candidate: str) -> str:
    """A title run on into its sentence ("chargé de projet « TPM » pour la mise en place de ses deux projets…"):
    cut at the first preposition that starts the prose, once it is clearly longer than a title. A consultant's
    "pour la réalisation de l'étude …" names the assignment: the title goes on to the next join. A quoted name is
    never cut inside ("… du projet « Eau potable et assainissement dans les communes de Boké et Boffa » (EPAB)")."""
    if len(candidate.split()) <= 14:
        return candidate
    consultant = _CONSULTANT.match(candidate)
    for join in _PROSE_JOIN.finditer(candidate):
        if consultant and _ASSIGNMENT_JOIN.fullmatch(join.group()):
            continue
        before = candidate[:join.start()]
        if len(_QUOTE_OPEN.findall(before)) > before.count("»") + before.count("”"):
            continue  # inside a quoted name
        if len(before.split()) >= 2:
            return before
    return candidate


def _heading_with_title(text: str, head_end: int, title: str) -> tuple[Found, list] | None:
    """A head line that starts with the title a recruiting sentence gives ("… recrute un.e chargé.e de mission
    plaidoyer." under the heading "Chargé.e de mission plaidoyer souveraineté alimentaire (CDD 12 mois)")."""
    wanted = title.casefold()
    for start, end in _head_lines(text, head_end):
        line = text[start:end]
        if len(line) <= 200 and line.strip().casefold().startswith(wanted):
            heading, located = clean_title(line, text)
            if heading.casefold().startswith(wanted):
                return Found(heading, start, end, "heading"), located
    return None


# "4. Consultant profile", "2) Tâches" (a numbered list of posts, "1. Un (1) Chargé de suivi", is not one)
_SECTION_NUMBER = re.compile(
    r"^\s*(?:\d{1,2}|[IVX]{1,4})[.)]\s+[^\n]{0,40}?\b(?i:profil|profile|qualifications?|requirements?|responsabilit"
    r"|responsibilit|t[aâ]ches|missions?|contexte|context|background|objecti|dossier|candidature|application|conditions"
    r"|livrables|deliverables|m[ée]thodolog|dur[ée]e|duration|calendrier|budget|soumission|submission|modalit|scope"
    r"|port[ée]e|pr[ée]sentation|introduction|how\s+to|comment)")
# "Offre de stage", "Stage", "Internship opportunity", "STAGE DE FIN D'ÉTUDES": a heading that names only the kind
# of post; the line under it names the post.
_KIND_HEADING = re.compile(
    r"[ \t]*(?:offre\s+de\s+|proposition\s+de\s+|appel\s+(?:à|a)\s+candidatures?\s+(?:pour\s+un\s+)?)?"
    r"(?:stages?(?:\s+(?:de\s+fin\s+d['’][ée]tudes?|conventionn[ée]|r[ée]mun[ée]r[ée]|gratifi[ée]|de\s+\d+\s+mois))?"
    r"|internships?(?:\s+(?:opportunity|opening|offer|position))?|(?:paid\s+|unpaid\s+)internship"
    r"|volontariat|service\s+civique|alternance|apprentissage|consultance|consultancy|vsi|cdd|cdi)"
    r"[ \t]*(?:\(\s*h\s*/\s*f\s*\)|h\s*/\s*f)?[ \t:!]*",
    re.IGNORECASE)
_TERMS_OF_REFERENCE = re.compile(r"^\s*(?:termes\s+de\s+r[ée]f[ée]rences?|terms\s+of\s+reference|tdr|tor)\s*(?:\(\s*t[do]r\s*\))?"
                                 r"\s*:?\s*$", re.IGNORECASE)


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
_CONNECTOR = (r"(?:de|du|des|la|le|les|pour|et|au|aux|en|sans|contre|sur|for|of|the|and|without|against|für|und|der"
              r"|die|van|von|del|da|do|dos|l['’]|d['’])")
_ORG_NAME = rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)*(?:[dlDL]['’])?{_NAME_WORD}|(?<=['’]){_NAME_WORD}){{0,8}}"
_ORG_KIND = (r"(?:organisation|organization|ong|ngo|ongi|association|fondation|foundation|agence|agency|entreprise"
             r"|soci[ée]t[ée]|company|structure|institution|coop[ée]rative|r[ée]seau|network|f[ée]d[ée]ration|collectif"
             r"|mutuelle|plateforme|coalition|organisme|[ée]tablissement|charity|humanitarian|non[- ]governmental"
             r"|international|nationale?|internationale|franco|belge|malienne?|fran[çc]aise?|not[- ]for[- ]profit)")
_ORG_DEFINITION = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:(?:Cr[ée]{2}e?|Fond[ée]e?|Created|Founded|Established|Bas[ée]e?|Based)\s+[^,.\n]{1,40},\s+)?"
    rf"(?:L['’]\s*|La\s+|Le\s+|Les\s+|The\s+)?(?P<org>{_ORG_NAME})"
    rf"(?:\s*\((?P<acronym>[^()\n]{{1,15}})\))?(?:,?\s+(?:est\s+une?|is\s+an?|a\s+été\s+cr[ée]{{2}}|was\s+(?:founded"
    rf"|created|established)|cr[ée]{{2}}e?\s+en|founded\s+in)|,\s+(?:une?\s+)?(?=(?i:{_ORG_KIND})))\s+(?:\w+\s+){{0,3}}?"
    rf"(?i:{_ORG_KIND})",
    re.MULTILINE,
)
_SENTENCE_START = r"(?:^|(?<=\n)|(?<=[.!?]\s))"
_OF_ARTICLE = r"(?:de\s+l['’]\s*|de\s+la\s+|du\s+|des\s+|de\s+|d['’]\s*)"
# "Pour le compte de l'Association X (ABSC), le cabinet Y lance le recrutement …", "On behalf of X, our recruitment
# team is re-advertising …": a firm recruits, the employer is the one it acts for.
_ORG_ON_BEHALF = re.compile(
    rf"(?:{_SENTENCE_START}|(?i:agissant|acting|qui\s+agit|who\s+acts?)\s+)"
    rf"(?i:pour\s+le\s+compte\s+{_OF_ARTICLE}|on\s+behalf\s+of\s+(?:the\s+)?)(?P<org>{_ORG_NAME})"
    r"(?:\s*\([^()\n]{1,30}\))?\s*,[^.\n]{0,80}?(?i:recrut|lance|recherche|cherche|advertis|recruit|seek|hiring"
    r"|looking\s+for)", re.MULTILINE)
# "Au sein de la Fondation X, vous pilotez …", "Within X, you will …".
_ORG_WITHIN = re.compile(
    rf"{_SENTENCE_START}(?:Au\s+sein\s+{_OF_ARTICLE}|Within\s+(?:the\s+)?)(?P<org>{_ORG_NAME})"
    r"(?:\s*\([^()\n]{1,30}\))?\s*,\s*(?i:vous|tu|you|le\s+titulaire|la\s+titulaire|le/la|the\s+\w+\s+will)\b",
    re.MULTILINE)
# "Rejoignez Terre et Avenir Solidaires !", "Rejoignez l'équipe de X", "Join the European Network for … (ENFAA)".
_JOIN = r"(?:Rejoignez|Rejoins|Rejoindre|Intégrez|Join)\s+(?:l['’]\s*[ée]quipe\s+(?:de\s+l['’]\s*|de\s+la\s+|du\s+|de\s+|d['’]\s*)|the\s+team\s+(?:of|at)\s+)?"
_ORG_JOIN = re.compile(rf"{_SENTENCE_START}{_JOIN}(?:L['’]\s*|La\s+|Le\s+|The\s+|l['’]\s*|la\s+|le\s+|the\s+)?"
                       rf"(?P<org>{_ORG_NAME})", re.MULTILINE)
_JOIN_PREFIX = re.compile(_JOIN, re.IGNORECASE)
# "Le Programme X (PURC), mis en œuvre par Fraternité Sahel Secours, recrute …", "implemented by X".
_ORG_IMPLEMENTS = re.compile(
    r"(?i:mise?s?\s+en\s+(?:œ|oe)uvre\s+par|implemented\s+by|port[ée]e?s?\s+par)\s+(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)?"
    rf"(?:ONG\s+|NGO\s+)?(?P<org>{_ORG_NAME})")
# "Dépôt physique au bureau de l'Association X (ATSC), quartier Moursal": a notice that names its organisation
# nowhere else names it where applications are dropped.
_ORG_DROP_OFF = re.compile(
    rf"(?i:au(?:x)?\s+(?:bureaux?|si[èe]ge)\s+{_OF_ARTICLE}|at\s+the\s+offices?\s+of\s+(?:the\s+)?)"
    rf"(?P<org>{_ORG_NAME})\s*\((?P<acronym>[A-Z][A-Za-z&.\-]{{1,12}})\)")
_ORG_ACRONYM_DEFINITION = re.compile(
    rf"\((?P<org>[A-Z][A-Za-z]*(?:[&.\-][A-Za-z]+)*)\)\s*,?\s+(?:est\s+une?|is\s+an?)\s+(?:\w+\s+){{0,3}}?{_ORG_KIND}")
_ORG_RECRUITS = re.compile(
    rf"(?:^|(?<=[.!?:]\s)|(?<=\n)|(?<=,\s))(?:(?:[Ll]['’]\s*)?ONG\s+(?:[a-zà-ÿ]+\s+)?|[Ll]['’]\s*|La\s+|Le\s+|The\s+"
    rf"|[Ll]['’]association\s+|la\s+fondation\s+|l['’]organisation\s+|la\s+(?=[A-ZÀ-Ý])|le\s+(?=[A-ZÀ-Ý]))?"
    rf"(?P<org>{_ORG_NAME})"
    r"(?:\s+(?:au|en|in|à)\s+[A-ZÀ-Ý][\w-]+)?(?:\s*\([^()\n]{1,30}\))?"
    # "L'ONG AGIR, en partenariat avec l'UNICEF, recrute", "Notre partenaire, l'ONG Tilwindi, recrute"
    r"(?:,\s+(?:en\s+partenariat|avec|with|in\s+partnership|gr[âa]ce|sur\s+financement|dans\s+le\s+cadre)[^,.\n]{0,60},"
    r"|,(?=\s+(?:recrute|recherche)\b))?"
    # "L'ONG Karkara, association malienne … Koutiala, recrute": an apposition set off by commas
    r"(?:,\s+(?:une?\s+|an?\s+)?(?:[a-zà-ÿ][\w'’-]*\s+){0,2}?(?i:" + _ORG_KIND + r")\b[^.\n;:]{0,200}?,)?"
    r"\s+(?:recrute|recherche|souhaite\s+recruter|cherche\s+à\s+recruter|engage\s+(?=un|une|des|deux|trois|\d)"
    r"|se\s+propose\s+de\s+recruter|lance\s+un|is\s+(?:currently\s+|now\s+)?(?:recruiting|seeking|looking\s+for"
    r"|hiring)|seeks|invites|has\s+(?:an?\s+)?(?:opening|vacancy|vacancies)"
    r"|s['’]engage|agit|mobilise|met\s+en\s+(?:œ|oe)uvre|is\s+committed|est\s+engag[ée]e?)\b",
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
# Words that name a kind of organisation at the start of its name: "Association Tifawin pour …", "Fondation …".
_ORG_KIND_START = re.compile(
    r"^(?:association|fondation|foundation|ong|organisation|organization|f[ée]d[ée]ration|federation|r[ée]seau|network"
    r"|collectif|institut|institute|agence|agency|comit[ée]|committee|centre|center|union|coop[ée]rative|mutuelle"
    r"|alliance|fonds|fund|consortium|plateforme|platform|conseil|council|society|soci[ée]t[ée])\b",
    re.IGNORECASE,
)
# A paragraph that opens on an organisation named by its kind, then a verb: "Le Réseau Terres Partagées fédère …",
# "L'Alliance Sahel Eau intervient …".
_ORG_KIND_SUBJECT = re.compile(
    rf"(?:^|(?<=\n)|(?<=[.!?]\s))(?:L['’]\s*|La\s+|Le\s+|The\s+)?(?P<org>(?=(?i:{_ORG_KIND_START.pattern[1:]})){_ORG_NAME})"
    r"(?:\s*\([^()\n]{1,30}\))?\s+(?=[a-zà-ÿ])", re.MULTILINE)
_HEAD_NAME_WITH_ACRONYM = re.compile(r"^(?P<org>[A-ZÀ-Ý][^():\n]{3,110}?)\s*\((?P<acronym>[A-Z][A-Za-z&.\-]{1,12})\)")
# A value that is only a common noun is not a name: "PRÉSENTATION DE L'ORGANISATION", "À propos de l'association".
_GENERIC_ORG = re.compile(
    r"^(?:l['’]\s*|la\s+|le\s+|the\s+|notre\s+|our\s+)?(?:organisation|organization|association|ong|ngo|structure"
    r"|entreprise|company|fondation|foundation|employeur|employer|institution|agence|agency|projet|project|programme"
    r"|program|poste|position|us|nous|r[ée]seau|network|collectif|coop[ée]rative|plateforme|platform|f[ée]d[ée]ration"
    r"|federation|alliance|consortium|coalition|mutuelle|union|centre|center|institut|institute|trust|cabinet)$",
    re.IGNORECASE,
)
_NOT_AN_ORG = re.compile(
    r"^(?:le|la|les|l|ce|cette|ces|il|elle|ils|elles|nous|vous|on|the|this|these|we|you|our|your|votre|notre|son|sa"
    r"|ses|leur|un|une|des|chaque|tout|toute|dans|pour|avec|sous|en|au|aux|afin|si|lors|depuis|apr[èe]s|avant|ainsi"
    r"|poste|projet|project|programme|program|candidat|titulaire|mission(?!\s+(?-i:[A-ZÀ-Ý]))|contexte|objectif|profil"
    r"|position|job"
    r"|http|www|madame|monsieur|mr|mme|dear)\b",
    re.IGNORECASE,
)
_ORG_PLACE_TAIL = re.compile(r"^(?P<name>.+?)\s+(?:au|aux|en|in|du|de|of|à|at)\s+(?P<place>[A-ZÀ-Ý][\w' -]+)$")
_LOWER_WORD = re.compile(r"(?<![\w'’])(?![dl]['’][A-ZÀ-Ý])[a-zà-ÿ][\w'’-]*")  # "l'Enfant" is a capitalised word


def _initials_match(words: list[str], letters: list[str]) -> bool:
    """Do these words spell the acronym? Every word but the small ones gives its initial (each part of a hyphenated
    word may); small words may give theirs too ("Agir pour la Santé Communautaire" → APSC or ASC)."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    parts = [part for part in re.split(r"[-'’]", word) if part]
    small = fold(word) in _SMALL_WORDS | {"l", "d"}
    options = []
    if small:
        options.append(letters)
    if parts and letters and parts[0][0].upper() == letters[0]:
        options.append(letters[1:])
        consumed = letters[1:]
        for part in parts[1:]:  # "États-Unis" → E, U
            if consumed and part[0].upper() == consumed[0]:
                consumed = consumed[1:]
                options.append(consumed)
            else:
                break
    return any(_initials_match(rest, remaining) for remaining in options)


def expand_acronym(acronym: str, text: str) -> str | None:
    """The long form a text gives for an acronym: "…l'Association Malienne pour la Survie au Sahel (AMSS)…"."""
    letters = [char for char in acronym.upper() if char.isalpha()]
    if not 2 <= len(letters) <= 10:
        return None
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        words = re.findall(r"[^\W\d_][\w'’-]*|&", text[max(0, match.start() - 160):match.start()])
        for size in range(1, min(len(words), 14) + 1):
            candidate = words[-size:]
            if candidate[0][0].isupper() and _initials_match(candidate, letters):
                start = text.rfind(candidate[0], max(0, match.start() - 160), match.start())
                return " ".join(text[start:match.start()].split()).strip(" ,") if start >= 0 else None
    return None


def _is_acronym(value: str) -> bool:
    compact = value.replace("&", "").replace(".", "").replace("-", "")
    return 2 <= len(compact) <= 10 and " " not in value and sum(char.isupper() for char in compact) >= 2


def _name_like(name: str) -> bool:
    """A name, not a sentence: few lower-case words beyond the connectors ("Migration et développement")."""
    lower = [word for word in _LOWER_WORD.findall(name) if not re.fullmatch(_CONNECTOR, word, re.IGNORECASE)]
    return len(lower) <= 2 and len(name.split()) <= 12


# A legal form after a name: "La Passerelle Nord-Sud asbl", "Eau Vive e.V.", "Terre Solidaire, association loi 1901".
_LEGAL_FORM = re.compile(r",?\s+(?:a\.?s\.?b\.?l\.?|vzw|e\.\s?V\.?|gGmbH|(?:association\s+)?loi\s+(?:de\s+)?1901)\s*$",
                         re.IGNORECASE)
# A bracketed aside after a name that is not its acronym: what the organisation is, where its seat is.
_ORG_ACRONYM_TAIL = re.compile(r"\s*\([A-Z][A-Za-z&.\-]{1,12}\)$")
_ORG_ASIDE = re.compile(r"\s*\((?![A-Z][A-Za-z&.\-]{1,12}\))[^()]*\)$")


def _organization_value(raw: str, text: str) -> str | None:
    name = " ".join(raw.split()).strip(" .,:;-–«»\"'")
    name = _ORG_ASIDE.sub("", name)  # "Écoles du Fleuve (association loi 1901, siège à Nantes)"
    name = _LEGAL_FORM.sub("", _JOIN_PREFIX.sub("", name))  # "Join the Network …", "La Passerelle asbl"
    if " " in name.split("(")[0].strip():  # "Mission Humanitaire du Littoral (MHL)": the name, as other rules give it
        name = _ORG_ACRONYM_TAIL.sub("", name)
    # "La Direction de l'ONG Femmes et Enfants du Kivu": the organisation, not its management
    name = re.sub(r"^(?:la\s+)?(?:direction(?:\s+g[ée]n[ée]rale)?|coordination(?:\s+nationale)?|secr[ée]tariat"
                  r"(?:\s+ex[ée]cutif)?|pr[ée]sidence|management)\s+(?:de\s+l['’]\s*|du\s+|de\s+la\s+|of\s+(?:the\s+)?)"
                  r"(?=(?:ONG|NGO|association|fondation|foundation|organisation|organization|r[ée]seau|network)\b)", "",
                  name, flags=re.IGNORECASE)
    name = re.sub(r"^(?:l['’]\s*|la\s+|le\s+|les\s+|the\s+)(?-i:(?=[A-ZÀ-Ý]))", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^(?:ONG|NGO)\s+(?-i:(?=[A-ZÀ-Ý]))", "", name, flags=re.IGNORECASE)
    located = _ORG_PLACE_TAIL.match(name)
    if located and _is_acronym(located["name"]) and places.country_code(located["place"]):
        name = located["name"]  # "AMSS au Mali recherche…": the organisation, not where it is
    if name[:1].islower():
        return None
    if not name or _NOT_AN_ORG.match(name) or _GENERIC_ORG.match(name) or len(name) > 90 or not _name_like(name):
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
    return " ".join(word if index and word in _SMALL_WORDS else _capitalise_parts(word)
                    for index, word in enumerate(words))


def _capitalise_parts(word: str) -> str:
    """"nord-sud" → "Nord-Sud", "l'agriculture" → "l'Agriculture" (an elided article stays small)."""
    elided = re.match(r"([dl]['’])(.+)", word)
    if elided:
        return elided.group(1) + _capitalise_parts(elided.group(2))
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


_HEAD_NAME_DASH_ACRONYM = re.compile(r"^(?P<org>[A-ZÀ-Ý][^():\n]{3,110}?)\s+[-–—|]\s+(?P<acronym>[A-Z][A-Z&.\-]{1,11})\s*$")
# An address line of a letterhead: "Rue des Tanneurs 58 – 1000 Bruxelles", "BP 112 Sikasso", "Lot IVG 12 Behoririka".
_ADDRESS = re.compile(r"(?i)(?:\b(?:rue|avenue|av\.|boulevard|bd|chemin|route|quai|impasse|all[ée]e|cours|street|road"
                      r"|lane|lot|quartier|villa|immeuble|b\.?\s?p\.?|p\.?\s?o\.?\s+box)\b[^\n]{0,40}\d|\d[^\n]{0,12}\b(?:rue"
                      r"|avenue|boulevard|bd|chemin|route|street|road)\b|\b\d{4,5}\s+[A-ZÀ-Ý])")
_SIGN_OFF = re.compile(r"^[ \t]*(?:--|cordialement|bien\s+(?:à|a)\s+vous|(?:sinc[èe]res\s+|meilleures\s+)?salutations"
                       r"(?:\s+distingu[ée]es)?|bien\s+cordialement|best\s+regards|kind\s+regards|regards|sincerely"
                       r"|yours\s+(?:sincerely|faithfully))[ \t,.!]*$", re.IGNORECASE | re.MULTILINE)


def _initials_spell(name: str, acronym: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*|&", name)
    return _initials_match(words, [char for char in acronym.upper() if char.isalpha()])


def _letterhead_name(line: str) -> str | None:
    """A name a letterhead line gives: "NAME – ACR" whose initials spell the acronym, "NAME – 27 boulevard …" (the
    name beside its address)."""
    dashed = _HEAD_NAME_DASH_ACRONYM.match(line)
    if dashed and _initials_spell(dashed["org"], dashed["acronym"]):
        return dashed["org"]
    parts = re.split(r"\s+[-–—|]\s+", line, maxsplit=1)
    if len(parts) == 2 and _ADDRESS.search(parts[1]) and not re.search(r"\d", parts[0]):
        return parts[0]
    return None


def _signature_organizations(ctx: Context) -> list[tuple[float, int, int, str, str]]:
    """A name in the signature block under a sign-off ("Cordialement,", "--"): "Guinée Action Santé Rurale (GASR)",
    "Association Santé Sud-Haïti (ASSH)"."""
    text = ctx.text
    sign_off = None
    for sign_off in _SIGN_OFF.finditer(text, max(0, len(text) - 1500)):
        pass
    if sign_off is None:
        return []
    found = []
    position = sign_off.end()
    for _ in range(8):
        end = text.find("\n", position + 1)
        end = len(text) if end == -1 else end
        line = text[position:end].strip()
        line_start = text.find(line, position, end) if line else position
        named = _HEAD_NAME_WITH_ACRONYM.match(line) or _HEAD_NAME_DASH_ACRONYM.match(line)
        if named and len(named["org"].split()) >= 2 and _initials_spell(named["org"], named["acronym"]):
            found.append((6, line_start, line_start + len(named["org"]), named["org"], "signature"))
            break
        if (line and _ORG_KIND_START.match(line) and len(line.split()) <= 10 and "@" not in line
                and not re.search(r"[.:;!?]$|\d", line)):
            found.append((6, line_start, line_start + len(line), re.split(r"\s+[-–—|]\s+|,\s", line)[0], "signature"))
            break
        if end >= len(text):
            break
        position = end + 1
    return found


# "Dépôt physique au bureau de l'Association X (ATSC)": a word then a lower-case word that is no connector opens a
# sentence, not a name.
_SENTENCE_OPENING = re.compile(rf"\S+\s+(?!{_CONNECTOR}\b)[a-zà-ÿ]")


_NAME_WITH_ACRONYM = re.compile(rf"(?P<org>{_ORG_NAME})\s*\((?P<acronym>[A-Z][A-Za-z&.\-]{{1,12}})\)")
_FUNDED_BY = re.compile(r"(?:financ[ée]e?s?|funded|appui|support|soutien|bailleur|donor|partenaire|partner|par|by)"
                        r"[^.\n]{0,30}$", re.IGNORECASE)


def _spelled_acronym(ctx: Context) -> list[tuple[float, int, int, str, str]]:
    """The last resort: the first "Name (ACR)" whose initials spell the acronym ("au sein de l'antenne de Saint-Marc
    de Haïti Développement Durable (HDD)"), unless it funds or supports the work."""
    for match in ctx.finditer(_NAME_WITH_ACRONYM, (") ", ")\n", "),", ").")):
        words = match["org"].split()
        for first in range(len(words)):  # "Saint-Marc de Haïti Développement Durable (HDD)": the words that spell it
            name = " ".join(words[first:])
            start = match.end("org") - len(name)
            if name[:1].isupper() and _initials_spell(name, match["acronym"]):
                if _FUNDED_BY.search(ctx.text, max(0, start - 40), start):
                    break
                return [(7, start, match.end("org"), name, "spelled_acronym")]
    return []


def _head_organizations(ctx: Context) -> list[tuple[float, int, int, str, str]]:
    """Names a posting's letterhead gives: "Fonds des Nations Unies pour la Population (UNFPA)", a line starting with
    "Association …"/"Fondation …", or a short name line the text repeats further down ("Terre et Partage")."""
    text, found = ctx.text, []
    head = list(_head_lines(text, _head_end(text)))[:6]
    for rank, (start, end) in enumerate(head):
        line = text[start:end].strip()
        if _GENERIC_HEADING.match(line) or JOB_NOUN_RE.match(_LEADING_ARTICLE.sub("", line)):
            continue
        named = _HEAD_NAME_WITH_ACRONYM.match(line)
        lettered = _letterhead_name(line) if not named else None
        following = head[rank + 1] if rank + 1 < len(head) else None
        if named and len(named["org"].split()) >= 2 and not _is_place_list(named["org"]) and not _SENTENCE_OPENING.match(
                named["org"]):
            found.append((1.5, start, start + named.end("org"), named["org"], "letterhead"))
        elif lettered and _name_like(lettered) and not _is_place_list(lettered):
            found.append((1.5, start, start + len(lettered), lettered, "letterhead"))
        elif (following and _ADDRESS.search(text, *following) and not _ADDRESS.search(line)
              and 1 <= len(line.split()) <= 10 and not re.search(r"[.:;!?\d@]", line)
              and _name_like(_LEGAL_FORM.sub("", line)) and not _is_place_list(line)):
            found.append((1.7, start, end, line, "letterhead"))  # a name over its address
        elif (_LEGAL_FORM.search(line) and len(line.split()) <= 10
              and not re.search(r"[.:;!?@]\s|\d", _LEGAL_FORM.sub("", line)) and _name_like(_LEGAL_FORM.sub("", line))):
            found.append((1.6, start, end, line, "letterhead"))  # "Maison de Jeunes du Laveu ASBL": a name by its form
        elif (_ORG_KIND_START.match(line) and len(line.split()) <= 14 and not line.endswith((".", ";", ":"))
              and re.match(r"\S+\s+(?:[dl]['’])?[A-ZÀ-Ý]", line)):
            found.append((1.6, start, end, re.split(r"\s+[-–—|]\s+|,\s", line)[0], "letterhead"))
        elif (1 <= len(line.split()) <= 6 and not re.search(r"[.:;!?\d]", line) and not _is_place_list(line)
              and not _LABEL_HEADING.fullmatch(line)  # "Fonction", "Profil": a section heading, not a name
              and not re.match(r"(?i)programme|projet|project|contexte|context|background", line)
              and ctx.low.count(line.lower()) >= 2 and _name_like(line)):
            found.append((5 + rank / 10, start, end, line, "repeated_name"))
    return found


_ORG_RULES = (
    (_HEADING_WITH_ORG, 1, "heading", ("avis de", "appel à", "appel a", "offre d", "vacancy", "recrutement", "job offer")),
    (_ORG_ON_BEHALF, 0.5, "on_behalf", ("pour le compte", "on behalf")),
    (_ORG_PRESENTATION, 2, "presentation", ("présentation", "presentation", "propos", "about", "qui est")),
    (_ORG_WITHIN, 2.5, "within", ("au sein", "within")),
    (_ORG_JOIN, 2.5, "join", ("rejoignez", "rejoins", "rejoindre", "intégrez", "join ")),
    (_ORG_DROP_OFF, 5.5, "drop_off", ("bureau de", "bureaux de", "siège de", "siege de", "office of",
                                       "offices of")),
    (_ORG_IMPLEMENTS, 3.5, "implements", ("en œuvre par", "en oeuvre par", "implemented by", "portée par",
                                          "porté par", "portés par")),
    (_ORG_RECRUITS, 3, "recruits", ("recrut", "recherch", "souhaite", "cherche", "propose", "lance", "is ", "seeks",
                                    "has an", "has a ", "has vacanc",
                                    "invites", "engage", "agit", "mobilise", "met en", "committed")),
    (_ORG_ACRONYM_DEFINITION, 4, "acronym_definition", (") est", ") is", "), ")),
    (_ORG_KIND_SUBJECT, 4.5, "kind_subject", ("association ", "fondation ", "foundation ", "réseau ", "reseau ",
                                               "network ", "alliance ", "collectif ", "fédération ", "federation ",
                                               "coalition ", "plateforme ", "platform ", "institut ", "ong ")),
    (_ORG_DEFINITION, 4, "definition", ("est un", "is a", "a été cré", "créé", "créée", "founded", "was created",
                                        "was established", ", un", ", organisation", ", association", ", ong",
                                        ", fondation", ", organization", ", ngo")),
)


# "AVIS DE RECRUTEMENT – RÉÉDITION", "Vacancy announcement – Re-advertisement": the notice's state, not a name.
_REPOST = re.compile(r"(?:r[ée][ée]dition|re-?advertise?ment|re-?publication|republi[ée]e?|nouvel\s+avis|rappel"
                     r"|prorogation|prolongation|extension|urgent|reposted?)\b", re.IGNORECASE)


def find_organization(ctx: Context) -> Found | None:
    text = ctx.text
    candidates: list[tuple[float, int, int, str, str]] = []  # (priority, start, end, raw, rule)
    for value, start, end in labelled(ctx, "organization")[:2]:
        candidates.append((0, start, end, value, "labelled"))
    candidates.extend(_head_organizations(ctx))
    for pattern, priority, rule, triggers in _ORG_RULES:
        match = next(ctx.finditer(pattern, triggers), None)
        if match:
            candidates.append((priority, match.start("org"), match.end("org"), match["org"], rule))
    # the signature block and a spelled acronym are read only when nothing above names the organisation
    for source in (lambda: candidates, lambda: _signature_organizations(ctx) + _spelled_acronym(ctx)):
        for _, start, end, raw, rule in sorted(source(), key=lambda item: (item[0], item[1])):
            if rule == "heading" and (JOB_NOUN_RE.match(_LEADING_ARTICLE.sub("", raw.strip()))
                                      or normalise.CONTRACT_WORD_RE.match(raw.strip()) or _REPOST.match(raw.strip())):
                continue  # "Offre d'emploi : Comptable", "Appel à candidatures – Volontariat national": not who offers it
            value = _organization_value(raw, text)
            if value and not places.country_code(value) and not places.town_countries(value):
                return Found(value, start, end, rule)
    return None


# --- locations -------------------------------------------------------------------------------------------------------

_PLACE_NAME = r"[A-ZÀ-Ý][\w'’\-]*(?:[ \-][A-ZÀ-Ý][\w'’\-]*)*(?:\s+\d)?"
# "Tombouctou, Gao et Mopti", and the lists that give each post its town: "l'un affecté à Abéché, l'autre à Goz
# Beïda", "one in Toamasina and one in Mahanoro".
_EACH_ONE = (r"(?:(?:l['’]autre|l['’]une?|une?\s+autre|une?|the\s+other|one|another)\s+(?:[\w()·-]+\s+){0,3}?"
             r"(?i:à|a|au|in|at)\s+)?")
_BASED_AT = re.compile(
    r"(?i:bas[ée](?:\(e\))?e?s?|based|situ[ée]e?|localis[ée]e?|affect[ée](?:\(e\))?e?s?|rattach[ée](?:\(e\))?e?s?"
    r"|located|stationed|posted"
    r"|r[ée]sidence(?:\s+obligatoire)?"
    r"|lieu\s+d['’]affectation\s+est|se\s+d[ée]roulera|se\s+d[ée]roule|aura\s+lieu|will\s+take\s+place"
    r"|will\s+be\s+carried\s+out)\s+(?i:principalement\s+|mainly\s+)?(?i:à|a|au|en|in|at|sur)\s+"
    r"(?:la\s+ville\s+de\s+|l['’]\s*)?"
    rf"(?P<places>{_PLACE_NAME}(?:\s*(?:,|\bet\b|\band\b|/|ou)\s*{_EACH_ONE}{_PLACE_NAME})*)",
)
_BASED_TRIGGERS = ("basé", "base", "based", "situé", "localis", "affect", "located", "stationed", "lieu d",
                   "se déroule", "aura lieu", "take place", "carried out", "posted", "résidence", "residence")
# "basé(e) dans notre bureau de Dakar", "au sein de notre antenne de Thiès", "basé au siège de la Fondation à Rabat",
# "based in our Port-au-Prince office": the office a post sits in names its town.
_OFFICE_FR = (r"(?:bureau(?:\s+(?:national|r[ée]gional|pays|principal|de\s+terrain|de\s+coordination))?|antenne"
              r"|si[èe]ge|secr[ée]tariat(?:\s+(?:ex[ée]cutif|permanent|national))?|coordination(?:\s+(?:nationale"
              r"|r[ée]gionale))?|base|sous-bureau|repr[ée]sentation|d[ée]l[ée]gation|d[ée]partement|direction|service"
              r"|p[ôo]le|unit[ée]|cellule)")
_IN_OFFICE = re.compile(
    r"(?i:(?:\b(?:à|a|dans|depuis|au\s+sein\s+(?:de|du|d['’]))\s+(?:notre|nos|son|sa|ses|leur|le|la|l['’])\s*|\bau\s+)"
    rf"{_OFFICE_FR}(?:\s+(?:de\s+la|du|de\s+l['’]|des)?\s*[^\s,.;]+){{0,3}}?\s+(?:de|d['’]|du|à|a|en)\s*)"
    rf"(?P<places>{_PLACE_NAME})"
    rf"|(?i:\b(?:in|at|from)\s+(?:our|its|their|the)\s+)(?P<places_en>{_PLACE_NAME})\s+(?i:(?:country\s+|field\s+"
    r"|regional\s+|main\s+|sub-?|liaison\s+)?(?:office|base|hub|headquarters))\b"
    rf"|(?i:\b(?:in|at)\s+(?:our|its|their|the)\s+(?:country\s+|field\s+|regional\s+|main\s+)?(?:office|base)\s+in\s+)"
    rf"(?P<places_in>{_PLACE_NAME})")
_OFFICE_TRIGGERS = ("bureau", "antenne", "siège", "siege", "secrétariat", "secretariat", "coordination", "base",
                    "représentation", "delegation", "délégation", "office", "headquarters", "hub", "département",
                    "departement", "direction", "service", "pôle", "pole", "unité", "cellule")
# A sentence that tells where to send or drop an application does not say where the job is.
_APPLY_SENTENCE = re.compile(r"d[ée]p[ôo]s|envoy|adress|candidature|dossier|submit|send|apply|application", re.IGNORECASE)
# A letterhead's address: "Rue des Tanneurs 58 – 1000 Bruxelles", "27 boulevard National, 13001 Marseille".
_STREET_WORD = re.compile(r"(?i)\b(?:rue|avenue|av\.|boulevard|bd|chemin|route|quai|impasse|all[ée]e|place|cours"
                          r"|street|road|square|lane|b\.?\s?p\.?)\b")
_POSTAL_TOWN = re.compile(rf"(?:^|[\s,–-])(?:\d{{4,5}}|(?i:b\.?\s?p\.?)\s*\d+)\s+(?P<places>{_PLACE_NAME})")
_JOB_SUBJECT = re.compile(r"\b(?:poste|post|position|job|role|rôle|titulaire|candidat|consultant|stagiaire|vous|you"
                          r"|cdd|cdi|contrat|contract|stage|internship"
                          r"|il/elle|chargé|charge|intern|volontaire|mission|fonction|incumbent|staff|officer|manager"
                          r"|coordinat\w*|assistant|consultance|consultancy|consultation|[ée]valuation|evaluation|[ée]tude"
                          r"|study|assignment|travail|work"
                          # a consultancy's field work: "La collecte se déroulera à Boké et Boffa"
                          r"|collecte|terrain|fieldwork|field\s+work|data\s+collection|enqu[êe]tes?|survey)", re.IGNORECASE)
_ORG_SUBJECT = re.compile(r"\b(?:siège|headquarter|l['’]organisation|l['’]association|l['’]ONG|the\s+organi[sz]ation"
                          r"|bureau|office)s?\b", re.IGNORECASE)
# What follows a place in a location field and is not one: "Abidjan, avec missions fréquentes à Bouaké",
# "Home-based, with up to two missions to Dakar", "Conakry avec des déplacements réguliers".
_TRAVEL_AFTER = re.compile(
    r"[,;(]?\s*(?:avec|with|et\s+des|y\s+compris|incluant|including|dont|plus|\+)\s+(?:des\s+|de\s+|d['’]|up\s+to\s+"
    r"|frequent\s+|regular\s+|possible\s+|occasional\s+)?(?:\w+\s+){0,3}?(?:missions?|d[ée]placements?|visites?|travel"
    r"|trips?|voyages?|tourn[ée]es?|t[ée]l[ée]travail|remote)\b.*$",
    re.IGNORECASE,
)
_BASED_PREFIX = re.compile(r"^(?:le\s+poste\s+est\s+|poste\s+)?(?:bas[ée](?:\(e\))?e?s?|based|situ[ée]e?)\s+(?:à|a|au|en|in|at)\s+",
                           re.IGNORECASE)
_NO_DUTY_STATION = re.compile(r"^(?:home[\s-]?based|remote|t[ée]l[ée]travail|[àa]\s+distance|anywhere)\b", re.IGNORECASE)
# A head line of tags: "CDI – temps plein – Bruxelles", "CDD | Saint-Louis, Podor".
_TAG_SEPARATOR = re.compile(r"\s+[-–—|·•]\s+")


# "… recrute une Secrétaire-Comptable pour sa coordination nationale à Ouagadougou", "recrute deux animateurs pour
# ses centres à Marrakech", "is recruiting a MEAL Officer for its Mopti field office": where the post is, said in the
# sentence that recruits (a town, never a region or country there: "pour son programme au Mali" is not a posting place).
_RECRUITS_FOR_PLACE = re.compile(
    r"(?i:recrute|engage|recherche|is\s+(?:recruiting|seeking|hiring|looking\s+for)|seeks)\b[^.;\n]{0,120}?"
    r"(?i:pour\s+(?:son|sa|ses|le|la|les)|for\s+(?:its|the|their))\s+(?:[^.;\n\s]+\s+){0,4}?"
    r"(?:(?i:à|a|in|at|de|d['’])\s*)?"
    rf"(?P<places>{_PLACE_NAME}(?:\s*(?:,|\bet\b|\band\b)\s*{_PLACE_NAME})*)")
_RECRUITS_FOR_TRIGGERS = ("recrute", "engage", "recherche", "recruiting", "seeking", "hiring", "looking for", "seeks")


# A tag line "Goma, Nord-Kivu", "Kaolack, région de Kaolack": a town and its region (which no table lists).
_TOWN_AND_REGION = re.compile(rf"^(?P<town>{_PLACE_NAME}),\s+(?:(?:r[ée]gion|province|wilaya|d[ée]partement)\s+(?:de\s+|du\s+"
                              r"|d['’])?)?[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){0,2}$")


def _job_is_the_subject(subject: str) -> bool:
    """Is the job what is based there? The nearest of the job's and the organisation's words before "basé à" tells:
    "L'ONG X recrute un chargé de programme basé à Dosso" is the job's, "L'ONG, basée à Washington" is not."""
    job = [match.end() for pattern in (_JOB_SUBJECT, JOB_NOUN_RE) for match in pattern.finditer(subject)]
    organisation = [match.end() for match in _ORG_SUBJECT.finditer(subject)]
    return bool(job) and (not organisation or max(job) > max(organisation))


def _location_value(value: str) -> str:
    return _BASED_PREFIX.sub("", _TRAVEL_AFTER.sub("", value).strip(" ,;-–"))


def _tag_line_places(line: str, low: str = "") -> str | None:
    """Places of a head line of tags: "CDI – temps plein – Bruxelles", "Tissons Solidaires – Montreuil (93)" (a
    name the text repeats, its organisation's, is a tag too)."""
    parts = [part.strip(" -–") for part in _TAG_SEPARATOR.split(line) if part.strip(" -–")]
    if len(parts) < 2:
        return None
    found = [part for part in parts if _is_place_list(part)]
    others = [part for part in parts if part not in found]
    tags = all(normalise.CONTRACT_WORD_RE.search(part) or normalise.EMPLOYMENT_RE.search(part)
               or re.fullmatch(r"(?i)(?:publi[ée]e?\s+le|posted)?.*\d{4}|h\s*/\s*f|urgent", part)
               or (part[:1].isupper() and _name_like(part) and low.count(part.lower()) >= 2) for part in others)
    return ", ".join(found) if found and tags else None


def find_locations(ctx: Context, title_places: list[dict[str, str | None]]) -> Found | None:
    """Where the job is: a place label (the most precise one), "sera basé à …", a title's "- Maputo, Mozambique", a
    head line that is only places or tags; towns the posting travels to are not where it is."""
    text = ctx.text
    found = []
    for value, start, end in labelled(ctx, "locations"):
        cleaned = _location_value(value)
        if _NO_DUTY_STATION.match(cleaned):
            return Found([], start, end, "no_duty_station")  # home-based: the towns after it are missions
        locations = places.parse_locations(cleaned, ctx.countries, ctx.hinted_countries)
        if locations:
            found.append((locations, start, end))
    if found:  # "Country: France" then "Lieu : Montreuil": the most precise label wins, the first among equals
        locations, start, end = next((item for item in found if any(loc["city"] for loc in item[0])), found[0])
        return Found(locations, start, end, "labelled")
    for match in ctx.finditer(_BASED_AT, _BASED_TRIGGERS):
        line_start = ctx.line_bounds(match.start())[0]
        sentence_start = max(line_start, text.rfind(". ", line_start, match.start()) + 1)
        before = text[sentence_start:match.start()]
        after = text[match.end("places"):match.end("places") + 80]
        subject = before if before.strip(" -•*") else after  # "Based in Abéché, the Officer will…"
        if not _job_is_the_subject(subject):
            continue
        locations = places.parse_locations(match["places"], ctx.countries, ctx.hinted_countries)
        if locations:
            return Found(locations, match.start("places"), match.end("places"), "based_at")
    items = counted_items(text)
    item_places = [_ITEM_PLACE.search(item) for _, _, _, item in items]
    if items and all(item_places):  # "un (01) superviseur à Kaya ; un (01) superviseur à Dori": one post a town
        locations = places.parse_locations(", ".join(match["place"] for match in item_places), ctx.countries, ctx.hinted_countries)
        if locations and all(location["city"] for location in locations):
            return Found(locations, items[0][1], items[-1][2], "counted_items")
    for line_start, line_end in _counted_post_lines(ctx):  # "👉 Deux (2) animatrices pour son centre … à Agadir"
        place = _ITEM_PLACE.search(text, line_start, line_end)
        locations = places.parse_locations(place["place"], ctx.countries, ctx.hinted_countries) if place else []
        if locations and all(location["city"] for location in locations):
            return Found(locations, place.start("place"), place.end("place"), "counted_post")
    if title_places:  # "Animateur – Kita" in a Malian posting: the title alone could not tell which Kita
        return Found([{**location, "country": places.prefer_country(location["city"], location["country"],
                                                                     ctx.countries, ctx.hinted_countries)}
                      if location["city"] else location for location in title_places], None, None, "title_suffix")
    for match in ctx.finditer(_RECRUITS_FOR_PLACE, _RECRUITS_FOR_TRIGGERS):
        locations = places.parse_locations(match["places"], ctx.countries, ctx.hinted_countries)
        if locations and all(location["city"] for location in locations):
            return Found(locations, match.start("places"), match.end("places"), "recruits_for")
    for match in ctx.finditer(_IN_OFFICE, _OFFICE_TRIGGERS):
        sentence_start, sentence_end = ctx.sentence_bounds(match.start())
        if _APPLY_SENTENCE.search(text, sentence_start, sentence_end):
            continue
        group = next(name for name in ("places", "places_en", "places_in") if match[name])
        locations = places.parse_locations(match[group], ctx.countries, ctx.hinted_countries)
        if locations and all(location["city"] for location in locations):
            return Found(locations, match.start(group), match.end(group), "office")
    head = list(_head_lines(text, _head_end(text)))
    for index, (start, end) in enumerate(head):
        line = text[start:end].strip(" -•*")
        if len(line) <= 60 and _is_place_list(line):
            # a list of tags, one place a line ("CDD", "Bamako", "Ségou", "Mopti"): every place of the run
            run_end = next((line_end for line_start, line_end in head[index + 1:]
                            if not (len(text[line_start:line_end].strip(" -•*")) <= 60
                                    and _is_place_list(text[line_start:line_end].strip(" -•*")))), None)
            last = max((line_end for line_start, line_end in head[index:] if run_end is None or line_end < run_end),
                       default=end)
            names = ", ".join(text[line_start:line_end].strip(" -•*") for line_start, line_end in head[index:]
                              if line_end <= last)
            return Found(places.parse_locations(names, ctx.countries, ctx.hinted_countries), start, last, "head_line")
        tagged = _tag_line_places(line, ctx.low) if len(line) <= 100 else None
        if tagged:
            return Found(places.parse_locations(tagged, ctx.countries, ctx.hinted_countries), start, end, "head_tags")
        town = _TOWN_AND_REGION.match(line) if len(line) <= 50 else None
        if town and places.town_countries(town["town"]) and not places.country_code(town["town"]):
            locations = places.parse_locations(town["town"], ctx.countries, ctx.hinted_countries)
            town_start = text.find(town["town"], start, end)
            if locations:
                return Found(locations, town_start, town_start + len(town["town"]), "head_town_region")
    for start, end in head[:6]:  # nothing else says where: the letterhead's address
        if _STREET_WORD.search(text, start, end):
            match = _POSTAL_TOWN.search(text, start, end)
            locations = places.parse_locations(match["places"], ctx.countries, ctx.hinted_countries) if match else []
            if locations and all(location["city"] for location in locations):
                return Found(locations, match.start("places"), match.end("places"), "letterhead_address")
    return None


# --- contract, employment, duration ----------------------------------------------------------------------------------


_CONTRACT_TRIGGERS = ("cdd", "cdi", "contrat", "contract", "durée déterminée", "durée indéterminée", "fixed",
                      "temporary", "temporaire", "stage", "internship", "vsi", "volontariat", "volontaire de",
                      "service civique", "volunteer", "unv", "consultance", "consultancy", "prestation", "alternance",
                      "apprentissage", "professionnalisation", "open-ended", "open ended", "permanent",
                      "durée limitée", "individual contractor", "individual consultant", "independent consultant",
                      "consultant individuel", "consultante individuelle", "consultant indépendant",
                      "consultante indépendante")


# A contract word that heads or ends a title, or stands next to its separators: "Stage - Chargé de communication",
# "Digital Learning Internship", "International Consultant on …", "APPRENTI(E) - Rédacteur", "…, TA (364 days)".
_TITLE_CONTRACT_WORD = (r"stage|stagiaire|internship|intern|consultan(?:t|te|ts|tes|ce|cy)|volontaire|volunteer|vsi"
                        r"|apprenti(?:e|s|es)?(?:\(e\))?|alternan(?:ce|t|te)|temporary\s+appointment"
                        r"|temporary\s+assign?ment|fixed[- ]term(?:\s+position)?|TA|cdd|cdi")
_TITLE_CONTRACT = re.compile(
    r"(?:^|[-–—:(|,/)]\s*|^(?:international|national|individual|senior|junior|local|lead|short[- ]term)\s+)"
    rf"(?P<kind>{_TITLE_CONTRACT_WORD})(?![\w-])"
    rf"|(?<![\w-])(?P<end>{_TITLE_CONTRACT_WORD})(?=\s*(?:\([^)]*\))?\s*(?:$|[-–—:|,]))",
    re.IGNORECASE,
)


def find_contract_type(ctx: Context, title: str | None) -> Found | None:
    for value, start, end in labelled(ctx, "contract_type", headings=False):
        match = normalise.CONTRACT_WORD_RE.search(value)
        if match:
            return Found(match.lastgroup, start + match.start(), start + match.end(), "labelled")
    if title:
        kinds = [match.group("kind") or match.group("end") for match in _TITLE_CONTRACT.finditer(title)]
        kinds += [match.group() for match in normalise.CONTRACT_PHRASE_RE.finditer(title)]
        value = normalise.contract_type(" ".join(kinds)) if kinds else None
        if value:
            return Found(value, None, None, "title")
    match = next(ctx.finditer(normalise.CONTRACT_PHRASE_RE, _CONTRACT_TRIGGERS), None)
    if match:
        return Found(match.lastgroup, match.start(), match.end(), "phrase")
    # "Durée du contrat : trois (3) mois", "one-year renewable contract": an employment contract with an end is
    # fixed-term, unless the posting is an internship, a volunteer post or a consultancy (their contracts end too).
    match = next(ctx.finditer(_CONTRACT_WITH_LENGTH, ("contrat", "contract", "renouvelable")), None)
    if match and not _OTHER_CONTRACT_KIND.search(ctx.low):
        return Found("fixed_term", match.start(), match.end(), "contract_length")
    return None


_NUMBER_WORD = (r"(?:\d{1,2}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|dix-huit|vingt-quatre"
                r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)")
_CONTRACT_WITH_LENGTH = re.compile(
    r"dur[ée]e\s+du\s+contrat\s*:?\s*" + _NUMBER_WORD
    # "Contract: 12 months, renewable", "Contrat : 6 mois"
    + r"|\b(?:contract|contrat)\s*:\s*" + _NUMBER_WORD + r"\s*(?:\(\d+\)\s*)?(?:months?|years?|mois|ans?|années?)\b"
    + r"|contrat\s+(?:de\s+travail\s+)?(?:d['’]une\s+durée\s+)?(?:de\s+|d['’]\s*)" + _NUMBER_WORD
    + r"\s*(?:\(\d+\)\s*)?(?:mois|ans?|années?)\b"
    + r"|\b" + _NUMBER_WORD + r"[- ](?:month|year)s?(?:[- ]long)?\s+(?:renewable\s+|extendable\s+)?contract"
    + r"|renewable\s+contract|contract\s+(?:of|for)\s+" + _NUMBER_WORD + r"\s+(?:months?|years?)"
    # "Durée : 12 mois renouvelables": a length that is renewed is a contract's
    + r"|dur[ée]e\s*:?\s*" + _NUMBER_WORD + r"\s*(?:\(\d+\)\s*)?(?:mois|ans?|années?)\s+renouvelables?",
    re.IGNORECASE)
_OTHER_CONTRACT_KIND = re.compile(
    r"(?<![\w-])(?:stages?|stagiaires?|internships?|interns?|volontariat|volontaires?|vsi|unv|volunteers?|service\s+civique"
    r"|consultan(?:ce|cy|ts?|tes?)|prestataire|alternance|apprenti(?:e|s|es|ssage)?)(?![\w-])")


def find_employment_type(ctx: Context) -> Found | None:
    match = next(ctx.finditer(normalise.EMPLOYMENT_RE, ("temps plein", "temps complet", "temps partiel", "plein temps",
                                                        "plein-temps", "mi-temps", "mi temps", "full time", "full-time",
                                                        "fulltime", "part time", "part-time", "parttime", "% etp",
                                                        "%etp", "% fte", "%fte", "% du temps", "% d'un temps",
                                                        "% d’un temps", "% de temps", "half-time", "half time",
                                                        "fte", "etp", "/5", "/ 5", "/4", "/ 4", "/2", "/ 2")), None)
    if match:
        return Found(match.lastgroup, match.start(), match.end(), "phrase")
    match = next(ctx.finditer(_WORKING_TIME_SHARE, ("temps de travail", "taux d", "quotit", "working time", "fte", "etp",
                                                    "occupation")), None)
    if match:
        return Found("full_time" if int(match["share"]) >= 100 else "part_time", match.start("share"),
                     match.end("share"), "working_time_share")
    return None


# "Temps de travail : 80 %", "Taux d'occupation : 50%", "Quotité : 60 %", "Working time: 80%", "FTE: 100%".
_WORKING_TIME_SHARE = re.compile(
    r"(?i:temps\s+de\s+travail|taux\s+d['’](?:occupation|activit[ée]|emploi)|quotit[ée](?:\s+de\s+travail)?"
    r"|working\s+time|(?:FTE|ETP))\s*(?:\([^)]{0,20}\))?\s*[:：]?\s*(?P<share>\d{2,3})\s?%")


# Quantities are found from their unit back to their number ("CDD de 24 mois", "au moins deux (2) années",
# "six (6) mois"): units are rare words, so the costly number pattern only runs on a few characters.
_UNIT_RE = re.compile(r"(?<![\w])(?P<unit>mois|months?|ans|an|années?|annees?|years?|yrs?|semaines?|weeks?)(?![\w])")
_UNIT_TRIGGERS = ("mois", "month", " an", "année", "annee", "year", "yr", "semaine", "week")
_QUANTITY_BEFORE = re.compile(
    rf"(?<![\w])(?P<count>{_COUNT})(?:\s*(?:à|-|–|to)\s*(?P<upper>{_COUNT}))?\s*\+?[\s-]*$", re.IGNORECASE)


@dataclass
class Quantity:
    count: str
    start: int
    unit: str
    end: int


def quantities(ctx: Context, start: int, end: int):
    """Every "number unit" of text[start:end] whose unit is a duration (months, years, weeks)."""
    for unit in _UNIT_RE.finditer(ctx.low, start, end):
        before = _QUANTITY_BEFORE.search(ctx.text, max(start, unit.start() - 40), unit.start())
        if before:
            yield Quantity(before["count"], before.start("count"), unit["unit"], unit.end())


def _months(count: str, unit: str) -> int | None:
    value = normalise.count_value(count)
    if value is None:
        return None
    unit = unit.lower()
    if unit.startswith(("an", "ann", "year", "yr")):
        return value * 12
    if unit.startswith(("semaine", "week")):
        return round(value / 4.345) if value >= 4 else None
    return value


_CONTRACT_BEFORE = re.compile(r"(?<![\w-])(?:working\s+days|jours\s+(?:de\s+travail|ouvrables|ouvr[ée]s)|person[- ]days"
                              r"|cdd|contrat|contract|dur[ée]e|duration|mission|stage|internship|consultance"
                              r"|consultancy|engagement|assignment|appointment|period|p[ée]riode|volontariat"
                              r"|fixed[- ]term|temporary|vsi|volunteering)(?![\w])")
# The length of something else: a project or programme ("financé … pour une durée de 36 mois"), a trial period.
_OTHER_DURATION = re.compile(r"(?<![\w-])(?:projet|project|programme|program|phase|financ|funded|essai|trial|probation"
                             r"|pr[ée]avis|notice\s+period)")
_CONTRACT_AFTER = re.compile(r"\s*\)?\s*(?:renouvelables?|renewable|contract|contrat|de\s+contrat|fixed[- ]term|cdd"
                             r"|of\s+contract|(?:paid\s+|full[- ]time\s+)?(?:internship|consultancy|assignment"
                             r"|fellowship|placement|volunteer\s+(?:placement|assignment)))(?![\w-])")
_SCHEME_AFTER = re.compile(r"\s+(?:programmes?|programs?|schemes?|cohorts?|initiatives?|track)\b")
_POST_SUBJECT = re.compile(r"\b(?:you|vous|the\s+(?:successful\s+)?(?:intern|candidate|fellow|trainee|volunteer)s?"
                           r"|(?:this|the)\s+(?:position|post|role|internship|placement)|le\s+(?:stagiaire|candidat|poste)"
                           r"|la\s+(?:stagiaire|candidate)|ce\s+(?:poste|stage)|will\s+join|rejoindra)\b", re.IGNORECASE)
_SCHEME_BEFORE = re.compile(r"(?:programmes?|programs?|dispositif|sch[ée]mas?)\s+(?:de|d['’]|of)\s*$")
_ORG_RECORD = re.compile(r"\b(?:ha(?:s|ve)\s+(?:already\s+)?(?:trained|hosted|welcomed|placed|supported|accompanied)"
                         r"|a\s+(?:d[ée]j[àa]\s+)?(?:form[ée]|accueilli|accompagn[ée])|since\s+(?:its|\d)|depuis\s+(?:sa|\d)"
                         r"|each\s+year|every\s+year|chaque\s+ann[ée]e|per\s+year|par\s+an\b|alumni|to\s+date|so\s+far"
                         r"|more\s+than\s+\d|over\s+\d|plus\s+de\s+\d)", re.IGNORECASE)
_TEMPLATE_HINT = re.compile(r"(?:\bex\.|\be\.g\.|exemple|par\s+exemple|for\s+example|xx)\s*\(?\s*$", re.IGNORECASE)
_NOT_DURATION_AFTER = re.compile(r"\s*(?:d['’]\s*exp[ée]rience|of\s+(?:professional\s+|relevant\s+)?experience"
                                 r"|d['’]existence|de\s+mise\s+en\s+(?:œ|oe)uvre|minimum\s+d['’]exp|après|after"
                                 r"|d['’]anciennet)", re.IGNORECASE)


def _clause_before(ctx: Context, position: int, span: int) -> tuple[int, int]:
    """The part of the sentence that ends at `position`, at most `span` characters long."""
    start = max(ctx.line_bounds(position)[0], position - span)
    cut = max(ctx.text.rfind(". ", start, position), ctx.text.rfind(";", start, position))
    return (cut + 1 if cut != -1 else start), position


def find_duration(ctx: Context) -> Found | None:
    """The contract's length: "CDD de 24 mois", "d'une durée de plus ou moins une année", "CDD (un an) renouvelable",
    "6-month contract"; a template's "(ex. 12 mois)" and "5 ans d'expérience" are not durations."""
    text = ctx.text
    for name in ("duration_months", "contract_type"):  # "Durée : 12 mois", "Type de contrat : CDD de 6 mois"
        for value, start, end in labelled(ctx, name, headings=name == "duration_months"):
            for quantity in quantities(ctx, start, end):
                clause_start, _ = _clause_before(ctx, quantity.start, 70)
                if _TEMPLATE_HINT.search(text[start:quantity.start]) or _OTHER_DURATION.search(
                        ctx.low, clause_start, quantity.start):
                    continue
                months = _months(quantity.count, quantity.unit)
                if months:
                    return Found(months, quantity.start, quantity.end, "labelled")
    scheme: Found | None = None
    for window_start, window_end in ctx.windows(_UNIT_TRIGGERS):
        for quantity in quantities(ctx, window_start, window_end):
            if _TEMPLATE_HINT.search(text[max(0, quantity.start - 14):quantity.start]):
                continue
            if _NOT_DURATION_AFTER.match(text, quantity.end):
                continue
            clause_start, clause_end = _clause_before(ctx, quantity.start, 70)
            contract_words = list(_CONTRACT_BEFORE.finditer(ctx.low, clause_start, clause_end))
            contract_word = contract_words[-1] if contract_words else None  # the one nearest the number
            if contract_word is None and not _CONTRACT_AFTER.match(ctx.low, quantity.end):
                continue
            if _OTHER_DURATION.search(ctx.low, contract_word.start() if contract_word else clause_start, quantity.start):
                continue
            months = _months(quantity.count, quantity.unit)
            if not months or months > 120:
                continue
            kind = None if contract_word else _CONTRACT_AFTER.match(ctx.low, quantity.end)
            if (kind and _SCHEME_AFTER.match(ctx.low, kind.end())) or (
                    contract_word and _SCHEME_BEFORE.search(ctx.low, max(0, contract_word.start() - 20),
                                                            contract_word.start())):
                # "Our six-month internship programme has trained 200 graduates": the scheme's record, not the post;
                # "The intern will join our six-month internship programme": the post's, unless another length is
                # written elsewhere
                sentence = ctx.sentence_bounds(quantity.start)
                if scheme is None and (_POST_SUBJECT.search(ctx.text, *sentence)
                                       or not _ORG_RECORD.search(ctx.text, *sentence)):
                    scheme = Found(months, quantity.start, quantity.end, "scheme")
                continue
            return Found(months, quantity.start, quantity.end, "phrase")
    return scheme


# --- dates -----------------------------------------------------------------------------------------------------------

_ASAP = re.compile(r"(?:d[èe]s\s+que\s+possible|au\s+plus\s+(?:vite|t[ôo]t)|imm[ée]diatement|imm[ée]diate|d[èe]s"
                   r"\s+maintenant|asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+possible|immediately|immediate(?:ly)?)",
                   re.IGNORECASE)
_START_CONTEXT = re.compile(
    r"(?:prise\s+de\s+(?:poste|fonctions?|service)|date\s+de\s+(?:d[ée]but|d[ée]marrage|prise)|d[ée]but\s+(?:du\s+contrat|de"
    r"\s+(?:la\s+)?mission|du\s+stage|souhait[ée])|d[ée]marrage|entr[ée]e\s+en\s+fonction|à\s+pourvoir|disponibilit[ée]"
    r"|(?:[êe]tre|soyez|[êe]tes)\s+disponibles?|(?<![^\n])disponibles?"
    r"|start(?:ing)?(?:\s+date)?|commence|available\s+from|to\s+be\s+filled|poste\s+à\s+pourvoir|begin(?:ning)?"
    r"|entry\s+on\s+duty)"
    r"[^.\n]{0,40}?",
    re.IGNORECASE,
)
_START_RE = re.compile(_START_CONTEXT.pattern + r"(?:(?P<asap>" + _ASAP.pattern + r")|(?P<date>"
                       + dates.DATE_RE.pattern + r"))", re.IGNORECASE)
_DEADLINE_CONTEXT = (
    r"(?:au\s+plus\s+tard|avant\s+(?:le|la\s+date\s+du)|jusqu['’](?:au|à)|date\s+limite|d[ée]lai|cl[ôo]tur[ée]e?s?"
    r"|closing\s+date|deadline|apply\s+by|no\s+later\s+than|not\s+later\s+than|before|by|until|expire[sd]?|expiration"
    r"|close[sd]?\b|closing(?:\s+on)?|will\s+close|last\s+date"
    r"|dernier\s+d[ée]lai|date\s+de\s+cl[ôo]ture|ferm(?:e|eture)|d['’]ici\s+(?:le|au))"
)
# "by 11:59 pm on 9 February 2026", "avant 17h00 le 3 mars 2026": an hour between the deadline word and the date
_HOUR_FIRST = r"(?:\d{1,2}(?:[:h]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?|h\b)[^.\n\d]{0,20}?)?"
_DEADLINE_RE = re.compile(
    _DEADLINE_CONTEXT + r"[^.\n\d]{0,50}?" + _HOUR_FIRST + r"(?P<date>" + dates.DATE_RE.pattern + r")"
    # "… pour le 2 décembre 2025 au plus tard", "by 9 May at the latest": the deadline word after the date
    r"|\b(?:pour|avant|by)\s+(?:le\s+)?(?P<date_before>" + dates.DATE_RE.pattern.replace("(?P<", "(?P<b_")
    + r")[^.\n\d]{0,25}?\b(?:au\s+plus\s+tard|at\s+the\s+latest|dernier\s+d[ée]lai)"
    # "… stages@ctea.org, le 20 janvier 2026 délai de rigueur": the phrase is only ever a deadline's
    r"|(?P<date_strict>" + dates.DATE_RE.pattern.replace("(?P<", "(?P<c_") + r")[ \t,]{0,3}(?:\(\s*)?d[ée]lai\s+de\s+rigueur",
    re.IGNORECASE)
_APPLICATION_WORDS = re.compile(r"candidat|dossier|postul|cv|apply|applica|soumission|submi|envoy|send|offre|annonce"
                                r"|closing|close[sd]?\b|deadline|limite|cl[ôo]tur|délai|expire|expiration|recrut"
                                r"|vacanc",
                                re.IGNORECASE)
_POSTED_PHRASE = re.compile(
    r"(?:fait\s+à\s+[A-ZÀ-Ý][\w' -]{1,40},?\s+le|publi[ée]e?\s+le|posted\s+on|date\s+de\s+publication\s*:?|"
    r"mise?\s+en\s+ligne\s*(?:le|:)|date\s+de\s+mise\s+en\s+ligne\s*:?|"
    r"date\s+of\s+(?:issue|publication)\s*:?)\s*(?P<date>" + dates.DATE_RE.pattern + r")",
    re.IGNORECASE,
)
# A page's or a post's timestamp, a date and an hour alone on a head line: "10 janvier 2026, 14:32 · 🌍",
# "January 10, 2026 at 2:32 PM", "le 3 mars 2025 à 09h15".
_TIMESTAMP = re.compile(r"[ \t]*(?:(?:le|on)\s+)?(?P<date>" + dates.DATE_RE.pattern + r")\s*(?:,|à|a|at|[-–·|])?\s*"
                        r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:[·•|]|" + BULLET + r")[^\n]{0,30})?[ \t]*$",
                        re.IGNORECASE)
# A notice's dateline, alone on its line: "Kayes, le 2 avril 2024", "Marrakech, le 18 décembre 2024".
# A dateline ends its line, or a document's footer was run into it when lines were joined ("Dakar, le 26 janvier
# 2026 kaydara.sn – NINEA …"): the footer opens on a web address.
_DATELINE = re.compile(r"^[ \t]*(?P<place>[A-ZÀ-Ý][\w'’ -]{1,40}),\s+(?:le\s+)?(?P<date>" + dates.DATE_RE.pattern
                       + r")(?:[ \t.]*$|[ \t]+(?=(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,6}(?:[ \t/]|$)))",
                       re.IGNORECASE | re.MULTILINE)


def _date_found(match: re.Match, ctx: Context, group: str, future: bool, rule: str) -> Found | None:
    inner = dates.DATE_RE.match(match.string, match.start(group))
    value = dates.date_from_match(inner, ctx.reference_date, future) if inner else None
    return Found(value.isoformat(), match.start(group), match.end(group), rule) if value else None


def find_start(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx, "start_date", headings=False):
        if _ASAP.search(value):
            return Found("asap", start, end, "labelled")
        day = dates.parse_date(value, ctx.reference_date)
        if day and dates.DATE_RE.search(value):
            return Found(day.isoformat(), start, end, "labelled")
    for match in ctx.finditer(_START_RE, ("prise de", "date de", "début", "debut", "démarr", "demarr", "entrée en",
                                          "pourvoir", "disponib", "start", "commenc", "available", "to be filled",
                                          "begin", "entry on duty")):
        if match["asap"]:
            return Found("asap", match.start("asap"), match.end("asap"), "phrase")
        found = _date_found(match, ctx, "date", True, "phrase")
        if found:
            return found
    windows = ctx.windows(("à partir du", "a partir du", "à compter du", "a compter du", "from", "dès le", "starting"),
                          bounds=ctx.line_and_previous)
    match = next((found for start, end in windows for found in _CONTRACT_FROM.finditer(ctx.text, start, end)), None)
    return _date_found(match, ctx, "date", True, "contract_from") if match else None


# "Stage de 6 mois à temps plein à partir du 5 janvier 2026", "a 12-month contract from 1 March 2026": a contract's
# sentence that says when it runs from.
_CONTRACT_FROM = re.compile(
    # the sentence may wrap onto the next line ("un stage de six mois au sein de\nson siège, à partir du 2 mars")
    # "Durée : 3 mois, à partir du 2 mars 2026", "la mission … à compter du 6 avril 2026"
    r"(?i:stage|contrat|cdd|cdi|contract|internship|mission|volontariat|assignment|poste|position|dur[ée]e|duration"
    r"|consultance|consultancy|prestation)\b"
    r"(?:[^.\n]|\n(?=(?-i:[a-zà-ÿ]))){0,90}?"
    r"(?i:[àa]\s+partir\s+du|[àa]\s+compter\s+du|dès\s+le|from|starting(?:\s+on)?)\s+(?P<date>" + dates.DATE_RE.pattern + r")",
    re.IGNORECASE)


_DEADLINE_TRIGGERS = ("au plus tard", "avant", "jusqu", "limite", "délai", "delai", "clôtur", "clotur", "closing",
                      "last date", "d'ici", "d’ici",
                      "rigueur",
                      "deadline", "apply by", "later than", "before", "by ", "until", "expir", "dernier", "ferm",
                      "close", "the latest")


def find_deadline(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx, "deadline"):
        match = dates.DATE_RE.search(value)
        if match:
            day = dates.date_from_match(match, ctx.reference_date, True)
            if day:
                return Found(day.isoformat(), start + match.start(), start + match.end(), "labelled")
    yearless: tuple[Found, tuple[int, int]] | None = None
    for match in ctx.finditer(_DEADLINE_RE, _DEADLINE_TRIGGERS):
        line_start, line_end = ctx.line_bounds(match.start())
        if line_start and ctx.text[line_start:line_start + 1].islower():
            # a sentence wrapped onto this line ("… à\nemploi@ong.be, pour le 30 janvier au plus tard"): its
            # beginning on the line before says what the date is for
            line_start = ctx.line_bounds(line_start - 1)[0]
        context = ctx.text[max(line_start, match.start() - 150):min(line_end, match.end() + 80)]
        if not _APPLICATION_WORDS.search(context):
            continue
        group = "date" if match["date"] else "date_before" if match["date_before"] else "date_strict"
        found = _date_found(match, ctx, group, True, "phrase")
        if not found:
            continue
        written = dates.DATE_RE.match(match.string, match.start(group))
        day_month = (int(found.value[5:7]), int(found.value[8:10]))
        if yearless is None and not dates.has_year(written):
            # "Subject: … deadline 25 July" before "… by 25 July 2025": the year the text writes wins over a guess
            yearless = (found, day_month)
            continue
        if yearless is None or yearless[1] == day_month:
            return found
    return yearless[0] if yearless else None


def find_posted(ctx: Context) -> Found | None:
    for value, start, end in labelled(ctx, "posted_date"):
        if dates.DATE_RE.search(value) or dates.RELATIVE_RE.search(value):
            day = dates.parse_date(value, ctx.today, future=False)
            if day:
                return Found(day.isoformat(), start, end, "labelled")
    match = next(ctx.finditer(_POSTED_PHRASE, ("fait à", "fait a", "publié", "publie", "posted", "date de publication",
                                               "date of", "en ligne")), None)
    found = _date_found(match, ctx, "date", False, "phrase") if match else None
    if found:
        return found
    for start, end in list(_head_lines(ctx.text, _head_end(ctx.text)))[:4]:
        stamp = _TIMESTAMP.match(ctx.text, start, end)  # a social-media post's "10 janvier 2026, 14:32 · 🌍"
        if stamp:
            return _date_found(stamp, ctx, "date", False, "timestamp")
    for start, end in ctx.label_lines():  # a dateline is a short line of its own
        if ", " in ctx.text[start:min(end, start + 60)]:
            line = _DATELINE.match(ctx.text, start, end)
            if line and line.end() - start <= 60 and (places.town_countries(line["place"].strip()) or places.country_code(line["place"].strip())):
                return _date_found(line, ctx, "date", False, "dateline")
    return None


# --- contact ---------------------------------------------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"(?<![\w.+-])(?P<local>[A-Za-z0-9][\w.+-]*)\s*(?:@|\[\s*(?:at|@|arobase)\s*\]|\(\s*(?:at|@|arobase)\s*\)"
    r"|\{\s*at\s*\}|\s+arobase\s+)\s*(?P<domain>[A-Za-z0-9][\w-]*(?:(?:\.|\s*\[\s*dot\s*\]\s*|\s*\(\s*dot\s*\)\s*"
    r"|\s+dot\s+)[A-Za-z0-9][\w-]*)*(?:\.|\s*\[\s*dot\s*\]\s*|\s*\(\s*dot\s*\)\s*)(?P<tld>[A-Za-z]{2,24}))(?![\w@])",
)
_NOT_EMAIL_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "doc", "docx"})
_MAILING_LIST = re.compile(r"@(?:googlegroups\.com|yahoogroups\.com|groups\.io|lists?\.|listes?\.|listserv\.|mailman\.)"
                           r"|-(?:owner|request|bounces)@|^(?:owner-|noreply|no-reply"
                           r"|ne-pas-repondre|donotreply)@")


# "Signalez toute annonce suspecte à alerte@…", "To report fraud, write to …": a board's or an ethics address.
_REPORT_SENTENCE = re.compile(r"signal(?:ez|er)\s+(?:toute?s?|les?|une?)\b|to\s+report|report\s+(?:any|all|fraud|abuse"
                              r"|suspicious|misconduct)|fraud|arnaque|escroquer|suspect|plainte|complaint|whistle",
                              re.IGNORECASE)


# "applications sent by e-mail will not be considered", "aucune candidature par courriel ne sera acceptée", "we do
# not accept applications by e-mail": the posting's e-mail addresses are for something else.
_NO_EMAIL_APPLICATIONS = re.compile(
    r"(?:applications?|candidatures?|dossiers?|cvs?)\s+(?:[\w-]+\s+){0,3}?(?:(?:by|via|through|par|per)\s+(?:e-?mail|courriel"
    r"|mail)s?|(?:to|à)\s+(?:this|that|cette)\s+(?:e-?mail\s+)?(?:address|adresse))\s+(?:[\w-]+\s+){0,2}?(?:will\s+not|won['’]t|shall\s+not|cannot|are\s+not|ne\s+(?:seront|sont|sera|pourront"
    r"|pourra)\s+pas)"
    r"|\b(?:no|aucune?)\s+(?:e-?mail(?:ed)?\s+applications?|candidatures?\s+(?:envoy[ée]es?\s+)?par\s+(?:e-?mail|courriel"
    r"|mail))"
    r"|\b(?:do|does|will)\s+not\s+accept\s+(?:applications?\s+|cvs?\s+)?(?:by|via|through)\s+e-?mail"
    r"|\bn['’]accept(?:e|ons)\s+pas\s+(?:les\s+)?(?:candidatures?|dossiers?)\s+(?:envoy[ée]es?\s+)?par\s+(?:e-?mail|courriel|mail)",
    re.IGNORECASE)
# "Questions about the role can be sent to …", "Pour toute information, écrire à …"
_QUESTION_SENTENCE = re.compile(r"question|quer(?:y|ies)|enquir|inquir|informations?\b|renseignements?|pr[ée]cisions?"
                                r"|clarifications?", re.IGNORECASE)


# Words of a sentence that tells where to send an application (or its copy): the addresses it gives are the ones
# to apply to, and once one is found, the posting's other addresses (letterhead, footer, contact) are not.
_SEND_TO = re.compile(r"candidat|dossier|postul|\bcvs?\b|apply|applica|soumi|submi|envoy|send|adress|d[ée]p[ôo]s|transmet"
                      r"|transmis|offres?\b|copie|\bcopy|\bcc\b|objet|subject|recrutement|recruitment", re.IGNORECASE)


def find_emails(ctx: Context) -> Found | None:
    emails: list[str] = []
    first: tuple[int, int] | None = None
    refused = next(ctx.finditer(_NO_EMAIL_APPLICATIONS, ("mail", "courriel", "address", "adresse")), None)
    sent_to: set[str] = set()
    for match in ctx.finditer(EMAIL_RE, ("@", "[at]", "(at)", "{at}", "arobase", "[ at ]", "( at )")):
        if match["tld"].lower() in _NOT_EMAIL_TLD:
            continue
        sentence = ctx.sentence_bounds(match.start())
        if _REPORT_SENTENCE.search(ctx.text, *sentence):
            continue
        if refused and (_QUESTION_SENTENCE.search(ctx.text, *sentence)
                        or _NO_EMAIL_APPLICATIONS.search(ctx.text, *sentence)):
            continue  # an address for questions, where the posting says e-mailed applications are not read
        domain = re.sub(r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\s+dot\s+)\s*", ".", match["domain"])
        email = (match["local"] + "@" + "".join(domain.split())).lower().rstrip(".")
        if _MAILING_LIST.search(email):
            continue
        if email not in emails:
            emails.append(email)
            first = first or (match.start(), match.end())
            sentence_start, sentence_end = sentence
            line_start = ctx.line_bounds(match.start())[0]
            if sentence_start == line_start and len(ctx.text[line_start:match.start()].split()) <= 2:
                sentence_start = ctx.line_bounds(max(0, line_start - 1))[0]  # "… envoyé à\nrh@ong.org"
            if _SEND_TO.search(ctx.text, sentence_start, sentence_end):
                sent_to.add(email)
    if sent_to:  # a letterhead's, a footer's or a contact line's address is not where applications go
        emails = [email for email in emails if email in sent_to]
    for text, href in () if refused else ctx.links:  # a link says nothing of what its address is for
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
    for match in ctx.finditer(_URL_RE, ("http", "www.")):
        line_start, line_end = ctx.line_bounds(match.start())
        before = ctx.text[max(line_start, match.start() - 120):match.start()]
        if _APPLY_WORDS.search(before) and not re.search(r"informations?|savoir\s+plus|more\s+info|site", before,
                                                          re.IGNORECASE):
            url = match.group()
            return Found(url if url.lower().startswith("http") else f"https://{url}", match.start(), match.end(),
                         "apply_url")
    return None


# --- counts: positions, experience -----------------------------------------------------------------------------------

_POSITIONS_NOUN = re.compile(r"(?<![\w-])(?:postes?|positions?|posts?|vacanc(?:y|ies)|places\s+disponibles|openings?)"
                             r"(?![\w-])(?!\s+de\s+(?:sant[ée]|contr[ôo]le|travail|police|secours))")
_COUNT_ADJACENT = re.compile(rf"(?<![\w])(?P<count>{_COUNT})\s+$", re.IGNORECASE)
_POSITIONS_RECRUIT = re.compile(
    # "le recrutement de :\n\nDeux (02) Animateurs", "un avis de recrutement pour deux (02) comptables", "Nous
    # recherchons deux médecins"
    r"(?:recrut(?:ement|er|e|ons)|recherch(?:e|ons)|cherchons|recruitment|recruit(?:ing)?|hire|hiring|s[ée]lection"
    # "Postes à pourvoir :\n• 03 animateurs", "Profils recherchés :", "Open positions:"
    r"|postes?\s+(?:à\s+pourvoir|ouverts?)|profils?\s+recherch[ée]s?|open\s+positions?|positions?\s+available)\b"
    rf"(?:\s+(?:de|of|pour|for)\b|\s+d['’])?\s*:?\s*(?:{BULLET}\s*)*"
    rf"(?P<count>{_COUNT})\s+(?P<noun>(?:[\w()·.\-]+\s+){{0,2}}?)"
    rf"(?:{JOB_NOUN}|candidat|personnes?|profils?|agents?|individus?|people|persons?|staff)",
    re.IGNORECASE,
)
# The next item of a list of posts after one counted post: "deux (2) chauffeurs et un (1) logisticien", "… basés à
# Kayes, trois animateurs", a bullet on the next line ("• 03 animateurs\n• 02 superviseurs"). The item may carry a
# short tail (its town, its team) but no sentence end.
_NEXT_POST_ITEM = re.compile(
    r"[^\n.;:!?]{0,80}?(?:\s*[,;]\s*(?:(?:et|and)\s+)?|\s+(?:et|and|ainsi\s+que|as\s+well\s+as|plus)\s+"
    rf"|[ \t]*[,;.]?[ \t]*\n\s*(?:{BULLET}\s*)*)(?:(?:et|and)\s+)?"
    rf"(?P<count>{_COUNT})\s+(?:[\w()·.\-]+\s+){{0,2}}?(?:{JOB_NOUN})",
    re.IGNORECASE,
)
_ARTICLES = frozenset({"un", "une", "a", "an"})


def _count_found(match: re.Match, rule: str) -> Found | None:
    written = match["count"]
    if written.strip().lower() in _ARTICLES:
        return None
    value = normalise.count_value(written)
    return Found(value, match.start("count"), match.end("count"), rule) if value and 0 < value <= 500 else None


def _list_of_posts(text: str, match: re.Match, rule: str) -> Found | None:
    """The posts a recruiting phrase counts, summed over the list it opens: "deux (2) chauffeurs et un (1)
    logisticien" → 3, "recrutement de :\n• 03 animateurs\n• 02 superviseurs" → 5. A single post said with an article
    ("recrute un comptable") is no count; two posts said with articles ("un comptable et un chauffeur") are two."""
    counts = [match]
    end = match.end()
    while len(counts) < 20 and (following := _NEXT_POST_ITEM.match(text, end)):
        counts.append(following)
        end = following.end()
    if len(counts) == 1:
        return _count_found(match, rule)
    values = [normalise.count_value(item["count"]) for item in counts]
    total = sum(value or 0 for value in values)
    if not all(values) or not 0 < total <= 500:
        return None
    return Found(total, match.start("count"), counts[-1].end("count"), rule + "_list")


# A positions label run into the previous label's value on one line, as a PDF text layer joins a label block
# ("Contract: Fixed-term, 12 months Number of positions: 2 (two)", "… renouvelable Nombre de postes : 03 (trois)"):
# the label's own words and its colon, then the count.
_POSITIONS_LABEL_INLINE = re.compile(
    r"(?<![\w-])(?:nombre\s+de\s+postes?(?:\s*\(s\))?(?:\s+(?:à|a)\s+pourvoir)?|postes?\s+à\s+pourvoir"
    r"|number\s+of\s+(?:open\s+)?(?:positions|posts|vacancies)|no\.?\s+of\s+(?:positions|posts|vacancies))"
    rf"[ \t]*:[ \t]*(?P<count>{_COUNT})(?![\w/.,-])",
    re.IGNORECASE,
)


def find_positions(ctx: Context) -> Found | None:
    """Open posts: "Nombre de postes : 2", "02 postes", "trois (3) postes", "Recrutement de trois (03) Chargé(e)s";
    an article ("un poste") is not a count."""
    for value, start, end in labelled(ctx, "positions", headings=False):
        match = normalise.COUNT_RE.search(value)
        if match and normalise.count_value(match.group()):
            return Found(normalise.count_value(match.group()), start + match.start(), start + match.end(), "labelled")
    for window_start, window_end in ctx.windows(("nombre de poste", "postes à pourvoir", "poste à pourvoir",
                                                 "number of ", "no of ", "no. of ")):
        for match in _POSITIONS_LABEL_INLINE.finditer(ctx.text, window_start, window_end):
            found = _count_found(match, "labelled_inline")
            if found:
                return found
    for window_start, window_end in ctx.windows(("poste", "position", "post", "vacanc", "places dispo", "opening")):
        for noun in _POSITIONS_NOUN.finditer(ctx.low, window_start, window_end):
            match = _COUNT_ADJACENT.search(ctx.text, max(window_start, noun.start() - 25), noun.start())
            found = match and _count_found(match, "noun")
            if found:
                return found
    for trigger in ("recrut", "recherch", "recruit", "hire", "hiring", "sélection", "selection", "poste", "profil",
                    "open position", "position"):
        position = ctx.low.find(trigger)
        while position != -1:
            match = _POSITIONS_RECRUIT.match(ctx.text, position, position + 200)
            found = match and _list_of_posts(ctx.text, match, "recruit")
            if found:
                return found
            position = ctx.low.find(trigger, position + 1)
    return _positions_from_lists(ctx)


# "Field Monitoring Assistants (x5)", "Enumerators (x 3)": a multiplier after a job noun on its line.
_TIMES = re.compile(r"\(\s*[x×]\s*(\d{1,3})\s*\)", re.IGNORECASE)
# "Maiduguri (2), Yola (2), Damaturu (1) – Nigeria": every place of a location list carries a count.
_PLACE_COUNT = re.compile(r"^\s*(?:and\s+|et\s+)?[A-ZÀ-Ý][\w'’.\- ]{0,40}?\s*\(\s*(\d{1,3})\s*\)\s*$")
# "- un (01) superviseur à Kaya ;": an item of a recruitment list whose count is written twice, word and digits.
_COUNTED_ITEM = re.compile(r"^\s*(?:[-–•*·▪]\s*)?(?P<word>[^\W\d_]+)\s*\(\s*(?P<count>\d{1,3})\s*\)\s+[^\W\d_]")


def place_counts(value: str) -> list[tuple[str, int]] | None:
    """The places and counts of a location value in which every place carries a count ("Maiduguri (2), Yola (2),
    Damaturu (1) – Nigeria"), at least two; None otherwise ("Bamako (2 jours)" is no count)."""
    head = re.split(r"\s+[–—-]\s+", value, maxsplit=1)[0]
    items = re.split(r"[,;]|\s(?=(?:and|et)\s)", head)
    if len(items) < 2:
        return None
    found = []
    for item in items:
        match = _PLACE_COUNT.match(item)
        if not match:
            return None
        name = re.sub(r"^\s*(?:and|et)\s+", "", item[:match.start(1)]).rstrip(" (").strip()
        found.append((name, int(match.group(1))))
    return found


def _positions_from_lists(ctx: Context) -> Found | None:
    """Counts spread over a list: a multiplier after the title ("Field Monitoring Assistants (x5)"), the per-town
    counts of a location label ("Locations: Maiduguri (2), Yola (2), Damaturu (1)") or a recruitment list of counted
    items ("un (01) superviseur à Kaya ; un (01) superviseur à Dori"), summed."""
    for match in _TIMES.finditer(ctx.text):
        line_start = ctx.text.rfind("\n", 0, match.start()) + 1
        if JOB_NOUN_RE.search(ctx.text, line_start, match.start()) and 0 < int(match.group(1)) <= 500:
            return Found(int(match.group(1)), match.start(1), match.end(1), "times")
    for value, start, end in labelled(ctx, "locations", headings=False):
        counts = place_counts(value)
        if counts and 0 < sum(count for _, count in counts) <= 500:
            return Found(sum(count for _, count in counts), start, end, "place counts")
    run = counted_items(ctx.text)
    if run and 0 < sum(count for count, _, _, _ in run) <= 500:
        return Found(sum(count for count, _, _, _ in run), run[0][1], run[-1][2], "counted items")
    return _counted_post_line(ctx.text)


# "Un (01) Chef de projet Résilience" alone on its line: one post whose count is written twice, word and digits that
# agree; a bare article ("un(e) comptable", "a Finance Officer") and "un (1) an d'expérience" are no count.
_WORD_AND_DIGITS_POST_LINE = re.compile(r"^[ \t]*(?:[-–•*·▪][ \t]*)?(?P<word>[^\W\d_]+)[ \t]*"
                                        r"\([ \t]*(?P<count>\d{1,3})[ \t]*\)[ \t]+"
                                        r"(?P<rest>[^\W\d_][^\n]{0,78}?)[ \t;.,]*$", re.MULTILINE)

_LEADING_POST = re.compile(rf"(?:[\w·.\-]+\s+){{0,2}}?(?:{JOB_NOUN})", re.IGNORECASE)

# A neighbouring line that names a post too ("un(e) comptable\nune (1) assistante à Thiès"): the line is an item of
# a list whose total is not written, not a post on its own.
_POST_ITEM_LINE = re.compile(rf"[ \t]*(?:{BULLET}[ \t]*)*{_ARTICLE}\s*(?:[\w()·.\-]+\s+){{0,2}}?(?:{JOB_NOUN})",
                             re.IGNORECASE)


def _next_to_a_post_item(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip("\n \t")
    previous_start = before.rfind("\n") + 1
    after = len(text) - len(text[end:].lstrip("\n \t"))
    return bool((before and _POST_ITEM_LINE.match(text, previous_start, len(before)))
                or (after < len(text) and _POST_ITEM_LINE.match(text, after, (text.find("\n", after) + 1 or
                                                                               len(text) + 1) - 1)))


# The count in brackets that a counted item or post line writes ("un (01)"): a text without one, most of them, has
# neither, and skips the item-by-item and line-by-line reads (~0.1 ms a posting together).
_BRACKETED_COUNT = re.compile(r"\(\s*\d{1,3}\s*\)")


def _counted_post_line(text: str) -> Found | None:
    if not _BRACKETED_COUNT.search(text):
        return None
    for match in _WORD_AND_DIGITS_POST_LINE.finditer(text):
        word = match["word"].lower()
        if word not in normalise.NUMBER_WORDS or normalise.count_value(word) != int(match["count"]):
            continue
        noun = _LEADING_POST.match(match["rest"])
        if noun and 0 < int(match["count"]) <= 500 and not _next_to_a_post_item(text, match.start(), match.end()):
            return Found(int(match["count"]), match.start("count"), match.end("count"), "counted post line")
    return None


def counted_items(text: str) -> list[tuple[int, int, int, str]]:
    """The first run of at least two items of a recruitment list whose count is written as a word and digits that
    agree ("- un (01) superviseur à Kaya ;"), each as (count, start and end of the digits, the item's text)."""
    if not _BRACKETED_COUNT.search(text):
        return []
    run: list[tuple[int, int, int, str]] = []
    offset = 0
    for item in re.split(r"(?<=[;\n])", text):
        match = _COUNTED_ITEM.match(item)
        word_value = None
        if match and match["word"].lower() in normalise.NUMBER_WORDS:
            word_value = normalise.count_value(match["word"])
        if match and word_value == int(match["count"]):
            run.append((word_value, offset + match.start("count"), offset + match.end("count"), item))
        elif item.strip():
            if len(run) >= 2:
                break
            run = []
        offset += len(item)
    return run if len(run) >= 2 else []


# "👉 Deux (2) animatrices pour son centre …", "• 03 animateurs de terrain": a line that opens on a counted post.
_COUNTED_POST_LINE = re.compile(rf"[ \t]*(?:{BULLET}[ \t]*)*(?P<count>{_COUNT})\s+(?:[\w()·.\-]+\s+){{0,2}}?"
                                rf"(?:{JOB_NOUN})", re.IGNORECASE)


def _counted_post_lines(ctx: Context) -> list[tuple[int, int]]:
    """The head's lines that open on a post and its count (not an article): each names the post's town, if any, at
    its end."""
    found = []
    for start, end in _head_lines(ctx.text, _head_end(ctx.text)):
        match = _COUNTED_POST_LINE.match(ctx.text, start, end)
        if match and match["count"].strip().lower() not in _ARTICLES:
            found.append((start, end))
    return found


# "un (01) superviseur à Kaya (Centre-Nord) ;": the place an item of a counted list names, at its end.
_ITEM_PLACE = re.compile(r"\s(?:à|a|in|at|en|au)\s+(?P<place>[A-ZÀ-Ý][^;,.:()\n]{1,40}?)\s*(?:\([^()\n]{0,30}\))?"
                         r"\s*[;.,]?\s*(?:et|and)?\s*$")


_PREFERRED = re.compile(
    r"atout|un\s+plus|est\s+un\s+plus|serait\s+(?:un\s+)?(?:plus|appr[ée]ci[ée]e?|souhaitable)|souhait(?:é|ée|és|ées"
    r"|able|ables)|de\s+pr[ée]f[ée]rence|id[ée]alement|appr[ée]ci[ée]e?s?|bienvenue?s?|asset|advantage|advantageous"
    r"|desirable|desired|preferred|preferably|ideally|would\s+be\s+(?:a\s+)?(?:plus|beneficial)|is\s+a\s+plus|nice\s+to"
    r"\s+have|optional|facultati",
    re.IGNORECASE,
)
# "3 ans minimum dans une fonction similaire" is an experience requirement without the word.
_EXPERIENCE_WORD = re.compile(r"exp[ée]rience|experience|expérimenté|pratique\s+professionnelle"
                              r"|\d\s*\+\s*(?:years?|yrs?|ans|années)\b"  # "6+ years in M&E"
                              r"|(?:poste|fonction|r[ôo]le"
                              r"|position|role)s?\s+(?:similaire|[ée]quivalent|comparable|similar|equivalent)"
                              r"|similar\s+(?:role|position|capacity)", re.IGNORECASE)
_NOT_EXPERIENCE = re.compile(r"(?:depuis|since|created|cr[ée]{2}e?|founded|fond[ée]e?|âg[ée]e?s?|age[ds]?|pendant"
                             r"|il\s+y\s+a|for\s+the\s+past|durée|duration|contrat|contract|cdd|mission)\s*(?:de\s+|of\s+|d['’]une?\s+)?$",
                             re.IGNORECASE)
_NOT_EXPERIENCE_AFTER = re.compile(r"\s*(?:de\s+mise|d['’]existence|après|ago|old|d['’]âge|renouvelable)", re.IGNORECASE)


_NO_EXPERIENCE = re.compile(
    r"aucune\s+exp[ée]rience\s+(?:n['’]est\s+)?(?:exig[ée]e|requise|n[ée]cessaire|demand[ée]e)|d[ée]butante?s?(?:\s*\(e\))?"
    r"\s+accept[ée]|tous\s+niveaux\s+d['’]exp[ée]rience|no\s+(?:prior\s+|previous\s+)?experience\s+(?:is\s+)?"
    r"(?:required|necessary|needed)|entry[- ]level",
    re.IGNORECASE,
)


def _outside_other_brackets(clause: str, offset: int) -> str:
    """The clause without the brackets that do not hold `offset`: in "7 ans d'expérience en enquêtes (SMART de
    préférence)" the preference is the method's, not the years'."""
    return re.sub(r"\([^()]*\)", lambda match: match.group() if match.start() <= offset < match.end() else " ",
                  clause)


def find_experience(ctx: Context) -> Found | None:
    """The first number of years an experience requirement states ("Min. 2 ans d'expérience", "au moins deux (2)
    années", "5 years of professional experience"); a clause that calls it an asset does not count, nor do an
    organisation's age ("créée en 1986", "depuis 45 ans") or a contract's length."""
    text = ctx.text
    for start, end in _sentences_in(ctx, ("expérien", "experien", "expérimenté", "pratique professionnelle", "similaire",
                                          "équivalent", "similar", "comparable", "+ year", "+year", "+ ans", "+ans",
                                          "+ yrs", "+yrs", "+ années")):
        sentence = text[start:end]
        words = list(_EXPERIENCE_WORD.finditer(sentence))
        if not words:
            continue
        clauses = _clauses(sentence)
        for quantity in quantities(ctx, start, end):
            if not quantity.unit.lower().startswith(("an", "ann", "year", "yr", "mois", "month")):
                continue
            offset = quantity.start - start
            clause_start, clause_end = next(((a, b) for a, b in clauses if a <= offset < b), (0, len(sentence)))
            if _PREFERRED.search(_outside_other_brackets(sentence[clause_start:clause_end], offset - clause_start)):
                continue
            if _NOT_EXPERIENCE.search(text, max(start, quantity.start - 25), quantity.start):
                continue
            if _NOT_EXPERIENCE_AFTER.match(text, quantity.end):
                continue
            distance = min(min(abs(word.start() - (quantity.end - start)), abs(offset - word.end())) for word in words)
            if distance > 160:
                continue
            value = normalise.count_value(quantity.count)
            if value is None or quantity.count.strip().lower() in _ARTICLES and not quantity.unit.lower().startswith(
                    ("an", "ann", "year")):
                continue
            if quantity.unit.lower().startswith(("mois", "month")):
                value = value // 12 if value >= 12 else None
            if value is not None and value <= 40:
                return Found(value, quantity.start, quantity.end, "sentence")
    match = next(ctx.finditer(_NO_EXPERIENCE, ("aucune exp", "débutant", "debutant", "tous niveaux", "no prior",
                                               "no previous", "no experience", "entry level", "entry-level")), None)
    return Found(0, match.start(), match.end(), "no_experience") if match else None


# --- education, languages --------------------------------------------------------------------------------------------

_EDUCATION_CONTEXT = re.compile(
    r"dipl[ôo]m|formation|niveau|titulaire|degree|qualification|[ée]tudes|education|graduate|[ée]quivalent"
    r"|minimum|requis|required|exig[ée]|universit|cursus|derni[èe]re\s+ann[ée]e|final[- ]year"
    # "Avoir au moins le BEPC", "posséder le CAP", "at least a high school diploma"
    r"|au\s+moins|at\s+least|avoir\s+(?:le|la|l['’]|un|une)\b|poss[ée]der|hold(?:s|ing|er)?\s+(?:of\s+)?an?\b",
    re.IGNORECASE,
)


_EDUCATION_TRIGGERS = ("doctor", "ph.d", "phd", "ph. d", "bac", "master", "licence", "bachelor", "degree", "dess",
                       " dea", "mba", "msc", "m.sc", "mph", "llm", " m2", " m1", "bsc", "b.sc", " ba ", "bts", "dut",
                       "deug", "deust", " dts", "hnd", "technicien sup", "high school", "high-school", "secondary",
                       " def", "bepc", " cap ", " bep", "niveau", "ingénieur", "graduat", "cess")


def find_education(ctx: Context) -> Found | None:
    """The lowest level the requirements accept ("Bac+3 minimum, Master souhaité" → bachelor)."""
    text = ctx.text
    required: list[tuple[int, int, int, str]] = []
    preferred: list[tuple[int, int, int, str]] = []
    for match in ctx.finditer(normalise.EDUCATION_RE, _EDUCATION_TRIGGERS):
        level = match.lastgroup
        if level == "bachelor" and ctx.language == "en" and match.group().lower().startswith("licen"):
            continue  # in English a licence is a permit
        line_start, line_end = ctx.line_bounds(match.start())
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
    r"ma[îi]tris|parl[ée]|parler|lire|[ée]crire|[ée]crit|courant|bilingue|langues?|lecture|[ée]criture|r[ée]daction"
    r"|expression|oral|indispensable|exig[ée]|requis|required|essential|read|write|spoken|\bC[12]\b|\bB[12]\b"
    r"|fluen|proficien|written|spoken|command\s+of|knowledge\s+of|working\s+knowledge|speak|master|native"
    r"|obligatoires?|mandatory|compulsory|imp[ée]ratif"
    r"|connaissance\s+(?:de\s+l['’]|du|de\s+la)|excellent|bonne?s?\s+(?:connaissance|niveau|compétences)|level",
    re.IGNORECASE,
)


def find_languages(ctx: Context) -> Found | None:
    """Languages a sentence about language skills requires; a clause that calls one an asset leaves it out."""
    text = ctx.text
    required: dict[str, tuple[int, int]] = {}
    for start, end in _sentences_in(ctx, _LANGUAGE_TRIGGERS):
        sentence = text[start:end]
        if not _LANGUAGE_SKILL.search(sentence):
            continue
        for clause_start, clause_end in _language_clauses(sentence):
            clause = sentence[clause_start:clause_end]
            names = list(normalise.LANGUAGE_NAME_RE.finditer(clause))
            own = {name.start(): _LANGUAGE_VERDICT.match(clause, name.end()) for name in names}
            choices = _alternatives(clause, names)
            names = [name for name in names if name.start() not in choices or own[name.start()]]
            for name in names:  # "français (obligatoire), haoussa (souhaité)": each bracket speaks for its language
                verdict = own[name.start()]
                if verdict and not _PREFERRED.search(verdict.group()):
                    required.setdefault(name.lastgroup, (start + clause_start + name.start(),
                                                         start + clause_start + name.end()))
            if not names or _PREFERRED.search(_LANGUAGE_VERDICT.sub("", clause)):
                continue
            for name in names:
                if own[name.start()] and _PREFERRED.search(own[name.start()].group()):
                    continue
                required.setdefault(name.lastgroup, (start + clause_start + name.start(),
                                                     start + clause_start + name.end()))
    if not required:
        return None
    first = min(required.values())
    return Found(sorted(required), first[0], first[1], "skill_sentence")


# "au moins une langue locale (bambara, peul)", "either French or Arabic", "l'une des langues suivantes": the
# languages after it are a choice, none of them required as such.
_CHOICE = re.compile(r"\b(?:au\s+moins\s+une?|at\s+least\s+one|l['’]une?\s+des|one\s+of|any\s+of|either|soit"
                     r"|une?\s+(?:autre\s+)?langues?\s+(?:locales?|nationales?|du\s+pays|de\s+la\s+zone)"
                     r"|an?\s+(?:other\s+)?(?:local|national)\s+languages?|one\s+(?:local|national)\s+languages?)\b",
                     re.IGNORECASE)
# "bambara ou peul", "Wolof or Pulaar", "du français, de l'anglais ou de l'arabe": languages joined by "or".
_OR_BETWEEN = re.compile(r"\s*\)?\s*,?\s*(?:ou|or)\s+(?:bien\s+)?(?:(?:de\s+l['’]|du|de\s+la|de|d['’]|le|la|l['’]|en|in)\s*)?$",
                         re.IGNORECASE)
_OR_NEXT = re.compile(r"\s*\)?\s*,?\s*(?:ou|or)\s+(?:bien\s+)?(?:(?:de\s+l['’]|du|de\s+la|de|d['’]|le|la|l['’]|en|in)\s*)?"
                      r"[a-zà-ÿA-ZÀ-Ý]", re.IGNORECASE)
_COMMA_BETWEEN = re.compile(r"\s*\)?\s*,\s*(?:(?:de\s+l['’]|du|de\s+la|de|d['’]|le|la|l['’])\s*)?$", re.IGNORECASE)


def _alternatives(clause: str, names: list[re.Match]) -> set[int]:
    """Starts of the language names a clause offers as a choice: those after "au moins une …"/"either", and those
    joined by "ou"/"or" (with the ones a comma lists before them)."""
    choice = _CHOICE.search(clause)
    found = {name.start() for name in names if choice and name.start() >= choice.end()}
    joined = [False] * len(names)
    if names and _OR_NEXT.match(clause, names[-1].end()):  # "… le peul ou le songhaï": a language no code names
        joined[-1] = True
    for index in range(len(names) - 1, 0, -1):
        between = clause[names[index - 1].end():names[index].start()]
        if _OR_BETWEEN.fullmatch(between) or (joined[index] and _COMMA_BETWEEN.fullmatch(between)):
            joined[index] = joined[index - 1] = True
    return found | {name.start() for name, alternative in zip(names, joined) if alternative}


_LANGUAGE_VERDICT = re.compile(r"\s*\((?:[^()]{0,12}\b)?(?:obligatoires?|exig[ée]e?s?|requis[e]?|required|mandatory"
                               r"|indispensables?|essential|courant|fluent|souhait[ée]e?s?|atout|un\s+plus|appr[ée]ci[ée]e?"
                               r"|desirable|asset|preferred|optional|facultati(?:f|ve))[^()]{0,12}\)", re.IGNORECASE)
_LANGUAGE_TRIGGERS = (
    "français", "francais", "française", "french", "francophon", "anglais", "english", "anglophon", "arabe", "arabic",
    "arabophon", "darija", "espagnol", "spanish", "castillan", "hispanophon", "portugais", "portuguese", "lusophon",
    "allemand", "german", "italien", "italian", "russe", "russian", "chinois", "chinese", "mandarin", "néerlandais",
    "dutch", "flamand", "turc", "turkish", "persan", "farsi", "persian", " dari", "pashto", "pachto", "pashtu",
    "ourdou", "urdu", "hindi", "bengali", "bangla", "swahili", "haoussa", "hausa", "peul", "pulaar", "fulfulde",
    "fula", "poular", "bambara", "bamanankan", "wolof", "lingala", "kinyarwanda", "kirundi", "somali", "amhari",
    "tigrinya", "tigrigna", "malgache", "malagasy", "kurde", "kurdish", "ukrainien", "ukrainian", "créole", "creole",
    "yoruba", "igbo", "sango", "oromo", "népalais", "nepali", "birman", "burmese",
)


_CLAUSE_BREAK = re.compile(r"[;,]|\s(?:mais|but|while|tandis\s+que|alors\s+que)\s|\s(?:et|and)\s(?=(?:de\s+)?(?:"
                           r"celle|la\s+connaissance|une?\s+connaissance|knowledge))", re.IGNORECASE)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause. A parenthesis belongs to its clause: "Tamazight (atout)" is one clause, and so
    is "les langues locales (bambara, peul) est un atout"."""
    depth_at = []
    depth = 0
    for char in sentence:
        depth += char == "("
        depth_at.append(depth)
        depth -= char == ")" and depth > 0
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if depth_at[match.start()]:
            continue
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(sentence)))
    return pieces


_NEW_SUBJECT = re.compile(r"ma[îi]tris|connaissance|knowledge|command|fluen|proficien|celle|that\s+of|niveau|level|parl"
                          r"|lire|[ée]cri|read|writ|speak|spoken|:", re.IGNORECASE)


# "…, l'anglais est un atout", "; English is an asset": a language that is the subject of its own verb.
_OWN_VERB = re.compile(r"\s*(?:l['’]\s*|le\s+|la\s+|the\s+)?[^\W\d_]+\s+(?:est|serait|sera|constitue|is|would|will)\b",
                       re.IGNORECASE)


def _language_clauses(sentence: str) -> list[tuple[int, int]]:
    """Clauses for language requirements: an enumeration ("du bambara, du peul ou du dogon est un atout") stays one
    clause; a comma starts a new one only when what follows names its own skill ("…, celle de l'anglais souhaitable")."""
    merged: list[tuple[int, int]] = []
    for start, end in _clauses(sentence):
        if merged and not _NEW_SUBJECT.search(sentence, start, end) and not _OWN_VERB.match(sentence, start, end):
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


# Allowances that are not the pay: housing, transport, meals, per diem, children, hardship.
_OTHER_ALLOWANCE = re.compile(
    r"(?:indemnit[ée]s?|allowances?|allocations?)\s+(?:de\s+|d['’]|for\s+)?(?:logement|housing|transport|repas|meals?"
    r"|per\s+diem|d[ée]placement|mission|child|enfants?|scolarit|installation|relocation|risque|hardship)"
    r"|(?:housing|transport|meal|child|hardship|relocation|mission|living)\s+allowance|per\s+diem|perdiem",
    re.IGNORECASE)
_SALARY_TRIGGERS = ("salai", "salari", "salary", "rémun", "remun", "gross", "brut", " net ", " net.", " nets",
                    " nette", " pay ", " pay:", " paid", "traitement", "gratification", "honoraires", " fee",
                    "package", "wage")
# A salary has a currency: a text without any of these has none to find.
_CURRENCY_TRIGGERS = ("€", "$", "£", "euros", "euro ", " eur ", " eur.", " eur,", "eur)", "(eur", "eur/", "keur", "usd", "cfa", "xof", "xaf", " mad", " dh", "dirham",
                      "chf", "gbp", "dollar", "francs", "dinar", "tnd", " dt ", "dzd", "gnf", " cdf", "ariary", " mga",
                      " kes", "ksh", " ngn", "naira", " ghs", "cedi", "htg", "gourde", " cad", " rwf", " bif",
                      " ugx", " etb", "birr", " jod", " lbp", " sdg", " ssp", " xpf", " mru", "ouguiya", " afn",
                      " iqd", " yer", " syp", " inr", " bdt", " pkr", " php", " zar", " mzn", "livres sterling")

# Any of them, in one pass: the trie-shaped pattern (see `_trie_pattern`) costs under half of ~70 `in` tests.
_CURRENCY_SCAN = re.compile(_trie_pattern(_CURRENCY_TRIGGERS))


def find_salary(ctx: Context) -> Found | None:
    text = ctx.text
    # the triggers' leading space stands for any word boundary: "NGN 420,000" may open a line or the text
    spaced = " " + ctx.low.replace("\n", " ").replace("\t", " ")
    if not _CURRENCY_SCAN.search(spaced):
        return None
    for start, end in _sentences_in(ctx, _SALARY_TRIGGERS):
        line = text[start:end]
        if not _SALARY_WORD.search(line) or (_ALLOWANCE_WORD.search(line) and not re.search(
                r"salaire|salary|r[ée]mun[ée]ration|\bfees?\b|honoraires", line, re.IGNORECASE)):
            continue
        segment_end = end
        if re.search(r"[:：]\s*$", line):  # "Salaire :" with the amount on the next line
            next_end = text.find("\n", end + 1)
            segment_end = len(text) if next_end == -1 else next_end
        parsed = money.parse_salary(text[start:segment_end], ctx.countries)
        if parsed:
            salary, span_start, span_end = parsed
            return Found(salary, start + span_start, start + span_end, "salary_line")
    if ctx.contract_type in ("volunteer", "internship"):  # a volunteer's or an intern's pay is an allowance
        for start, end in _sentences_in(ctx, ("indemnit", "indemnis", "allowance", "stipend", "allocation",
                                              "gratification")):
            if _OTHER_ALLOWANCE.search(text, start, end):
                continue
            parsed = money.parse_salary(text[start:end], ctx.countries)
            if parsed:
                salary, span_start, span_end = parsed
                return Found(salary, start + span_start, start + span_end, "allowance_line")
    return None


_REFERENCE_VALUE = re.compile(r"(?P<ref>[A-Z0-9][A-Za-z0-9]*(?:[/_.\-][A-Za-z0-9]+)*)")
_INLINE_REFERENCE = re.compile(
    r"(?:(?<!termes\s)(?<!termes\sde\s)(?<!lettres\sde\s)(?<!personnes\sde\s)(?<!terms\sof\s)r[ée]f[ée]rence"
    r"(?:\s+(?:de\s+l['’]offre|du\s+poste|de\s+l['’]annonce|de\s+l['’]avis|du\s+dossier))?|r[ée]f\.|ref\.|r[ée]f\s*:"
    r"|ref\s*:|reference\s*(?:number|no\.?)?|vacancy\s+(?:notice\s+)?(?:number|no\.?)|job\s+(?:id|number|ref(?:erence)?)"
    r"|requisition(?:\s+(?:id|number))?|job\s+opening\s+id"
    # 'quoting "FO-FT-26" in the subject line': a quoted code the applicant must quote
    r"|quot(?:e|ing)(?=\s*[«\"“‘]))\s*[:#]?\s*(?:n[°o]\.?\s*)?[«\"“‘]?\s*"
    r"(?P<ref>[A-Z0-9][A-Za-z0-9]*(?:[/_.\-][A-Za-z0-9]+)*)",
    re.IGNORECASE,
)
# "AVIS DE RECRUTEMENT N° 045/ASC/DRH/2024", "Appel à candidatures N°03/2024/APIL/DE", "Vacancy Notice No. 2024/12":
# the number a notice gives itself (not a registration number: "Récépissé n° 0457/MATCL-DNI").
_NOTICE_NUMBER = re.compile(
    r"(?:avis|appel|offre|annonce|vacance|vacancy|recrutement|recruitment|notice|tdr|termes\s+de\s+r[ée]f[ée]rence"
    r"|poste|position|communiqu[ée])[^\n]{0,40}?\b(?:n[°o]|no\.|num[ée]ro|number|#)\s*[:.]?\s*"
    r"(?P<ref>[A-Z0-9][A-Za-z0-9]*(?:[/_.\-][A-Za-z0-9]+)*)",
    re.IGNORECASE,
)


def _reference_ok(value: str) -> bool:
    return (3 <= len(value) <= 40 and any(char.isdigit() for char in value)
            and not dates.DATE_RE.fullmatch(value) and not re.fullmatch(r"\+?\d[\d .]{7,}", value)
            and not re.fullmatch(r"(?:19|20)\d\d", value))


def find_reference(ctx: Context) -> Found | None:
    """The posting's own reference: a "Réf. :" label, the notice's number, "mentionner la référence X"."""
    for value, start, end in labelled(ctx, "reference", headings=False):
        match = _REFERENCE_VALUE.match(value)
        if match and _reference_ok(match["ref"]):
            return Found(match["ref"], start, start + match.end(), "labelled")
    for pattern, triggers, rule in ((_NOTICE_NUMBER, ("n°", "no.", "numéro", "number", "#"), "notice_number"),
                                    (_INLINE_REFERENCE, ("réf", "ref", "vacancy", "job id", "job number", "job ref",
                                                         "requisition", "job opening", "quot"), "inline")):
        for match in ctx.finditer(pattern, triggers):
            if _reference_ok(match["ref"]):
                return Found(match["ref"], match.start("ref"), match.end("ref"), rule)
    return None


# --- is it a posting at all? -----------------------------------------------------------------------------------------

# Kinds of vocabulary a job posting has (lower-case substrings, checked with `in`: cheap on long texts).
_POSTING_SIGNALS = (
    ("recrut", "recruit", "hiring", "vacanc", "embauche"),
    ("candidat", "postul", "apply", "applicat", "lettre de motivation", "cover letter", " cv", "curriculum",
     "dossier"),
    ("poste", "position", " job", "emploi", "fonction", " stage", "internship", "consultan"),
    ("profil", "qualification", "compétence", "competence", "skills", "requirement", "exig", "diplôm", "degree"),
    ("mission", "responsabilit", "tâches", "taches", "duties", "activités principales", "attributions"),
    ("contrat", "contract", "salaire", "salary", "rémunération", "date limite", "deadline", "closing date"),
)
_CV_TRIGGERS = ("naissance", "né le", "née le", "état civil", "etat civil", "matrimoniale", "familiale", "intérêt",
                "interet", "loisirs", "hobbies", "date of birth", "marital", "references available", "nationalit",
                "célibataire", "marié")
_CV_SIGNALS = re.compile(r"date\s+de\s+naissance|n[ée]e?\s+le\s+\d|[ée]tat\s+civil|situation\s+(?:matrimoniale|familiale)"
                         r"|centres?\s+d['’]int[ée]r[êe]t|loisirs|hobbies|date\s+of\s+birth|marital\s+status"
                         r"|references\s+available|nationalit[ée]\s*:|c[ée]libataire|mari[ée]e?\s*,")
# Markers only a mailing's own footer or header has ("rédiger la newsletter" is a communication job's task).
_NEWSLETTER_TRIGGERS = ("désabonner", "desabonner", "désinscri", "unsubscribe", "in your browser", "in browser",
                        "version en ligne", "manage your subscription", "gérer votre abonnement")


def posting_evidence(low: str) -> tuple[int, str | None]:
    """How many kinds of job-posting vocabulary a (lower-case) text has, and why it is something else when it is."""
    sample = low[:20000]
    signals = sum(1 for words in _POSTING_SIGNALS if any(word in sample for word in words))
    if any(word in sample for word in _CV_TRIGGERS) and len(_CV_SIGNALS.findall(sample)) >= 2:
        return signals, "the text reads as a CV (birth date, civil status, hobbies), not a job posting"
    if any(word in sample for word in _NEWSLETTER_TRIGGERS) and signals < 5:
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
