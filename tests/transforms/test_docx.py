"""DOCX text (transforms/docx_text.py): list paragraphs are known by their style, resolved once per document the way
python-docx resolves `Paragraph.style` one paragraph at a time."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from glaneur.record import Capture
from glaneur.transforms import guards
from glaneur.transforms.docx_text import ListStyles, _list_styles, _paragraph_text, docx_text


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


def rezipped(data: bytes, *, drop: tuple[str, ...] = (), replace: dict[str, bytes] | None = None) -> bytes:
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for entry in source.infolist():
            if entry.filename not in drop:
                package.writestr(entry.filename, (replace or {}).get(entry.filename, source.read(entry.filename)))
    return buffer.getvalue()


def test_paragraph_text_is_python_docx_paragraph_text():
    """Runs, tabs, breaks, a hyperlink's runs and a field's result read as python-docx's `Paragraph.text` reads them."""
    document = styled_document()
    paragraph = document.add_paragraph("Poste\tlieu")
    paragraph.add_run("Ligne 1").add_break()
    paragraph.add_run("Ligne 2 ")
    hyperlink = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="rId99"><w:r><w:t xml:space="preserve">voir le '
                          '</w:t></w:r><w:r><w:t>site</w:t><w:tab/></w:r></w:hyperlink>')
    paragraph._p.append(hyperlink)
    paragraph.add_run("fin").add_break(WD_BREAK.PAGE)
    read = docx.Document(io.BytesIO(saved(document)))
    assert [_paragraph_text(paragraph._p) for paragraph in read.paragraphs] == [
        paragraph.text for paragraph in read.paragraphs]
    assert docx_text(saved(document)).endswith("\nPoste\tlieuLigne 1\nLigne 2 voir le site\tfin")


def test_a_document_without_a_styles_part_is_read_with_python_docx_default_styles():
    data = saved(styled_document())
    relationships = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels")
    data = rezipped(data, drop=("word/styles.xml",), replace={
        "word/_rels/document.xml.rels": re.sub(rb'<Relationship [^>]*Target="styles.xml"/>', b"", relationships)})
    with pytest.raises(KeyError):
        docx.Document(io.BytesIO(data)).part.part_related_by(RT.STYLES)
    lines = docx_text(data).split("\n")
    # python-docx's default styles part names no paragraph style "List …": no paragraph is a list by its style
    assert ["Master en économie", "Cinq ans d'expérience", "Permis B", "Le poste est basé à Mopti."] == lines[2:6]


def test_a_broken_styles_part_fails_as_python_docx_fails():
    data = saved(styled_document())
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    broken = rezipped(data, replace={"word/styles.xml": styles[:-20]})
    with pytest.raises(etree.XMLSyntaxError) as expected:
        docx.Document(io.BytesIO(broken))
    with pytest.raises(etree.XMLSyntaxError) as raised:
        docx_text(broken)
    assert str(raised.value) == str(expected.value)


def test_styles_read_once_are_remembered_by_their_bytes():
    data = saved(styled_document())
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    assert _list_styles(styles) is _list_styles(bytes(bytearray(styles)))
    renamed = styles.replace(b'w:val="Liste \xc3\xa0 puces ONG"', b'w:val="Puces ONG"')
    assert renamed != styles and "- Permis B" not in docx_text(rezipped(data, replace={"word/styles.xml": renamed}))
    assert "- Permis B" in docx_text(data)


@pytest.mark.parametrize(("part", "wording"), [
    ("word/settings.xml", b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "b">]><w:settings/>'),
    ("word/settings.xml", '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE s><w:settings/>'.encode("utf-16-le")),
    ("customXml/item9.xml", b"<a>Postulez!</a><!DOCTYPE x>"),
])
def test_a_part_declaring_a_dtd_is_refused(part, wording):
    data = rezipped(saved(styled_document()), replace={part: wording})
    if part not in zipfile.ZipFile(io.BytesIO(data)).namelist():
        source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            for entry in source.infolist():
                package.writestr(entry.filename, source.read(entry.filename))
            package.writestr(part, wording)
        data = buffer.getvalue()
    verdict = guards.screen(Capture(source="test", locator="offre.docx", data=data))
    assert verdict is not None and verdict.code == "xml_entities" and part in verdict.message


@pytest.mark.parametrize("part", [b"", b"!", b"<!-- x -->", b"<!DOCTYP", b"<!doctype x>", b"\x00", b"<!DOCTYPE",
                                  "<!DOCTYPE".encode("utf-16-le"), b"\x00<\x00!\x00D", "<!DOCTYPE".encode("utf-16-be"),
                                  b"a!b" * 1000 + b"<!DOCTYPE"])
def test_the_dtd_search_finds_what_the_two_substring_searches_find(part):
    assert guards._declares_dtd(part) == any(marker in part for marker in (b"<!DOCTYPE",
                                                                           "<!DOCTYPE".encode("utf-16-le")))


def test_a_screened_docx_reads_the_parts_the_guards_inflated_and_reads_the_same():
    data = saved(styled_document())
    unscreened = docx_text(data)
    assert guards.screen(Capture(source="test", locator="offre.docx", data=data)) is None
    parts = guards.inspected_parts(data)
    assert parts is not None and parts["word/document.xml"] == zipfile.ZipFile(io.BytesIO(data)).read(
        "word/document.xml") and "docProps/thumbnail.jpeg" not in parts
    assert guards.inspected_parts(bytes(bytearray(data))) is None  # equal bytes, another object: not these
    assert docx_text(data) == unscreened


def test_a_refused_docx_leaves_no_parts_behind():
    data = rezipped(saved(styled_document()), replace={"word/settings.xml": b"<!DOCTYPE s><w:settings/>"})
    assert guards.screen(Capture(source="test", locator="offre.docx", data=data)).code == "xml_entities"
    assert guards.inspected_parts(data) is None
