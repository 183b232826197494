"""RSS 2.0 / RSS 1.0 / Atom entries as plain values, tolerant of the feeds this field really publishes.

Real feeds put elements inside `<title>`, escape HTML twice (`&amp;#039;`), write dates in ISO with a trailing
newline instead of RFC 822, use relative links and `xml:base`. Parsing never resolves entities or touches the
network (no entity bombs, no external DTDs). Pure functions: bytes in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree, html

DC = "http://purl.org/dc/elements/1.1/"
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "blockquote", "pre", "dd", "dt"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
ISO_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass
class FeedEntry:
    link: str | None
    guid: str | None
    title: str | None
    published: str | None
    updated: str | None
    description_html: str | None
    author: str | None
    dublin_core: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element) -> str | None:
    """All text inside an element, including text of child elements a feed wrongly put there."""
    if element is None:
        return None
    value = "".join(element.itertext()).strip()
    return value or None


def _child(entry, name: str):
    return next((child for child in entry if _local(child) == name and
                 etree.QName(child).namespace != DC), None)


def parse_feed(body: bytes, url: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom document; [] for a document that is not a feed."""
    try:
        root = etree.fromstring(body, parser=_parser(), base_url=url)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    entries = [el for el in root.iter() if _local(el) in ("item", "entry")]
    return [_entry(element, url) for element in entries]


def _entry(element, url: str) -> FeedEntry:
    base = element.base or url
    link = None
    for child in element:
        if _local(child) != "link":
            continue
        href = child.get("href")
        if href is not None and child.get("rel", "alternate") == "alternate":
            link = href.strip()
            break
        if href is None and _text(child):
            link = _text(child)
            break
    guid = _text(_child(element, "guid")) or _text(_child(element, "id"))
    if not link and guid and (_child(element, "guid") is not None and
                              _child(element, "guid").get("isPermaLink", "true") == "true"):
        link = guid
    author = _child(element, "author")
    author_text = _text(_child(author, "name")) if author is not None and len(author) else _text(author)
    description = _child(element, "description")
    if description is None:
        description = _child(element, "content")
    if description is None:
        description = _child(element, "summary")
    dublin_core = {}
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).namespace == DC and _text(child):
            dublin_core.setdefault(_local(child), _text(child))
    return FeedEntry(
        link=urljoin(base, link) if link else None,
        guid=guid,
        title=_text(_child(element, "title")),
        published=_text(_child(element, "pubDate")) or _text(_child(element, "published")),
        updated=_text(_child(element, "updated")) or dublin_core.get("date"),
        description_html=_markup(description),
        author=author_text,
        dublin_core=dublin_core,
        raw=etree.tostring(element, encoding="utf-8", with_tail=False),
    )


def _markup(element) -> str | None:
    """The HTML an RSS description carries: escaped text, CDATA, or (in Atom xhtml) child elements."""
    if element is None:
        return None
    if len(element):
        inner = (element.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in element)
        return inner.strip() or None
    return (element.text or "").strip() or None


def html_to_text(markup: str | None) -> str | None:
    """Readable text of an HTML fragment: block elements and <br> become line breaks."""
    if not markup or not markup.strip():
        return None
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup.strip()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    return text.strip() or None


def iso_date(raw: str | None) -> str | None:
    """YYYY-MM-DD from an RFC 822 or ISO 8601 date, however a feed wrote it; None when it is not a date."""
    if not raw:
        return None
    raw = raw.strip()
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = ISO_PREFIX.match(raw)
    if match:
        try:
            return datetime(*(int(part) for part in match.groups())).date().isoformat()
        except ValueError:
            return None
    return None


def entry_hints(entry: FeedEntry, *, with_description: bool) -> tuple[dict[str, object], list[str]]:
    """Record-field hints from a feed entry, and the names of values that were present but unusable."""
    bad = []
    title = html_to_text(entry.title) if entry.title and "<" in entry.title else entry.title
    organization = entry.dublin_core.get("publisher")
    for candidate in (entry.author, entry.dublin_core.get("creator")):
        if not organization and candidate and not EMAIL.search(candidate):
            organization = candidate
    raw_date = entry.published or entry.updated
    posted = iso_date(raw_date)
    if raw_date and not posted:
        bad.append("feed_date")
    hints = {
        "title": title,
        "organization": organization,
        "posted_date": posted,
        "reference": entry.dublin_core.get("identifier"),
        "city": entry.dublin_core.get("coverage"),
    }
    if with_description:
        hints["description"] = html_to_text(entry.description_html)
    return {key: value for key, value in hints.items() if value}, bad
