"""PDF text extraction (transforms/pdf.py on PDFium): words, sizes, page rotation and rejections, on PDFs built here
operator by operator so that each case holds exactly the layout it is about."""

from __future__ import annotations

import io
import threading

import pypdf
import pypdfium2 as pdfium
import pytest

from glaneur.record import Capture
from glaneur.transforms import guards
from glaneur.transforms.errors import ParseError
from glaneur.transforms.pdf import PDFIUM_LOCK, pdf_text


def pdf_of(streams: list[bytes], rotate: int = 0) -> bytes:
    """A PDF whose pages run the given content streams, Helvetica (WinAnsi) as /F1, A4, turned by `rotate`."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for stream in streams:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources << /Font "
                       b"<< /F1 3 0 R >> >> /Contents %d 0 R >>" % (rotate, len(objects)))
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


def naive_text(data: bytes) -> str:
    """PDFium's own text of the first page, spaces it inserted included."""
    document = pdfium.PdfDocument(data)
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


# Helvetica widths of "Chargé" (C h a r g é), in thousandths of the font size.
CHARGE_WIDTH = (722 + 556 + 556 + 333 + 556 + 556) / 1000


# --- words -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("size", "kerning"), [(6, 250), (11, 150)])
def test_kerning_that_pdfium_reads_as_a_space_does_not_split_a_word(size, kerning):
    """A TJ kerning of 1.5-1.7 pt inside "Chargé": PDFium inserts a space, the word stays whole."""
    data = pdf_of([b"BT /F1 %d Tf 60 700 Td [(Ch) -%d (arg\xe9 de projet)] TJ ET" % (size, kerning)])
    assert "Ch argé" in naive_text(data)
    assert pdf_text(data) == "Chargé de projet"


def test_a_kerning_gap_wider_than_the_word_gap_is_a_space():
    data = pdf_of([b"BT /F1 11 Tf 60 700 Td [(Ch) -300 (arg\xe9 de projet)] TJ ET"])  # 3.3 pt
    assert pdf_text(data) == "Ch argé de projet"


@pytest.mark.parametrize(("gap", "expected"), [(0.5, "Chargéprojet"), (3.0, "Chargé projet")])
def test_words_drawn_apart_without_a_space_character(gap, expected):
    """Two text objects on one line, no space character between them: the gap alone says whether they are words."""
    x = 60 + CHARGE_WIDTH * 11 + gap
    data = pdf_of([b"BT /F1 11 Tf 60 700 Td (Charg\xe9) Tj ET BT /F1 11 Tf %.2f 700 Td (projet) Tj ET" % x])
    assert pdf_text(data) == expected


def test_letter_spaced_heading_stays_one_word():
    """Character spacing (Tc) is not a word gap: pdfplumber's fixed 2 pt rule made "R E C R U T E M E N T"."""
    data = pdf_of([b"BT /F1 11 Tf 4 Tc 60 700 Td (RECRUTEMENT urgent) Tj ET"])
    assert pdf_text(data) == "RECRUTEMENT urgent"


# --- sizes and layout ------------------------------------------------------------------------------------------------

def test_font_size_comes_from_the_text_matrix():
    """Text set at "1 Tf" and scaled by its matrix (as many PDF writers do): a full-width 16 pt heading is not a
    wrapped line of the 10 pt paragraph under it."""
    heading = b"BT /F1 1 Tf 16 0 0 16 60 760 Tm (Avis de recrutement d'un charge de suivi et evaluation) Tj ET"
    body = [b"BT /F1 1 Tf 10 0 0 10 60 %d Tm (%s) Tj ET" % (744 - 12 * n, text) for n, text in enumerate([
        b"Le projet couvre les regions de Mopti et de Tombouctou, avec une equipe de dix personnes qui",
        b"appuient les communes dans la collecte des donnees et la production des rapports du projet."])]
    text = pdf_text(pdf_of([b"\n".join([heading, *body])]))
    assert text.split("\n")[0] == "Avis de recrutement d'un charge de suivi et evaluation"
    assert ("Le projet couvre les regions de Mopti et de Tombouctou, avec une equipe de dix personnes qui appuient "
            "les communes") in text


@pytest.mark.parametrize(("rotate", "matrix", "origin"), [
    (90, b"0 1 -1 0", lambda n: (100 + 14 * n, 60)),
    (180, b"-1 0 0 -1", lambda n: (500, 100 + 14 * n)),
    (270, b"0 -1 1 0", lambda n: (500 - 14 * n, 780)),
])
def test_a_turned_page_is_read_as_shown(rotate, matrix, origin):
    """A page turned by /Rotate whose text is drawn turned the other way, so that it reads upright on screen."""
    lines = [b"BT /F1 11 Tf %s %d %d Tm (Ligne %d du corps de l'avis.) Tj ET" % (matrix, *origin(n), n)
             for n in range(4)]
    text = pdf_text(pdf_of([b"\n".join(lines)], rotate=rotate))
    assert text.split("\n") == [f"Ligne {n} du corps de l'avis." for n in range(4)]


def test_sideways_margin_note_is_one_line_in_written_order():
    body = [b"BT /F1 11 Tf 60 %d Td (Ligne %d du corps de l'avis.) Tj ET" % (700 - 14 * n, n) for n in range(4)]
    note = b"BT /F1 8 Tf 0 1 -1 0 30 400 Tm (Note en marge verticale) Tj ET"
    text = pdf_text(pdf_of([b"\n".join([*body, note])]))
    assert "Note en marge verticale" in text.split("\n")
    assert "Ligne 0 du corps de l'avis." in text.split("\n")


# --- rejections ------------------------------------------------------------------------------------------------------

def pypdf_copy(data: bytes, **encryption) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    if encryption:
        writer.encrypt(**encryption)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


POSTING_PAGE = b"BT /F1 11 Tf 60 700 Td (Charg\xe9 de projet - Mopti) Tj ET"


@pytest.mark.parametrize(("data", "code"), [
    (pypdf_copy(pdf_of([POSTING_PAGE]), user_password="secret"), "encrypted"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF", "corrupt"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF", "corrupt"),
    (pdf_of([b""]), "no_text"),
    (pdf_of([b"BT /F1 11 Tf 60 700 Td (   ) Tj ET"]), "no_text"),
])
def test_parse_errors_have_stable_codes(data, code):
    with pytest.raises(ParseError) as raised:
        pdf_text(data)
    assert raised.value.code == code


def test_an_owner_password_alone_does_not_stop_reading():
    data = pypdf_copy(pdf_of([POSTING_PAGE]), user_password="", owner_password="proprietaire")
    assert pypdf.PdfReader(io.BytesIO(data)).is_encrypted
    assert pdf_text(data) == "Chargé de projet - Mopti"


def test_pdfium_is_entered_by_one_thread_at_a_time():
    """PDFium is not thread-safe: a thread reading a PDF waits while another holds PDFIUM_LOCK, then gets the same
    text as the main thread."""
    data = pdf_of([POSTING_PAGE])
    results = []
    reader = threading.Thread(target=lambda: results.append(pdf_text(data)))
    with PDFIUM_LOCK:
        reader.start()
        reader.join(timeout=0.5)
        assert reader.is_alive() and not results
    reader.join(timeout=30)
    assert results == [pdf_text(data)] == ["Chargé de projet - Mopti"]


@pytest.mark.parametrize(("data", "code"), [
    (pypdf_copy(pdf_of([POSTING_PAGE]), user_password="secret"), "encrypted"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF", "corrupt"),
    (pypdf_copy(pdf_of([POSTING_PAGE]), user_password="", owner_password="proprietaire"), None),
    (pdf_of([b""]), None),  # opens: that it holds no text is the parser's verdict
])
def test_screening_verdict_is_what_pdfium_makes_of_the_file(data, code):
    verdict = guards.screen(Capture(source="test", locator="offre.pdf", data=data))
    assert (verdict.code if verdict else None) == code


@pytest.mark.parametrize(("pages", "expected"), [
    (["au plus", "tard le lundi 8 avril."], "au plus tard le lundi 8 avril."),
    (["les candi-", "datures féminines"], "les candidatures féminines"),
    (["Profil requis :", "- un permis B"], "Profil requis :\n\n- un permis B"),
    (["Fin de la page.", "début d'une phrase"], "Fin de la page.\n\ndébut d'une phrase"),
    (["Missions", "Coordonner l'équipe"], "Missions\n\nCoordonner l'équipe"),
])
def test_a_sentence_running_over_a_page_break_is_joined(pages, expected):
    from glaneur.transforms.pdf import _join_pages

    assert _join_pages(pages) == expected


# --- the fast paths give what the general code gives ---------------------------------------------------------------

def test_an_upright_page_glyph_is_the_general_glyph():
    """The inlined `glyph` of an unturned page against `_Glyphs.glyph`, on every character of a page with two sizes,
    a stretched matrix, sideways text and spaces."""
    from glaneur.transforms.pdf import _Glyphs

    data = pdf_of([b"BT /F1 11 Tf 60 700 Td (Charg\xe9 de projet) Tj ET BT /F1 1 Tf 14 0 0 14 60 650 Tm (Titre) Tj ET "
                   b"BT /F1 9 Tf 0 1 -1 0 40 300 Tm (Note en marge) Tj ET BT /F1 8 Tf 3 0 0 1 60 600 Tm (Large) Tj ET"])
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        textpage = page.get_textpage()
        glyphs = _Glyphs(textpage, page.get_bbox(), page.get_rotation())
        assert glyphs.glyph is not _Glyphs.glyph.__get__(glyphs)  # the fast path is the one in use
        general = _Glyphs.glyph.__get__(glyphs)
        for index in range(len(glyphs.text)):
            assert glyphs.glyph(index) == general(index)
            first = general(0)
            assert glyphs.glyph(index, first) == general(index, like=first)
    finally:
        document.close()


@pytest.mark.parametrize("values", [[11.0], [9.0, 11.0], [12.0, 9.5, 11.0], [10.0, 10.0, 8.5, 14.25]])
def test_line_size_median_is_statistics_median(values):
    import statistics

    from glaneur.transforms.pdf import _median

    assert _median(list(values)) == statistics.median(values)


def _reference_gutter(words, width):
    """_column_gutter as first written: every bin a word covers counted one by one."""
    from collections import Counter

    bins = [0] * 100
    for word in words:
        for index in range(int(word["x0"] / width * 100), min(99, int(word["x1"] / width * 100)) + 1):
            bins[index] += 1
    empty = [index for index in range(30, 70) if bins[index] == 0]
    if not empty:
        return None
    gutter = (empty[len(empty) // 2] + 0.5) / 100 * width
    rows = Counter(round(word["top"]) for word in words if word["x1"] < gutter)
    rows_right = Counter(round(word["top"]) for word in words if word["x0"] > gutter)
    return gutter if len(rows) >= 5 and len(rows_right) >= 5 else None


def test_column_gutter_counts_bins_as_its_reference():
    import random

    from glaneur.transforms.pdf import _column_gutter

    rng = random.Random(8)
    found = 0
    for _ in range(3000):
        words = []
        for row in range(rng.randint(0, 12)):
            for side in (0, 1) if rng.random() < 0.8 else (rng.randint(0, 1),):
                x0 = rng.uniform(-60, 250) + side * 320 if rng.random() < 0.95 else rng.uniform(-590, 700)
                words.append({"x0": x0, "x1": x0 + rng.uniform(0, 260), "top": 40.0 + row * 14 + rng.random()})
        gutter = _column_gutter(words, 595.0)
        assert gutter == _reference_gutter(words, 595.0)
        found += gutter is not None
    assert found > 100
