"""Controlled records for dedup tests: the shared samples' checked fields and text, and the formats they travel in.

Records are built here, not extracted, so that these tests follow dedup rules and not the extractor of the day;
the end-to-end tests (test_formats_end_to_end.py) go through the real pipeline instead.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from glaneur.corpus import minimal_pdf
from glaneur.record import LIST_FIELDS, RECORD_FIELDS, content_hash
from glaneur.storage.publish import SourceRecord

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SAMPLES = SHARED / "samples"
DATA = Path(__file__).resolve().parent / "data"
# Two job boards' pages, the posting's title and text go where {title} and {body} stand: one with the title in
# <h1> under a breadcrumb, a "similar offers" column and a cookie banner in plain <div>s; one whose <h1> is the
# board's name, the title an <h2>, with related offers and their blurbs in an <aside>.
BOARDS = ("board.html", "board-2.html")


def sample_text(stem: str) -> str:
    return (SAMPLES / "postings" / f"{stem}.txt").read_text(encoding="utf-8")


def sample_fields(stem: str) -> dict:
    expected = json.loads((SAMPLES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    return {key: value for key, value in expected.items() if not key.startswith("_")}


def record(**fields) -> dict:
    """A record in the contract: every key present, `None`/`[]` where unknown; the hash follows the description."""
    full = {key: ([] if key in LIST_FIELDS else None) for key in RECORD_FIELDS}
    full.update(fields)
    full["content_hash"] = content_hash(full.get("description") or full.get("title") or "")
    return full


def source_record(source: str, external_id: str, rec: dict, *, url: str | None = None,
                  structured: bool = False) -> SourceRecord:
    rec = {**rec, "source": source, "url": url or rec.get("url")}
    digest = hashlib.sha256(json.dumps(rec, sort_keys=True).encode()).hexdigest()
    return SourceRecord(source=source, external_id=external_id, locator=url or external_id, url=rec["url"],
                        archive_key=f"raw/{source}/2024/03/01/{digest}.txt", media_type="text/plain", record=rec,
                        structured=structured)


def chrome_text(text: str) -> str:
    """The text a board page gives once its HTML is flattened: menus, breadcrumb, similar offers, footer."""
    return ("Emplois Solidaires\nOffres d'emploi\nStages et volontariat\nOrganisations qui recrutent\n"
            "Accueil › Offres d'emploi › Maroc\nPubliée il y a 3 jours · Vue 412 fois · Postuler\n\n" + text +
            "\n\nPartager cette offre : Facebook · LinkedIn · WhatsApp\nJe postule\nOffres similaires\n"
            "Responsable administratif et financier — Rabat\nChargé·e de suivi-évaluation — Dakar\n"
            "© 2024 Emplois Solidaires. Tous droits réservés. Mentions légales · Contact")


def wrapped(text: str, width: int = 90) -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            if current and len(current) + 1 + len(word) > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.append(current)
    return lines


def pdf_text(text: str, header: str) -> str:
    """The text a PDF gives: hard-wrapped lines, a running header and a page number on every page."""
    lines = wrapped(text)
    pages = [lines[start:start + 55] for start in range(0, len(lines), 55)]
    return "\n".join("\n".join([header, *page, f"Page {number} / {len(pages)}"])
                     for number, page in enumerate(pages, 1))


def board_html(text: str, title: str, board: str = BOARDS[0]) -> bytes:
    """The posting inside a job board's page (tests/dedupe/data/): paragraphs, lists, all the chrome."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if all(line.startswith(("-", "•")) for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{html.escape(line.lstrip('-• ').strip())}</li>" for line in lines)
                          + "</ul>")
        else:
            blocks.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    page = (DATA / board).read_text(encoding="utf-8")
    return page.replace("{title}", html.escape(title)).replace("{body}", "\n".join(blocks)).encode()


def pdf_bytes(text: str, header: str) -> bytes:
    lines = wrapped(text)
    pages = [lines[start:start + 55] for start in range(0, len(lines), 55)]
    return minimal_pdf([[header, "", *page, "", f"Page {number} / {len(pages)}"]
                        for number, page in enumerate(pages, 1)])


def sibling_of_tpm() -> str:
    """Another M&D job: the organisation's presentation, contract and application paragraphs word for word (its
    boilerplate), with another title, other missions and another place — a different job."""
    text = sample_text("md-charge-tpm-agadir")
    start, end = text.index("2. Contexte du recrutement"), text.index("5. Compétences et qualifications requises")
    specific = """2. Contexte du recrutement

Dans le cadre de son programme d'appui aux coopératives agricoles de la province de Tiznit, M&D recherche un-e comptable chargé-e du suivi financier des subventions accordées aux coopératives féminines.

3. Descriptif du poste

Sous la responsabilité du Responsable administratif et financier, le-la comptable aura pour mission de :

- Tenir la comptabilité des projets selon les procédures des bailleurs et le plan comptable marocain.
- Préparer les rapprochements bancaires mensuels et la clôture des comptes.
- Vérifier les pièces justificatives des dépenses des coopératives partenaires.
- Préparer les rapports financiers intermédiaires et finaux destinés aux bailleurs.
- Accompagner les audits financiers annuels des projets.

4. Localisation du poste

- Le poste sera basé à Tiznit avec des déplacements ponctuels à Agadir.

"""
    text = text[:start] + specific + text[end:]
    text = text.replace("Profil de poste Chargé.es des projets « Territorialisation des Politiques Migratoires » (TPM)",
                        "Profil de poste Comptable des projets coopératives (CPC)")
    return text.replace("Candidature Chargé.es des projets Territorialisation des Politiques Migratoires",
                        "Candidature Comptable des projets coopératives")
