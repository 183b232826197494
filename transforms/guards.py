"""Screening of hostile bytes before any parser sees them: a `Rejection` with a stable code, or None to go on.

Pure (bytes in, verdict out; no I/O, no network) and cheap: it reads structure (a ZIP central directory, a PDF's
trailer, a DTD), never renders. The one thing kept is the XML parts of the last DOCX that passed, for the DOCX
reader to take instead of inflating them again (`inspected_parts`). `pipeline.process()` calls `screen()` first, so every way in is screened.

Decisions (docs/security.md gives the reasons):
- ZIP/DOCX bombs are judged on the central directory before anything is inflated: entry count, total declared
  size, inflation ratio of the XML parts, compression method. Declared sizes may lie, but Python's zipfile never inflates more than
  an entry's declared size (it stops and fails the CRC check), so what passes here bounds what parsers inflate.
- DOCX with macros (`vbaProject.bin`, macro-enabled content type) → `macros`: a posting has no use for code, and a
  macro-laden file in a drop folder is far more often an attack than an offer.
- DOCX external relationships: hyperlinks are accepted — the apply link of many postings is one — and are never
  followed (they become text). Any other external relationship (remote template, OLE link, linked image, frame,
  sub-document) exists to make a reader fetch something → `external_reference`.
- PDF: no end-of-file marker (truncated), a structure PDFium cannot open or no page → `corrupt`; encrypted with a
  user password → `encrypted` (owner-password-only PDFs open without one and pass). PDFium is what parses the PDF
  next, so what it opens here it opens there.
- Any capture declaring XML entities (billion laughs, XXE) → `xml_entities`; defusedxml tells a real declaration
  from the words appearing in text.
- Text with binary content → `binary`. UTF-16, cp1252 and latin-1 text is not binary and passes.
- JSON nested deeper than MAX_JSON_DEPTH → `too_deep` (the json module would hit the recursion limit).
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from xml.etree.ElementTree import ParseError as XMLParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from glaneur.record import Capture, Rejection
from glaneur.transforms.pdf import pdf_verdict

MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
# Deflated XML compresses ~10:1, at worst ~50:1 for repetitive tables; bombs are in the thousands. Checked on the
# XML parts the parser reads; images may legitimately inflate far more (a blank BMP), the total bounds them.
MAX_ZIP_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
# The parts read to look for macros, external relationships and DTDs are small in any real DOCX.
MAX_INSPECTED_PART = 10 * 1024 * 1024
MAX_JSON_DEPTH = 200
# More than this share of control or undecodable characters is binary, not text (random bytes give ~12 %).
MAX_CONTROL_SHARE = 0.02

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
TEXT_EXTENSIONS = {"txt", "text", "md", "eml", "html", "htm", "xhtml", "xml", "rss", "atom", "json", "jsonld",
                   "csv"}
HYPERLINK_TYPE = re.compile(r"/hyperlink$")
MACRO_PARTS = re.compile(r"(^|/)vba(project\.bin|data\.xml)$", re.IGNORECASE)
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
ENTITY_MARKERS = tuple("<!ENTITY".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))
DTD_WITH_ENTITY = re.compile(rb"<!DOCTYPE[^\[>]*\[[^\]]*<!ENTITY", re.IGNORECASE | re.DOTALL)
# A JSON string, written "unrolled" (runs of plain bytes between escapes): the same matches as
# '"(?:[^"\\]|\\.)*"', five times faster, since the regex engine no longer tries an alternative at every byte.
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
JSON_BRACKETS = re.compile(rb"[\[\]{}]")
# C0 controls but tab, newline, vertical tab, form feed and carriage return; DEL; U+FFFD from undecodable bytes.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def screen(capture: Capture) -> Rejection | None:
    """Why these bytes must not reach a parser, or None when they may."""
    data = capture.data
    claimed = _claimed_format(capture)
    if data.lstrip()[:5] == b"%PDF-" or claimed == "pdf":
        return _screen_pdf(data)
    if data.startswith(ZIP_SIGNATURES) or claimed == "docx":
        return _screen_zip(data)
    return (_screen_xml_entities(data)
            or (_screen_binary(data) if claimed in ("text", None) else None)
            or _screen_json_depth(data))


def _claimed_format(capture: Capture) -> str | None:
    """What the media type or the name says the bytes are: pdf, docx, text, other, or None when they say nothing."""
    media = (capture.media_type or "").split(";")[0].strip().lower()
    if media:
        if media == "application/pdf":
            return "pdf"
        if media.endswith("wordprocessingml.document"):
            return "docx"
        return "text" if media.startswith("text/") or media.endswith(("json", "xml")) else "other"
    name = (capture.locator or "").split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in ("pdf", "docx"):
        return extension
    if extension in TEXT_EXTENSIONS:
        return "text"
    return "other" if extension else None


# --- PDF -------------------------------------------------------------------------------------------------------------


def _screen_pdf(data: bytes) -> Rejection | None:
    if data.lstrip()[:5] != b"%PDF-":
        return Rejection("corrupt", "named or typed as PDF but has no PDF header")
    if b"%%EOF" not in data[-65536:]:
        return Rejection("corrupt", "truncated PDF: no end-of-file marker")
    verdict = pdf_verdict(data)
    return Rejection(verdict.code, verdict.message[:500]) if verdict else None


# --- ZIP / DOCX ------------------------------------------------------------------------------------------------------


def _screen_zip(data: bytes) -> Rejection | None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        return Rejection("corrupt", f"not a readable ZIP/DOCX package: {error}")
    with package:
        entries = package.infolist()
        verdict = _screen_zip_directory(entries)
        if verdict or not any(entry.filename.startswith("word/") for entry in entries):
            return verdict
        parts: dict[str, bytes] = {}
        verdict = _screen_docx_parts(package, entries, parts)
    if verdict is None:
        global _inspected
        _inspected = (data, parts)
    return verdict


# The XML parts of the last DOCX that passed, as inflated here (CRC checked), with the bytes they came from: parsing
# those same bytes next reads them from here instead of inflating them again (`inspected_parts`).
_inspected: tuple[bytes, dict[str, bytes]] | None = None


def inspected_parts(data: bytes) -> dict[str, bytes] | None:
    """The XML and .rels parts by name (the last entry of a name, as `ZipFile.read` gives it) of this very DOCX
    (the same bytes object) if it is the last one screened and it passed, else None."""
    inspected = _inspected
    return inspected[1] if inspected is not None and inspected[0] is data else None


def _screen_zip_directory(entries: list[zipfile.ZipInfo]) -> Rejection | None:
    """Limits checked on the central directory alone, before anything is inflated."""
    if len(entries) > MAX_ZIP_ENTRIES:
        return Rejection("zip_bomb", f"{len(entries)} entries in the package (limit {MAX_ZIP_ENTRIES})")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_ZIP_UNCOMPRESSED:
        return Rejection("zip_bomb", f"{total} bytes once inflated (limit {MAX_ZIP_UNCOMPRESSED})")
    for entry in entries:
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return Rejection("corrupt", f"entry {entry.filename!r} uses compression method {entry.compress_type}, "
                                        "which Office never writes")
        if entry.flag_bits & 0x1:
            return Rejection("encrypted", f"entry {entry.filename!r} is encrypted")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if (entry.filename.lower().endswith((".xml", ".rels")) and entry.file_size > RATIO_CHECKED_FROM
                and ratio > MAX_ZIP_RATIO):
            return Rejection("zip_bomb", f"entry {entry.filename!r} inflates {ratio:.0f} times "
                                         f"(limit {MAX_ZIP_RATIO})")
    return None


def _screen_docx_parts(package: zipfile.ZipFile, entries: list[zipfile.ZipInfo],
                       parts: dict[str, bytes]) -> Rejection | None:
    for entry in entries:
        if MACRO_PARTS.search(entry.filename):
            return Rejection("macros", f"the document carries macros ({entry.filename}); macro-enabled files are "
                                       "not ingested")
    for entry in entries:
        name = entry.filename.lower()
        if not name.endswith((".xml", ".rels")) or entry.file_size > MAX_INSPECTED_PART:
            continue
        try:
            part = package.read(entry)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
            return Rejection("corrupt", f"entry {entry.filename!r} cannot be read: {error}")
        parts[entry.filename] = part
        if _declares_dtd(part):
            return Rejection("xml_entities", f"part {entry.filename!r} declares a DTD, which Office never writes")
        if name == "[content_types].xml" and b"macroenabled" in part.lower():
            return Rejection("macros", "the content types declare a macro-enabled document")
        if name.endswith(".rels"):
            verdict = _screen_relationships(entry.filename, part)
            if verdict:
                return verdict
    return None


_UTF16_DOCTYPE = "<!DOCTYPE".encode("utf-16-le")


def _declares_dtd(part: bytes) -> bool:
    """Whether b"<!DOCTYPE" or its UTF-16 form is in the part. A search for one byte (memchr: "!", which Word's XML
    seldom holds, and the zero byte of UTF-16) goes first: the two searches on their own took half the screening of
    a DOCX whose template carries 800 KB of styles."""
    return (b"!" in part and b"<!DOCTYPE" in part) or (b"\x00" in part and _UTF16_DOCTYPE in part)


def _screen_relationships(part_name: str, part: bytes) -> Rejection | None:
    for element in RELATIONSHIP.findall(part):
        attributes = {key.decode().lower(): (double or single).decode("utf-8", "replace")
                      for key, double, single in ATTRIBUTE.findall(element)}
        if attributes.get("targetmode", "").lower() != "external":
            continue
        if not HYPERLINK_TYPE.search(attributes.get("type", "")):
            kind = attributes.get("type", "").rsplit("/", 1)[-1] or "unknown"
            return Rejection("external_reference", f"{part_name} links an external {kind} "
                                                   f"({attributes.get('target', '')[:200]!r}); such links exist to "
                                                   "make a reader fetch something")
    return None


# --- text, XML, JSON -------------------------------------------------------------------------------------------------


def _screen_xml_entities(data: bytes) -> Rejection | None:
    if not any(marker in data for marker in ENTITY_MARKERS):
        return None
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        return Rejection("xml_entities", f"declares XML entities ({error!r}); entity expansion (billion laughs, "
                                         "XXE) is refused")
    except XMLParseError:
        # Not well-formed XML (an HTML page, or text that merely mentions <!ENTITY): only a DTD declaring entities
        # counts.
        if DTD_WITH_ENTITY.search(data):
            return Rejection("xml_entities", "a DOCTYPE declares entities; entity expansion is refused")
    return None


def _screen_binary(data: bytes) -> Rejection | None:
    text = _as_text(data[:1024 * 1024])
    if not text:
        return None
    controls = _count_controls(text)
    if controls / len(text) > MAX_CONTROL_SHARE:
        return Rejection("binary", f"binary content, not text ({controls} control or undecodable characters in "
                                   f"the first {len(text)})")
    return None


_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])
_REPLACEMENT_BYTES = "\ufffd".encode()


def _count_controls(text: str) -> int:
    """How many CONTROL_CHARACTERS `text` holds, counted on its UTF-8 bytes (where each of them is one byte, or
    EF BF BD for U+FFFD, that no other character's bytes contain): twice as fast as the regex on a non-ASCII str."""
    encoded = text.encode("utf-8", "surrogatepass")
    return len(encoded) - len(encoded.translate(None, _CONTROL_BYTES)) + encoded.count(_REPLACEMENT_BYTES)


def _as_text(data: bytes) -> str:
    """The most plausible reading of bytes that claim to be text: UTF-16/32 by BOM or by NUL pattern, UTF-8,
    else cp1252 (whose every byte but five is a printable character, like latin-1's)."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
                       (codecs.BOM_UTF8, "utf-8-sig")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if data.count(0) * 4 > len(data):
        odd_nuls, even_nuls = data[1::2].count(0), data[0::2].count(0)
        if max(odd_nuls, even_nuls) > 0.6 * (len(data) // 2):
            codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
            return data[:len(data) // 2 * 2].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # a multi-byte character cut by the 1 MB window
            return data[:error.start].decode("utf-8")
    return data.decode("cp1252", errors="replace")


def _screen_json_depth(data: bytes) -> Rejection | None:
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        return None
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH:
        return None  # nesting can be no deeper than the number of opening brackets, strings' included
    depth = deepest = 0
    for bracket in JSON_BRACKETS.findall(JSON_STRING.sub(b"", data)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return Rejection("too_deep", f"JSON nested more than {MAX_JSON_DEPTH} levels deep")
    return None
