"""DOCX text (transforms/docx_text.py): list paragraphs are known by their style, resolved once per document the way
python-docx resolves `Paragraph.style` one paragraph at a time."""

from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from glaneur.transforms.docx_text import ListStyles, docx_text


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def styled_document():
    """Paragraphs in built-in and custom styles, one naming a character style and one an undefined style id."""
    document = docx.Document()
    document.styles.add_style("Liste à puces ONG", WD_STYLE_TYPE.PARAGRAPH)
    document.styles.add_style("List Char ONG", WD_STYLE_TYPE.CHARACTER)
    for text, style in [("Avis de recrutement", "Title"), ("Profil", "Heading 2"), ("Master en économie", "List Bullet"),
                        ("Cinq ans d'expérience", "List Number"), ("Permis B", "Liste à puces ONG"),
                        ("Le poste est basé à Mopti.", None), ("Cite as", "Quote")]:
        document.add_paragraph(text, style=style)
    for text, style_id in [("Style de caractère", document.styles["List Char ONG"].style_id),
                           ("Style inconnu", "StyleInexistant")]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), style_id)
    return document


def test_list_styles_resolve_as_python_docx_paragraph_style():
    document = docx.Document(io.BytesIO(saved(styled_document())))
    styles = ListStyles.of(document.styles.element)
    verdicts = [(paragraph.text, styles.is_list(paragraph._p.style)) for paragraph in document.paragraphs]
    assert verdicts == [(paragraph.text, "List" in (paragraph.style.name or "")) for paragraph in document.paragraphs]
    assert [text for text, is_list in verdicts if is_list] == ["Master en économie", "Cinq ans d'expérience",
                                                                "Permis B"]


def test_list_paragraphs_are_dashed():
    lines = docx_text(saved(styled_document())).split("\n")
    assert "- Master en économie" in lines and "- Permis B" in lines
    assert "Le poste est basé à Mopti." in lines and "Style de caractère" in lines and "Style inconnu" in lines


def test_a_default_list_style_makes_unstyled_paragraphs_lists():
    document = styled_document()
    for style in document.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph":
            style.attrib.pop(qn("w:default"), None)
            if style.get(qn("w:styleId")) == "ListBullet":
                style.set(qn("w:default"), "1")
    lines = docx_text(saved(document)).split("\n")
    assert "- Le poste est basé à Mopti." in lines and "- Style inconnu" in lines
    assert "Avis de recrutement" in lines  # its own style (Title) is not a list


def test_a_document_without_a_default_paragraph_style_is_read():
    """python-docx's Paragraph.style is None there (reading its name raised AttributeError)."""
    document = styled_document()
    for style in document.styles.element.iterchildren(qn("w:style")):
        style.attrib.pop(qn("w:default"), None)
    lines = docx_text(saved(document)).split("\n")
    assert "Le poste est basé à Mopti." in lines and "- Master en économie" in lines
