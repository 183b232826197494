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
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one. Each codec named here reads its own BOM's byte
# order; a bare "utf-16"/"utf-32" after the BOM is stripped would fall back to little-endian.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


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


# Single-byte Latin code pages that charset-normalizer cannot tell from cp1252 on a short text: they share ASCII and
# "é" and differ on "à", "è", "ç"... Postings in French and English written on Windows are cp1252; "Thiès" read as
# cp1250 becomes "Thičs".
_CP1252_LOOKALIKES = {"cp1250", "cp1257", "cp775", "cp850", "cp857", "cp858", "iso8859_2", "iso8859_4", "iso8859_10",
                      "iso8859_13", "iso8859_15", "iso8859_16", "latin_1", "mac_latin2", "mac_roman", "mac_iceland"}


def _guess(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    if encoding in _CP1252_LOOKALIKES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass  # a byte cp1252 leaves undefined: the guess stands
    return data.decode(encoding, errors="replace")


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u0000-\u0008\u000b\u000e-\u001f\u007f]")
# A run of spaces becomes one space: only runs that are not already a single plain space are matched (matching every
# space between two words cost a third of clean_text).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
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
    text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:  # else every match of _LINE_EDGES is a bare "\n", left as it is
        text = _LINE_EDGES.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
