"""Bytes → str and str → clean text, shared by every format.

Clean text is what extraction reads, what spans point into and what `description` holds: Unicode NFC, mojibake
repaired, invisible characters and markdown emphasis removed, one space between words, at most one empty line.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer
import ftfy

# Sequences that only appear when UTF-8 was read as Latin-1/cp1252 ("Ã©", "â€™", "Â ").
_MOJIBAKE = re.compile(r"[ÃÂâÅ][\u0080-\u00bf\u2018-\u201e\u20ac\u2122\u0152\u0153\u0160\u0161\u017d\u017e\u0178]")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: a BOM or valid UTF-8 first, then the declared charset, then charset-normalizer's guess;
    mojibake (UTF-8 decoded twice) is repaired with ftfy."""
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            break
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, declared)
    if _MOJIBAKE.search(text):
        text = ftfy.fix_text(text, normalization="NFC")
    return text


def _decode_legacy(data: bytes, declared: str | None) -> str:
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            return _guess(data)  # the declared charset is unknown or wrong
    return _guess(data)


def _guess(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    return data.decode(best.encoding if best else "cp1252", errors="replace")


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0000-\u0008\u000b\u000e-\u001f\u007f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_BLANK_RUNS = re.compile(r"\n{3,}")


_LINE_EDGES = re.compile(r" ?\n ?")


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_RUNS.sub("\n\n", text).strip()
