"""PDF → clean text with pdfplumber: words regrouped into lines in reading order (two columns read one after the
other), running headers and footers and page numbers dropped, wrapped lines and hyphenated words joined.

pdfplumber merges characters closer than `x_tolerance`, which undoes the kerning that splits words ("Ch argé") in
naive extraction.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from glaneur.transforms.errors import ParseError
from glaneur.transforms.text import clean_text


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


def pdf_text(data: bytes) -> str:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with pdfplumber.open(io.BytesIO(data)) as document:
            pages = [_page_lines(page) for page in document.pages]
    except PDFPasswordIncorrect as error:
        raise ParseError("encrypted", "the PDF is encrypted and cannot be opened without a password") from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise ParseError("corrupt", f"unreadable PDF: {type(error).__name__}: {error}") from error
    if not any(pages):
        raise ParseError("no_text", "the PDF has no text layer (a scan?); it needs OCR")
    pages = _drop_running_lines(pages)
    return clean_text("\n\n".join(_page_text(lines) for lines in pages if lines))


def _page_lines(page) -> list[Line]:
    words = page.extract_words(x_tolerance=2, y_tolerance=3, keep_blank_chars=False, extra_attrs=["size"])
    if not words:
        return []
    gutter = _column_gutter(words, float(page.width))
    if gutter is None:
        return _lines(words)
    left = [word for word in words if word["x1"] <= gutter]
    right = [word for word in words if word["x0"] >= gutter]
    spanning = [word for word in words if word["x0"] < gutter < word["x1"]]
    return _lines(spanning + left) + _lines(right) if not spanning else _lines(words)


def _column_gutter(words: list[dict], width: float) -> float | None:
    """The x of an empty vertical band in the middle of the page that many lines have text on both sides of."""
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
                           statistics.median(w["size"] for w in group)))
    return result


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
        wrapped = (same_paragraph_style and previous.x1 >= right_edge * 0.8
                   and not previous.text.endswith((".", ":", "!", "?", ";")))
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
