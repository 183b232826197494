"""Rebuild the DOCX postings of this held-out set (python-docx, in the project's virtualenv):

    .venv/bin/python tests/data/heldout2/sources/build_documents.py

Written as organisations send them: a header with the organisation's name, a title, a table of key facts, then
sections. Not run by tests; the .docx files are committed.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

HERE = Path(__file__).resolve().parent.parent / "postings"


def build(name: str, header: str, title: str, facts: list[tuple[str, str]], sections: list[tuple[str, list[str]]]):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    heading = document.add_paragraph()
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(14)
    table = document.add_table(rows=0, cols=2)
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    for section, paragraphs in sections:
        document.add_paragraph().add_run(section).bold = True
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    document.save(HERE / name)


build("ci-tdr-formateur-gestion-cooperatives-bouake.docx",
      "COOPÉRATION ET DÉVELOPPEMENT RURAL EN CÔTE D'IVOIRE (CODER-CI)",
      "TERMES DE RÉFÉRENCE – Recrutement d'un(e) consultant(e) formateur(trice) en gestion des coopératives",
      [("Commanditaire", "Coopération et Développement Rural en Côte d'Ivoire (CODER-CI)"),
       ("Lieu de la mission", "Bouaké"),
       ("Durée", "45 jours calendaires"),
       ("Référence", "CODER/TDR/2025/011"),
       ("Date limite de soumission", "vendredi 25 juillet 2025 à 12h00 TU")],
      [("1. Contexte", ["Le CODER-CI accompagne depuis 2015 plus de 60 coopératives agricoles de la région de Gbêkê "
                        "dans la structuration de leurs organisations et l'accès au marché de l'anacarde."]),
       ("2. Objectif de la mission", ["Renforcer les capacités de 25 coopératives en gouvernance, gestion "
                                      "financière et tenue des registres, par des sessions de formation à Bouaké."]),
       ("3. Profil du consultant", [
           "Être titulaire au minimum d'une maîtrise ou d'un Master 1 en gestion, économie rurale ou sociologie "
           "des organisations ;",
           "Justifier d'au moins cinq (5) années d'expérience dans la formation d'organisations paysannes ;",
           "Maîtriser le français ; la connaissance du baoulé serait un atout."]),
       ("4. Soumission", ["Les offres technique et financière sont à transmettre par courriel à "
                          "tdr@coder-ci.org au plus tard le vendredi 25 juillet 2025 à 12h00 TU."])])

build("cm-avis-recrutement-responsable-logistique-douala.docx",
      "Mission Humanitaire du Littoral – MHL",
      "AVIS DE RECRUTEMENT : RESPONSABLE LOGISTIQUE ET APPROVISIONNEMENTS",
      [("Structure", "Mission Humanitaire du Littoral (MHL)"),
       ("Poste", "Responsable logistique et approvisionnements"),
       ("Lieu d'affectation", "Douala, Cameroun"),
       ("Type de contrat", "CDD de 18 mois"),
       ("Salaire", "entre 700 000 et 900 000 FCFA brut par mois"),
       ("Date de prise de fonction", "15/09/2025"),
       ("Date limite de candidature", "31/08/2025")],
      [("Missions", ["Le/la Responsable logistique supervise les achats, le parc de 9 véhicules, les stocks des 3 "
                     "entrepôts et la sécurité des bureaux de Douala et Bafoussam."]),
       ("Profil", [
           "Diplôme de niveau Bac+4 ou Bac+5 en logistique, gestion de la chaîne d'approvisionnement ou équivalent ;",
           "Au moins 6 ans d'expérience dont 3 ans à un poste de responsable logistique dans une ONG internationale ;",
           "Parfaite maîtrise du français et de l'anglais (le Cameroun étant bilingue)."]),
       ("Candidature", ["Envoyer CV, lettre de motivation et trois références à recrutement@mhl-cameroun.org, "
                        "en indiquant la référence MHL-LOG-0825 dans l'objet du message."])])
