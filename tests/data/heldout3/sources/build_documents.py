"""Build the DOCX and PDF postings of the third held-out set from the texts below.

Not part of the test suite and not run by it: the generated files are committed next to the text postings.
python-docx is in the project's virtualenv, fpdf2 is not (kept out on purpose, as for ../../heldout), e.g.:

    python -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install python-docx fpdf2
    /tmp/pdfvenv/bin/python tests/data/heldout3/sources/build_documents.py

Written as organisations send them: a letterhead (DOCX page header, PDF top block and running footer), a title,
sometimes a table of key facts, then sections.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "postings"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def build_kiffa_docx(path: Path) -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = (
        "ACTION POUR LA SÉCURITÉ ALIMENTAIRE EN MAURITANIE – ASAM\n"
        "Tevragh Zeina, îlot C, Nouakchott – www.asam-mauritanie.org")
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("AVIS DE RECRUTEMENT")
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph("Chargé(e) de programme sécurité alimentaire et résilience").alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in [
        ("Référence", "ASAM/RH/2025/031"),
        ("Lieu d'affectation", "Kiffa (wilaya de l'Assaba), avec des missions à Nouakchott"),
        ("Contrat", "CDD de 12 mois renouvelable"),
        ("Salaire", "45 000 à 55 000 MRU brut mensuel"),
        ("Date limite", "31 décembre 2025"),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_heading("Contexte", level=2)
    doc.add_paragraph(
        "Depuis 2008, l'ASAM accompagne les ménages agropastoraux des wilayas de l'Assaba, du Guidimakha et du "
        "Hodh El Gharbi. Son nouveau programme, d'une durée de 36 mois, vise 9 000 ménages vulnérables.")
    doc.add_heading("Responsabilités", level=2)
    for item in ["Planifier et suivre les activités de transferts monétaires et de cultures maraîchères ;",
                 "Encadrer une équipe de 5 animateurs ;",
                 "Rédiger les rapports trimestriels destinés aux bailleurs ;",
                 "Représenter l'ASAM auprès des services techniques régionaux."]:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("Profil", level=2)
    for item in ["Licence en agronomie, économie rurale ou sciences sociales ;",
                 "Quatre ans d'expérience au minimum dans des programmes de sécurité alimentaire ;",
                 "Arabe (hassaniya) et français exigés ;",
                 "Aptitude à vivre et travailler à Kiffa."]:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("Dossier de candidature", level=2)
    doc.add_paragraph("CV, lettre de motivation et copies des diplômes à envoyer à candidatures@asam-mauritanie.org "
                      "en précisant la référence du poste.")
    doc.save(path)


def build_marseille_docx(path: Path) -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Méditerranée Sahel Solidarité – 27 boulevard National, 13001 Marseille"
    title = doc.add_paragraph()
    run = title.add_run("FICHE DE POSTE")
    run.bold, run.font.size = True, Pt(15)
    heading = doc.add_paragraph()
    heading.add_run("Chargé·e de projets Afrique de l'Ouest").bold = True
    doc.add_paragraph(
        "Notre association, fondée en 1994, soutient des organisations paysannes et des collectifs de femmes au Mali "
        "et au Niger. Elle emploie 11 salarié·es en France et s'appuie sur un réseau de 40 bénévoles.")
    for section, paragraphs in [
        ("Le poste", [
            "Sous la responsabilité de la directrice, le/la chargé·e de projets assure le suivi de quatre projets "
            "cofinancés par l'Agence française de développement et la Région Sud.",
            "Le poste est basé à Marseille, avec deux à trois missions par an à Bamako et à Niamey."]),
        ("Activités", [
            "- suivi technique et financier des projets avec les partenaires ;",
            "- rédaction des demandes de financement et des rapports ;",
            "- animation de la vie associative autour des projets (soirées, interventions en lycées)."]),
        ("Profil", [
            "- Master 2 en développement, gestion de projets de solidarité internationale ou équivalent ;",
            "- trois ans d'expérience minimum en gestion de projets, dont une partie sur le terrain en Afrique de "
            "l'Ouest ;",
            "- une bonne maîtrise de l'anglais est souhaitée, celle du bambara serait un plus."]),
        ("Conditions", [
            "CDD de 18 mois à temps plein, rémunération selon la grille de la convention collective ECLAT "
            "(groupe E). Prise de poste début janvier 2026."]),
        ("Candidater", [
            "Lettre de motivation et CV à adresser à recrutement@med-sahel-solidarite.fr.",
            "Date limite de dépôt : vendredi 12 décembre 2025 à minuit."]),
    ]:
        doc.add_paragraph().add_run(section).bold = True
        for paragraph in paragraphs:
            doc.add_paragraph(paragraph)
    doc.save(path)


class _Pdf(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 18, 20)

    def footer(self):
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, f"{self.footer_text} – page {self.page_no()}/{{nb}}", align="C")

    def block(self, text: str, bold: bool = False, size: int = 10, align: str = "L"):
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, 6 if bold else 5.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bullets(self, items):
        self.set_font("DejaVu", "", 10)
        for item in items:
            self.set_x(self.l_margin + 4)
            self.multi_cell(0, 5.5, "– " + item, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)


def build_fianarantsoa_pdf(path: Path) -> None:
    pdf = _Pdf("REMAD – Lot IVG 12 Behoririka, Antananarivo – remad.rh@remad-madagascar.mg")
    pdf.add_page()
    pdf.block("RÉSEAU MALAGASY POUR L'AGRICULTURE DURABLE\nLot IVG 12 Behoririka – 101 Antananarivo – Madagascar",
              bold=True, size=11, align="C")
    pdf.ln(3)
    pdf.block("OFFRE D'EMPLOI", bold=True, size=15, align="C")
    pdf.block("Coordinateur/Coordinatrice de projet agroécologie", bold=True, size=12, align="C")
    pdf.block("Le REMAD, réseau de 27 organisations paysannes présent dans quatre régions des Hautes Terres, "
              "recrute un coordinateur ou une coordinatrice pour son projet « Sols vivants » (2026-2029).")
    pdf.block("Poste basé à Fianarantsoa, avec des déplacements réguliers à Ambositra et dans les communes rurales "
              "de la région Haute Matsiatra.")
    pdf.block("Responsabilités", bold=True)
    pdf.bullets(["Coordonner une équipe de 8 techniciens et la planification annuelle ;",
                 "Gérer le budget du projet et les relations avec le bailleur ;",
                 "Suivre les indicateurs et produire les rapports semestriels ;",
                 "Animer le comité de pilotage régional."])
    pdf.block("Profil", bold=True)
    pdf.bullets(["Master en agronomie, développement rural ou gestion de projets ;",
                 "cinq ans d'expérience en coordination de projets agricoles ;",
                 "français et malagasy exigés, à l'écrit comme à l'oral ;",
                 "permis de conduire B."])
    pdf.block("Conditions", bold=True)
    pdf.bullets(["CDD de 24 mois, renouvelable selon financement ;",
                 "salaire brut mensuel de 3 500 000 à 4 200 000 Ariary selon expérience ;",
                 "prise de fonction souhaitée en février 2026."])
    pdf.block("Candidatures à envoyer par courriel à remad.rh@remad-madagascar.mg, avant le 9 janvier 2026 à 16 "
              "heures. Seuls les candidats présélectionnés seront convoqués à un entretien.", bold=True)
    pdf.output(str(path))


def build_saint_louis_pdf(path: Path) -> None:
    pdf = _Pdf("Association Walo Développement – Sor, Saint-Louis – recrutement@walo-dev.sn")
    pdf.add_page()
    pdf.block("ASSOCIATION WALO DÉVELOPPEMENT (AWD)\nONG agréée – Sor, Saint-Louis du Sénégal", bold=True, size=11,
              align="C")
    pdf.ln(3)
    pdf.block("AVIS DE RECRUTEMENT N° AWD/REC/2025/09", bold=True, size=13)
    pdf.block("Assistant(e) logistique", bold=True, size=13)
    pdf.block("Dans le cadre de la mise en œuvre de son projet d'appui aux périmètres irrigués villageois, notre "
              "association recrute un(e) assistant(e) logistique. Le poste est basé à Saint-Louis, avec des "
              "déplacements dans les départements de Dagana et de Podor.")
    pdf.block("Tâches", bold=True)
    pdf.bullets(["Préparer les dossiers d'achat et les demandes de cotation ;",
                 "Suivre les stocks d'intrants et le magasin ;",
                 "Organiser les déplacements des équipes et le suivi des 4 véhicules ;",
                 "Tenir à jour l'inventaire des équipements."])
    pdf.block("Profil requis", bold=True)
    pdf.bullets(["Bac+2 en logistique, transport ou gestion ;",
                 "3 ans d'expérience à un poste similaire ;",
                 "maîtrise du français et du wolof ; le pulaar est un atout."])
    pdf.block("Conditions", bold=True)
    pdf.bullets(["Contrat à durée déterminée de 12 mois ;",
                 "salaire brut mensuel : 350 000 FCFA."])
    pdf.block("Les candidatures (CV, lettre, copies des diplômes) sont à envoyer à recrutement@walo-dev.sn.")
    pdf.block("Date limite de réception des candidatures : lundi 15 décembre 2025 à 12h00", bold=True)
    pdf.block("Saint-Louis, le 28 novembre 2025\nLe Secrétaire exécutif", align="R")
    pdf.output(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_kiffa_docx(OUT / "mr-docx-charge-programme-securite-alimentaire-kiffa.docx")
    build_marseille_docx(OUT / "fr-docx-charge-projets-afrique-ouest-marseille.docx")
    build_fianarantsoa_pdf(OUT / "mg-pdf-coordinateur-projet-agroecologie-fianarantsoa.pdf")
    build_saint_louis_pdf(OUT / "sn-pdf-assistant-logistique-saint-louis.pdf")


if __name__ == "__main__":
    main()
