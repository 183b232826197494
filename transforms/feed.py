"""One RSS <item> or Atom <entry> captured whole (a feed whose items have no page of their own) → text and hints.

The XML is read with defusedxml: no DTD, no entities, nothing fetched. Items cut out of their feed often use
namespace prefixes (dc:, content:) their own bytes do not declare; those are read with the prefixes dropped.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from glaneur.transforms.errors import ParseError as CaptureError
from glaneur.transforms.html import Page, fragment
from glaneur.transforms.text import decode

_PREFIX = re.compile(r"<(/?)[A-Za-z][\w.-]*:")
_XMLNS = re.compile(r"\sxmlns(?::[\w.-]+)?\s*=\s*(\"[^\"]*\"|'[^']*')")
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_BODY_TAGS = ("encoded", "description", "summary", "content")


def _element(markup: str) -> Element:
    markup = _DECLARATION.sub("", markup)
    try:
        return SafeTree.fromstring(markup)
    except ParseError:
        # unbound prefixes: drop every prefix and namespace declaration and read the plain structure
        return SafeTree.fromstring(_XMLNS.sub("", _PREFIX.sub(r"<\1", markup)))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def feed_item(data: bytes) -> tuple[Page, dict[str, Any], str | None]:
    """(text and links, hints, link) of one item or entry; the first item when handed a whole feed."""
    try:
        root = _element(decode(data))
    except (ParseError, DefusedXmlException) as error:
        raise CaptureError("corrupt", f"unreadable feed item: {error}") from error
    item = root if _local(root.tag) in ("item", "entry") else next(
        (node for node in root.iter() if _local(node.tag) in ("item", "entry")), None)
    if item is None:
        raise CaptureError("not_a_posting", "a feed without items")
    fields: dict[str, str] = {}
    link = None
    for child in item:
        name = _local(child.tag)
        if name == "link" and child.get("href"):
            link = link or child.get("href")
            continue
        value = "".join(child.itertext()).strip()
        if value and name not in fields:
            fields[name] = value
    body = next((fields[tag] for tag in _BODY_TAGS if fields.get(tag)), "")
    hints: dict[str, Any] = {}
    for key, record_field in (("title", "title"), ("publisher", "organization"), ("identifier", "reference"),
                              ("coverage", "locations"), ("pubdate", "posted_date"), ("published", "posted_date"),
                              ("updated", "posted_date")):
        if fields.get(key) and record_field not in hints:
            hints[record_field] = fields[key]
    author = fields.get("author") or fields.get("creator")
    if author and "organization" not in hints and not _EMAIL.search(author):
        hints["organization"] = author
    return fragment(body), hints, link or fields.get("link")
