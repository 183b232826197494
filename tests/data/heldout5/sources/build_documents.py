"""Build the PDF and DOCX postings of the fifth held-out set (blind) from the texts below.

Not part of the test suite and not run by it: the generated files are committed in ../postings. Run with the
project's virtualenv (python-docx is there; the PDFs use the small hand-written writer in minipdf.py):

    .venv/bin/python tests/data/heldout5/sources/build_documents.py

Written as organisations send them: letterheads, running page headers and footers, two-column layouts, long words
hyphenated at line ends, DOCX key-fact tables ("Titre du poste | ..."), DOCX page headers and footers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from minipdf import PAGE_H, PAGE_W, Document, text_width  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "postings"


def centred(doc, y, text, size=10, bold=False, page=None):
    doc.text((PAGE_W - text_width(text, size)) / 2, y, text, size=size, bold=bold, page=page)


# ----------------------------------------------------------------------------------------------------------- PDF 1
def pdf_ml_sikasso(path):
    def footer(doc, i, n):
        doc.rule(56, 48, PAGE_W - 56, page=i)
        centred(doc, 36, "AMADE – Association Malienne pour le Développement Endogène – Récépissé n°0412/G-DB du "
                         "14 mars 1997", size=7.5, page=i)
        centred(doc, 26, f"Page {i + 1} sur {n}", size=7.5, page=i)

    doc = Document(footer=footer)
    doc.hyphenate = True
    # letterhead
    doc.text(56, PAGE_H - 50, "AMADE", size=20, bold=True)
    doc.text(56, PAGE_H - 64, "Association Malienne pour le Développement Endogène", size=9, bold=True)
    doc.text(360, PAGE_H - 46, "Siège : Bamako, Badalabougou Est, rue 104", size=8)
    doc.text(360, PAGE_H - 56, "Antenne régionale : Sikasso, quartier Wayerma II", size=8)
    doc.text(360, PAGE_H - 66, "Tél. : +223 76 41 22 09 – info@amade-mali.org", size=8)
    doc.rule(56, PAGE_H - 76, PAGE_W - 56)
    doc.y = PAGE_H - 100
    doc.para("AVIS DE RECRUTEMENT N°2026-02/AMADE/DRH", size=14, bold=True, align="C")
    doc.para("Deux (02) Animateurs/Animatrices en nutrition communautaire", size=12, bold=True, align="C", gap=10)
    doc.para("Dans le cadre de la mise en œuvre du projet « Sikasso Nafa – Alimentation des jeunes enfants » cofinancé "
             "par l'Agence française de développement et la Fondation Karité Vert, l'Association Malienne pour le "
             "Développement Endogène (AMADE) recrute deux (02) animateurs ou animatrices en nutrition communautaire, "
             "basé(e)s à Sikasso et chargé(e)s d'intervenir dans les communes rurales de Kaboïla, Zangaradougou et "
             "Natien.")
    doc.para("1. Tâches et responsabilités", bold=True)
    doc.bullets([
        "animer les séances de sensibilisation et de démonstrations culinaires auprès des groupements de femmes ;",
        "appuyer les relais communautaires dans le dépistage de la malnutrition aiguë et le référencement vers les "
        "centres de santé communautaires ;",
        "collecter les données de suivi mensuelles et les transmettre à la chargée de suivi-évaluation ;",
        "participer à la préparation des rapports d'activités et des ateliers de capitalisation.",
    ])
    doc.para("2. Qualifications requises", bold=True)
    doc.bullets([
        "être titulaire au minimum d'un BTS ou d'un DUT en santé communautaire, nutrition, développement rural ou "
        "sciences de l'éducation ;",
        "avoir une expérience professionnelle d'au moins deux (2) ans dans l'animation communautaire, de préférence "
        "dans un projet de nutrition ;",
        "parler couramment le bambara et le français (exigé) ; la connaissance du sénoufo est un atout ;",
        "savoir conduire une moto et accepter de résider à Sikasso.",
    ])
    doc.para("3. Conditions d'emploi", bold=True)
    doc.para("Les animateurs seront recrutés en contrat à durée déterminée (CDD) de douze (12) mois à temps plein, "
             "renouvelable en fonction des résultats et des financements disponibles. Le salaire mensuel brut est fixé "
             "à 250 000 F CFA, auquel s'ajoutent les indemnités de terrain prévues par la grille salariale de "
             "l'association. La prise de fonction est prévue le 1er avril 2026.")
    doc.para("4. Dossier de candidature", bold=True)
    doc.para("Le dossier comprend une lettre de motivation, un curriculum vitae détaillé, les copies certifiées "
             "conformes des diplômes et des attestations de travail. Il doit être adressé à Monsieur le Directeur "
             "exécutif de l'AMADE et envoyé par courrier électronique à l'adresse recrutement.sikasso@amade-mali.org "
             "ou déposé sous pli fermé à l'antenne de Sikasso, au plus tard le vendredi 13 mars 2026 à 17h00 GMT, "
             "avec la mention « Candidature animateur nutrition – N°2026-02 ».")
    doc.para("Les candidatures féminines sont fortement encouragées. Seul(e)s les candidat(e)s présélectionné(e)s "
             "seront convoqué(e)s à un test écrit et à un entretien à Sikasso. Aucun dossier ne sera retourné.")
    doc.space(8)
    doc.para("Fait à Bamako, le 20 février 2026", align="L")
    doc.para("Le Directeur exécutif", bold=True)
    doc.para("Dr Seydou Diarra")
    doc.save(path)


# ----------------------------------------------------------------------------------------------------------- PDF 2
def pdf_fr_lyon_two_columns(path):
    def header(doc, i, n):
        doc.text(56, PAGE_H - 30, "Solidarités Rhône-Sahel", size=8, bold=True, page=i)
        doc.text(PAGE_W - 56 - text_width("Offre d'emploi – RAF – février 2026", 8), PAGE_H - 30,
                 "Offre d'emploi – RAF – février 2026", size=8, page=i)
        doc.rule(56, PAGE_H - 36, PAGE_W - 56, page=i)

    def footer(doc, i, n):
        centred(doc, 30, f"Solidarités Rhône-Sahel – 8 rue Sainte-Catherine, 69001 Lyon – www.rhone-sahel.org   "
                         f"{i + 1}/{n}", size=7.5, page=i)

    doc = Document(header=header, footer=footer, margin_top=70)
    doc.hyphenate = True
    doc.para("Responsable administratif·ve et financier·e (H/F)", size=16, bold=True)
    doc.para("CDI – temps plein – Lyon 1er", size=11, bold=True, gap=12)
    doc.set_columns([(56.0, 230.0), (309.0, 230.0)])
    doc.para("L'association", bold=True, size=11)
    doc.para("Solidarités Rhône-Sahel (SRS) est une association de solidarité internationale créée en 1989 à Lyon. "
             "Elle accompagne des organisations paysannes et des collectivités au Burkina Faso, au Mali et au Niger, "
             "avec un budget annuel de 2,4 millions d'euros, une équipe de 14 salarié·es en France et 38 dans ses "
             "bureaux de Ouagadougou et de Niamey.")
    doc.para("Le contexte", bold=True, size=11)
    doc.para("Le responsable administratif et financier actuel faisant valoir ses droits à la retraite, SRS recrute "
             "son ou sa futur·e RAF, membre de l'équipe de direction, sous l'autorité de la déléguée générale.")
    doc.para("Vos missions", bold=True, size=11)
    doc.bullets([
        "piloter l'élaboration et le suivi du budget annuel et la clôture des comptes avec l'expert-comptable et le "
        "commissaire aux comptes ;",
        "superviser la comptabilité du siège et des bureaux pays, et la trésorerie ;",
        "assurer le suivi financier des conventions avec les bailleurs (AFD, Union européenne, collectivités) et "
        "préparer les audits ;",
        "gérer l'administration du personnel, la paie (externalisée) et les relations avec le CSE ;",
        "encadrer une comptable et une assistante administrative.",
    ])
    doc.para("Votre profil", bold=True, size=11)
    doc.bullets([
        "formation supérieure de niveau Bac+5 en gestion, finance, comptabilité ou contrôle de gestion (master CCA, "
        "DSCG, école de commerce) ;",
        "au moins cinq ans d'expérience sur un poste similaire, idéalement dans une association financée par des "
        "bailleurs institutionnels ;",
        "maîtrise des règles de financement de l'AFD et de l'Union européenne ;",
        "anglais courant exigé (rapports financiers et audits en anglais) ;",
        "la connaissance de l'Afrique de l'Ouest est un atout.",
    ])
    doc.para("Conditions", bold=True, size=11)
    doc.para("Contrat à durée indéterminée à temps plein (35 heures), statut cadre. Rémunération : entre 38 000 et "
             "42 000 euros bruts annuels selon expérience, mutuelle prise en charge à 60 %, 27 jours de congés et "
             "RTT. Deux missions par an en Afrique de l'Ouest. Poste basé au siège, à Lyon.")
    doc.para("Prise de poste : 1er avril 2026, pour permettre un tuilage d'un mois avec le RAF actuel.")
    doc.para("Candidater", bold=True, size=11)
    doc.para("Envoyez votre CV et votre lettre de motivation, en un seul fichier PDF intitulé NOM_Prénom_RAF, à "
             "recrutement@rhone-sahel.org au plus tard le 15 février 2026. Les entretiens auront lieu à Lyon dans "
             "la semaine du 23 février.")
    doc.save(path)


# ----------------------------------------------------------------------------------------------------------- PDF 3
def pdf_bf_tdr_ouahigouya(path):
    def header(doc, i, n):
        if i > 0:
            doc.text(56, PAGE_H - 30, "TDR – Étude de base du projet EAU-NORD – APS", size=8, page=i)
            doc.rule(56, PAGE_H - 36, PAGE_W - 56, page=i)

    def footer(doc, i, n):
        doc.text(PAGE_W - 90, 30, f"Page {i + 1}/{n}", size=8, page=i)
        doc.text(56, 30, "Action pour la Promotion de la Santé (APS) – 01 BP 4470 Ouagadougou 01", size=8, page=i)

    doc = Document(header=header, footer=footer)
    doc.hyphenate = True
    doc.para("ACTION POUR LA PROMOTION DE LA SANTÉ (APS)", size=12, bold=True, align="C")
    doc.para("Burkina Faso – Ouagadougou, secteur 15, Ouaga 2000", size=9, align="C", gap=14)
    doc.para("TERMES DE RÉFÉRENCE", size=15, bold=True, align="C")
    doc.para("Recrutement d'un(e) consultant(e) individuel(le) pour la réalisation de l'étude de base du projet "
             "« Eau et hygiène dans les écoles du Nord » (EAU-NORD)", size=11, bold=True, align="C")
    doc.para("TDR N°2026/007/APS", size=10, align="C", gap=12)
    doc.para("1. Contexte et justification", bold=True)
    doc.para("Depuis 2019, l'APS conduit des actions d'accès à l'eau potable, d'assainissement et de promotion de "
             "l'hygiène en milieu scolaire dans les régions du Nord et du Centre-Nord. Avec l'appui financier de "
             "l'Agence de l'eau Loire-Bretagne et de la commune de Saint-Herblain, l'association démarre le projet "
             "EAU-NORD (2026-2028), qui touchera 42 écoles primaires des communes de Ouahigouya, Titao et Gourcy. "
             "Une étude de base est nécessaire pour établir la situation de référence des indicateurs du projet.")
    doc.para("2. Objectifs de l'étude", bold=True)
    doc.bullets([
        "établir les valeurs de référence des indicateurs du cadre logique ;",
        "décrire l'état des ouvrages d'eau et de latrines dans les 42 écoles ;",
        "analyser les connaissances, attitudes et pratiques des élèves et des enseignants en matière d'hygiène.",
    ])
    doc.para("3. Durée et lieu de la mission", bold=True)
    doc.para("La mission est prévue pour une durée de vingt-cinq (25) jours de travail, y compris la rédaction des "
             "rapports, à compter du 6 avril 2026. La collecte de données se déroulera dans les écoles des communes "
             "de Ouahigouya, Titao et Gourcy ; le/la consultant(e) sera basé(e) à Ouahigouya pendant la phase "
             "de terrain.")
    doc.para("4. Profil du/de la consultant(e)", bold=True)
    doc.bullets([
        "être titulaire d'un diplôme de niveau Master (Bac+5) en santé publique, eau et assainissement, "
        "statistique ou sociologie ;",
        "justifier d'au moins six (6) années d'expérience dans la conduite d'études quantitatives, dont au moins "
        "deux études de base ou évaluations dans le domaine EHA ;",
        "avoir une parfaite maîtrise du français ; la connaissance du mooré est un atout.",
    ])
    doc.para("5. Rémunération", bold=True)
    doc.para("Les honoraires sont fixés à 75 000 F CFA par jour de travail, soit un montant forfaitaire de "
             "1 875 000 F CFA pour les 25 jours, hors frais de terrain pris en charge par l'APS.")
    doc.para("6. Soumission des offres", bold=True)
    doc.para("Les consultant(e)s intéressé(e)s feront parvenir une offre technique (note méthodologique, "
             "chronogramme, CV) en précisant « TDR N°2026/007/APS » en objet, par e-mail à "
             "consultations@aps-burkina.org, au plus tard le vendredi 6 mars 2026 à 12 heures (heure de "
             "Ouagadougou). Les offres incomplètes ne seront pas examinées.")
    doc.para("Ouagadougou, le 18 février 2026")
    doc.para("Le Secrétaire exécutif")
    doc.save(path)


# ----------------------------------------------------------------------------------------------------------- PDF 4
def pdf_ne_en_wash_zinder(path):
    def header(doc, i, n):
        doc.text(56, PAGE_H - 30, "SAHEL WATER ALLIANCE – VACANCY ANNOUNCEMENT SWA/NE/VA/2026-011", size=8, bold=True,
                 page=i)
        doc.rule(56, PAGE_H - 36, PAGE_W - 56, page=i)

    def footer(doc, i, n):
        doc.text(56, 30, "Sahel Water Alliance is committed to safeguarding. All candidates will be vetted.", size=7.5,
                 page=i)
        doc.text(PAGE_W - 100, 30, f"Page {i + 1} of {n}", size=7.5, page=i)

    doc = Document(header=header, footer=footer, margin_top=70)
    doc.hyphenate = True
    doc.para("VACANCY ANNOUNCEMENT", size=15, bold=True)
    for label, value in [
        ("Position:", "WASH Officer"),
        ("Duty station:", "Zinder, Niger (with frequent travel to Mirriah and Magaria)"),
        ("Contract:", "Fixed-term contract, 12 months, with possible extension"),
        ("Number of positions:", "2 (two)"),
        ("Grade / Salary:", "National staff, grade N5 – gross monthly salary XOF 650,000"),
        ("Date of publication:", "2 February 2026"),
        ("Closing date:", "Friday, 20 February 2026 (midnight, Niamey time)"),
    ]:
        doc._advance(13)
        doc.text(56, doc.y, label, size=10, bold=True)
        doc.text(190, doc.y, value, size=10)
    doc.space(10)
    doc.para("Background", bold=True, size=11)
    doc.para("Sahel Water Alliance (SWA) is an international non-governmental organisation working in Niger, Chad and "
             "Mali on water, sanitation and hygiene in emergency and development settings. In the Zinder region, "
             "SWA supports internally displaced and host communities through water trucking, the rehabilitation of "
             "boreholes and community-led total sanitation.")
    doc.para("Main responsibilities", bold=True, size=11)
    doc.bullets([
        "Supervise the rehabilitation and construction of water points and latrines, including contractors' work and "
        "quality control;",
        "Train and support water management committees and hygiene promoters;",
        "Collect and analyse monitoring data and contribute to monthly reports;",
        "Ensure that activities respect SWA's accountability and safeguarding standards.",
    ])
    doc.para("Requirements", bold=True, size=11)
    doc.bullets([
        "Bachelor's degree (Licence) in hydraulics, civil engineering, public health or a related field;",
        "A minimum of three years of professional experience in WASH programmes, at least one of them with an "
        "NGO or UN agency in a humanitarian context;",
        "Fluency in French and a good command of English (written and spoken) are required;",
        "Knowledge of Hausa is a strong asset; knowledge of Kanuri is an advantage;",
        "Ability to travel to insecure areas under SWA security procedures.",
    ])
    doc.para("How to apply", bold=True, size=11)
    doc.para("Interested candidates should send a cover letter and an updated CV, in English or French, by e-mail "
             "to niger.recruitment@sahelwateralliance.org, stating \"SWA/NE/VA/2026-011 – WASH Officer\" in the "
             "subject line. Applications received after the closing date will not be considered. Qualified female "
             "candidates are strongly encouraged to apply. The expected start date is 16 March 2026.")
    doc.save(path)


# ----------------------------------------------------------------------------------------------------------- PDF 5
def pdf_tn_stage_tunis(path):
    def footer(doc, i, n):
        centred(doc, 30, "Association Tunisienne pour l'Économie Circulaire – 17, rue du Lac Biwa, Les Berges du Lac, "
                         "1053 Tunis – contact@atec.org.tn", size=7.5, page=i)

    doc = Document(footer=footer)
    doc.hyphenate = True
    doc.text(56, PAGE_H - 52, "ATEC", size=22, bold=True)
    doc.text(56, PAGE_H - 66, "Association Tunisienne pour l'Économie Circulaire", size=9)
    doc.text(400, PAGE_H - 52, "Tunis, le 9 février 2026", size=9)
    doc.rule(56, PAGE_H - 76, PAGE_W - 56)
    doc.y = PAGE_H - 104
    doc.para("OFFRE DE STAGE DE FIN D'ÉTUDES (PFE)", size=14, bold=True)
    doc.para("Stagiaire – Analyse des filières de recyclage des plastiques", size=12, bold=True, gap=10)
    # left: sidebar "En bref"; right: main text
    doc.set_columns([(56.0, 150.0), (226.0, 313.0)])
    doc.para("EN BREF", bold=True, size=10)
    for line in ["Lieu : Tunis (Les Berges du Lac)", "Durée : 6 mois", "Début : 2 mars 2026",
                 "Gratification : 500 TND/mois", "Référence : ATEC-PFE-03", "Date limite : 25/02/2026"]:
        doc.para(line, size=9, gap=3)
    doc.col = 1
    doc.y = doc.top_of_columns
    doc.para("L'Association Tunisienne pour l'Économie Circulaire (ATEC) réunit depuis 2014 des collectivités, des "
             "entreprises et des collectifs de récupérateurs pour développer le tri et la valorisation des déchets "
             "en Tunisie. Dans le cadre de son programme « Zéro plastique en Méditerranée », elle accueille un(e) "
             "stagiaire de fin d'études.")
    doc.para("Missions", bold=True)
    doc.bullets([
        "cartographier les acteurs de la collecte et du recyclage des plastiques dans le Grand Tunis ;",
        "mener des entretiens avec des récupérateurs, des entreprises et des municipalités ;",
        "analyser les flux et les prix de rachat des matières ;",
        "rédiger une note de synthèse et contribuer à un atelier de restitution.",
    ])
    doc.para("Profil", bold=True)
    doc.bullets([
        "étudiant(e) en dernière année de cycle ingénieur ou de Master (Bac+5) en environnement, économie ou "
        "génie des procédés ;",
        "intérêt pour l'économie sociale et solidaire ;",
        "arabe et français exigés ; l'anglais est un plus.",
    ])
    doc.para("Conditions", bold=True)
    doc.para("Stage conventionné de six mois à temps plein, à partir du 2 mars 2026, dans nos locaux des Berges du "
             "Lac. Gratification mensuelle de 500 TND et prise en charge des déplacements sur le terrain.")
    doc.para("Candidature", bold=True)
    doc.para("CV et lettre de motivation à envoyer à stages@atec.org.tn, en rappelant la référence ATEC-PFE-03, "
             "jusqu'au 25 février 2026 inclus.")
    doc.save(path)


# ----------------------------------------------------------------------------------------------------------- PDF 6
def pdf_cm_vsi_bafoussam(path):
    def footer(doc, i, n):
        doc.rule(56, 46, PAGE_W - 56, page=i)
        doc.text(56, 34, "Horizons Partagés – 5 place Carnot, 21000 Dijon – www.horizons-partages.fr", size=7.5,
                 page=i)
        doc.text(PAGE_W - 90, 34, f"{i + 1}/{n}", size=7.5, page=i)

    doc = Document(footer=footer)
    doc.hyphenate = True
    doc.para("HORIZONS PARTAGÉS", size=13, bold=True)
    doc.para("Appel à candidatures – Volontariat de solidarité internationale", size=10, gap=14)
    doc.para("Volontaire coordinateur·rice de projet agroforesterie – Bafoussam (Cameroun)", size=14, bold=True,
             gap=10)
    doc.para("Horizons Partagés est une ONG bourguignonne qui soutient depuis 2002 des groupements d'agriculteurs "
             "de la région de l'Ouest du Cameroun. Avec son partenaire local, l'association APADER, elle met en "
             "œuvre un projet de restauration des sols par l'agroforesterie caféière dans les départements de la Mifi "
             "et des Hauts-Plateaux.")
    doc.para("La mission", bold=True)
    doc.para("Placé·e auprès de la direction d'APADER à Bafoussam, le ou la volontaire appuie la coordination du "
             "projet : planification, suivi des pépinières et des parcelles, capitalisation et relations avec "
             "Horizons Partagés et les bailleurs. Il ou elle participe au renforcement des compétences de l'équipe "
             "locale en gestion de projet.")
    doc.para("Profil recherché", bold=True)
    doc.bullets([
        "formation Bac+5 en agronomie, agroforesterie ou gestion de projets de développement ;",
        "une première expérience de terrain d'au moins un an, à l'international de préférence ;",
        "capacité d'adaptation, sens de l'écoute et goût pour le travail en équipe interculturelle ;",
        "français indispensable ; l'anglais est un atout (région bilingue proche).",
    ])
    doc.para("Conditions du volontariat", bold=True)
    doc.para("Contrat de Volontariat de Solidarité Internationale (VSI, loi de 2005) d'une durée de 24 mois, "
             "porté par une association agréée. Indemnité mensuelle de 950 €, logement pris en charge, couverture "
             "sociale et assurance rapatriement, billet aller-retour et formation au départ. Départ prévu en mai "
             "2026, après une semaine de préparation à Dijon.")
    doc.para("Pour postuler", bold=True)
    doc.para("Merci d'adresser CV et lettre de motivation à volontariat@horizons-partages.fr avant le 20/03/2026 "
             "(référence VSI-CM-2026). Les entretiens se dérouleront en visioconférence début avril.")
    doc.save(path)


# ---------------------------------------------------------------------------------------------------------- DOCX
def key_table(doc, rows):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
    return table


def heading(doc, text, size=12):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.font.size = True, Pt(size)
    return p


def docx_sn_kolda(path):
    doc = Docx()
    doc.sections[0].header.paragraphs[0].text = ("KAYDARA – Association sénégalaise pour l'enfance et la famille\t\t"
                                                 "Dakar, Sacré-Cœur 3, villa 9071")
    doc.sections[0].footer.paragraphs[0].text = "kaydara.sn – NINEA 005112347 – Tél. +221 33 869 12 40"
    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = t.add_run("AVIS DE RECRUTEMENT")
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph("Dans le cadre de son programme de protection de l'enfance en Casamance, financé par "
                      "l'UNICEF et la Coopération luxembourgeoise, KAYDARA lance le recrutement suivant :")
    key_table(doc, [
        ("Titre du poste", "Coordinateur·rice régional·e protection de l'enfance"),
        ("Référence", "KAY-KLD-2026-04"),
        ("Lieu d'affectation", "Kolda, avec des missions dans les départements de Vélingara et de Médina Yoro Foulah"),
        ("Supérieur hiérarchique", "Responsable des programmes (Dakar)"),
        ("Type de contrat", "CDD de 24 mois, temps plein"),
        ("Rémunération", "900 000 F CFA brut mensuel"),
        ("Date de prise de fonction", "Dès que possible"),
        ("Date limite de dépôt", "Mardi 10 février 2026 à 18h00"),
    ])
    heading(doc, "Responsabilités principales")
    for item in ["Coordonner l'équipe régionale (un chargé de suivi, quatre travailleurs sociaux, un chauffeur) ;",
                 "Assurer la qualité de la prise en charge des enfants victimes de violences et des enfants talibés ;",
                 "Animer les comités départementaux de protection de l'enfance avec les services de l'État ;",
                 "Suivre le budget régional et produire les rapports mensuels."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Qualifications et expérience")
    for item in ["Master (Bac+5) en travail social, sociologie, droit ou sciences de l'éducation ;",
                 "Au minimum 6 ans d'expérience dans la protection de l'enfance, dont 2 ans en coordination d'équipe ;",
                 "Maîtrise du français et du pulaar exigée ; la connaissance du mandinka serait appréciée ;",
                 "Bonne connaissance du système de protection de l'enfant au Sénégal."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Modalités de candidature")
    doc.add_paragraph("Le dossier (lettre de motivation, CV, copies des diplômes et trois références) est à envoyer "
                      "uniquement par e-mail à recrutement@kaydara.sn en précisant en objet la référence "
                      "KAY-KLD-2026-04. Les candidatures féminines sont encouragées.")
    doc.add_paragraph("Dakar, le 26 janvier 2026")
    doc.save(path)


def docx_tg_lome(path):
    doc = Docx()
    doc.sections[0].header.paragraphs[0].text = "ONG LUMIÈRE DES FEMMES (OLF) – Lomé, Togo"
    doc.sections[0].footer.paragraphs[0].text = ("OLF – Quartier Bè-Kpota, rue 248, BP 30 115 Lomé – "
                                                 "olf.togo@gmail.com – Récépissé n°1128/MATDCL-SG-DAPASOC")
    heading(doc, "OFFRE D'EMPLOI", 16)
    heading(doc, "Comptable à mi-temps (H/F)", 13)
    doc.add_paragraph("L'ONG Lumière des Femmes (OLF) œuvre depuis 2010 pour l'autonomisation économique des "
                      "femmes de la région Maritime (microcrédit, alphabétisation, formation professionnelle). Pour "
                      "renforcer sa gestion financière, elle recherche un(e) comptable à temps partiel.")
    key_table(doc, [
        ("Poste", "Comptable"),
        ("Lieu", "Lomé (siège de l'ONG)"),
        ("Contrat", "Contrat à durée déterminée de 6 mois, renouvelable"),
        ("Temps de travail", "Mi-temps : 20 heures par semaine (lundi, mercredi et jeudi)"),
        ("Salaire", "150 000 FCFA net par mois"),
        ("Début", "1er mars 2026"),
    ])
    heading(doc, "Tâches")
    for item in ["tenir la comptabilité générale et analytique sur le logiciel TOMPRO ;",
                 "préparer les rapprochements bancaires et les états financiers mensuels ;",
                 "suivre les dépenses par bailleur et préparer les justificatifs ;",
                 "appuyer la préparation de l'audit annuel."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Profil")
    for item in ["Licence professionnelle en comptabilité, finance ou gestion (Bac+3) ;",
                 "Trois (3) ans d'expérience au moins comme comptable, dont une en ONG ;",
                 "Maîtrise du français ; la connaissance de l'éwé est un plus ;",
                 "Rigueur, discrétion et intégrité."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Dépôt des candidatures")
    doc.add_paragraph("Les candidat(e)s intéressé(e)s enverront leur CV, une lettre de motivation et les copies de "
                      "leurs diplômes à l'adresse recrutement.olf@gmail.com au plus tard le jeudi 19 février 2026 "
                      "à 18 h. Seuls les dossiers retenus feront l'objet d'une réponse.")
    doc.save(path)


def docx_be_bruxelles(path):
    doc = Docx()
    doc.sections[0].header.paragraphs[0].text = "Justice Climatique Sud ASBL • Rue du Méridien 32, 1210 Saint-Josse-ten-Noode"
    doc.sections[0].footer.paragraphs[0].text = ("BCE 0478.221.903 • info@justiceclimatiquesud.be • "
                                                 "www.justiceclimatiquesud.be")
    heading(doc, "Justice Climatique Sud recrute", 14)
    heading(doc, "Un·e chargé·e de plaidoyer climat et agriculture (4/5e – CDI)", 13)
    doc.add_paragraph("Justice Climatique Sud est une ONG belge de coopération au développement, agréée par la DGD, "
                      "qui soutient des organisations paysannes au Sénégal, au Burkina Faso et en RD Congo et mène "
                      "un travail de plaidoyer en Belgique et au niveau européen sur le financement climat et "
                      "l'agroécologie.")
    heading(doc, "Fonction", 12)
    for item in ["élaborer et mettre en œuvre la stratégie de plaidoyer de l'ONG en lien avec les partenaires du Sud ;",
                 "suivre les politiques belges et européennes relatives au financement climat ;",
                 "rédiger des notes de position et représenter l'ONG dans les coupoles (CNCD-11.11.11, CIDSE) ;",
                 "préparer les rencontres avec les parlementaires et les cabinets ministériels."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Profil", 12)
    for item in ["Master en sciences politiques, relations internationales, sciences agronomiques ou équivalent ;",
                 "Minimum 4 ans d'expérience en plaidoyer, idéalement dans une ONG ou un réseau ;",
                 "Excellente maîtrise du français et de l'anglais (indispensable) ; une bonne connaissance passive du "
                 "néerlandais est un atout ;",
                 "Capacités rédactionnelles et aisance à l'oral."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Nous offrons", 12)
    doc.add_paragraph("Un contrat à durée indéterminée à 4/5e temps (30h24 par semaine), entrée en fonction dès que "
                      "possible. Rémunération selon le barème de la CP 329.02 : entre 3 200 et 3 800 € bruts par "
                      "mois (équivalent temps plein) selon l'ancienneté valorisable, chèques-repas, "
                      "remboursement intégral des transports en commun. Lieu de travail : Bruxelles (Saint-Josse), "
                      "télétravail possible deux jours par semaine.")
    heading(doc, "Intéressé·e ?", 12)
    doc.add_paragraph("Envoyez votre CV et une lettre de motivation à emploi@justiceclimatiquesud.be, avec la "
                      "référence « PLAID-2026 », au plus tard le dimanche 1er mars 2026. Les entretiens auront lieu "
                      "le 12 mars.")
    doc.save(path)


def docx_fr_apprentissage(path):
    doc = Docx()
    doc.sections[0].header.paragraphs[0].text = "Fédération Éducation Sans Frontières – Siège national"
    doc.sections[0].footer.paragraphs[0].text = "FESF – 44 rue de la Roquette, 75011 Paris – Association reconnue d'utilité publique"
    heading(doc, "Offre d'alternance", 15)
    key_table(doc, [
        ("Intitulé", "Assistant·e ressources humaines en apprentissage"),
        ("Service", "Direction des ressources humaines"),
        ("Lieu", "Paris 11e"),
        ("Contrat", "Contrat d'apprentissage de 24 mois"),
        ("Rythme", "3 jours en entreprise / 2 jours en école"),
        ("Démarrage", "Septembre 2026"),
        ("Candidatures avant le", "30/04/2026"),
    ])
    heading(doc, "Qui sommes-nous ?")
    doc.add_paragraph("La Fédération Éducation Sans Frontières (FESF) regroupe 26 associations qui agissent pour le "
                      "droit à l'éducation en France et dans 11 pays d'Afrique et d'Asie. Son siège, à Paris, "
                      "compte 35 salarié·es.")
    heading(doc, "Vos missions")
    for item in ["participer au processus de recrutement (annonces, tri des candidatures, organisation des "
                 "entretiens) ;",
                 "préparer les éléments variables de paie et tenir à jour les dossiers du personnel ;",
                 "contribuer au plan de développement des compétences et à l'accueil des nouveaux salariés ;",
                 "assurer le suivi administratif des volontaires et des stagiaires."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "Votre profil")
    doc.add_paragraph("Vous préparez un Master en gestion des ressources humaines en alternance (rentrée 2026) et "
                      "êtes titulaire d'une Licence (Bac+3). Une première expérience en stage dans un service RH "
                      "serait appréciée. Vous êtes rigoureux·se, discret·e et à l'aise avec les outils "
                      "bureautiques.")
    heading(doc, "Conditions")
    doc.add_paragraph("Rémunération selon la réglementation en vigueur pour les contrats d'apprentissage. Prise en "
                      "charge de 50 % du pass Navigo, tickets restaurant.")
    doc.add_paragraph("Pour postuler : CV et lettre de motivation via notre page "
                      "https://www.fesf.org/nous-rejoindre/alternance-rh avant le 30 avril 2026.")
    doc.save(path)


def docx_cd_tdr_goma(path):
    doc = Docx()
    doc.sections[0].header.paragraphs[0].text = "CENTRE KIVU POUR LA PAIX ET LE DÉVELOPPEMENT (CKPD)"
    doc.sections[0].footer.paragraphs[0].text = ("CKPD asbl – Avenue du Lac n°27, Quartier Himbi, Goma, Nord-Kivu, "
                                                 "RD Congo – secretariat@ckpd-rdc.org")
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("TERMES DE RÉFÉRENCE")
    r.bold, r.font.size = True, Pt(15)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Consultance pour la formation des comités locaux de paix en médiation communautaire").bold = True
    doc.add_paragraph("Référence : TDR/CKPD/2026/012")
    heading(doc, "1. Contexte")
    doc.add_paragraph("Le Centre Kivu pour la Paix et le Développement (CKPD) met en œuvre, avec l'appui du Fonds "
                      "pour la consolidation de la paix, un projet de prévention des conflits fonciers dans les "
                      "territoires de Nyiragongo (Nord-Kivu) et de Kabare (Sud-Kivu). Le projet a mis en place 30 "
                      "comités locaux de paix dont les membres doivent être formés en médiation.")
    heading(doc, "2. Résultats attendus")
    for item in ["un module de formation adapté au contexte, validé par le CKPD ;",
                 "180 membres de comités formés lors de six sessions de trois jours ;",
                 "un rapport de mission avec des recommandations."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "3. Durée et lieux")
    key_table(doc, [
        ("Durée", "30 jours de travail répartis sur deux mois"),
        ("Lieux", "Goma et Bukavu (sessions de formation dans les deux villes)"),
        ("Période", "avril – mai 2026"),
        ("Honoraires", "250 USD par jour de travail, frais de transport et de séjour pris en charge"),
    ])
    heading(doc, "4. Profil du consultant")
    for item in ["Diplôme de Master (Bac+5) en sciences sociales, droit, résolution des conflits ou équivalent ;",
                 "Au moins sept (7) ans d'expérience en médiation ou en transformation des conflits, dont des "
                 "formations d'adultes dans l'Est de la RDC ;",
                 "Parfaite maîtrise du français et du swahili, exigée ; la connaissance du kinyarwanda est un atout."]:
        doc.add_paragraph(item, style="List Bullet")
    heading(doc, "5. Soumission")
    doc.add_paragraph("Les candidat(e)s intéressé(e)s enverront une offre technique et financière, avec un CV et deux "
                      "références, à recrutement@ckpd-rdc.org au plus tard le lundi 2 mars 2026 à 16h00 (heure de "
                      "Goma), en mentionnant la référence TDR/CKPD/2026/012.")
    doc.save(path)


BUILDERS = {
    "ml-pdf-avis-recrutement-deux-animateurs-nutrition-sikasso.pdf": pdf_ml_sikasso,
    "fr-pdf-deux-colonnes-cdi-raf-lyon.pdf": pdf_fr_lyon_two_columns,
    "bf-pdf-tdr-consultant-etude-de-base-ouahigouya.pdf": pdf_bf_tdr_ouahigouya,
    "ne-en-pdf-vacancy-wash-officers-zinder.pdf": pdf_ne_en_wash_zinder,
    "tn-pdf-stage-pfe-recyclage-tunis.pdf": pdf_tn_stage_tunis,
    "cm-pdf-vsi-coordination-agroforesterie-bafoussam.pdf": pdf_cm_vsi_bafoussam,
    "sn-docx-table-coordinateur-protection-enfance-kolda.docx": docx_sn_kolda,
    "tg-docx-comptable-mi-temps-lome.docx": docx_tg_lome,
    "be-docx-cdi-quatre-cinquiemes-plaidoyer-bruxelles.docx": docx_be_bruxelles,
    "fr-docx-apprentissage-assistant-rh-paris.docx": docx_fr_apprentissage,
    "cd-docx-tdr-consultance-mediation-goma-bukavu.docx": docx_cd_tdr_goma,
}


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        build(OUT / name)
        print("wrote", name)
