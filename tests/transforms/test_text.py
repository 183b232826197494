"""Spec of transforms.text.decode: bytes in every encoding a posting arrives in → the same text."""

import codecs
import re

import pytest

from glaneur.transforms.text import clean_text, decode

TEXTS = ["Chargé·e de suivi-évaluation – Ségou (Mali)",
         "Coordinateur.trice WASH, salaire : 450 000 F CFA/mois",
         "Offre d'emploi : « Responsable RH » — date limite 15/03/2026",
         "Project Officer, Niamey – deadline 24 September 2026 €"]

BOM_ENCODINGS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                 (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("bom", "encoding"), BOM_ENCODINGS, ids=[encoding for _, encoding in BOM_ENCODINGS])
def test_a_byte_order_mark_gives_the_encoding_and_its_byte_order(bom, encoding, text):
    assert decode(bom + text.encode(encoding)) == text


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])  # Python writes the platform's BOM for these
def test_python_written_unicode_files_read_back(encoding, text):
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize(("data", "declared", "text"), [
    ("Chargée de projet".encode("utf-8"), None, "Chargée de projet"),
    ("Chargée de projet à Thiès".encode("cp1252"), "cp1252", "Chargée de projet à Thiès"),
    ("Chargée de projet à Thiès".encode("latin-1"), "utf-8", "Chargée de projet à Thiès"),  # wrong declaration
    ("Ã©tÃ© Ã  Dakar".encode("utf-8"), None, "été à Dakar"),  # UTF-8 read twice as cp1252
])
def test_without_a_bom(data, declared, text):
    assert decode(data, declared) == text


@pytest.mark.parametrize("text", [
    "Chargée de projet à Thiès",
    "Coordinateur·rice, poste basé à Ziguinchor, prise de fonction dès que possible",
    "Lettre de motivation + CV à envoyer à l'adresse ci-dessous avant le 3 mars",
    "Maîtrise du français, l'anglais est un atout. Ça commence en août.",
])
def test_legacy_windows_text_in_french_reads_as_cp1252(text):
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize(("text", "encoding"), [
    ("Вакансия: координатор проекта в Бамако, опыт работы от трёх лет", "cp1251"),
    ("إعلان عن توظيف منسق مشروع في الرباط، خبرة ثلاث سنوات على الأقل", "cp1256"),
])
def test_other_scripts_keep_their_guessed_code_page(text, encoding):
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("written", ["<svg<", "<img<b>x", "a <script< b", "<iframe<<iframe<"])
def test_display_text_drops_a_tag_cut_off_by_another_opener(written):
    from glaneur.transforms import sanitise
    shown = sanitise.display_text(written)
    assert not re.search(r"<\s*/?\s*(script|style|iframe|img|svg|b)\b", shown, re.IGNORECASE), shown
    assert sanitise.display_text(shown) == shown


def _reference_clean_text(text: str) -> str:
    """clean_text as written before its fast paths: every run of spaces, every line edge, every blank run rewritten."""
    import unicodedata

    from glaneur.transforms.text import _EMPHASIS, _INVISIBLE

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
    text = re.sub(r" ?\n ?", "\n", re.sub(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@pytest.mark.parametrize("text", [
    "Chargé  de projet\u00a0– Ségou", "a \t b", "\u3000x\u2002 y ", "ligne \n suite\n\n\n\nfin", "a\n \n \nb",
    " \u00a0\n\u202f", "**Profil** : 3 ans", "un  \r\n  deux\f trois", "a\u200b b", "e\u0301 \t\n\n\n ", ""])
def test_clean_text_reads_as_its_reference(text):
    assert clean_text(text) == _reference_clean_text(text)


def test_clean_text_reads_as_its_reference_on_random_whitespace():
    import random

    pieces = [" ", "  ", "\t", "\u00a0", "\u2002", "\u202f", "\u3000", "\n", "\r", "\r\n", "\f", "a", "é", "e\u0301",
              "*", "_", "**", "\u200b", "\x00"]
    rng = random.Random(8)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert clean_text(text) == _reference_clean_text(text), repr(text)
