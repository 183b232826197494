"""Formats: bytes of every kind a source hands over → clean text and structured hints, or a clear rejection."""

from __future__ import annotations

import datetime
import io
import json

import docx
import pypdf
import pytest

from glaneur.record import Capture, Posting, Rejection
from glaneur.transforms.parse import parse, sniff_format
from glaneur.transforms.pipeline import process

TODAY = datetime.date(2026, 1, 15)


def capture(data: bytes, locator: str = "inbox/file", media_type: str | None = None, **kwargs) -> Capture:
    return Capture(source="test", locator=locator, data=data, media_type=media_type, **kwargs)


def run(data: bytes, locator: str = "inbox/file", media_type: str | None = None, **kwargs):
    return process(capture(data, locator, media_type, **kwargs), TODAY)


# --- sniffing --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "locator", "media_type", "kind"), [
    (b"%PDF-1.7\n...", "offre.txt", "text/plain", "pdf"),
    (b"PK\x03\x04....word/document.xml", "offre.bin", None, "docx"),
    (b"PK\x03\x04....xl/workbook.xml", "offre.xlsx", None, None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "offre.doc", None, None),
    (b"<!DOCTYPE html><html><body>x</body></html>", "https://ong.org/offre/12", None, "html"),
    (b"  {\"title\": \"x\"}", "https://api.example.org/jobs/1", None, "json"),
    (b"[{\"title\": \"x\"}]", "export", None, "json"),
    (b"Charge de projet\nBamako", "offre", None, "txt"),
    (b"anything", "offre.html", None, "html"),
    (b"anything", "x", "text/html; charset=utf-8", "html"),
    (b"anything", "x", "application/json", "json"),
    (b"<item><title>x</title></item>", "https://feed.org/rss#1", "application/rss+xml", "feed_item"),
    (b"<?xml version='1.0'?><entry><title>x</title></entry>", "feed#2", None, "feed_item"),
    (b"\x89PNG\r\n\x1a\n", "photo.png", None, None),
    (b"not really a pdf", "offre.pdf", None, None),
])
def test_format_is_sniffed_from_content_then_media_type_then_extension(data, locator, media_type, kind):
    assert sniff_format(capture(data, locator, media_type)) == kind


@pytest.mark.parametrize(("data", "locator", "code"), [
    (b"", "empty.txt", "empty"),
    (b" \n\t\r\n ", "blank.txt", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "unsupported_type"),
    (b"{\"title\": \"Chef de projet\", ", "broken.json", "corrupt"),
    (b"<html><body><nav>Menu</nav></body></html>", "page.html", "no_text"),
    (b"Bonjour,\nMerci pour votre message. Je vous rappelle demain.\nCordialement", "mail.txt", "not_a_posting"),
])
def test_rejections_have_stable_codes(data, locator, code):
    result = run(data, locator)
    assert isinstance(result, Rejection), result
    assert result.code == code and result.message


# --- text encodings --------------------------------------------------------------------------------------------------

POSTING_FR = ("Avis de recrutement\nChargé(e) de suivi-évaluation\nLieu d'affectation : Ségou\n"
              "Profil : Licence en statistique, 3 ans d'expérience minimum.\n"
              "Dossier de candidature à envoyer à recrutement@ong-sahel.org avant le 15 mars 2026.")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_text_in_any_common_encoding_reads_the_same(encoding):
    [posting] = run(POSTING_FR.encode(encoding), "offre.txt")
    assert posting.title == "Chargé(e) de suivi-évaluation"
    assert posting.locations == [{"city": "Ségou", "region": None, "country": "ML"}]
    assert posting.deadline == "2026-03-15"


def test_mojibake_is_repaired():
    mojibake = POSTING_FR.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    [posting] = run(mojibake, "offre.txt")
    assert posting.title == "Chargé(e) de suivi-évaluation"
    assert "Ã" not in posting.description


# --- HTML ------------------------------------------------------------------------------------------------------------

JOB_BOARD_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Coordinateur·rice de programme - Bamako | EmploiONG</title>
<script>var tracking = "Offre du jour";</script><style>.x{}</style></head>
<body>
<header class="site-header"><nav><a href="/">Accueil</a> <a href="/offres">Toutes les offres</a></nav></header>
<div id="cookie-banner">Nous utilisons des cookies pour améliorer votre expérience. <button>Accepter</button></div>
<nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/mali">Mali</a></nav>
<main>
  <article class="job-offer">
    <h1>Coordinateur·rice de programme</h1>
    <table class="job-facts">
      <tr><th>Organisation</th><td>Solidarités Sahel</td></tr>
      <tr><th>Lieu</th><td>Bamako, Mali</td></tr>
      <tr><th>Type de contrat</th><td>CDD de 12 mois</td></tr>
      <tr><th>Date limite</th><td>28/02/2026</td></tr>
    </table>
    <h2>Missions</h2>
    <ul><li>Coordonner les activités du programme <b>WASH</b> dans la région de Kayes ;</li>
        <li>Superviser une équipe de 12 personnes.</li></ul>
    <h2>Profil</h2>
    <p>Master en gestion de projet ; au moins 5 ans d'expérience.<br>Maîtrise du français et de l'anglais.</p>
    <p>Pour postuler : <a href="https://emploi-ong.example/offres/4521/postuler">cliquez ici pour postuler</a></p>
    <div class="share-buttons">Partager : <a href="https://facebook.com/sharer">Facebook</a></div>
    <section class="related"><h3>Offres similaires</h3><ul><li>Stagiaire communication - Dakar</li></ul></section>
  </article>
  <aside><h3>Newsletter</h3><p>Recevez les offres CDI chaque semaine.</p></aside>
</main>
<footer>© EmploiONG — Mentions légales — Contact : contact@emploi-ong.example</footer>
</body></html>"""


def test_html_main_content_without_chrome():
    [document] = parse(capture(JOB_BOARD_PAGE.encode(), "https://emploi-ong.example/offres/4521"))
    text = document.text
    assert text.startswith("Coordinateur·rice de programme")
    assert "Lieu : Bamako, Mali" in text and "- Coordonner les activités du programme WASH" in text
    for chrome in ("Accueil", "cookies", "Partager", "Offres similaires", "Stagiaire communication", "Newsletter",
                   "Mentions légales", "tracking", "CDI chaque semaine"):
        assert chrome not in text


def test_html_posting_fields():
    [posting] = run(JOB_BOARD_PAGE.encode(), "https://emploi-ong.example/offres/4521")
    assert posting.title == "Coordinateur·rice de programme"
    assert posting.organization == "Solidarités Sahel"
    assert posting.locations == [{"city": "Bamako", "region": None, "country": "ML"}]
    assert (posting.contract_type, posting.duration_months, posting.deadline) == ("fixed_term", 12, "2026-02-28")
    assert (posting.education_level, posting.experience_years_min) == ("master", 5)
    assert posting.languages_required == ["en", "fr"]
    assert posting.apply_url == "https://emploi-ong.example/offres/4521/postuler"
    assert posting.apply_emails == []  # the board's footer address is chrome, not the employer's


JSONLD_PAGE = """<html><head><title>Job</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebPage", "name": "Careers"},
 {"@type": "JobPosting", "title": "WASH Officer", "datePosted": "2026-01-05", "validThrough": "2026-02-01T23:59",
  "employmentType": ["FULL_TIME", "TEMPORARY"], "identifier": {"@type": "PropertyValue", "value": "NRC-2026-114"},
  "hiringOrganization": {"@type": "Organization", "name": "Norwegian Refugee Council"},
  "jobLocation": {"@type": "Place", "address": {"addressLocality": "Maiduguri", "addressCountry": "NG"}},
  "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
                 "value": {"@type": "QuantitativeValue", "minValue": 2100, "maxValue": 2600, "unitText": "MONTH"}},
  "description": "<p>We are looking for a WASH Officer to support our response in Borno State. The officer will lead hygiene promotion, water trucking and latrine construction with local partners, supervise two assistants and report to the WASH Coordinator.</p><p>At least 3 years of experience in WASH programming. Fluency in English is required; Hausa is an asset.</p>"}
]}</script></head>
<body><h1>Careers at NRC</h1><p>Some page text that is not the posting.</p></body></html>"""


def test_jsonld_jobposting_wins_over_page_text():
    [posting] = run(JSONLD_PAGE.encode(), "https://www.nrc.no/careers/114")
    assert posting.title == "WASH Officer"
    assert posting.organization == "Norwegian Refugee Council"
    assert posting.locations == [{"city": "Maiduguri", "region": None, "country": "NG"}]
    assert (posting.posted_date, posting.deadline) == ("2026-01-05", "2026-02-01")
    assert (posting.employment_type, posting.contract_type) == ("full_time", "fixed_term")
    assert posting.salary == {"min": 2100, "max": 2600, "currency": "USD", "period": "month"}
    assert posting.reference == "NRC-2026-114" and posting.external_id == "NRC-2026-114"
    assert posting.experience_years_min == 3 and posting.languages_required == ["en"]
    assert posting.description.startswith("We are looking for a WASH Officer")
    assert posting.evidence["title"]["rule"] == "structured" and posting.evidence["title"]["span"] is None


@pytest.mark.parametrize("identifier, reference", [
    # schema.org PropertyValue: the value is the reference, the name says whose it is
    ({"@type": "PropertyValue", "name": "Action Sahel", "value": "AS-LOG-2026-07"}, "AS-LOG-2026-07"),
    ({"@type": "https://schema.org/PropertyValue", "name": "Ministère", "value": 4512}, "4512"),
    ({"@type": "PropertyValue", "propertyID": "Job ID", "name": "Réf. interne", "value": "RH/26/031"}, "RH/26/031"),
    ({"propertyID": "requisition", "name": "Oxfam", "value": "REQ-8812"}, "REQ-8812"),
    ([{"@type": "PropertyValue", "name": "Board", "value": "JB-2026-3"}], "JB-2026-3"),
    # a plain string stays as it is; a PropertyValue with no value falls back to its name
    ("CARE-NE-2026-05", "CARE-NE-2026-05"),
    ({"@type": "PropertyValue", "name": "WFP-2026-88"}, "WFP-2026-88"),
])
def test_jsonld_identifier_reference(identifier, reference):
    page = JSONLD_PAGE.replace('{"@type": "PropertyValue", "value": "NRC-2026-114"}', json.dumps(identifier))
    assert page != JSONLD_PAGE
    [posting] = run(page.encode(), "https://www.nrc.no/careers/114")
    assert posting.reference == reference and posting.external_id == reference


def test_property_value_elsewhere_keeps_label_rule():
    # a coded value that is no PropertyValue still reads its label first, as before
    from glaneur.transforms.structured import _label
    assert _label({"label": "CDD", "code": 578, "value": "x"}) == "CDD"
    assert _label({"name": "Oxfam", "value": "OX-1"}) == "Oxfam"


def test_capture_hints_win_over_everything():
    [posting] = run(JSONLD_PAGE.encode(), "https://www.nrc.no/careers/114",
                    hints={"title": "WASH Officer (Emergency)", "deadline": "15/02/2026", "city": "Damaturu"})
    assert posting.title == "WASH Officer (Emergency)"
    assert posting.deadline == "2026-02-15"
    assert posting.locations == [{"city": "Damaturu", "region": None, "country": "NG"}]


# --- JSON ------------------------------------------------------------------------------------------------------------

RELIEFWEB_ITEM = {
    "id": "4231009", "score": 1, "href": "https://api.reliefweb.int/v2/jobs/4231009",
    "fields": {
        "id": 4231009, "title": "EMERGENCY PROGRAMME COORDINATOR", "status": "published",
        "body": "**About : Action contre la Faim**\n\nCreated in 1979, Action contre la Faim is a non-governmental "
                "organization that fights against hunger.\n\n**Profile :**\n\n- You hold a Master's Degree in "
                "International relations.\n- You have at least 5 years of professional experience in the "
                "humanitarian sector.\n- You master English (written and spoken)\n\n**Conditions**\n\nFixed term "
                "contract under French legislation: 6 months\n\nMonthly gross salary from 2597 to 2968euros upon "
                "experience",
        "how_to_apply": "To apply, please [click here](http://app.mytalentplug.com/redirection.aspx?ojid=NIZ)",
        "source": [{"id": 1234, "name": "Action contre la Faim France", "shortname": "ACF - France"}],
        "country": [{"id": 255, "name": "Yemen", "iso3": "yem", "shortname": "Yemen"}],
        "city": [{"name": "Sana'a"}],
        "date": {"created": "2026-09-23T00:00:00+00:00", "closing": "2026-10-22T00:00:00+00:00"},
        "type": [{"id": 263, "name": "Job"}], "experience": [{"id": 260, "name": "5-9 years"}],
        "career_categories": [{"id": 36601, "name": "Program/Project Management"}],
        "language": [{"id": 267, "name": "English", "code": "en"}],
        "url_alias": "https://reliefweb.int/job/4231009/emergency-programme-coordinator",
    },
}


def test_reliefweb_api_item():
    [posting] = run(json.dumps(RELIEFWEB_ITEM).encode(), "https://api.reliefweb.int/v2/jobs/4231009",
                    "application/json")
    assert posting.title.lower() == "emergency programme coordinator"
    assert posting.organization == "Action contre la Faim France"
    assert posting.locations == [{"city": "Sana'a", "region": None, "country": "YE"}]
    assert (posting.posted_date, posting.deadline) == ("2026-09-23", "2026-10-22")
    assert posting.contract_type == "fixed_term" and posting.duration_months == 6
    assert posting.experience_years_min == 5 and posting.education_level == "master"
    assert posting.language == "en" and posting.languages_required == ["en"]
    assert posting.salary == {"min": 2597, "max": 2968, "currency": "EUR", "period": "month"}
    assert posting.apply_url == "http://app.mytalentplug.com/redirection.aspx?ojid=NIZ"
    assert posting.external_id == "4231009"
    assert posting.url == "https://reliefweb.int/job/4231009/emergency-programme-coordinator"
    assert "**" not in posting.description and "How to apply" in posting.description


def test_reliefweb_api_response_holds_several_postings():
    second = json.loads(json.dumps(RELIEFWEB_ITEM))
    second["id"] = "4231010"
    second["fields"]["title"] = "Chef de projet finance SI"
    response = {"time": 12, "totalCount": 2, "count": 2, "data": [RELIEFWEB_ITEM, second]}
    postings = run(json.dumps(response).encode(), "https://api.reliefweb.int/v2/jobs?limit=2", "application/json")
    assert [posting.external_id for posting in postings] == ["4231009", "4231010"]


def test_json_array_of_jobpostings_gets_index_ids_when_they_have_none():
    items = [{"@type": "JobPosting", "title": f"Chargé de projet {n}", "description": "Poste basé à Dakar. CDD."}
             for n in range(3)]
    postings = run(json.dumps(items).encode(), "export.json")
    assert [posting.external_id for posting in postings] == ["0", "1", "2"]
    assert all(posting.locations[0]["country"] == "SN" for posting in postings)


def test_concatenated_json_documents_are_all_read():
    first = [{"title": "Consultant - Workshop Facilitator", "agency": "UNDP", "location": "Home-based",
              "link": "http://jobs.undp.org/cj_view_job.cfm?cur_job_id=63467", "deadline": "Apply by"}]
    second = [{"title": "Programme Analyst", "agency": "UNDP", "location": "Chisinau",
               "link": "http://jobs.undp.org/cj_view_job.cfm?cur_job_id=63490", "deadline": "Feb-15-16"}]
    data = (json.dumps([first]) + json.dumps([second])).encode()
    postings = run(data, "crawl.json")
    assert [posting.title for posting in postings] == ["Consultant - Workshop Facilitator", "Programme Analyst"]
    assert postings[1].deadline == "2016-02-15" and postings[0].deadline is None
    assert postings[1].locations == [{"city": "Chisinau", "region": None, "country": "MD"}]
    assert postings[0].organization == "UNDP" and postings[0].url.endswith("63467")


# --- feed items ------------------------------------------------------------------------------------------------------

def test_feed_item_captured_whole():
    item = (b'<item><title>Associate Data Officer</title><link>https://unhcr.wd3.myworkdayjobs.com/job/1</link>'
            b'<description><![CDATA[UNHCR has a vacancy for the position of Associate Data Officer. Location: '
            b'Belmopan, Belize. Posted: Posted 2 Days Ago.]]></description>'
            b'<pubDate>Wed, 25 Feb 2026 11:25:54 +0000</pubDate><dc:publisher>UNHCR</dc:publisher></item>')
    [posting] = run(item, "https://unhcr.example/rss#1", "application/rss+xml")
    assert posting.title == "Associate Data Officer" and posting.organization == "UNHCR"
    assert posting.locations == [{"city": "Belmopan", "region": None, "country": "BZ"}]
    assert posting.posted_date == "2026-02-25" and posting.url == "https://unhcr.wd3.myworkdayjobs.com/job/1"


def test_feed_item_with_entities_is_refused_unexpanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE item [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<item><title>&b;</title><description>x</description></item>')
    result = run(bomb, "feed#3", "application/rss+xml")
    assert isinstance(result, Rejection)


# --- DOCX ------------------------------------------------------------------------------------------------------------

def make_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ONG Sahel Solidarité — Termes de référence"
    document.add_paragraph("AVIS DE RECRUTEMENT")
    document.add_paragraph("Un(e) Assistant(e) administratif(ve) et financier(ère)")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(table.rows, [("Lieu d'affectation", "Niamey"), ("Type de contrat", "CDD"),
                                                 ("Date limite", "12 mars 2026")]):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Profil requis", style="Heading 2")
    document.add_paragraph("BTS en comptabilité ou équivalent ;", style="List Bullet")
    document.add_paragraph("Au moins deux (2) années d'expérience dans un poste similaire ;", style="List Bullet")
    document.add_paragraph("Les candidatures sont à envoyer à rh@sahel-solidarite.org.")
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_reads_headers_tables_and_lists_in_order():
    [document] = parse(capture(make_docx(), "tdr.docx"))
    lines = document.text.split("\n")
    assert lines[0] == "ONG Sahel Solidarité — Termes de référence"
    assert "Lieu d'affectation : Niamey" in lines and "- BTS en comptabilité ou équivalent ;" in lines
    assert lines.index("Lieu d'affectation : Niamey") < lines.index("- BTS en comptabilité ou équivalent ;")


def test_docx_posting_fields():
    [posting] = run(make_docx(), "tdr.docx")
    assert posting.title == "Assistant(e) administratif(ve) et financier(ère)"
    assert posting.locations == [{"city": "Niamey", "region": None, "country": "NE"}]
    assert (posting.contract_type, posting.deadline) == ("fixed_term", "2026-03-12")
    assert (posting.education_level, posting.experience_years_min) == ("short_cycle", 2)
    assert posting.apply_emails == ["rh@sahel-solidarite.org"]


def test_broken_docx_is_corrupt():
    data = make_docx()
    result = run(data[:200] + data[-200:], "tdr.docx")
    assert isinstance(result, Rejection) and result.code == "corrupt"


# --- PDF -------------------------------------------------------------------------------------------------------------

def blank_pdf(password: str | None = None) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "code"), [
    (blank_pdf(), "no_text"),
    (blank_pdf("secret"), "encrypted"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF", "corrupt"),
])
def test_pdf_rejections(data, code):
    result = run(data, "offre.pdf")
    assert isinstance(result, Rejection) and result.code == code, result


def test_pdf_kerning_and_line_wraps_are_undone():
    path = SHARED / "fixtures/documents/amss-mali-avis-recrutement-charge-subventions-2020.pdf"
    [document] = parse(capture(path.read_bytes(), path.name))
    assert "Recrutement de trois (03) Chargé (e)s de l’élaboration des subventions pour Tombouctou, Gao et Mopti" \
        in document.text
    assert "Titre : Chargé(e) de l’élaboration des subventions" in document.text.split("\n")


from pathlib import Path  # noqa: E402  (kept next to the one test group that reads shared fixtures)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def test_every_posting_is_a_posting_record():
    for result in (run(JOB_BOARD_PAGE.encode(), "page.html"), run(make_docx(), "tdr.docx")):
        assert all(isinstance(posting, Posting) and posting.content_hash for posting in result)


FORWARDED = """De : Secrétariat ONG Karkara <secretariat@karkara.example>
Envoyé : jeudi 6 février 2025 11:02
À : Plateforme ONG Niger <plateforme-ong-niger@googlegroups.com>
Objet : TR: [Plateforme] Avis de recrutement - Logisticien - Tahoua

Bonjour à toutes et à tous,
Merci de diffuser l'avis ci-joint.
Cordialement

__________________________________

AVIS DE RECRUTEMENT
L'ONG Karkara recrute un Logisticien pour sa base de Tahoua.
Lieu d'affectation : Tahoua
Les dossiers sont à envoyer à secretariat@karkara.example au plus tard le 20 février à 12h.
"""


def test_forwarded_email_keeps_the_posting_and_its_date():
    [posting] = run(FORWARDED.encode("utf-8"), "inbox/mail.txt")
    assert posting.title == "Logisticien"
    assert posting.organization == "Karkara"
    assert posting.posted_date == "2025-02-06" and posting.deadline == "2025-02-20"  # year from the mail's date
    assert posting.apply_emails == ["secretariat@karkara.example"]
    assert "Merci de diffuser" not in posting.description and "Objet" not in posting.description


@pytest.mark.parametrize("headers", [
    "-------- Message transféré --------\nSujet : Diffusion SVP – recrutement\nDate : Mon, 24 Nov 2025 11:42:07 +0000\n"
    "De : Cabinet RH <offres@cabinet.example>\nPour : forum-ong@listes.example.org",
    "---------- Forwarded message ---------\nFrom: Cabinet RH <offres@cabinet.example>\nDate: Mon, 24 Nov 2025 at 11:42\n"
    "Subject: Please circulate\nTo: <forum-ong@listes.example.org>",
    "-------- Forwarded Message --------\nSubject: Please circulate\nDate: Mon, 24 Nov 2025 11:42:07 +0000\n"
    "From: offres@cabinet.example\nTo: forum-ong@listes.example.org",
    "De : offres@cabinet.example\nEnvoyé : lundi 24 novembre 2025 11:42\nPour : forum-ong@listes.example.org\n"
    "Sujet : TR: recrutement",
])
def test_forwarded_headers_of_other_mail_clients_leave_the_text(headers):
    body = ("\n\nAVIS DE RECRUTEMENT\nL'ONG Karkara recrute un Logisticien pour sa base de Tahoua.\n"
            "Les dossiers sont à envoyer à recrutement@karkara.example au plus tard le 12 décembre.\n")
    [posting] = run((headers + body).encode("utf-8"), "inbox/mail.txt")
    assert posting.apply_emails == ["recrutement@karkara.example"]  # not the sender's nor the list's
    assert posting.posted_date == "2025-11-24" and posting.deadline == "2025-12-12"


def test_a_forwarded_email_printed_to_pdf_keeps_its_date_below_a_print_header():
    lines = ["Gmail - TR: Avis de recrutement - Logisticien", *FORWARDED.splitlines()]
    [posting] = run(text_pdf([[(40, 800 - 14 * row, line) for row, line in enumerate(lines)]]), "mail.pdf")
    assert posting.posted_date == "2025-02-06" and posting.deadline == "2025-02-20"
    assert posting.apply_emails == ["secretariat@karkara.example"]  # the sender and the list are not where to apply


def test_a_communication_job_that_writes_a_newsletter_is_a_posting():
    text = ("Chargé(e) de communication\nMissions : rédiger la newsletter mensuelle et animer les réseaux sociaux.\n"
            "Profil : Licence en communication. Envoyez votre CV à rh@ong.example avant le 3 mars 2026.")
    [posting] = run(text.encode(), "offre.txt")
    assert posting.title == "Chargé(e) de communication"


def test_a_newsletter_is_not_a_posting():
    text = ("Lettre d'information de mars\nRetour sur notre assemblée générale, nos projets au Niger et un poste "
            "à pourvoir : chargé de mission.\nPour vous désabonner, cliquez ici.")
    result = run(text.encode(), "mail.txt")
    assert isinstance(result, Rejection) and result.code == "not_a_posting" and "newsletter" in result.message


def test_a_posting_without_line_breaks_still_gives_its_fields():
    text = (SHARED / "samples/postings/md-charge-tpm-agadir.txt").read_text("utf-8").replace("\n", " ")
    [posting] = run(text.encode(), "one-line.txt")
    assert posting.title.lower().startswith("chargé de projet territorialisation des politiques migratoires")
    assert (posting.deadline, posting.duration_months, posting.education_level) == ("2020-09-24", 12, "master")


def text_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A PDF whose pages hold the given (x, y, text) lines in Helvetica 11: enough to test reading order."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        stream = b"".join(b"BT /F1 11 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, y, text.encode("cp1252").replace(
            b"(", b"\\(").replace(b")", b"\\)")) for x, y, text in lines)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                       b">> /Contents %d 0 R >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_running_headers_footers_and_page_numbers_are_dropped_and_hyphens_joined():
    header, footer = (60, 800, "ONG Sahel Solidarité - Avis de recrutement"), (60, 40, "Siège : Niamey, Niger")
    first = [header, (60, 740, "Chargé(e) de suivi-évaluation"), (60, 700, "Lieu d'affectation : Tahoua"),
             (60, 680, "Le/la titulaire assure la collecte des données et la pro-"),
             (60, 666, "duction des rapports mensuels du projet."), footer, (290, 25, "1/2")]
    second = [header, (60, 740, "Profil : Licence en statistique, 3 ans d'expérience."), footer, (290, 25, "2/2")]
    [document] = parse(capture(text_pdf([first, second]), "avis.pdf"))
    lines = document.text.split("\n")
    assert "ONG Sahel Solidarité - Avis de recrutement" not in document.text
    assert "Siège : Niamey, Niger" not in document.text and "1/2" not in lines
    assert "Le/la titulaire assure la collecte des données et la production des rapports mensuels du projet." in lines
    [posting] = run(text_pdf([first, second]), "avis.pdf")
    assert posting.title == "Chargé(e) de suivi-évaluation"
    assert posting.locations == [{"city": "Tahoua", "region": None, "country": "NE"}]


def test_pdf_two_columns_are_read_one_after_the_other():
    left = [(50, 780 - 14 * n, f"Gauche ligne {n} texte") for n in range(8)]
    right = [(330, 780 - 14 * n, f"Droite ligne {n} texte") for n in range(8)]
    [document] = parse(capture(text_pdf([left + right]), "colonnes.pdf"))
    text = document.text
    assert text.index("Gauche ligne 7") < text.index("Droite ligne 0")


def test_pdf_a_line_set_to_the_right_under_a_full_line_is_not_its_continuation():
    lines = [(60, 760, "Avis de recrutement : Assistant logistique"),
             (60, 740, "Date limite de réception des candidatures : lundi 15 décembre 2025 à 12h00 au siège"),
             (60, 726, "Les dossiers incomplets ne seront pas examinés par le comité de sélection du projet"),
             (380, 712, "Podor, le 28 novembre 2025"),
             (380, 698, "Le Secrétaire exécutif")]
    [document] = parse(capture(text_pdf([lines]), "avis.pdf"))
    assert "Podor, le 28 novembre 2025" in document.text.split("\n")
