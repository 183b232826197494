"""Build the four held-out DOCX and PDF postings from the texts below.

Not part of the test suite and not run by it: the generated files are committed next to the
text postings. Rebuild them with an interpreter that has python-docx and fpdf2 (kept out of
the project's venv on purpose), e.g.:

    python -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install python-docx fpdf2
    /tmp/pdfvenv/bin/python tests/data/heldout/sources/build_documents.py
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF

OUT = Path(__file__).resolve().parent.parent / "postings"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def build_giz_tdr_docx(path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "TdR consultance genre PARC"
    doc.core_properties.author = "GIZ Mali"
    header = doc.sections[0].header.paragraphs[0]
    header.text = "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH – Bureau de la GIZ au Mali"
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("TERMES DE RÉFÉRENCE")
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(
        "Recrutement d'un(e) consultant(e) pour l'analyse genre et inclusion sociale du "
        "Programme d'appui à la résilience des communautés du Centre (PARC)"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in [
        ("Intitulé du poste", "Consultant(e) national(e) en genre et inclusion sociale"),
        ("Projet", "Programme d'appui à la résilience des communautés du Centre (PARC)"),
        ("Lieu", "Mopti et Ségou, Mali"),
        ("Durée", "45 jours de travail sur une période de trois (3) mois"),
        ("Type de contrat", "Contrat de consultance (prestation de service)"),
        ("Démarrage prévu", "avril 2024"),
        ("Référence", "2024-ML-PARC-011"),
        ("Date limite", "22 mars 2024"),
    ]:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value

    doc.add_heading("1. Contexte", level=2)
    doc.add_paragraph(
        "La Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH est une entreprise fédérale "
        "allemande qui compte plus de 25 000 collaboratrices et collaborateurs dans environ 120 pays. Présente "
        "au Mali depuis 1963, la GIZ met en œuvre, pour le compte du Ministère fédéral allemand de la "
        "Coopération économique et du Développement (BMZ), le Programme d'appui à la résilience des "
        "communautés du Centre (PARC) dans les régions de Mopti et de Ségou. Le programme, d'une durée de "
        "48 mois (2022-2026), intervient dans 18 communes et vise 120 000 personnes."
    )
    doc.add_paragraph(
        "Dans le cadre de sa stratégie genre, le PARC souhaite disposer d'une analyse genre et inclusion "
        "sociale actualisée pour orienter ses activités de la deuxième moitié de sa mise en œuvre."
    )
    doc.add_heading("2. Objectifs de la consultance", level=2)
    for item in [
        "Analyser les rapports sociaux de genre et les facteurs d'exclusion (âge, handicap, statut de déplacé) dans les 18 communes d'intervention ;",
        "Évaluer la prise en compte du genre dans les outils et activités du programme ;",
        "Proposer un plan d'action genre et inclusion assorti d'indicateurs.",
    ]:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("3. Livrables", level=2)
    for item in [
        "Rapport de démarrage (10 pages maximum) ;",
        "Rapport d'analyse provisoire puis final ;",
        "Plan d'action genre et inclusion 2024-2026 ;",
        "Atelier de restitution à Mopti.",
    ]:
        doc.add_paragraph(item, style="List Number")
    doc.add_heading("4. Profil du/de la consultant(e)", level=2)
    for item in [
        "Diplôme universitaire de niveau Master (Bac+5) en sociologie, anthropologie, études genre ou domaine connexe ;",
        "Au moins huit (8) ans d'expérience dans l'analyse genre et l'intégration du genre dans des programmes de développement ;",
        "Expérience avérée de travail dans les régions du Centre du Mali ;",
        "Excellente maîtrise du français ; la connaissance du bambara, du peul ou du dogon est un atout.",
    ]:
        doc.add_paragraph(item, style="List Bullet")
    doc.add_heading("5. Soumission des offres", level=2)
    doc.add_paragraph(
        "Les offres technique et financière doivent être envoyées à l'adresse giz-mali-recrutement@giz.de "
        "au plus tard le 22 mars 2024 à 12h00 (heure de Bamako), en indiquant en objet la référence "
        "2024-ML-PARC-011. Les candidatures féminines sont vivement encouragées."
    )
    doc.save(path)


def build_unfpa_vacancy_docx(path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Avis de vacance UNFPA Niger"
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("Fonds des Nations Unies pour la Population (UNFPA)\nBureau Pays du Niger")
    r.bold = True
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("AVIS DE VACANCE DE POSTE N° UNFPA/NER/VA/2024/017")
    r.bold = True
    r.font.size = Pt(14)
    for label, value in [
        ("Intitulé du poste", "Assistant(e) au Programme Santé de la Reproduction"),
        ("Grade", "G6"),
        ("Type de contrat", "Fixed Term Appointment (FTA) – Engagement de durée déterminée d'un an renouvelable"),
        ("Lieu d'affectation", "Zinder (Niger)"),
        ("Date de clôture", "10 septembre 2024 (minuit, heure de New York)"),
        ("Ouvert aux", "candidat(e)s de nationalité nigérienne uniquement"),
    ]:
        para = doc.add_paragraph()
        para.add_run(f"{label} : ").bold = True
        para.add_run(value)

    doc.add_heading("Contexte", level=2)
    doc.add_paragraph(
        "L'UNFPA est l'agence des Nations Unies chargée des questions de santé sexuelle et reproductive. "
        "Présent au Niger depuis 1977, le Bureau pays met en œuvre son 9e programme de pays (2023-2027) à "
        "travers 4 bureaux (Niamey, Zinder, Maradi, Tillabéri), avec une équipe de 95 personnes."
    )
    doc.add_heading("Objectif du poste", level=2)
    doc.add_paragraph(
        "Sous la supervision du Chef du sous-bureau de Zinder et la supervision technique de la Chargée de "
        "programme Santé de la Reproduction, le/la titulaire apporte un appui programmatique, administratif "
        "et logistique à la mise en œuvre des activités de santé maternelle, de planification familiale et "
        "de prise en charge des fistules obstétricales dans les régions de Zinder et de Diffa."
    )
    doc.add_heading("Qualifications et expérience requises", level=2)
    for label, value in [
        ("Formation", "Diplôme de fin d'études secondaires (Baccalauréat) requis. Un diplôme universitaire en "
         "santé publique, sciences sociales ou gestion constitue un atout."),
        ("Expérience", "Minimum six (6) ans d'expérience professionnelle progressive dans l'appui aux programmes "
         "de santé, de préférence au sein du système des Nations Unies ou d'une ONG internationale."),
        ("Langues", "La maîtrise du français est requise. Une connaissance pratique de l'anglais et du haoussa "
         "est souhaitable."),
    ]:
        para = doc.add_paragraph(style="List Bullet")
        para.add_run(f"{label} : ").bold = True
        para.add_run(value)
    doc.add_heading("Rémunération", level=2)
    doc.add_paragraph(
        "Le salaire annuel net de base est de 9 850 000 FCFA, auquel s'ajoutent les prestations prévues par "
        "le barème des Nations Unies pour les agents recrutés localement (assurance médicale, pension, "
        "30 jours de congé annuel)."
    )
    doc.add_heading("Comment postuler", level=2)
    doc.add_paragraph(
        "Les candidat(e)s intéressé(e)s doivent postuler en ligne via https://www.unfpa.org/jobs (Job ID 21845). "
        "Les candidatures reçues par courrier ou par e-mail ne seront pas prises en compte."
    )
    doc.add_paragraph(
        "UNFPA ne facture aucun frais à aucune étape du processus de recrutement. Les candidatures féminines "
        "sont vivement encouragées. UNFPA applique une politique de tolérance zéro à l'égard de "
        "l'exploitation et des abus sexuels."
    )
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

    def heading(self, text: str, size: int = 12):
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)

    def para(self, text: str):
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bullets(self, items):
        for item in items:
            self.set_font("DejaVu", "", 10)
            self.set_x(self.l_margin + 4)
            self.multi_cell(0, 5.5, "- " + item, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)


def build_apil_pdf(path: Path) -> None:
    pdf = _Pdf("APIL – Kayes, Mali – apil.recrutement@orangemali.net")
    pdf.set_title("Appel à candidatures Animateurs communautaires")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, "ASSOCIATION POUR LA PROMOTION DES INITIATIVES LOCALES (APIL)\n"
                         "Récépissé n° 0457/MATCL-DNI du 12 mars 1997\n"
                         "BP 112 Kayes – Légal Ségou, rue 225, porte 47", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.heading("APPEL À CANDIDATURES N°03/2024/APIL/DE", 14)
    pdf.heading("Recrutement de trois (3) Animateurs/Animatrices communautaires", 12)
    pdf.para(
        "L'Association pour la Promotion des Initiatives Locales (APIL) est une ONG malienne créée en 1997. "
        "Elle intervient dans la région de Kayes dans les domaines de la gouvernance locale, de la sécurité "
        "alimentaire et de la migration. Dans le cadre du projet « Jeunes, Migration et Emploi rural » (JEMER), "
        "financé par la Coopération suisse pour une durée de 3 ans, l'APIL recrute trois (3) animateurs/"
        "animatrices communautaires."
    )
    pdf.heading("1. Informations sur le poste")
    pdf.bullets([
        "Poste : Animateur/Animatrice communautaire",
        "Nombre de postes : trois (3)",
        "Lieux d'affectation : cercles de Kayes, Bafoulabé et Kita (un poste par cercle)",
        "Type de contrat : CDD de 6 mois renouvelable",
        "Salaire mensuel brut : 250 000 FCFA",
    ])
    pdf.heading("2. Tâches")
    pdf.bullets([
        "Animer les séances de sensibilisation des jeunes et de leurs familles sur les risques de la migration irrégulière ;",
        "Accompagner 20 groupements de jeunes par cercle dans l'élaboration de leurs microprojets ;",
        "Faciliter les cadres de concertation communaux ;",
        "Collecter les données de suivi des activités et rédiger les rapports mensuels.",
    ])
    pdf.heading("3. Profil requis")
    pdf.bullets([
        "Être titulaire au minimum du Baccalauréat ou d'un diplôme équivalent (CAP/BT en développement communautaire) ;",
        "Avoir au moins deux (2) ans d'expérience en animation communautaire ;",
        "Parler couramment le soninké ou le khassonké ; savoir lire et écrire en français ; la maîtrise du bambara est un atout ;",
        "Savoir conduire une moto et être titulaire du permis A ;",
        "Résider dans le cercle d'affectation ou accepter d'y résider.",
    ])
    pdf.heading("4. Dossier de candidature")
    pdf.bullets([
        "Une demande manuscrite adressée au Directeur exécutif de l'APIL ;",
        "Un CV détaillé ;",
        "Les copies légalisées des diplômes et attestations ;",
        "Un extrait d'acte de naissance.",
    ])
    pdf.heading("5. Dépôt des dossiers")
    pdf.para(
        "Les dossiers sont à déposer sous pli fermé au siège de l'APIL à Kayes (Légal Ségou, rue 225, porte 47) "
        "avec la mention « Candidature Animateur – cercle de ... », ou à envoyer par e-mail à "
        "apil.recrutement@orangemali.net."
    )
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, "Date limite de dépôt des dossiers : 19/04/2024 à 16h00",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)
    pdf.para("Les candidatures féminines sont vivement encouragées. Seuls les candidat(e)s présélectionné(e)s "
             "seront convoqué(e)s pour un test écrit et un entretien.")
    pdf.ln(4)
    pdf.multi_cell(0, 6, "Kayes, le 2 avril 2024\nLe Directeur exécutif\nBakary SISSOKO", align="R",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def build_acrn_pdf(path: Path) -> None:
    pdf = _Pdf("ACRN – Regional Office for West and Central Africa – Vacancy announcement")
    pdf.set_title("Vacancy announcement - Regional Finance Manager")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, "AFRICA CHILD RIGHTS NETWORK (ACRN)\nRegional Office for West and Central Africa – Dakar",
                   align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.heading("VACANCY ANNOUNCEMENT", 16)
    pdf.bullets([
        "Position: Regional Finance Manager",
        "Reference: ACRN/WCA/FIN/2024-07",
        "Location: Dakar, Senegal (Regional Office for West and Central Africa)",
        "Reports to: Regional Director",
        "Contract type: One-year fixed-term contract, renewable subject to funding and performance",
        "Number of positions: 1",
        "Start date: As soon as possible",
        "Salary: XOF 2,400,000 – 2,900,000 gross per month, depending on experience",
    ])
    pdf.heading("About ACRN")
    pdf.para(
        "Africa Child Rights Network was founded in 1999 and today works in 17 countries with over 1,200 staff "
        "and 300 partner organisations. Our Regional Office in Dakar supports 9 country programmes in West and "
        "Central Africa with a combined annual budget of USD 64 million."
    )
    pdf.heading("Purpose of the role")
    pdf.para(
        "The Regional Finance Manager ensures sound financial management across the region, supports country "
        "finance teams, and guarantees compliance with donor requirements (EU, USAID, SIDA, foundations)."
    )
    pdf.heading("Key responsibilities")
    pdf.bullets([
        "Lead the regional budgeting and forecasting process for 9 country offices;",
        "Review monthly management accounts and provide analysis to the Regional Director;",
        "Coordinate external audits and follow up on recommendations;",
        "Strengthen internal controls and anti-fraud procedures;",
        "Line-manage 2 regional finance officers and provide technical support to 9 country finance managers.",
    ])
    pdf.heading("Requirements")
    pdf.bullets([
        "Bachelor's degree in Finance, Accounting or related field; Master's preferred; professional "
        "qualification (ACCA, CPA) is an asset;",
        "Minimum 7 years of progressive experience in NGO financial management, of which at least 3 at "
        "regional level;",
        "Proven experience with multi-donor grant management and ERP systems (Agresso/Unit4);",
        "Fluency in English required; French is an asset.",
    ])
    pdf.heading("How to apply")
    pdf.para(
        "Send your CV and cover letter in English to wca.recruitment@acrn-africa.org, quoting the reference "
        "ACRN/WCA/FIN/2024-07 in the subject line."
    )
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 6, "Deadline for applications: 19 July 2024, 5:00 pm GMT", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.ln(2)
    pdf.para("ACRN is an equal opportunity employer. All staff are required to adhere to our Child Safeguarding "
             "Policy; selected candidates will be subject to reference and background checks.")
    pdf.output(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_giz_tdr_docx(OUT / "giz-mali-tdr-consultant-genre-mopti-segou.docx")
    build_unfpa_vacancy_docx(OUT / "unfpa-niger-avis-vacance-assistant-sr-zinder.docx")
    build_apil_pdf(OUT / "apil-kayes-appel-candidatures-animateurs.pdf")
    build_acrn_pdf(OUT / "acrn-vacancy-regional-finance-manager-dakar.pdf")


if __name__ == "__main__":
    main()
