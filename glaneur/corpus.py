"""A seeded generator of labelled synthetic job-posting corpora, for dedup quality and benchmarks.

    corpus = generate(1000, seed=7)                # ~1000 items in txt, html, json, pdf and docx
    for item in corpus:                            # rendered on the fly: 100k items never sit in memory
        item.name, item.data, item.media_type, item.cluster_id
    corpus.clusters                                # ground truth: cluster id → item names
    corpus.pair_quality({name: predicted_posting}) # pair precision and recall of a clustering

French and English NGO postings built from templates: organisations with their own recurring boilerplate
(presentation, values, how to apply), jobs with specific context, missions and profile. Each job (a cluster) is
published as one to several items: plain text, reformatted text (hard line wraps, other bullets), a truncated
teaser, sections reordered, HTML inside one of several job boards' chrome (menus, "similar offers", footers, cookie
banners), PDF (page headers and footers, wrapped lines), DOCX and JSON API items; URLs carry tracking parameters.
Hard cases are labelled too: a deadline extension is the same cluster; a repost after the deadline is a new
cluster (`repost_of` names the earlier one); sister jobs of an organisation share its boilerplate and are
different clusters, including twins with the same title in another town or under another reference.

Same seed, same corpus, byte for byte (nothing depends on the clock or on Python's hash salt).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections import Counter
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from html import escape

FORMATS = ("txt", "html", "json", "pdf", "docx")
MEDIA_TYPES = {"txt": "text/plain", "html": "text/html", "json": "application/json", "pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# Share of the copies of a job rendered in each format, when the format is asked for: PDFs and Word files are a
# minority, as in real drop-ins.
FORMAT_WEIGHTS = {"txt": 0.32, "html": 0.40, "json": 0.16, "pdf": 0.06, "docx": 0.06}
# Copies per job: 1 to 5, mean about 2.2 (industry sources put duplicates at 50-80% of what is collected).
COPIES = (1, 2, 3, 4, 5)
COPY_WEIGHTS = (0.33, 0.30, 0.22, 0.10, 0.05)
REPOST_SHARE = 0.08
EXTENSION_SHARE = 0.06
TWIN_SHARE = 0.10
START = date(2024, 1, 8)


@dataclass(frozen=True)
class CorpusItem:
    """One capture of the corpus: what a spider or a drop-in would hand over, and the job it truly is."""

    name: str
    data: bytes
    media_type: str
    cluster_id: str
    variant: str
    url: str | None
    # When a crawler or a drop-in would meet this copy: a few days after the job was posted; an extended copy
    # before the first deadline passed; a repost after it.
    seen: date
    # The job's fields as this copy states them (its deadline differs in an extension), for tests that need
    # controlled records instead of extraction.
    fields: dict


# ---- vocabulary ------------------------------------------------------------------------------------------------

ORG_FIRST = ["Solidarité", "Horizons", "Action", "Alliance", "Initiative", "Réseau", "Partenariat", "Avenir",
             "Terre", "Maison", "Collectif", "Fonds", "Union", "Entraide", "Passerelles", "Racines"]
ORG_SECOND = ["Sahel", "Atlas", "Méditerranée", "Sud", "Rural", "Nord-Sud", "Citoyenne", "Durable", "Jeunesse",
              "Santé", "Villages", "Oasis", "Fleuve", "Savane", "Littoral", "Montagne", "Niger", "Casamance"]
ORG_KIND = [("Association", "fr"), ("ONG", "fr"), ("Fondation", "fr"), ("Foundation", "en"),
            ("International", "en"), ("Trust", "en"), ("Association", "fr"), ("ONG", "fr")]
COUNTRIES = {
    "MA": ["Agadir", "Rabat", "Marrakech", "Tiznit", "Oujda", "Taroudant", "Béni Mellal"],
    "ML": ["Bamako", "Mopti", "Gao", "Ségou", "Tombouctou", "Kayes", "Sikasso"],
    "SN": ["Dakar", "Ziguinchor", "Saint-Louis", "Thiès", "Kolda", "Tambacounda"],
    "FR": ["Marseille", "Paris", "Lyon", "Montpellier", "Lille"],
    "BE": ["Bruxelles", "Liège", "Namur"],
    "BF": ["Ouagadougou", "Bobo-Dioulasso", "Fada N'Gourma"],
}
COUNTRY_NAMES = {"fr": {"MA": "Maroc", "ML": "Mali", "SN": "Sénégal", "FR": "France", "BE": "Belgique",
                        "BF": "Burkina Faso"},
                 "en": {"MA": "Morocco", "ML": "Mali", "SN": "Senegal", "FR": "France", "BE": "Belgium",
                        "BF": "Burkina Faso"}}
ROLES = [("Chargé·e de projet", "Project Officer"), ("Coordinateur·rice de programme", "Programme Coordinator"),
         ("Responsable suivi-évaluation", "Monitoring and Evaluation Manager"),
         ("Assistant·e administratif·ve et financier·ère", "Administration and Finance Assistant"),
         ("Chef·fe de mission", "Head of Mission"), ("Responsable logistique", "Logistics Manager"),
         ("Chargé·e de communication", "Communication Officer"), ("Comptable", "Accountant"),
         ("Animateur·rice communautaire", "Community Mobiliser"), ("Conseiller·ère technique", "Technical Advisor"),
         ("Chargé·e de plaidoyer", "Advocacy Officer"), ("Responsable des ressources humaines", "HR Manager"),
         ("Consultant·e pour l'évaluation finale", "Final Evaluation Consultant"),
         ("Stagiaire en gestion de projet", "Project Management Intern"),
         ("Chargé·e de partenariats", "Partnerships Officer"), ("Responsable de base", "Base Manager")]
DOMAINS = [("sécurité alimentaire", "food security"), ("santé communautaire", "community health"),
           ("éducation de base", "basic education"),
           ("eau, hygiène et assainissement", "water, sanitation and hygiene"),
           ("protection de l'enfance", "child protection"),
           ("migration et développement", "migration and development"),
           ("gouvernance locale", "local governance"), ("agroécologie", "agroecology"), ("nutrition", "nutrition"),
           ("égalité de genre", "gender equality"), ("insertion des jeunes", "youth employment"),
           ("résilience climatique", "climate resilience"), ("microfinance", "microfinance"),
           ("cohésion sociale", "social cohesion")]
DONORS = ["l'Union européenne", "l'Agence française de développement", "Enabel", "la Coopération suisse",
          "USAID", "la GIZ", "l'UNICEF", "la Fondation de France", "le Fonds mondial", "la Banque mondiale"]
DONORS_EN = ["the European Union", "the French Development Agency", "Enabel", "Swiss Cooperation", "USAID", "GIZ",
             "UNICEF", "the Global Fund", "the World Bank", "the Gates Foundation"]
PROJECT_WORDS = ["PASSAGE", "TERRA", "JIGI", "NAFA", "DEFI", "ESPOIR", "KAWRAL", "BAOBAB", "SIRA", "YELEMA",
                 "TAMOUNT", "DUNE", "SENTIER", "HORIZON", "AMAL", "DIAMA", "FASO", "TILLI", "KAYRA", "NOUR"]

FR = {
    "verbs": ["Coordonner", "Planifier", "Superviser", "Suivre", "Préparer", "Organiser", "Animer", "Assurer",
              "Appuyer", "Développer", "Mettre en œuvre", "Évaluer", "Rédiger", "Consolider", "Veiller à",
              "Contribuer à", "Piloter", "Renforcer", "Faciliter", "Documenter"],
    "objects": ["les activités de terrain", "le budget du projet", "les rapports narratifs trimestriels",
                "les relations avec les autorités locales", "le plan de travail annuel", "les ateliers de formation",
                "la base de données de suivi", "les achats et les appels d'offres", "la gestion des stocks",
                "les partenariats avec les organisations de la société civile", "les enquêtes de référence",
                "la stratégie de communication", "le recrutement de l'équipe", "les missions de supervision",
                "les comités de pilotage", "la capitalisation des bonnes pratiques", "la gestion de la flotte",
                "les dossiers du personnel", "les demandes de financement", "le dispositif de redevabilité",
                "les visites d'échange", "la gestion de la trésorerie", "les indicateurs du cadre logique",
                "les campagnes de sensibilisation", "les relations avec les bailleurs", "les audits financiers",
                "la sécurité des équipes", "les plans de contingence", "les conventions de partenariat",
                "les groupements de producteurs"],
    "complements": ["en lien avec le siège", "dans les communes d'intervention", "selon les procédures du bailleur",
                    "avec les partenaires locaux", "en étroite collaboration avec la coordination",
                    "dans le respect des délais", "auprès des bénéficiaires", "au niveau régional",
                    "en appui à l'équipe technique", "pour l'ensemble des sites du projet", "", "", ""],
    "skills": ["Excellentes capacités rédactionnelles", "Maîtrise du pack Office et de Kobo", "Sens de l'organisation",
               "Capacité à travailler sous pression", "Aisance relationnelle", "Esprit d'équipe",
               "Connaissance des procédures des bailleurs", "Capacité d'analyse et de synthèse",
               "Permis de conduire B", "Expérience du travail avec les collectivités territoriales",
               "Bonne connaissance du contexte sahélien", "Maîtrise des outils de gestion de projet"],
    "levels": ["Master (Bac+5)", "Licence (Bac+3)", "BTS (Bac+2)", "Doctorat"],
    "fields": ["sciences sociales", "agronomie", "gestion de projet", "santé publique", "économie",
               "finance et comptabilité", "communication", "droit", "sciences politiques", "logistique"],
}
EN = {
    "verbs": ["Coordinate", "Plan", "Supervise", "Monitor", "Prepare", "Organise", "Facilitate", "Ensure",
              "Support", "Develop", "Implement", "Evaluate", "Draft", "Consolidate", "Oversee", "Contribute to",
              "Lead", "Strengthen", "Manage", "Document"],
    "objects": ["field activities", "the project budget", "quarterly narrative reports",
                "relations with local authorities",
                "the annual work plan", "training workshops", "the monitoring database", "procurement and tenders",
                "stock management", "partnerships with civil society organisations", "baseline surveys",
                "the communication strategy", "team recruitment", "supervision visits", "steering committees",
                "the documentation of good practices", "fleet management", "personnel files", "funding proposals",
                "the accountability mechanism", "exchange visits", "cash management", "logframe indicators",
                "awareness campaigns", "donor relations", "financial audits", "staff security",
                "contingency plans", "partnership agreements", "producer groups"],
    "complements": ["in coordination with headquarters", "in the target municipalities", "following donor rules",
                    "with local partners", "in close collaboration with the country office", "on time",
                    "with the communities served", "at regional level", "in support of the technical team",
                    "across all project sites", "", "", ""],
    "skills": ["Excellent writing skills", "Proficiency in MS Office and Kobo", "Strong organisational skills",
               "Ability to work under pressure", "Good interpersonal skills", "Team spirit",
               "Knowledge of donor procedures", "Analytical and synthesis skills", "Valid driving licence",
               "Experience working with local governments", "Good knowledge of the Sahel context",
               "Command of project management tools"],
    "levels": ["Master's degree", "Bachelor's degree", "Two-year diploma", "PhD"],
    "fields": ["social sciences", "agronomy", "project management", "public health", "economics",
               "finance and accounting", "communication", "law", "political science", "logistics"],
}
IN_COUNTRY = {"MA": "au Maroc", "ML": "au Mali", "SN": "au Sénégal", "FR": "en France", "BE": "en Belgique",
              "BF": "au Burkina Faso"}
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
BOARDS = ["emploi-ong", "reliefjobs", "sahel-carrieres", "devnet-jobs", "portail-solidaire"]


# ---- plan: organisations and jobs ------------------------------------------------------------------------------

@dataclass
class Organisation:
    name: str
    acronym: str
    language: str
    country: str
    domain: str
    boilerplate: list[str]
    closing: str
    reference_format: str | None


@dataclass
class Job:
    """What a job is; its text is drawn from `content_seed` when a copy is rendered, so that the plan of 100k
    items stays small."""

    cluster_id: str
    org: Organisation
    language: str
    title: str
    city: str
    country: str
    reference: str | None
    posted: date
    deadline: date
    domain: tuple[str, str]
    content_seed: int
    # A sister job shares the first missions of another: (that job's content seed, how many).
    borrowed_missions: tuple[int, int] | None = None
    # A repost keeps the first announcement's text (and its title inside it), only its title may carry a marker.
    text_title: str | None = None
    repost_of: str | None = None

    @property
    def sections(self) -> list[tuple[str, list[str], bool]]:
        """(heading, paragraphs or bullets, is a list) of the job's own text: context, missions, profile, terms."""
        return _sections(self)


@dataclass
class Copy:
    job: Job
    index: int
    fmt: str
    variant: str
    deadline: date
    seen: date
    board: str | None = None


def _date_text(day: date, language: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return day.strftime("%d/%m/%Y")
    months = MONTHS_FR if language == "fr" else MONTHS_EN
    if language == "en" and rng.random() < 0.5:
        return f"{months[day.month - 1]} {day.day}, {day.year}"
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _organisation(rng: random.Random, number: int) -> Organisation:
    first, second = rng.choice(ORG_FIRST), rng.choice(ORG_SECOND)
    kind, language = rng.choice(ORG_KIND)
    name = f"{kind} {first} {second}" if kind != "International" else f"{first} {second} International"
    acronym = "".join(word[0] for word in name.replace("-", " ").split()).upper() + str(number % 10)
    country = rng.choice(sorted(COUNTRIES))
    domain = f"{first.lower()}-{second.lower()}{number}.org".replace(" ", "").replace("é", "e").replace("'", "")
    countries = rng.sample(sorted(COUNTRIES), 3)
    names = COUNTRY_NAMES[language]
    themes = rng.sample(DOMAINS, 3)
    year = rng.randint(1975, 2012)
    staff = rng.randint(12, 400)
    offices = rng.sample(COUNTRIES[country], min(3, len(COUNTRIES[country])))
    if language == "fr":
        boilerplate = [
            f"{name} ({acronym}) est une organisation de solidarité internationale créée en {year}. Elle intervient "
            f"{IN_COUNTRY[countries[0]]}, {IN_COUNTRY[countries[1]]} et {IN_COUNTRY[countries[2]]} dans les domaines "
            f"suivants : {themes[0][0]}, {themes[1][0]} et {themes[2][0]}. Son équipe compte {staff} salarié·e·s "
            f"réparti·e·s entre le siège et les bureaux de {', '.join(offices)}.",
            f"{acronym} place les communautés au cœur de son action et travaille avec des partenaires locaux pour "
            f"renforcer leurs capacités sur la durée. L'association est signataire de la charte des droits de l'enfant "
            f"et applique une politique de tolérance zéro envers toute forme d'exploitation et d'abus.",
            f"{acronym} s'engage en faveur de la diversité : toutes les candidatures qualifiées sont examinées sans "
            f"distinction de genre, d'origine, d'âge ou de handicap.",
        ]
        closing = "Seul·e·s les candidat·e·s présélectionné·e·s seront contacté·e·s pour un entretien."
        ref_format = rng.choice([f"{acronym}/{{year}}/{{n:03d}}", f"{{n:02d}}/{{year}}/{acronym}", None])
    else:
        boilerplate = [
            f"{name} ({acronym}) is an international non-governmental organisation founded in {year}. It works in "
            f"{names[countries[0]]}, {names[countries[1]]} and {names[countries[2]]} on {themes[0][1]}, "
            f"{themes[1][1]} and {themes[2][1]}. Its {staff} staff work from headquarters and from offices in "
            f"{', '.join(offices)}.",
            f"{acronym} puts communities at the centre of its work and partners with local organisations to build "
            f"their capacities over time. It applies a zero-tolerance policy towards any form of sexual exploitation "
            f"and abuse, and all staff sign its safeguarding code of conduct.",
            f"{acronym} is an equal opportunity employer: all qualified applications are considered regardless of "
            f"gender, origin, age or disability.",
        ]
        closing = "Only shortlisted candidates will be contacted for an interview."
        ref_format = rng.choice([f"{acronym}-{{year}}-{{n:03d}}", f"VN/{{year}}/{{n:02d}}", None])
    return Organisation(name, acronym, language, country, domain, boilerplate, closing, ref_format)


def _sentence_pool(language: str) -> dict:
    return FR if language == "fr" else EN


def _job(rng: random.Random, cluster_id: str, org: Organisation, posted: date, *, title: str | None = None,
         city: str | None = None, borrowed_missions: tuple[int, int] | None = None,
         other_reference: str | None = None) -> Job:
    """A job; a sister job passes its sister's reference as `other_reference`, which it never gets (two jobs
    with the same title, town and reference are one job to any reader)."""
    language = org.language
    role = rng.choice(ROLES)
    domain = rng.choice(DOMAINS)
    if title is None:
        title = (f"{role[0]} {domain[0]}" if language == "fr" else f"{role[1]} – {domain[1].capitalize()}")
    country = org.country if rng.random() < 0.8 else rng.choice(sorted(COUNTRIES))
    city = city or rng.choice(COUNTRIES[country])
    country = next(code for code, cities in COUNTRIES.items() if city in cities)
    deadline = posted + timedelta(days=rng.randint(14, 45))
    reference = None
    if org.reference_format:
        number = rng.randint(1, 999)
        reference = org.reference_format.format(year=posted.year, n=number)
        if reference == other_reference:  # the next number: no extra draw, the rest of the corpus stays as it was
            reference = org.reference_format.format(year=posted.year, n=number % 999 + 1)
    return Job(cluster_id, org, language, title, city, country, reference, posted, deadline, domain,
               rng.getrandbits(64), borrowed_missions)


def _missions(language: str, rng: random.Random) -> list[str]:
    pool = _sentence_pool(language)
    return [f"{rng.choice(pool['verbs'])} {rng.choice(pool['objects'])} {rng.choice(pool['complements'])}".strip()
            + "." for _ in range(rng.randint(6, 9))]


def _sections(job: Job) -> list[tuple[str, list[str], bool]]:
    rng = random.Random(job.content_seed)
    language, org, domain, city, title = job.language, job.org, job.domain, job.city, job.text_title or job.title
    missions = _missions(language, rng)  # first draws: a sister job can borrow them
    if job.borrowed_missions:
        seed, count = job.borrowed_missions
        missions = _missions(language, random.Random(seed))[:count] + missions[:7 - count]
    pool = _sentence_pool(language)
    project = rng.choice(PROJECT_WORDS) + (f"-{rng.randint(2, 9)}" if rng.random() < 0.5 else "")
    months = rng.choice([6, 9, 12, 18, 24, 36])
    experience = rng.randint(1, 8)
    skills = rng.sample(pool["skills"], rng.randint(3, 5))
    level, study = rng.choice(pool["levels"]), rng.choice(pool["fields"])
    donor = rng.choice(DONORS if language == "fr" else DONORS_EN)
    region = rng.choice(COUNTRIES[job.country])
    households = rng.randint(8, 90) * 100
    start = job.deadline + timedelta(days=rng.randint(10, 40))
    if language == "fr":
        context = [f"Le projet {project}, financé par {donor} pour {months} mois, vise à améliorer la situation de "
                   f"{households} ménages de la région de {region} en matière de {domain[0]}.",
                   f"Il est mis en œuvre avec {rng.randint(2, 6)} partenaires locaux et s'appuie sur les services "
                   f"techniques déconcentrés de l'État. Dans ce cadre, {org.acronym} recrute un·e {title}."]
        profile = [f"{level} en {study} ou équivalent.",
                   f"Au moins {experience} ans d'expérience dans un poste similaire.",
                   "Maîtrise du français ; " + rng.choice(["l'arabe", "le bambara", "le wolof", "l'anglais"])
                   + " est un atout."] + [f"{skill}." for skill in skills]
        contract = rng.choice(["CDD", "CDI", "Consultance", "Stage"])
        conditions = [f"Contrat : {contract} de {months} mois, à temps plein, basé à {city}.",
                      f"Prise de poste : {_date_text(start, 'fr', rng)}.",
                      f"Rémunération selon la grille salariale de {org.acronym} et l'expérience."]
        headings = ["Contexte", "Missions principales", "Profil recherché", "Conditions"]
    else:
        context = [f"The {project} project, funded by {donor} for {months} months, aims to improve the "
                   f"{domain[1]} of {households} households in the {region} region.",
                   f"It is implemented with {rng.randint(2, 6)} local partners and relies on the decentralised "
                   f"technical services of the State. {org.acronym} is therefore recruiting a {title}."]
        profile = [f"{level} in {study} or equivalent.",
                   f"At least {experience} years of experience in a similar role.",
                   "Fluency in English and French; " + rng.choice(["Arabic", "Bambara", "Wolof", "Portuguese"])
                   + " is an asset."] + [f"{skill}." for skill in skills]
        contract = rng.choice(["Fixed-term contract", "Permanent contract", "Consultancy", "Internship"])
        conditions = [f"Contract: {contract} of {months} months, full time, based in {city}.",
                      f"Start date: {_date_text(start, 'en', rng)}.",
                      f"Salary according to the {org.acronym} salary scale and experience."]
        headings = ["Background", "Main responsibilities", "Requirements", "Conditions"]
    return [(headings[0], context, False), (headings[1], missions, True), (headings[2], profile, True),
            (headings[3], conditions, False)]


@dataclass
class Corpus:
    """A planned corpus: items are rendered when iterated, so the plan of 100k items stays small."""

    seed: int
    copies: list[Copy]
    repost_of: dict[str, str]
    others: list[str] = field(default_factory=list)  # job titles boards list as "similar offers"

    def __iter__(self) -> Iterator[CorpusItem]:
        for copy in self.copies:
            yield _render(copy, self.seed, self.others)

    def item(self, index: int) -> CorpusItem:
        """The item at `index`, rendered now (the same bytes every time)."""
        return _render(self.copies[index], self.seed, self.others)

    def arrival_order(self) -> list[int]:
        """Item indexes in the order a crawler would meet them (by `seen` date), for incremental runs."""
        return sorted(range(len(self.copies)), key=lambda index: (self.copies[index].seen, index))

    def __len__(self) -> int:
        return len(self.copies)

    @cached_property
    def items(self) -> list[CorpusItem]:
        return list(self)

    @cached_property
    def clusters(self) -> dict[str, list[str]]:
        """Ground truth: each job's cluster id → the names of its items."""
        clusters: dict[str, list[str]] = {}
        for copy in self.copies:
            clusters.setdefault(copy.job.cluster_id, []).append(_name(copy))
        return clusters

    @cached_property
    def cluster_of(self) -> dict[str, str]:
        return {name: cluster for cluster, names in self.clusters.items() for name in names}

    def pair_quality(self, predicted: dict[str, Hashable]) -> dict[str, float | int]:
        """Pair precision and recall of `predicted` (item name → posting); a missing name counts as alone."""
        return pair_quality(self.cluster_of, predicted)


def pair_quality(truth: dict[str, Hashable], predicted: dict[str, Hashable]) -> dict[str, float | int]:
    """Pairs of items put together by `predicted` that belong together in `truth`, counted without listing pairs."""
    labels = {name: predicted.get(name, ("alone", name)) for name in truth}
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    found_pairs = sum(n * (n - 1) // 2 for n in Counter(labels.values()).values())
    correct = sum(n * (n - 1) // 2 for n in Counter((truth[k], labels[k]) for k in truth).values())
    return {"precision": correct / found_pairs if found_pairs else 1.0,
            "recall": correct / true_pairs if true_pairs else 1.0,
            "true_pairs": true_pairs, "found_pairs": found_pairs, "correct_pairs": correct}


def generate(n: int, seed: int, formats: tuple[str, ...] = FORMATS) -> Corpus:
    """About `n` items (exactly `n`: the last job's copies are cut to fit) in the given formats."""
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be among {FORMATS}, got {formats}")
    rng = random.Random(seed)
    organisations = [_organisation(rng, number) for number in range(max(4, n // 30))]
    weights = [FORMAT_WEIGHTS[f] for f in formats]
    copies: list[Copy] = []
    repost_of: dict[str, str] = {}
    jobs = 0

    def publish(job: Job, count: int, *, extension: bool = False) -> None:
        for number in range(count):
            if len(copies) >= n:
                return
            fmt = rng.choices(formats, weights)[0]
            variant = _variant(rng, fmt)
            deadline = job.deadline
            seen = job.posted + timedelta(days=rng.randint(0, 6))
            if extension and number == count - 1:
                deadline, variant = job.deadline + timedelta(days=rng.randint(7, 21)), f"{variant}+extension"
                seen = job.deadline - timedelta(days=rng.randint(1, 5))
            board = rng.choice(BOARDS) if fmt in ("html", "json") or variant == "truncated" else None
            copies.append(Copy(job, len(copies), fmt, variant, deadline, seen, board))

    while len(copies) < n:
        org = rng.choice(organisations)
        posted = START + timedelta(days=rng.randint(0, 330))
        job = _job(rng, f"c{jobs:06d}", org, posted)
        jobs += 1
        count = rng.choices(COPIES, COPY_WEIGHTS)[0]
        extension = count >= 2 and rng.random() < EXTENSION_SHARE
        publish(job, count, extension=extension)
        if rng.random() < TWIN_SHARE:  # a sister job: same title, another town or another reference
            twin = _job(rng, f"c{jobs:06d}", org, posted + timedelta(days=rng.randint(0, 10)), title=job.title,
                        city=rng.choice([c for c in COUNTRIES[job.country] if c != job.city])
                        if rng.random() < 0.5 else job.city, borrowed_missions=(job.content_seed, 4),
                        other_reference=job.reference)
            if twin.city == job.city and not twin.reference:
                twin = None  # same title, town and no reference: nothing a reader could tell apart
            if twin:
                jobs += 1
                publish(twin, rng.choices(COPIES, COPY_WEIGHTS)[0])
        if rng.random() < REPOST_SHARE:
            reposted = job.posted + (job.deadline - job.posted) + timedelta(days=rng.randint(10, 90))
            marker = (" (réédition)" if job.language == "fr" else " (re-advertised)") if rng.random() < 0.5 else ""
            repost = replace(job, cluster_id=f"c{jobs:06d}", title=job.title + marker, text_title=job.title,
                             reference=job.reference if rng.random() < 0.6 or not job.reference
                             else job.reference + "-R", posted=reposted,
                             deadline=reposted + timedelta(days=rng.randint(14, 30)), repost_of=job.cluster_id)
            jobs += 1
            repost_of[repost.cluster_id] = job.cluster_id
            publish(repost, rng.choices(COPIES[:3], COPY_WEIGHTS[:3])[0])
    titles = sorted({copy.job.title for copy in copies})
    others = random.Random(seed + 1).sample(titles, min(len(titles), 60))
    return Corpus(seed, copies, repost_of, others)


def _variant(rng: random.Random, fmt: str) -> str:
    if fmt == "txt":
        return rng.choices(["original", "reformatted", "reordered", "truncated"], [0.4, 0.3, 0.15, 0.15])[0]
    if fmt == "html":
        return rng.choices(["board", "truncated"], [0.85, 0.15])[0]
    return "original"


def _name(copy: Copy) -> str:
    token = random.Random(copy.index * 7919 + 13).getrandbits(32)
    return f"{copy.index:06d}-{token:08x}.{copy.fmt}"


# ---- rendering -------------------------------------------------------------------------------------------------

def _fields(copy: Copy) -> dict:
    job = copy.job
    return {"title": job.title, "organization": job.org.name, "language": job.language,
            "locations": [{"city": job.city, "region": None, "country": job.country}],
            "reference": job.reference, "deadline": copy.deadline.isoformat(), "posted_date": job.posted.isoformat(),
            "url": _url(copy, clean=True)}


def _url(copy: Copy, *, clean: bool = False) -> str | None:
    if not copy.board:
        return None
    base = f"https://{copy.board}.example/offres/{copy.job.cluster_id[1:]}-{copy.job.org.acronym.lower()}"
    if clean:
        return base
    return base + random.Random(copy.index).choice(["", "?utm_source=newsletter&utm_medium=email",
                                                    "/?fbclid=IwAR0xyz", "?utm_campaign=jobs&ref_src=twsrc"])


def _labels(job: Job) -> dict[str, str]:
    if job.language == "fr":
        return {"org": "Organisation", "place": "Lieu", "deadline": "Date limite de candidature", "ref": "Référence",
                "posted": "Publiée le", "apply": "Postuler", "extended": "Date limite prorogée au",
                "more": "Lire la suite", "page": "Page", "similar": "Offres similaires", "about": "À propos"}
    return {"org": "Organisation", "place": "Location", "deadline": "Closing date", "ref": "Reference",
            "posted": "Posted on", "apply": "Apply", "extended": "Deadline extended to", "more": "Read more",
            "page": "Page", "similar": "Similar jobs", "about": "About us"}


def _document(copy: Copy, rng: random.Random) -> tuple[str, list[tuple[str, list[str], bool]]]:
    """The title and the sections of one copy: boilerplate, job sections, how to apply (in copy order)."""
    job = copy.job
    labels = _labels(job)
    country = COUNTRY_NAMES[job.language][job.country]
    facts = [f"{labels['org']} : {job.org.name}" if job.language == "fr" else f"{labels['org']}: {job.org.name}",
             f"{labels['place']} : {job.city}, {country}" if job.language == "fr"
             else f"{labels['place']}: {job.city}, {country}"]
    if job.reference:
        facts.append(f"{labels['ref']} : {job.reference}" if job.language == "fr"
                     else f"{labels['ref']}: {job.reference}")
    deadline_text = _date_text(copy.deadline, job.language, rng)
    apply = ([f"Envoyez votre CV et une lettre de motivation à recrutement@{job.org.domain} au plus tard le "
              f"{deadline_text}" + (f", en mentionnant la référence {job.reference}." if job.reference else ".")]
             if job.language == "fr" else
             [f"Send your CV and a cover letter to jobs@{job.org.domain} by {deadline_text}"
              + (f", quoting reference {job.reference}." if job.reference else ".")])
    if copy.deadline != job.deadline:
        apply.insert(0, f"{labels['extended']} {deadline_text}.")
    apply.append(job.org.closing)
    about = (labels["about"], job.org.boilerplate[:2], False)
    context, missions, profile, conditions = job.sections
    sections = [("", facts, False), about, context, missions, profile, conditions,
                ("", [job.org.boilerplate[2]], False),
                ("Candidature" if job.language == "fr" else "How to apply", apply, False)]
    if copy.variant == "reordered":
        sections = [sections[0], context, profile, missions, conditions, sections[-1], about, sections[-2]]
    if copy.variant == "truncated":  # a teaser: the facts, the deadline, then the first part of the text
        body = sections[1:-1]
        words_left = int(sum(len(" ".join(s[1]).split()) for s in body) * rng.uniform(0.4, 0.65))
        cut = []
        for heading, lines, is_list in body:
            kept = []
            for line in lines:
                if words_left <= 0:
                    break
                words = line.split()
                kept.append(" ".join(words[:words_left]) + ("…" if len(words) > words_left else ""))
                words_left -= len(words)
            if kept:
                cut.append((heading, kept, is_list))
        deadline_line = (f"{labels['deadline']} : {deadline_text}" if job.language == "fr"
                         else f"{labels['deadline']}: {deadline_text}")
        sections = [(sections[0][0], [*sections[0][1], deadline_line], False), *cut,
                    ("", [f"{labels['more']} »"], False)]
    return job.title, sections


def _plain(title: str, sections, rng: random.Random, *, reformatted: bool) -> str:
    bullet = rng.choice(["•", "*", "–", "-"]) if reformatted else "-"
    out = [title.upper() if reformatted and rng.random() < 0.5 else title, ""]
    for heading, lines, is_list in sections:
        if heading:
            out += [heading.upper() if reformatted else heading, ""]
        for number, line in enumerate(lines, 1):
            text = f"{bullet} {line}" if is_list else line
            if reformatted and is_list and bullet == "*":
                text = f"{number}. {line}"
            out += _wrap(text, 72) if reformatted else [text]
            if not is_list:
                out.append("")
        out.append("")
    return "\n".join(out).strip() + "\n"


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


def _html(copy: Copy, title: str, sections, rng: random.Random, others: list[str]) -> str:
    job = copy.job
    labels = _labels(job)
    board = copy.board or BOARDS[0]
    style = BOARDS.index(board) % 3
    body = [f"<h1 class='job-title'>{escape(title)}</h1>",
            f"<p class='meta'>{labels['posted']} {escape(_date_text(job.posted, job.language, rng))}</p>"]
    for heading, lines, is_list in sections:
        if heading:
            body.append(f"<h2>{escape(heading)}</h2>")
        if is_list:
            body.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        else:
            body += [f"<p>{escape(line)}</p>" for line in lines]
    body.append(f"<a class='btn' href='#apply'>{labels['apply']}</a>")
    similar = "".join(f"<li><a href='/offres/{i}'>{escape(t)}</a></li>"
                      for i, t in enumerate(random.Random(copy.index).sample(others, min(5, len(others)))))
    menu = "".join(f"<li><a href='/{m.lower()}'>{m}</a></li>" for m in
                   ["Accueil", "Offres", "Organisations", "Conseils", "Contact"])
    legal = (f"© 2024 {board}.example — Tous droits réservés. Mentions légales · Politique de confidentialité · "
             f"Ce site utilise des cookies pour mesurer l'audience.")
    if style == 0:
        page = (f"<header><div class='logo'>{board}</div><nav><ul>{menu}</ul></nav></header>"
                f"<main><article>{''.join(body)}</article></main>"
                f"<aside><h3>{labels['similar']}</h3><ul>{similar}</ul></aside><footer><p>{legal}</p></footer>")
    elif style == 1:
        page = (f"<div class='top-bar'><span>{board}</span><ul class='menu'>{menu}</ul></div>"
                f"<div class='breadcrumb'>Accueil › Offres › {escape(job.city)}</div>"
                f"<div class='content'><div class='job'>{''.join(body)}</div>"
                f"<div class='sidebar'><h3>{labels['similar']}</h3><ul>{similar}</ul></div></div>"
                f"<div class='cookie-banner'>Nous utilisons des cookies. <button>Accepter</button></div>"
                f"<div class='footer'>{legal}</div>")
    else:
        page = (f"<div id='wrap'><div id='head'><b>{board}</b> — l'emploi solidaire</div>"
                f"<table><tr><td class='main'>{''.join(body)}</td>"
                f"<td class='side'><b>{labels['similar']}</b><ul>{similar}</ul><p>Partager : Facebook · LinkedIn · "
                f"X · WhatsApp</p></td></tr></table><div id='foot'>{legal}</div></div>")
    return (f"<!DOCTYPE html><html lang='{job.language}'><head><meta charset='utf-8'>"
            f"<title>{escape(title)} | {board}</title></head><body>{page}</body></html>")


def _json(copy: Copy, title: str, sections) -> bytes:
    job = copy.job
    description = "\n\n".join("\n".join(([heading] if heading else []) + [f"- {l}" if is_list else l for l in lines])
                              for heading, lines, is_list in sections[1:])
    item = {"id": f"{copy.board}-{copy.index}", "title": title, "organization": job.org.name,
            "location": f"{job.city}, {COUNTRY_NAMES[job.language][job.country]}", "reference": job.reference,
            "deadline": copy.deadline.isoformat(), "published": job.posted.isoformat(), "url": _url(copy),
            "description": description}
    return json.dumps(item, ensure_ascii=False, indent=1).encode()


def _pdf(copy: Copy, title: str, sections) -> bytes:
    header = f"{copy.job.org.name} — Avis de recrutement" if copy.job.language == "fr" else \
        f"{copy.job.org.name} — Vacancy announcement"
    lines = [title, ""]
    for heading, paragraph_lines, is_list in sections:
        if heading:
            lines += [heading.upper(), ""]
        for line in paragraph_lines:
            lines += _wrap(f"• {line}" if is_list else line, 95)
        lines.append("")
    pages = [lines[start:start + 52] for start in range(0, len(lines), 52)]
    return minimal_pdf([[header, ""] + page + ["", f"{_labels(copy.job)['page']} {number} / {len(pages)}"]
                        for number, page in enumerate(pages, 1)])


def minimal_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF of text lines in Helvetica (WinAnsi encoding: French accents, «», €), one list per page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for page in pages:
        text = "".join(f"({_pdf_escape(line)}) Tj T* " for line in page)
        stream = f"BT /F1 10 Tf 13 TL 50 800 Td {text}ET".encode("cp1252", errors="replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


@lru_cache(maxsize=1)
def _docx_template() -> tuple[dict[str, bytes], str, str]:
    """python-docx's default document (real styles, numbering, theme), split around its empty body."""
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    with zipfile.ZipFile(out) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode()
    head, tail = xml.split("<w:body>", 1)
    return parts, head + "<w:body>", tail[tail.index("<w:sectPr"):]


def _docx(title: str, sections) -> bytes:
    """A Word document (python-docx's template with our paragraphs; python-docx itself is slow at styling)."""
    def paragraph(text: str, style: str | None = None) -> str:
        properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{escape(text, quote=False)}</w:t></w:r></w:p>'

    body = [paragraph(title, "Heading1")]
    for heading, lines, is_list in sections:
        if heading:
            body.append(paragraph(heading, "Heading2"))
        body += [paragraph(line, "ListBullet" if is_list else None) for line in lines]
    parts, head, tail = _docx_template()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)),
                             (head + "".join(body) + tail).encode() if name == "word/document.xml" else data)
    return out.getvalue()


def _render(copy: Copy, seed: int, others: list[str]) -> CorpusItem:
    rng = random.Random(seed * 1_000_003 + copy.index)
    title, sections = _document(copy, rng)
    if copy.fmt == "html":
        data = _html(copy, title, sections, rng, others).encode()
    elif copy.fmt == "json":
        data = _json(copy, title, sections)
    elif copy.fmt == "pdf":
        data = _pdf(copy, title, sections)
    elif copy.fmt == "docx":
        data = _docx(title, sections)
    else:
        data = _plain(title, sections, rng, reformatted=copy.variant == "reformatted").encode()
    return CorpusItem(_name(copy), data, MEDIA_TYPES[copy.fmt], copy.job.cluster_id, copy.variant, _url(copy),
                      copy.seen, _fields(copy))
