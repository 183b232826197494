"""PDF → clean text with PDFium (pypdfium2): words regrouped into lines in reading order (two columns read one
after the other), running headers and footers and page numbers dropped, wrapped lines and hyphenated words joined.

Words come from PDFium's own text, which separates words by gaps relative to the font size and the character
spacing, so only the ends of each run of characters are measured (about ten times faster than pdfplumber's
character-by-character extract_words). PDFium reads some kerning as a space ("Ch argé"): a space it inserted itself
between characters at most `WORD_GAP` apart is dropped, the tolerance pdfplumber was called with.
PDFium is not thread-safe: every call into it holds `PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass

from glaneur.transforms.errors import ParseError
from glaneur.transforms.text import clean_text

# PDFium may not be entered from two threads at once, even on different documents. A fork while another thread is
# inside PDFium would leave the child a locked lock: the fork waits for the lock instead.
PDFIUM_LOCK = threading.Lock()
os.register_at_fork(before=PDFIUM_LOCK.acquire, after_in_parent=PDFIUM_LOCK.release,
                    after_in_child=PDFIUM_LOCK.release)

# Characters of one line whose boxes are at most this far apart (PDF points) belong to one word; characters whose
# tops are within LINE_TOLERANCE are on one line (the tolerances pdfplumber's extract_words was called with).
WORD_GAP = 2.0
LINE_TOLERANCE = 3.0


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float


_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:/|sur|of|de)\s*\d{1,3})?$|^[-–]\s*\d{1,3}\s*[-–]$",
                          re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def pdf_verdict(data: bytes) -> ParseError | None:
    """Why PDFium cannot open these bytes (`encrypted`: a user password is needed; `corrupt`: unreadable or no
    page), or None. Cheap: it reads the cross-reference table and the page tree, never a page's content."""
    with PDFIUM_LOCK:
        try:
            document = _open(data)
        except ParseError as error:
            return error
        document.close()
    return None


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:  # raised too when the document has no page
        if error.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise ParseError("encrypted", "the PDF is encrypted and cannot be opened without a password") from error
        raise ParseError("corrupt", f"unreadable PDF: {error}") from error


def pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = _open(data)
        try:
            pages = [_page_lines(*_page_words(document, index)) for index in range(len(document))]
        except pdfium.PdfiumError as error:
            raise ParseError("corrupt", f"unreadable PDF page: {error}") from error
        finally:
            document.close()
    if not any(pages):
        raise ParseError("no_text", "the PDF has no text layer (a scan?); it needs OCR")
    pages = _drop_running_lines(pages)
    return clean_text(_join_pages([_page_text(lines) for lines in pages if lines]))


def _page_words(document, index: int) -> tuple[list[dict], float]:
    """The page's words and the page's width."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            glyphs = _Glyphs(textpage, page.get_bbox(), page.get_rotation())
            return _words(glyphs), glyphs.width
        finally:
            textpage.close()
    finally:
        page.close()


class _Glyphs:
    """One page's characters: their text read at once, their boxes one by one (each call into PDFium costs about a
    microsecond, as much as Python's work on a character, so boxes are asked for where words start and end).

    Boxes are given as the page is shown: a page turned a quarter (/Rotate 90, often a landscape page whose text is
    drawn sideways) is read in the direction its text reads on screen."""

    def __init__(self, textpage, bbox: tuple[float, float, float, float], rotation: int):
        import pypdfium2.raw as raw

        self._raw, self._handle, self._bbox, self._rotation = raw, textpage.raw, bbox, rotation % 360
        left, bottom, right, top = bbox
        self.width = top - bottom if self._rotation in (90, 270) else right - left
        self._box, self._matrix = raw.FS_RECTF(), raw.FS_MATRIX()
        self.text = self._read_text(textpage.count_chars())
        if self._rotation == 0:  # most pages: the boxes need no turning
            self.glyph = _upright_page_glyph(raw, self._handle, self._box, self._matrix, bbox)

    def _read_text(self, count: int) -> str:
        """The text with one character per PDFium character (the indexes the boxes are asked by)."""
        raw = self._raw
        buffer = (ctypes.c_ushort * (count + 1))()
        written = raw.FPDFText_GetText(self._handle, 0, count, buffer) if count else 0
        text = bytes(memoryview(buffer)[:max(written - 1, 0)]).decode("utf-16-le", errors="replace")
        if len(text) == count:
            # PDFium's text writes U+FFFE for the hyphen of a word broken across lines (its character is 0x02)
            return re.sub("\ufffe", lambda match: "\x02" if raw.FPDFText_IsHyphen(self._handle, match.start())
                          else "\x00", text)
        # A character outside the BMP (two UTF-16 units) or one PDFium leaves out: read them one by one.
        return "".join(_char(raw.FPDFText_GetUnicode(self._handle, index)) for index in range(count))

    def generated(self, index: int) -> bool:
        """A space or line break PDFium inserted itself, from the gap it saw, not one the PDF holds."""
        return self._raw.FPDFText_IsGenerated(self._handle, index) == 1

    def glyph(self, index: int, like: tuple | None = None) -> tuple[float, float, float, float, float, bool] | None:
        """x0, x1, top, bottom (points from the page's top-left corner), size and uprightness, or None; `like`: a
        glyph of the same run whose size and uprightness this one shares (two calls into PDFium fewer)."""
        raw, box, matrix = self._raw, self._box, self._matrix
        if not raw.FPDFText_GetLooseCharBox(self._handle, index, box):
            return None
        if like is not None:
            size, upright = like[4], like[5]
        elif raw.FPDFText_GetMatrix(self._handle, index, matrix):
            # The font size as set (Tf) times the text's vertical scale: "1 Tf" in a text matrix scaled by 12 is
            # 12-point text.
            size = round(raw.FPDFText_GetFontSize(self._handle, index) * math.hypot(matrix.c, matrix.d), 2)
            (a, b), (c, d) = self._turn(matrix.a, matrix.b), self._turn(matrix.c, matrix.d)
            upright = abs(b) < 1e-3 * abs(a) and abs(c) < 1e-3 * abs(d) and a > 0
        else:
            return None
        x0, x1, top, bottom = self._shown(box.left, box.bottom, box.right, box.top)
        # Upright boxes span from the font's descent up one font size, as pdfminer drew them (PDFium's loose box
        # reaches the font's ascent, which differs between fonts and would shift the gaps between lines).
        return x0, x1, bottom - size if upright else top, bottom, size, upright

    def _turn(self, dx: float, dy: float) -> tuple[float, float]:
        """A direction on the page (y up) as shown on screen (y up), the page turned clockwise by its rotation."""
        if self._rotation == 90:
            return dy, -dx
        if self._rotation == 180:
            return -dx, -dy
        if self._rotation == 270:
            return -dy, dx
        return dx, dy

    def _shown(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A box on the page (y up) as x0, x1, top, bottom from the shown page's top-left corner (y down)."""
        page_left, page_bottom, page_right, page_top = self._bbox
        if self._rotation == 90:
            return bottom - page_bottom, top - page_bottom, left - page_left, right - page_left
        if self._rotation == 180:
            return page_right - right, page_right - left, bottom - page_bottom, top - page_bottom
        if self._rotation == 270:
            return page_top - top, page_top - bottom, page_right - right, page_right - left
        return left - page_left, right - page_left, page_top - top, page_top - bottom


def _upright_page_glyph(raw, handle, box, matrix, bbox: tuple[float, float, float, float]):
    """`_Glyphs.glyph` for a page without rotation: the same calls into PDFium and the same arithmetic, with
    `_turn` and `_shown` inlined and every name bound once."""
    get_loose_char_box, get_matrix, get_font_size = (raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetMatrix,
                                                     raw.FPDFText_GetFontSize)
    hypot = math.hypot
    page_left, _, _, page_top = bbox

    def glyph(index: int, like: tuple | None = None) -> tuple[float, float, float, float, float, bool] | None:
        if not get_loose_char_box(handle, index, box):
            return None
        if like is not None:
            size, upright = like[4], like[5]
        elif get_matrix(handle, index, matrix):
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            size = round(get_font_size(handle, index) * hypot(c, d), 2)
            upright = abs(b) < 1e-3 * abs(a) and abs(c) < 1e-3 * abs(d) and a > 0
        else:
            return None
        bottom = page_top - box.bottom
        return (box.left - page_left, box.right - page_left, bottom - size if upright else page_top - box.top,
                bottom, size, upright)

    return glyph


def _char(code: int) -> str:
    return "\x00" if 0xD800 <= code <= 0xDFFF else chr(code)


# Dropped: unmapped glyphs (no Unicode value) and placeholders; kept apart: PDFium's mark for a hyphen at the end of
# a line, ligatures (as pdfplumber expanded them).
_GLYPH_TEXT = str.maketrans({"\x00": None, "\ufffe": None, "\uffff": None, "\x02": "-", "\ufb00": "ff",
                             "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
                             "\ufb06": "st"})
_RUN = re.compile(r"\S+")


def _words(glyphs: _Glyphs) -> list[dict]:
    """Words: runs of characters between the whitespace of PDFium's text (it inserts a space where it sees a word
    gap), each measured at its two ends only. A run whose ends are not on one line left to right (a word hyphenated
    across lines, text drawn backwards) is cut character by character as pdfplumber cut words: where a character
    sits before the previous one, more than WORD_GAP right of it, or on another line. Two runs that only a space
    PDFium inserted itself parts, at most WORD_GAP apart on one line, are one word: PDFium reads some kerning as a space ("Ch argé"). Text that is not
    upright on the shown page (a note written up the margin) is kept as one line in the order it is written."""
    words: list[dict] = []
    previous_end, previous_last = 0, None
    glyph, generated, translate = glyphs.glyph, glyphs.generated, str.translate
    for match in _RUN.finditer(glyphs.text):
        start, end = match.span()
        first = glyph(start)
        last = glyph(end - 1, first) if end - start > 1 and first is not None else first
        if first is not None and last is not None and (not first[5] or (abs(last[3] - first[3]) <= LINE_TOLERANCE
                                                                        and last[0] >= first[0])):
            # one piece, the common case: the loop below for this run, with _plain_run, _kerning_gap and _word
            # inlined
            text = translate(match.group(), _GLYPH_TEXT)
            if not text:
                continue
            if (previous_last is not None and previous_last[5] and first[5]
                    and abs(first[2] - previous_last[2]) <= LINE_TOLERANCE
                    and previous_last[0] <= first[0] <= previous_last[1] + WORD_GAP
                    and all(generated(index) for index in range(previous_end, start))):
                _extend(words[-1], text, first, last)
            elif previous_last is not None and not previous_last[5] and not first[5]:
                _extend(words[-1], " " + text, first, last)
            else:
                # min(a, b) and max(a, b) written out: b if b < a else a, b if b > a else a
                x0, x1, top, bottom = first[0], first[1], first[2], first[3]
                words.append({"text": text, "x0": last[0] if last[0] < x0 else x0,
                              "x1": last[1] if last[1] > x1 else x1, "top": last[2] if last[2] < top else top,
                              "bottom": last[3] if last[3] > bottom else bottom, "size": first[4]})
            previous_last, previous_end = last, end
            continue
        pieces = _cut_run(glyphs, start, end)
        joinable = True  # only a run's first piece may continue the word before it
        for text, first, last in pieces:
            text = text.translate(_GLYPH_TEXT)
            if not text:
                continue
            if (joinable and previous_last is not None and _kerning_gap(previous_last, first)
                    and all(glyphs.generated(index) for index in range(previous_end, start))):
                _extend(words[-1], text, first, last)
            elif joinable and previous_last is not None and not previous_last[5] and not first[5]:
                _extend(words[-1], " " + text, first, last)  # sideways text: one line, in the order it is written
            else:
                words.append(_word(text, first, last))
            joinable, previous_last = False, last
        if not joinable:
            previous_end = end
    return words


def _plain_run(first: tuple, last: tuple) -> bool:
    """Whether a run's two ends say it is one word: on one line, left to right (or not upright at all)."""
    return not first[5] or (abs(last[3] - first[3]) <= LINE_TOLERANCE and last[0] >= first[0])


def _cut_run(glyphs: _Glyphs, start: int, end: int) -> list[tuple[str, tuple, tuple]]:
    """A run cut character by character as pdfplumber cut words: (text, first glyph, last glyph) of each piece."""
    pieces: list[list] = []
    previous = None
    for index in range(start, end):
        glyph = glyphs.glyph(index)
        if glyph is None:
            continue
        if previous is None or (glyph[5] and (glyph[0] < previous[0] or glyph[0] > previous[1] + WORD_GAP
                                              or abs(glyph[2] - previous[2]) > LINE_TOLERANCE)):
            pieces.append(["", glyph, glyph])
        pieces[-1][0] += glyphs.text[index]
        pieces[-1][2] = glyph
        previous = glyph
    return [tuple(piece) for piece in pieces]


def _kerning_gap(before: tuple, after: tuple) -> bool:
    return (before[5] and after[5] and abs(after[2] - before[2]) <= LINE_TOLERANCE
            and before[0] <= after[0] <= before[1] + WORD_GAP)


def _word(text: str, first: tuple, last: tuple) -> dict:
    return {"text": text, "x0": min(first[0], last[0]), "x1": max(first[1], last[1]), "top": min(first[2], last[2]),
            "bottom": max(first[3], last[3]), "size": first[4]}


def _extend(word: dict, text: str, first: tuple, last: tuple) -> None:
    word["text"] += text
    word["x0"], word["x1"] = min(word["x0"], first[0], last[0]), max(word["x1"], first[1], last[1])
    word["top"], word["bottom"] = min(word["top"], first[2], last[2]), max(word["bottom"], first[3], last[3])


def _page_lines(words: list[dict], width: float) -> list[Line]:
    if not words:
        return []
    gutter = _column_gutter(words, width)
    if gutter is None:
        return _lines(words)
    left = [word for word in words if word["x1"] <= gutter]
    right = [word for word in words if word["x0"] >= gutter]
    spanning = [word for word in words if word["x0"] < gutter < word["x1"]]
    return _lines(spanning + left) + _lines(right) if not spanning else _lines(words)


def _column_gutter(words: list[dict], width: float) -> float | None:
    """The x of an empty vertical band in the middle of the page that many lines have text on both sides of."""
    bins = [0] * 100
    starts, stops = [0] * 101, [0] * 101  # a word's span of bins counted at its two ends, summed below
    for word in words:
        start, stop = int(word["x0"] / width * 100), min(99, int(word["x1"] / width * 100)) + 1
        if start < 0:  # a word left of the page: bins counted one by one, from the end of the list as before
            for index in range(start, stop):
                bins[index] += 1
        elif start < stop:
            starts[start] += 1
            stops[stop] += 1
    covering = 0
    for index in range(100):
        covering += starts[index] - stops[index]
        bins[index] += covering
    empty = [index for index in range(30, 70) if bins[index] == 0]
    if not empty:
        return None
    gutter = (empty[len(empty) // 2] + 0.5) / 100 * width
    rows = {round(word["top"]) for word in words if word["x1"] < gutter}
    rows_right = {round(word["top"]) for word in words if word["x0"] > gutter}
    return gutter if len(rows) >= 5 and len(rows_right) >= 5 else None


def _lines(words: list[dict]) -> list[Line]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda word: (round(word["top"]), word["x0"])):
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    result = []
    for group in lines:
        group.sort(key=lambda word: word["x0"])
        result.append(Line(" ".join(word["text"] for word in group), min(w["top"] for w in group),
                           max(w["bottom"] for w in group), group[0]["x0"], group[-1]["x1"],
                           _median([w["size"] for w in group])))
    return result


def _median(values: list[float]) -> float:
    """statistics.median, as it computes it (the middle value, or the mean of the two middle ones)."""
    values.sort()
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Lines repeated at the top or bottom of most pages (letterheads, footers) and bare page numbers."""
    def key(line: Line) -> str:
        return _DIGITS.sub("#", line.text.lower())

    edges = Counter()
    for lines in pages:
        edges.update({key(line) for line in lines[:3] + lines[-3:]})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {text for text, count in edges.items() if count >= threshold} if len(pages) > 1 else set()
    return [[line for line in lines if key(line) not in running and not _PAGE_NUMBER.match(line.text.strip())]
            for lines in pages]


_BULLET = re.compile(r"^\s*(?:[-•▪●◦‣∙·*–—>o§]|\d{1,2}[.)]|[a-z][.)])\s")


def _join_pages(texts: list[str]) -> str:
    """Pages one after the other; a sentence that runs on over a page break ("au plus" | "tard le 8 avril") is
    joined, a hyphenated word too; otherwise a page break is a paragraph break."""
    out = texts[0] if texts else ""
    for text in texts[1:]:
        runs_on = (text[:1].islower() and not _BULLET.match(text)
                   and not out.rstrip().endswith((".", ":", "!", "?", ";")))
        if runs_on and re.search(r"[a-zà-ÿ]-$", out):
            out = out[:-1] + text
        else:
            out += (" " if runs_on else "\n\n") + text
    return out


def _page_text(lines: list[Line]) -> str:
    """Lines joined into paragraphs: a wrapped line continues its sentence; a wide vertical gap starts a paragraph."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top > a.bottom]
    usual_gap = statistics.median(gaps) if gaps else 0
    right_edge = max(line.x1 for line in lines)
    left_edge = min(line.x0 for line in lines)
    out: list[str] = []
    for index, line in enumerate(lines):
        if not out:
            out.append(line.text)
            continue
        previous = lines[index - 1]
        gap = line.top - previous.bottom
        if gap > max(usual_gap * 1.8, 4):
            out.append("\n" + line.text)
            continue
        same_paragraph_style = abs(line.size - previous.size) < 0.6 and previous.x0 - left_edge < 30
        # a wrapped line goes on at the margin: a line set far to the right ("Saint-Louis, le 28 novembre 2025"
        # under a full line) is a line of its own
        wrapped = (same_paragraph_style and previous.x1 >= right_edge * 0.8
                   and not previous.text.endswith((".", ":", "!", "?", ";"))
                   and (line.x0 - left_edge < 30 or abs(line.x0 - previous.x0) < 30))
        continues = (line.text[:1].islower() or previous.text.endswith((",", "(", "-", "–"))) and not _BULLET.match(
            line.text)
        if (wrapped or continues) and not _BULLET.match(line.text):
            if re.search(r"[a-zà-ÿ]-$", out[-1]) and line.text[:1].islower():
                out[-1] = out[-1][:-1] + line.text
            else:
                out[-1] += " " + line.text
        else:
            out.append(line.text)
    return "\n".join(out)
