"""Bytes to clean text plus structured hints, one function per format.

`parse(capture)` sniffs the format, hands the bytes to that format's parser and returns one `Document` per posting
the capture holds (a JSON export or API answer may hold several) or a `Rejection` saying why nothing usable came
out. Parsers never touch the network or the file system and never follow external references.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from glaneur.record import Capture, Rejection


@dataclass
class Document:
    """One posting's clean text and the fields a structured source gave for it (they win over free text)."""

    text: str
    hints: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    url: str | None = None


class ParseError(Exception):
    """A capture that cannot become text; `code` is the Rejection code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def parse(capture: Capture) -> list[Document] | Rejection:
    if not capture.data.strip():
        return Rejection("empty", "the capture holds no bytes or only whitespace")
    kind = sniff_format(capture)
    if kind is None:
        return Rejection("unsupported_type", f"cannot tell the format of {capture.locator!r} "
                         f"(media type {capture.media_type!r})")
    try:
        documents = PARSERS[kind](capture.data)
    except ParseError as error:
        return Rejection(error.code, error.message)
    documents = [doc for doc in documents if doc.text.strip() or doc.hints.get("title")]
    if not documents:
        return Rejection("no_text", f"no readable text in this {kind} capture")
    return documents


_MEDIA_TYPES = {
    "text/plain": "txt",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/json": "json",
    "application/ld+json": "json",
}
_EXTENSIONS = {
    "txt": "txt", "text": "txt", "md": "txt", "eml": "txt",
    "html": "html", "htm": "html", "xhtml": "html",
    "pdf": "pdf", "docx": "docx", "json": "json", "jsonld": "json",
}
_UNSUPPORTED_EXTENSIONS = {"doc", "odt", "rtf", "xls", "xlsx", "ppt", "pptx", "png", "jpg", "jpeg", "gif", "zip"}
_EXTENSION_RE = re.compile(r"\.([A-Za-z0-9]{1,6})(?:[?#].*)?$")


def sniff_format(capture: Capture) -> str | None:
    """The parser to use: content signatures first (binary formats cannot lie), then media type, then extension."""
    head = capture.data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in capture.data[:65536] else None
    media = (capture.media_type or "").split(";")[0].strip().lower()
    if media in _MEDIA_TYPES:
        return _MEDIA_TYPES[media]
    match = _EXTENSION_RE.search(capture.locator or "")
    extension = match.group(1).lower() if match else ""
    if extension in _EXTENSIONS and _EXTENSIONS[extension] not in ("pdf", "docx"):
        return _EXTENSIONS[extension]
    if extension in _UNSUPPORTED_EXTENSIONS or extension in ("pdf", "docx"):
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    if stripped[:1] == b"<":
        return "html"
    if b"\x00" in head:
        return None
    return "txt"


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def parse_txt(data: bytes) -> list[Document]:
    return [Document(text=clean_text(decode(data)))]


def parse_html(data: bytes) -> list[Document]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode(data), "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    return [Document(text=clean_text(soup.get_text("\n")))]


def parse_json(data: bytes) -> list[Document]:
    try:
        value = json.loads(decode(data))
    except ValueError as error:
        raise ParseError("corrupt", f"invalid JSON: {error}") from error
    items = value if isinstance(value, list) else [value]
    documents = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        title = item.get("title") or item.get("name")
        text = item.get("description") or item.get("body") or ""
        documents.append(Document(text=clean_text(str(text)), hints={"title": title} if title else {},
                                  external_id=str(item.get("id", index))))
    return documents


def parse_pdf(data: bytes) -> list[Document]:
    raise ParseError("unsupported_type", "PDF parsing is not implemented yet")


def parse_docx(data: bytes) -> list[Document]:
    raise ParseError("unsupported_type", "DOCX parsing is not implemented yet")


PARSERS = {"txt": parse_txt, "html": parse_html, "json": parse_json, "pdf": parse_pdf, "docx": parse_docx}


def clean_text(text: str) -> str:
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
