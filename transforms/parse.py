"""Bytes to clean text plus structured hints, one function per format.

`parse(capture)` sniffs the format, hands the bytes to that format's parser and returns one `Document` per posting
the capture holds (a JSON export or API answer may hold several) or a `Rejection` saying why nothing usable came
out. Parsers never touch the network or the file system and never follow external references: HTML is read by
lxml's HTML parser without network access, JSON by the json module, DOCX parts by python-docx (entities not
resolved), PDF by PDFium (pypdfium2).
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable

from glaneur.record import Capture, Rejection
from glaneur.transforms import docx_text, feed, html, pdf, structured
from glaneur.transforms.errors import ParseError
from glaneur.transforms.text import clean_text, decode


@dataclass
class Document:
    """One posting's clean text, the fields a structured source gave for it (they win over free text) and the
    links the text had (anchor text → href), which plain text loses."""

    text: str
    hints: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    url: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)


def parse(capture: Capture) -> list[Document] | Rejection:
    if not capture.data.strip():
        return Rejection("empty", "the capture holds no bytes or only whitespace")
    kind = sniff_format(capture)
    if kind is None:
        return Rejection("unsupported_type", f"cannot read {capture.locator!r} (media type {capture.media_type!r}): "
                                             "not txt, html, pdf, docx or json")
    try:
        documents = PARSERS[kind](capture.data)
    except ParseError as error:
        return Rejection(error.code, error.message)
    documents = [doc for doc in documents if doc.text.strip() or doc.hints.get("title")]
    if not documents:
        return Rejection("no_text", f"no readable text in this {kind} capture")
    return documents


# --- format sniffing -------------------------------------------------------------------------------------------------

_MEDIA_TYPES = {
    "text/plain": "txt",
    "text/markdown": "txt",
    "message/rfc822": "txt",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/json": "json",
    "application/ld+json": "json",
    "text/json": "json",
    "application/rss+xml": "feed_item",
    "application/atom+xml": "feed_item",
    "application/xml": "feed_item",
    "text/xml": "feed_item",
}
_EXTENSIONS = {
    "txt": "txt", "text": "txt", "md": "txt", "eml": "txt",
    "html": "html", "htm": "html", "xhtml": "html",
    "pdf": "pdf", "docx": "docx", "json": "json", "jsonld": "json",
}
_EXTENSION_RE = re.compile(r"\.([A-Za-z0-9]{1,6})(?:[?#].*)?$")
_BINARY_SIGNATURES = (b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def sniff_format(capture: Capture) -> str | None:
    """The parser to use. Content signatures first (a PDF named .txt is still a PDF), then the media type, then the
    extension, then the first meaningful byte; None for anything else (old .doc, images, archives)."""
    head = capture.data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in capture.data else None
    if head.startswith(_BINARY_SIGNATURES):
        return None
    media = (capture.media_type or "").split(";")[0].strip().lower()
    if media in ("application/xml", "text/xml") and not re.search(rb"<(?:item|entry)[\s>]", head):
        return "html" if re.search(rb"<html[\s>]", head, re.IGNORECASE) else None
    if media in _MEDIA_TYPES and _MEDIA_TYPES[media] not in ("pdf", "docx"):
        return _MEDIA_TYPES[media]
    if media and media not in _MEDIA_TYPES and not media.startswith("text/"):
        return None
    match = _EXTENSION_RE.search(capture.locator.rsplit("/", 1)[-1] if capture.locator else "")
    extension = match.group(1).lower() if match else ""
    if _EXTENSIONS.get(extension) in ("txt", "html", "json") and not media:
        return _EXTENSIONS[extension]
    if extension in ("pdf", "docx"):
        return None  # named like a binary document but without its signature: not that format
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if stripped[:1] in (b"{", b"["):
        return "json"
    if re.match(rb"<(?:\?xml[^>]*>\s*)?<(?:item|entry|rss|feed)[\s>]", stripped[:300]):
        return "feed_item"
    if stripped[:1] == b"<" and re.match(rb"<(?:!doctype|html|head|body|div|p|h\d|article|section|meta|\?xml|!--)",
                                         stripped[:20], re.IGNORECASE):
        return "html"
    return "txt"


# --- plain text ------------------------------------------------------------------------------------------------------

_HYPHENATED = re.compile(r"[a-zà-ÿ]-$")
_BULLET = re.compile(r"^\s*(?:[-•▪●◦‣∙·*–—>o§]|\d{1,2}[.)]|[a-z][.)])\s")


def unwrap_lines(text: str) -> str:
    """Join hard-wrapped lines of one sentence ("…dans la démarche\\nqualité/changement ;"): a line that does not
    end a sentence, followed by a line that starts in lower case and is not a list item."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and line[:1].islower():  # the cheap test first: most lines start otherwise
            previous = out[-1]
            if previous and not _BULLET.match(line) and not previous.endswith((".", ":", "!", "?", ";")):
                out[-1] = previous[:-1] + line if _HYPHENATED.search(previous) else previous + " " + line
                continue
        out.append(line)
    return "\n".join(out)


# Header names as mail clients write them in French and English ("Sujet"/"Pour" in Thunderbird's forwards).
_MAIL_HEADER = re.compile(r"^(?P<name>from|de|sent|envoy[ée]|date|to|à|a|pour|cc|cci|bcc|subject|objet|sujet|reply-to"
                          r"|r[ée]pondre\s+à)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
MAX_LINES_BEFORE_MAIL_HEADERS = 2
_COVER_NOTE_END = re.compile(r"^\s*[=\-_*~#]{5,}\s*$", re.MULTILINE)


def split_mail(text: str) -> tuple[str, dict[str, Any]]:
    """A posting forwarded by e-mail: the headers at the top give the subject (a title to fall back on) and the date
    (the day it was published) and leave the text, with their sender and list addresses; a ruled line after a short
    cover note ("Dear colleagues, please circulate…") starts the posting itself."""
    lines = text.split("\n")
    # A printed or saved e-mail may open on a line or two before its headers (the mail client's or a letterhead).
    start = next((i for i, line in enumerate(lines[:MAX_LINES_BEFORE_MAIL_HEADERS + 1]) if _MAIL_HEADER.match(line)),
                 None)
    if start is None:
        return text, {}
    headers: dict[str, str] = {}
    index = start
    while index < len(lines) and (match := _MAIL_HEADER.match(lines[index])):
        headers.setdefault(match["name"].lower(), match["value"].strip())
        index += 1
    if index - start < 2 or not ({"subject", "objet", "sujet"} & headers.keys()):
        return text, {}
    body = "\n".join(lines[:start] + lines[index:]).strip()
    rule = _COVER_NOTE_END.search(body)
    if rule and rule.start() < len(body) * 0.4:
        body = body[rule.end():].strip()
    hints: dict[str, Any] = {"_page_title": headers.get("subject") or headers.get("objet") or headers.get("sujet")}
    sent = next((headers[key] for key in ("sent", "envoyé", "envoye", "date") if headers.get(key)), None)
    if sent:
        hints["posted_date"] = sent
    return body, hints


def parse_txt(data: bytes) -> list[Document]:
    text, hints = split_mail(unwrap_lines(clean_text(decode(data))))
    return [Document(text=text, hints=hints)]


# --- HTML ------------------------------------------------------------------------------------------------------------


def parse_html(data: bytes) -> list[Document]:
    page = html.read_page(decode(data, declared=html.declared_charset(data)))
    postings = [structured.from_jsonld(item) for item in page.job_postings]
    postings = [posting for posting in postings if posting.hints.get("title") or posting.text]
    if len(postings) > 1:
        return [Document(text=posting.text, hints=posting.hints, external_id=posting.external_id or str(index),
                         url=posting.url, links=posting.links) for index, posting in enumerate(postings)]
    hints = dict(postings[0].hints) if postings else {}
    if page.title and "title" not in hints:
        hints["_page_title"] = page.title
    embedded = postings[0].text if postings else ""
    text, links = (embedded, postings[0].links) if len(embedded) > 200 else (page.text, page.links)
    return [Document(text=text, hints=hints, external_id=postings[0].external_id if postings else None,
                     url=postings[0].url if postings else None, links=links)]


# --- JSON ------------------------------------------------------------------------------------------------------------


_MAX_JOIN_REPAIRS = 1000


def _json_values(text: str) -> list[Any]:
    """Every JSON value in `text`: one document, several written end to end, or crawl outputs concatenated without
    separators (`[…][…]`, `}{`), which get the missing comma where the parser asks for one."""
    decoder = json.JSONDecoder()
    values, position, repairs = [], 0, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            return values
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            missing_comma = error.msg == "Expecting ',' delimiter" and text[:error.pos].rstrip()[-1:] in ("]", "}")
            if not missing_comma or repairs >= _MAX_JOIN_REPAIRS:
                raise ParseError("corrupt", f"invalid JSON: {error}") from error
            if text[error.pos:error.pos + 1] in ("[", "{"):
                text = text[:error.pos] + "," + text[error.pos:]
            elif not text[error.pos:].strip():
                text += "]"  # the joined crawls' outer "[" is never closed
            else:
                raise ParseError("corrupt", f"invalid JSON: {error}") from error
            repairs += 1
            continue
        values.append(value)


def parse_json(data: bytes) -> list[Document]:
    values = _json_values(decode(data).lstrip("\ufeff"))
    items = structured.posting_items(values)
    single = len(items) == 1
    documents = []
    for index, item in enumerate(items):
        posting = structured.from_item(item)
        external_id = posting.external_id or (None if single else str(index))
        documents.append(Document(text=posting.text, hints=posting.hints, external_id=external_id, url=posting.url,
                                  links=posting.links))
    return documents


# --- PDF -------------------------------------------------------------------------------------------------------------


def parse_pdf(data: bytes) -> list[Document]:
    text, hints = split_mail(pdf.pdf_text(data))  # an e-mailed notice printed to PDF keeps its headers
    return [Document(text=text, hints=hints)]


# --- DOCX ------------------------------------------------------------------------------------------------------------


def parse_docx(data: bytes) -> list[Document]:
    try:
        text = docx_text.docx_text(data)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ParseError("corrupt", f"unreadable DOCX: {error}") from error
    text, hints = split_mail(unwrap_lines(clean_text(text)))
    return [Document(text=text, hints=hints)]


def parse_feed_item(data: bytes) -> list[Document]:
    page, hints, link = feed.feed_item(data)
    return [Document(text=page.text, hints=hints, url=link, links=page.links)]


PARSERS: dict[str, Callable[[bytes], list[Document]]] = {
    "txt": parse_txt, "html": parse_html, "json": parse_json, "pdf": parse_pdf, "docx": parse_docx,
    "feed_item": parse_feed_item,
}
