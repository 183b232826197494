"""HTML pages read on lxml's plain tree, and the JSON depth screen: the edge cases the faster code paths must keep
(microdata, chrome headings in any case and any element, role=main containers, tables, strings full of brackets)."""

from __future__ import annotations

import pytest

from glaneur.record import Capture, Rejection
from glaneur.transforms import guards
from glaneur.transforms.html import fragment, read_page
from glaneur.transforms.parse import parse


def capture(data: bytes, locator: str = "inbox/file", media_type: str | None = None) -> Capture:
    return Capture(source="test", locator=locator, data=data, media_type=media_type)


MICRODATA_PAGE = """<!DOCTYPE html><html><head><title>Offres | Board</title></head><body>
<div itemscope itemtype="https://schema.org/JobPosting">
  <h1 itemprop="title">Chargée de suivi-évaluation</h1>
  <div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
    <span itemprop="name">Association Tifawin</span></div>
  <meta itemprop="datePosted" content="2026-01-05">
  <div itemprop="description"><p>Suivre les indicateurs du projet à Marrakech.</p></div>
</div></body></html>"""


def test_microdata_jobposting_gives_its_fields():
    [document] = parse(capture(MICRODATA_PAGE.encode(), "https://board.example/offres/9"))
    assert document.hints["title"] == "Chargée de suivi-évaluation"
    assert document.hints["organization"] == "Association Tifawin"
    assert document.hints["posted_date"] == "2026-01-05"
    assert "Suivre les indicateurs du projet à Marrakech." in document.text


@pytest.mark.parametrize("heading", [
    "<h2>Offres similaires</h2>", "<div>SHARE THIS JOB:</div>", "<p><b>Vous aimerez aussi</b></p>",
    "<span>Suivez-nous</span>", "<h3>  Related   vacancies </h3>", "<strong>ſhare</strong>",
])
def test_a_chrome_heading_drops_itself_and_what_follows_it(heading):
    page = read_page(f"<html><body><main><h1>Logisticien</h1><p>Gérer le parc de véhicules à Gao.</p>"
                     f"<section>{heading}<ul><li>Chauffeur - Mopti</li></ul></section></main></body></html>")
    assert page.text == "Logisticien\n\nGérer le parc de véhicules à Gao."


def test_a_heading_with_more_than_two_children_or_other_words_stays():
    page = read_page("<html><body><h1>Logisticien</h1><div><b>Offres</b> <i>similaires</i> <u>ici</u></div>"
                     "<p>Offres similaires au Mali ou ailleurs</p><p>Lieu : Gao</p></body></html>")
    assert page.text == "Logisticien\n\nOffres similaires ici\n\nOffres similaires au Mali ou ailleurs\n\nLieu : Gao"


def test_role_main_container_and_chrome_by_class_keep_the_title_and_tail_text():
    filler = "Le poste appuie l'équipe de Kayes dans le suivi des activités de terrain. " * 4
    page = read_page(f"<html><body><nav>Accueil</nav><div role='main'><div class='share'>Partager</div>"
                     f"<h1>Comptable</h1>avant <span class='pub'>réclame</span> après<p>{filler}</p></div>"
                     "<footer>Mentions légales</footer></body></html>")
    assert page.title == "Comptable"
    assert page.text.startswith("Comptable\navant après\nLe poste appuie")
    assert "Accueil" not in page.text and "Partager" not in page.text and "Mentions" not in page.text


def test_tables_and_definition_lists_become_label_value_lines():
    page = fragment("<table><tr><th>Lieu</th><td>Dakar</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>"
                    "<dl><dt>Contrat</dt><dd>CDD</dd></dl><p>Sans tableau</p>")
    assert page.text == "Lieu : Dakar\n\na | b | c\n\nContrat : CDD\n\nSans tableau"


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


@pytest.mark.parametrize(("data", "rejected"), [
    (_nested(guards.MAX_JSON_DEPTH), False),
    (_nested(guards.MAX_JSON_DEPTH + 1), True),
    # brackets inside strings, escaped quotes included, are not nesting
    (b'{"a": "' + b"[" * 300 + b'\\"' + b"{" * 300 + b'", "b": [1, 2]}', False),
    (b'[' + b", ".join([b'{"t": "x"}'] * 500) + b"]", False),
    (b'{"a": "\\"[[["' + b", " + b'"b": ' + _nested(guards.MAX_JSON_DEPTH + 1) + b"}", True),
])
def test_json_depth_counts_only_brackets_outside_strings(data, rejected):
    verdict = guards.screen(capture(data, "export.json"))
    assert (isinstance(verdict, Rejection) and verdict.code == "too_deep") is rejected


@pytest.mark.parametrize(("text", "controls"), [
    ("Chargé de projet\tBamako\r\n", 0),
    ("\x00\x08\x0e\x1f\x7f", 5),
    ("ab\ufffdcd\ufffd", 2),
    ("\x0b\x0c\x85\u2028 é 𝔘", 0),  # vertical tab, form feed and Unicode line breaks are not counted
    ("\ud800x\x01", 1),  # a lone surrogate is not a control character
])
def test_control_characters_are_counted_like_the_pattern_says(text, controls):
    assert guards._count_controls(text) == controls == len(guards.CONTROL_CHARACTERS.findall(text))


def test_binary_bytes_claiming_to_be_text_are_refused():
    verdict = guards.screen(capture(bytes(range(256)) * 8, "offre.txt"))
    assert isinstance(verdict, Rejection) and verdict.code == "binary"
    assert guards.screen(capture("Offre : assistant·e à Ségou\n".encode() * 50, "offre.txt")) is None


def test_deeply_nested_markup_still_gives_its_text():
    # libxml2's HTML parser keeps 256 levels (what is deeper is lost, before and after the layout moved to XSLT)
    assert fragment("<div>" * 250 + "au fond" + "</div>" * 250).text == "au fond"
    assert fragment("<ul><li>a<ul><li>b</li></ul></li></ul>x<br>y").text == "- a\n\n- b\n\nx\ny"
