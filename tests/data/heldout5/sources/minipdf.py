"""A tiny PDF writer (standard Helvetica fonts, WinAnsiEncoding) for the fifth held-out set.

No PDF library is in the project's virtualenv and none is installed for this, so the PDFs are written by hand:
text laid out in one or two columns, word-wrapped with approximate Helvetica widths, optional hyphenation of long
words at line ends (as justified word-processor output does), and running page headers and footers.
"""

from __future__ import annotations

import zlib
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0


def char_width(c: str) -> float:
    if c in "il.,;:!|'’ ·":
        return 0.28
    if c in "fjtrI()[]-–/":
        return 0.33
    if c in "mwMW":
        return 0.86
    if c.isupper():
        return 0.70
    if c.isdigit():
        return 0.556
    return 0.54


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(char_width(c) for c in text) * size * (1.08 if bold else 1.0)


VOWELS = set("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÉÈÊËÎÏÔÖÙÛÜŒ")
CLUSTERS = {"bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "tr", "vr", "ch", "ph", "gn", "th",
            "qu", "gu"}


def hyphen_points(word: str) -> list[int]:
    """Cut positions k (word[:k] + '-' / word[k:]) following French syllables: V-CV and VC-CV, never inside
    ch/ph/gn/th or a consonant + l/r cluster, at least 3 letters on each side."""
    points = []
    low = word.lower()
    for k in range(3, len(word) - 3):
        a, b, c = low[k - 1], low[k], low[k + 1]
        if b in VOWELS or c not in VOWELS:
            continue
        if a in VOWELS:
            points.append(k)
        elif low[k - 1:k + 1] not in CLUSTERS and (k < 2 or low[k - 2] in VOWELS):
            points.append(k)
    return points


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


class Document:
    def __init__(self, margin_top=60.0, margin_bottom=60.0, header=None, footer=None):
        self.pages: list[list[bytes]] = []
        self.margin_top, self.margin_bottom = margin_top, margin_bottom
        self.header, self.footer = header, footer  # callables (doc, page_no) -> None, drawn at save time
        self.columns = [(56.0, PAGE_W - 112.0)]
        self.col = 0
        self.y = 0.0
        self.hyphenate = False
        self.new_page()

    # --- low level
    def text(self, x: float, y: float, text: str, size: float = 10, bold: bool = False, page: int | None = None):
        ops = self.pages[-1 if page is None else page]
        font = b"/F2" if bold else b"/F1"
        ops.append(b"BT " + font + b" %.1f Tf %.2f %.2f Td (" % (size, x, y) + _escape(text) + b") Tj ET")

    def rule(self, x0, y, x1, page=None):
        ops = self.pages[-1 if page is None else page]
        ops.append(b"0.5 w %.2f %.2f m %.2f %.2f l S" % (x0, y, x1, y))

    def new_page(self):
        self.pages.append([])
        self.col = 0
        self.y = PAGE_H - self.margin_top

    def set_columns(self, columns, y=None):
        self.columns = columns
        self.col = 0
        if y is not None:
            self.y = y
        self.top_of_columns = self.y

    def _advance(self, height):
        if self.y - height < self.margin_bottom:
            if self.col + 1 < len(self.columns):
                self.col += 1
                self.y = self.top_of_columns
            else:
                self.new_page()
                self.top_of_columns = self.y
        self.y -= height

    # --- flow
    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        lines, line = [], ""
        for word in text.split():
            candidate = (line + " " + word).strip()
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if self.hyphenate and len(word) >= 8 and word.isalpha():
                best = None
                for cut in sorted(hyphen_points(word), reverse=True):
                    head = (line + " " + word[:cut] + "-").strip()
                    if text_width(head, size, bold) <= width:
                        best = cut
                        break
                if best:
                    lines.append((line + " " + word[:best] + "-").strip())
                    line = word[best:]
                    continue
            if line:
                lines.append(line)
            line = word
        if line:
            lines.append(line)
        return lines

    def para(self, text: str, size: float = 10, bold: bool = False, indent: float = 0.0, gap: float = 4.0,
             align: str = "L", leading: float | None = None):
        x0, width = self.columns[self.col]
        leading = leading or size * 1.3
        for line in self.wrap(text, width - indent, size, bold):
            self._advance(leading)
            x0, width = self.columns[self.col]
            x = x0 + indent
            if align == "C":
                x = x0 + (width - text_width(line, size, bold)) / 2
            self.text(x, self.y, line, size=size, bold=bold)
        self.y -= gap

    def bullets(self, items, size=10, mark="–"):
        for item in items:
            x0, width = self.columns[self.col]
            lines = self.wrap(item, width - 14, size)
            for i, line in enumerate(lines):
                self._advance(size * 1.3)
                x0, width = self.columns[self.col]
                if i == 0:
                    self.text(x0 + 4, self.y, mark, size=size)
                self.text(x0 + 14, self.y, line, size=size)
        self.y -= 4

    def space(self, height):
        self.y -= height

    # --- output
    def save(self, path: Path):
        n = len(self.pages)
        for i in range(n):
            if self.header:
                self.header(self, i, n)
            if self.footer:
                self.footer(self, i, n)
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")
        pages_obj = add(b"")
        f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        kids = []
        for ops in self.pages:
            stream = zlib.compress(b"\n".join(ops))
            content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
            kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R"
                            b" /F2 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, f1, f2, content)))
        objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
        objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                                  + b"] /Count %d >>" % len(kids))
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
        Path(path).write_bytes(bytes(out))
