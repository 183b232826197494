"""An HTML page → its main text without the job board's chrome, its links, and the schema.org JobPostings it embeds.

lxml's HTML parser (the engine bs4 would drive, used directly because it is ~5× faster here) reads the page without
network access; chrome is dropped by tag (nav, aside, footer, forms…), by class/id (cookie banners, share bars,
breadcrumbs, related offers) and by heading ("Offres similaires", "Share this job").

The tree is lxml.etree's plain one, not lxml.html's: lxml.html looks up a Python element class for every element
each time a Python object is made for it, which took longer than parsing the page itself. Text content is the
element's text serialisation, exactly what lxml.html's text_content() returns; the text layout is an XSLT
stylesheet, run in C.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.etree
import lxml.html

from glaneur.transforms.errors import ParseError
from glaneur.transforms.text import clean_text

_PARSER = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
_MICRODATA_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
                      re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "button",
               "select", "option", "input", "textarea", "head", "title", "meta", "link")
_CHROME_TAGS = ("nav", "aside", "footer", "header", "form", "dialog", "menu")
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:cookies?|consent|gdpr|rgpd|tarteaucitron|share|sharing|partage|social|breadcrumbs?|fil-ariane"
    r"|navbar|nav|navigation|menu|sidebar|side-bar|related|similar|similaires|recommend\w*|newsletter|subscribe"
    r"|modal|popup|pop-up|advert\w*|ads|pub|footer|site-header|masthead|skip-link|toolbar|pagination|comments?)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_CHROME_WORDING = (
    r"(?:offres?\s+(?:d['’]emploi\s+)?similaires|offres?\s+qui\s+pourraient\s+vous\s+intéresser|autres\s+offres"
    r"|dernières\s+offres|vous\s+aimerez\s+aussi|à\s+lire\s+aussi|voir\s+aussi|similar\s+(?:jobs|offers|vacancies"
    r"|positions)|related\s+(?:jobs|offers|vacancies)|more\s+jobs|other\s+jobs|jobs\s+you\s+may\s+like"
    r"|partager(?:\s+cette\s+offre)?|share(?:\s+this\s+(?:job|offer|page|vacancy))?|suivez[- ]nous|follow\s+us"
    r"|inscrivez[- ]vous\s+à\s+(?:notre|la)\s+newsletter)"
)
_CHROME_HEADING = re.compile(r"^\s*" + _CHROME_WORDING + r"\s*:?\s*$", re.IGNORECASE)
_BLOCK = frozenset(
    "p div section article main header footer h1 h2 h3 h4 h5 h6 ul ol li table thead tbody tfoot tr dl "
    "blockquote pre address figure figcaption fieldset details summary hr center body html caption".split())


@dataclass
class Page:
    text: str
    title: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    job_postings: list[dict[str, Any]] = field(default_factory=list)


def declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")


def _root(markup: str) -> lxml.etree._Element:
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        root = lxml.etree.fromstring(markup, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ParseError("no_text", f"no HTML content: {error}") from error
    if root is None:
        raise ParseError("no_text", "no HTML content: Document is empty")
    return root


def read_page(markup: str) -> Page:
    root = _root(markup)
    job_postings = _embedded_job_postings(root, markup)
    heading = next((text for text in (_text_of(h1) for h1 in root.iter("h1")) if text), None)
    page_title = heading or _meta_title(root)
    for element in list(root.iter(*_NEVER_TEXT)):
        _drop_tree(element)
    main = _main_container(root)
    _drop_chrome(main)
    return Page(text=html_to_text(main), title=page_title, links=_links(main), job_postings=job_postings)


def fragment(markup: str) -> Page:
    """Text and links of an HTML fragment (a feed, JSON-LD or API description), chrome left as is."""
    if "<" not in markup:
        return Page(text=clean_text(markup))
    root = _root(f"<div>{markup}</div>")
    for element in list(root.iter(*_NEVER_TEXT)):
        _drop_tree(element)
    return Page(text=html_to_text(root), links=_links(root))


def fragment_text(markup: str) -> str:
    return fragment(markup).text


def _links(container: lxml.etree._Element) -> list[tuple[str, str]]:
    return [(_text_of(anchor), anchor.get("href", "").strip()) for anchor in container.iter("a") if anchor.get("href")]


def _string_value(element: lxml.etree._Element) -> str:
    """All the text inside the element, as XPath's string() and lxml.html's text_content() give it, but serialised
    by libxml2 without an XPath evaluation (half the time)."""
    return lxml.etree.tostring(element, method="text", encoding=str, with_tail=False)


def _text_of(element: lxml.etree._Element) -> str:
    return " ".join(_string_value(element).split())


def _drop_tree(element: lxml.etree._Element) -> None:
    """Remove the element with its content, its tail text kept in place (lxml.html's drop_tree)."""
    parent = element.getparent()
    assert parent is not None
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _meta_title(root: lxml.etree._Element) -> str | None:
    for value in root.xpath("//meta[@property='og:title']/@content | //title/text()"):
        if value.strip():
            return " ".join(value.split())
    return None


_CONTAINERS = lxml.etree.XPath("//main | //*[@role='main'] | //article | //body")


def _main_container(root: lxml.etree._Element) -> lxml.etree._Element:
    """<main>, [role=main] or a single <article> when the page has one with text, else <body>."""
    found = _CONTAINERS(root)  # one walk of the tree for the four kinds, in document order
    bodies = [element for element in found if element.tag == "body"]
    for candidates in ([element for element in found if element.tag == "main"],
                       [element for element in found if element.get("role") == "main"],
                       [element for element in found if element.tag == "article"]):
        if len(candidates) == 1 and len(_string_value(candidates[0]).strip()) > 200:
            return candidates[0]
    return bodies[0] if bodies else root


_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "span", "div")


def _drop_chrome(container: lxml.etree._Element) -> None:
    h1s = set(container.iter("h1"))
    for element in list(container.iterdescendants(lxml.etree.Element)):
        class_name, element_id = element.get("class"), element.get("id")
        if element.getparent() is None or (class_name is None and element_id is None
                                           and element.tag not in _CHROME_TAGS):
            continue
        name = f"{class_name or ''} {element_id or ''}"
        if element.tag in _CHROME_TAGS or (name.strip() and _CHROME_NAME.search(name)):
            if not any(h1 in h1s for h1 in element.iter("h1")):
                _drop_tree(element)
    for heading in list(container.iter(*_HEADING_TAGS)):
        if heading.getparent() is None or len(heading) > 2:
            continue
        if _CHROME_HEADING.match(_string_value(heading)):
            for sibling in list(heading.itersiblings()):
                _drop_tree(sibling)
            _drop_tree(heading)


def _text_layout_stylesheet() -> lxml.etree.XSLT:
    """html_to_text's layout as XSLT, which libxml2 runs in C: twice as fast as walking the tree in Python. Text nodes
    are copied as they are; libxml2's HTML parser nests at most 256 deep, far from XSLT's template depth limit."""
    newline, tab = "<xsl:text>&#10;</xsl:text>", "<xsl:text>&#9;</xsl:text>"
    rules = {
        "|".join(sorted(_BLOCK - {"li"})): (newline, newline),
        "li": ("<xsl:text>&#10;- </xsl:text>", newline),  # a block, with its dash
        "br": (newline, ""),
        "td|th": (tab, ""),
        "dt": (newline, tab),
        "dd": ("", newline),
    }
    templates = "".join(f'<xsl:template match="{match}">{before}<xsl:apply-templates/>{after}</xsl:template>'
                        for match, (before, after) in rules.items())
    return lxml.etree.XSLT(lxml.etree.XML(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:output method="text" encoding="UTF-8"/>{templates}</xsl:stylesheet>'))


_TEXT_LAYOUT = _text_layout_stylesheet()


def html_to_text(element: lxml.etree._Element) -> str:
    """Text with block elements on their own lines, list items as "- …", table rows and definition lists (<dt>/<dd>)
    as "label : value"."""
    return clean_text(join_cells(str(_TEXT_LAYOUT(element))))


def join_cells(text: str) -> str:
    """Table rows written as tab-separated cells → "label : value" for two cells, "a | b | c" for more."""
    if "\t" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        if "\t" not in line:
            lines.append(line)
            continue
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        cells = [cell for cell in cells if cell]
        if len(cells) == 2 and not cells[0].endswith(":"):
            lines.append(f"{cells[0]} : {cells[1]}")
        else:
            lines.append(" | ".join(cells) if len(cells) != 2 else " ".join(cells))
    return "\n".join(lines)


_LD_JSON_LOWER = str.maketrans("LDJSON", "ldjson")  # what XPath's translate(@type, 'LDJSON', 'ldjson') did


def _embedded_job_postings(root: lxml.etree._Element, markup: str) -> list[dict[str, Any]]:
    """schema.org JobPostings from JSON-LD scripts and, when the page declares one, microdata."""
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").translate(_LD_JSON_LOWER):
            continue
        raw = (script.text or "").strip().removeprefix("<![CDATA[").removesuffix("]]>").strip()
        try:
            value = json.loads(raw)
        except ValueError:
            continue  # a broken JSON-LD block says nothing reliable; the page text is still read
        found.extend(_job_postings_in(value))
    if not found and "JobPosting" in markup and "itemtype" in markup:
        from extruct.w3cmicrodata import LxmlMicrodataExtractor

        # extruct cleans property values with lxml.html's Cleaner, which needs lxml.html's elements: this rare
        # page is read again with that parser
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=_MICRODATA_PARSER)
        for item in LxmlMicrodataExtractor().extract_items(tree, base_url=None):
            found.extend(_job_postings_in(_microdata_as_jsonld(item)))
    return found


def _job_postings_in(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [posting for item in value for posting in _job_postings_in(item)]
    if not isinstance(value, dict):
        return []
    kind = value.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "JobPosting" in kinds:
        return [value]
    return _job_postings_in(value.get("@graph", [])) + _job_postings_in(value.get("mainEntity", []))


def _microdata_as_jsonld(item: dict[str, Any]) -> dict[str, Any]:
    kind = str(item.get("type", "")).rsplit("/", 1)[-1]
    properties = {key: _microdata_as_jsonld(value) if isinstance(value, dict) and "type" in value else value
                  for key, value in item.get("properties", {}).items()}
    return {"@type": kind, **properties}
