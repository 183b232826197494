"""Make a posting record safe to store and to display, whatever the input held. Pure.

Two hazards, two functions:
- `storable(value)`: strings that both databases accept — no NUL (PostgreSQL refuses it in text and JSONB, so one
  NUL would fail a whole batch) and no lone surrogates (they cannot be encoded in UTF-8).
- `clean_record(record)`: `storable`, plus text fields that hold no markup a page could render — no script, style
  or embedded-content elements, no HTML tags or event handlers, no `javascript:`/`vbscript:`/`data:` URLs, no
  control characters but tab and newline — and
  URL fields limited to http(s) (mailto too for `apply_url`). Descriptions are clean text; this is the last line of
  defence before publishing, whatever the parser did.
"""

from __future__ import annotations

import re
from typing import Any

# Elements whose content is code or embedded content, removed with their content.
ACTIVE_ELEMENTS = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
                   "template", "svg", "math", "xml")
# Any other tag of these names is removed, its text kept.
HTML_ELEMENTS = (
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body",
    "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd",
    "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "font",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "img", "input",
    "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "marquee", "meta", "meter", "nav", "ol",
    "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "s", "samp", "section",
    "select", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "time", "title", "tr", "track", "u", "ul", "var", "video", "wbr", "image", "isindex",
    "keygen", "listing", "plaintext", "xmp", "portal", "slot",
) + ACTIVE_ELEMENTS
_ACTIVE_TAG = re.compile(r"<\s*(/?)\s*(%s)\b[^<>]*>" % "|".join(ACTIVE_ELEMENTS), re.IGNORECASE)
# A tag of a known element, closed, or cut off at the end of the line or by the next "<" ("<svg<").
_TAG = re.compile(r"<\s*/?\s*(?:%s)\b[^<>\n]*(?:>|$|(?=<))" % "|".join(HTML_ELEMENTS), re.IGNORECASE | re.MULTILINE)
_EVENT_HANDLER = re.compile(r"\bon[a-z]{3,}\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
# A script URL as a link would hold it: the scheme glued to what follows ("JavaScript: 3 ans" is a skill, kept).
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script\s*:(?=\S)\S*|\bdata\s*:\s*(?:text/html|[\w.+-]+/[\w.+-]*script"
                         r"|image/svg\+xml)\S*", re.IGNORECASE)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_MAILTO = re.compile(r"^mailto:[^\s<>\"']+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s@<>\"'()]+@[^\s@<>\"'()]+\.[^\s@<>\"'()]+$")

MAX_PASSES = 8
TEXT_FIELDS = ("title", "organization", "description", "reference", "start_date")
URL_FIELDS = ("url",)


def storable(value: Any) -> Any:
    """The same value with every string (keys included) cleared of what no database stores: NUL (dropped) and lone
    surrogates (→ U+FFFD)."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(_replacement, value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, tuple):
        return tuple(storable(item) for item in value)
    return value


def _replacement(match: re.Match) -> str:
    return "\ufffd" if "\ud800" <= match.group() <= "\udfff" else ""


def display_text(text: str) -> str:
    """Text with nothing a browser would run or render as markup, when a page forgets to escape it.

    Removing one tag may join the pieces of another ("<scr<b>ipt>"): the removal repeats until nothing changes; a
    text still building tags after MAX_PASSES has the "<" of what is left turned into "‹", which no browser reads
    as markup.
    """
    text = _CONTROL.sub("", text)
    for _ in range(MAX_PASSES):
        cleaner = _without_script_urls(_without_event_handlers(_without_tags(text)))
        if cleaner == text:
            break
        text = cleaner
    else:
        text = _TAG.sub(lambda tag: "\u2039" + tag.group()[1:], _ACTIVE_TAG.sub(lambda tag: "\u2039" + tag.group()[1:], text))
    if " \n" not in text and "\t\n" not in text:  # nothing for _TRAILING_SPACE to match: skip its scan
        return text.strip()
    return _TRAILING_SPACE.sub("\n", text).strip()


# Each pass of `display_text` runs three patterns over the whole description; most descriptions hold nothing any of
# them could match. These skip a pattern when the text lacks a character (or word) that every match of it needs —
# the same result, without the regex scan (the case-insensitive script-URL pattern alone cost ~0.1 ms a posting).

def _without_tags(text: str) -> str:
    if "<" not in text:  # every tag, active or not, opens with "<"
        return text
    return _TAG.sub("", _without_active_blocks(text))


def _without_event_handlers(text: str) -> str:
    return _EVENT_HANDLER.sub("", text) if "=" in text else text


def _without_script_urls(text: str) -> str:
    """`_SCRIPT_URL` removed; skipped when no "script" or "data" is written in any case. Under IGNORECASE the only
    non-ASCII characters matching those letters are "ſ" (s), "İ" and "ı" (i): their presence runs the pattern."""
    if ":" not in text:
        return text
    low = text.lower()
    if "script" in low or "data" in low or "\u017f" in text or "\u0130" in text or "\u0131" in text:
        return _SCRIPT_URL.sub("", text)
    return text


def _without_active_blocks(text: str) -> str:
    """Drop script-like elements with their content, in one linear pass (a regex with a lazy `.*?` up to the
    closing tag would be quadratic on hostile text full of openers). An element never closed loses only its tag."""
    kept, position, open_name, open_end = [], 0, None, 0
    for tag in _ACTIVE_TAG.finditer(text):
        closing, name = bool(tag.group(1)), tag.group(2).lower()
        if open_name is None and not closing:
            kept.append(text[position:tag.start()])
            open_name, open_end = name, tag.end()
        elif open_name == name and closing:
            open_name, position = None, tag.end()
    kept.append(text[position:] if open_name is None else text[open_end:])
    return "".join(kept)


def safe_url(url: Any, *, allow_mailto: bool = False) -> str | None:
    """`url` when it is an http(s) link (or mailto: when allowed), else None: no javascript:, data:, file: links."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if _WEB_URL.match(url) or (allow_mailto and _MAILTO.match(url)):
        return url
    return None


def clean_record(record: dict[str, Any]) -> dict[str, Any]:
    """A posting record (the contract's keys) safe to store and display; other keys are only made storable."""
    clean = storable(record)
    for key in TEXT_FIELDS:
        if isinstance(clean.get(key), str):
            clean[key] = display_text(clean[key]) or None
    for key in URL_FIELDS:
        if key in clean:
            clean[key] = safe_url(clean[key])
    if "apply_url" in clean:
        clean["apply_url"] = safe_url(clean["apply_url"], allow_mailto=True)
    if isinstance(clean.get("apply_emails"), list):
        clean["apply_emails"] = [e for e in clean["apply_emails"] if isinstance(e, str) and _EMAIL.match(e)]
    for location in clean.get("locations") or []:
        if isinstance(location, dict):
            for key, value in location.items():
                if isinstance(value, str):
                    location[key] = display_text(value) or None
    return clean
