"""DOCX → text with python-docx: body paragraphs and tables in document order (nested tables included), list
paragraphs as "- …", table rows as "label : value", page headers first and footers last, each once.

python-docx parses the XML parts with entity resolution off, so a DOCX cannot pull in external entities.
Paragraph styles are resolved once per document (`ListStyles`): python-docx's `Paragraph.style` scans the whole
styles part on every call, which took most of the time spent on a Word file. The styles part is not turned into
python-docx objects at all: the package is opened as `docx.Document` opens it, except that the styles part stays
bytes, read once by the same parser settings into the `ListStyles` it gives, and remembered by its bytes (Word's and
python-docx's templates carry the same few hundred kilobytes of table styles in every file, and parsing them took
half the time spent on a Word file). The XML parts `guards.screen` has just inflated from these very bytes are
read from there (`_ZipReader`), not inflated and checked again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.packuri import PACKAGE_URI
from docx.opc.phys_pkg import _ZipPkgReader
from docx.opc.pkgreader import PackageReader, _ContentTypeMap
from docx.oxml.ns import qn
from docx.package import Package
from docx.table import Table
from lxml import etree

from glaneur.transforms import guards
from glaneur.transforms.html import join_cells

_ON = {"1", "true", "on"}


@dataclass(frozen=True)
class ListStyles:
    """Which paragraph styles make a list paragraph (their name says "List"), resolved as Word and python-docx do:
    a paragraph without a style, or whose style id is unknown or not a paragraph style, has the default paragraph
    style."""

    list_ids: frozenset[str]
    paragraph_ids: frozenset[str]
    default_is_list: bool

    @classmethod
    def of(cls, styles_element) -> ListStyles:
        list_ids: set[str] = set()
        paragraph_ids: set[str] = set()
        default_is_list = False
        for style in styles_element.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style.get(qn("w:type")) != "paragraph":
                continue
            name_element = style.find(qn("w:name"))
            is_list = "List" in ((name_element.get(qn("w:val")) if name_element is not None else None) or "")
            if style_id is not None:
                paragraph_ids.add(style_id)
                if is_list:
                    list_ids.add(style_id)
            if (style.get(qn("w:default")) or "").lower() in _ON:
                default_is_list = is_list  # the last default paragraph style counts
        return cls(frozenset(list_ids), frozenset(paragraph_ids), default_is_list)

    def is_list(self, style_id: str | None) -> bool:
        if style_id in self.paragraph_ids:
            return style_id in self.list_ids
        return self.default_is_list


# python-docx's own parser settings (docx.oxml.parser.oxml_parser), without its element classes
_STYLES_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@lru_cache(maxsize=8)
def _list_styles(styles_xml: bytes) -> ListStyles:
    return ListStyles.of(etree.fromstring(styles_xml, _STYLES_PARSER))


class _StylesBytes(Part):
    """The styles part, kept as bytes; loading it reads its `ListStyles` (and fails where python-docx's parse
    would)."""

    @classmethod
    def load(cls, partname, content_type, blob, package):
        part = cls(partname, content_type, blob, package)
        part.list_styles = _list_styles(blob)
        return part


def _load_part(partname, content_type, reltype, blob, package) -> Part:
    if content_type == CT.WML_STYLES and reltype != RT.IMAGE:  # what python-docx would load as a StylesPart
        return _StylesBytes.load(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


class _ZipReader(_ZipPkgReader):
    """python-docx's zip reader, giving the parts `guards.screen` already inflated from these bytes as they are."""

    def __new__(cls, pkg_file, parts: dict[str, bytes]):
        return object.__new__(cls)

    def __init__(self, pkg_file, parts: dict[str, bytes]):
        super().__init__(pkg_file)
        self._parts = parts

    def blob_for(self, pack_uri):
        blob = self._parts.get(pack_uri.membername)
        return self._zipf.read(pack_uri.membername) if blob is None else blob


def _package_reader(stream: io.BytesIO, data: bytes) -> PackageReader:
    """`PackageReader.from_file(stream)`, reading through `_ZipReader` when the guards have just read `data`."""
    parts = guards.inspected_parts(data)
    if parts is None:
        return PackageReader.from_file(stream)
    phys_reader = _ZipReader(stream, parts)
    content_types = _ContentTypeMap.from_xml(phys_reader.content_types_xml)
    pkg_srels = PackageReader._srels_for(phys_reader, PACKAGE_URI)
    sparts = PackageReader._load_serialized_parts(phys_reader, pkg_srels, content_types)
    phys_reader.close()
    return PackageReader(content_types, pkg_srels, sparts)


def _open(data: bytes) -> WordDocument:
    """`docx.Document(io.BytesIO(data))`, the styles part kept as `_StylesBytes`."""
    stream = io.BytesIO(data)
    package = Package()
    Unmarshaller.unmarshal(_package_reader(stream, data), package, _load_part)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        tmpl = "file '%s' is not a Word file, content type is '%s'"
        raise ValueError(tmpl % (stream, document_part.content_type))
    return document_part.document


def docx_text(data: bytes) -> str:
    document = _open(data)
    try:
        styles_part = document.part.part_related_by(RT.STYLES)
    except KeyError:
        styles_part = None
    if isinstance(styles_part, _StylesBytes):
        styles = styles_part.list_styles
    else:  # no styles part (python-docx supplies its default one), or not one python-docx reads as styles
        styles = ListStyles.of(document.styles.element)
    body = _block_lines(document.element.body, document, styles)
    headers: list[str] = []
    footers: list[str] = []
    for section in document.sections:
        for part, out in ((section.header, headers), (section.footer, footers)):
            if not part.is_linked_to_previous:
                out.extend(line for line in _block_lines(part._element, part, styles)
                           if line.strip() and line not in out)
    return "\n".join(headers + body + footers)


_P, _TBL, _SDT, _SDT_CONTENT, _R, _HYPERLINK = (qn(tag) for tag in ("w:p", "w:tbl", "w:sdt", "w:sdtContent", "w:r",
                                                                    "w:hyperlink"))
# what python-docx's CT_R.text reads, in document order: "w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"
_RUN_CONTENT = tuple(qn(tag) for tag in ("w:br", "w:cr", "w:noBreakHyphen", "w:ptab", "w:t", "w:tab"))


def _block_lines(element, parent, styles: ListStyles) -> list[str]:
    lines: list[str] = []
    for child in element.iterchildren():
        if child.tag == _P:
            lines.append(_paragraph_line(child, styles))
        elif child.tag == _TBL:
            lines.extend(_table_lines(Table(child, parent), styles))
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                lines.extend(_block_lines(content, parent, styles))
    return lines


def _paragraph_text(p) -> str:
    """python-docx's `Paragraph.text` ("w:r | w:hyperlink" children, a hyperlink's "w:r" children, each run's text
    elements as `str`), without compiling its XPath expressions again for every paragraph and run."""
    return "".join(_run_text(child) if child.tag == _R else "".join(_run_text(run) for run in child.iterchildren(_R))
                   for child in p.iterchildren(_R, _HYPERLINK))


def _run_text(r) -> str:
    return "".join(str(element) for element in r.iterchildren(*_RUN_CONTENT))


def _paragraph_line(p, styles: ListStyles) -> str:
    text = _paragraph_text(p).strip()
    if not text:
        return ""
    properties = p.pPr
    is_list = (properties is not None and properties.numPr is not None) or styles.is_list(p.style)
    return f"- {text}" if is_list and not text.startswith(("-", "•")) else text


def _table_lines(table: Table, styles: ListStyles) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell comes back once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line for line in _block_lines(cell._tc, cell, styles) if line.strip()))
        lines.append(join_cells("\t".join(cells)))
    return lines
