"""DOCX → text with python-docx: body paragraphs and tables in document order (nested tables included), list
paragraphs as "- …", table rows as "label : value", page headers first and footers last, each once.

python-docx parses the XML parts with entity resolution off, so a DOCX cannot pull in external entities.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from glaneur.transforms.html import join_cells


def docx_text(data: bytes) -> str:
    document: WordDocument = docx.Document(io.BytesIO(data))
    body = _block_lines(document.element.body, document)
    headers: list[str] = []
    footers: list[str] = []
    for section in document.sections:
        for part, out in ((section.header, headers), (section.footer, footers)):
            if not part.is_linked_to_previous:
                out.extend(line for line in _block_lines(part._element, part) if line.strip() and line not in out)
    return "\n".join(headers + body + footers)


def _block_lines(element, parent) -> list[str]:
    lines: list[str] = []
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_line(Paragraph(child, parent)))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, parent)))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines.extend(_block_lines(content, parent))
    return lines


def _paragraph_line(paragraph: Paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    properties = paragraph._p.pPr
    is_list = (properties is not None and properties.numPr is not None) or "List" in (paragraph.style.name or "")
    return f"- {text}" if is_list and not text.startswith(("-", "•")) else text


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell comes back once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line for line in _block_lines(cell._tc, cell) if line.strip()))
        lines.append(join_cells("\t".join(cells)))
    return lines
