"""DOCX → text with python-docx: body paragraphs and tables in document order (nested tables included), list
paragraphs as "- …", table rows as "label : value", page headers first and footers last, each once.

python-docx parses the XML parts with entity resolution off, so a DOCX cannot pull in external entities.
Paragraph styles are resolved once per document (`ListStyles`): python-docx's `Paragraph.style` scans the whole
styles part on every call, which took most of the time spent on a Word file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

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


def docx_text(data: bytes) -> str:
    document: WordDocument = docx.Document(io.BytesIO(data))
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


def _block_lines(element, parent, styles: ListStyles) -> list[str]:
    lines: list[str] = []
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_line(Paragraph(child, parent), styles))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, parent), styles))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines.extend(_block_lines(content, parent, styles))
    return lines


def _paragraph_line(paragraph: Paragraph, styles: ListStyles) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    properties = paragraph._p.pPr
    is_list = (properties is not None and properties.numPr is not None) or styles.is_list(paragraph._p.style)
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
