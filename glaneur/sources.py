"""The sources file (`sources.yaml`): which sites and APIs to crawl and how, validated before any crawl.

Adding a source means adding an entry here, never writing a spider: each entry names one of the generic spider
kinds of `glaneur.spiders` and the few selectors or settings it needs. Every error names the source and the
key, so that an operator fixes the file without reading code.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from glaneur.record import RECORD_FIELDS

KINDS = ("jsonld", "listing", "feed", "reliefweb", "sitemap")
RELIEFWEB_API = "https://api.reliefweb.int/v2/jobs"
# Environment variables that may hold the ReliefWeb appname when the source does not set it.
RELIEFWEB_APPNAME_ENV = ("GLANEUR_RELIEFWEB_APPNAME", "RELIEFWEB_APPNAME")
DEFAULT_CONTACT_URL = "https://github.com/glaneur/glaneur"
# `fields` keys: the record's own fields, plus a place as pages show it: whole (`location`) or in parts.
FIELD_KEYS = (*(f for f in RECORD_FIELDS if f not in ("source", "url", "content_hash")),
              "location", "city", "region", "country")
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SourcesError(ValueError):
    """The sources file cannot be used; `problems` lists every error, each naming the source and the key."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: " + ("\n  ".join(problems) if len(problems) == 1 else
                                        f"{len(problems)} problems:\n  " + "\n  ".join(problems)))


def _check_css(selector: str) -> str:
    from parsel.csstranslator import HTMLTranslator

    try:
        HTMLTranslator().css_to_xpath(selector)
    except Exception as error:  # cssselect raises several unrelated types for bad selectors
        raise ValueError(f"{selector!r} is not a valid CSS selector ({error})") from error
    return selector


def _check_field_key(key: str) -> None:
    if key not in FIELD_KEYS:
        close = difflib.get_close_matches(key, FIELD_KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(FIELD_KEYS)}"
        raise ValueError(f"{key!r} is not a record field{hint}")


def _check_http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an absolute http(s) URL")
    return url


class SourceConfig(BaseModel):
    """One entry of `sources:`; defaults are the polite ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: Literal["jsonld", "listing", "feed", "reliefweb", "sitemap"]
    start_urls: list[str] = Field(default_factory=list)
    enabled: bool = True
    # listing (and jsonld when start pages are listings): CSS for links to detail pages, and for the next
    # page.
    item_links: str | None = None
    next_page: str | None = None
    # CSS per record field, read on detail pages; the values become hints that win over free text.
    fields: dict[str, str] = Field(default_factory=dict)
    # Values every capture of this source carries as hints (e.g. the organization a UN agency's feed never
    # names).
    hints: dict[str, str] = Field(default_factory=dict)
    # sitemap: a regex a page URL must match to be fetched.
    follow: str | None = None
    # Bounds: listing/feed/sitemap/API pages followed, and every request of the crawl.
    max_pages: int = Field(50, ge=1, le=100_000)
    max_requests: int = Field(2000, ge=1, le=1_000_000)
    download_delay: float = Field(1.0, ge=0, le=600)
    concurrent_requests: int = Field(1, ge=1, le=2)
    autothrottle: bool = True
    timeout_s: float = Field(30.0, gt=0, le=600)
    # A page from a server without ETag/Last-Modified is downloaded again at most this often (0: every crawl).
    recheck_hours: float = Field(20.0, ge=0, le=24 * 365)
    allow_private_network: bool = False
    # Domains allowed besides the start URLs' hosts (e.g. the careers host a feed links to).
    allowed_domains: list[str] = Field(default_factory=list)
    attachments: bool = True
    contact_url: str | None = None
    # reliefweb: the API appname (or one of RELIEFWEB_APPNAME_ENV), an API filter object, the page size.
    appname: str | None = None
    api_filter: dict[str, Any] | None = None
    page_size: int = Field(1000, ge=1, le=1000)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(f"{value!r} must be lowercase letters, digits and single dashes (some-board)")
        return value

    @field_validator("start_urls")
    @classmethod
    def _start_urls(cls, value: list[str]) -> list[str]:
        return [_check_http_url(url) for url in value]

    @field_validator("contact_url")
    @classmethod
    def _contact_url(cls, value: str | None) -> str | None:
        return value if value is None else _check_http_url(value)

    @field_validator("item_links", "next_page")
    @classmethod
    def _selector(cls, value: str | None) -> str | None:
        return value if value is None else _check_css(value)

    @field_validator("fields")
    @classmethod
    def _fields(cls, value: dict[str, str]) -> dict[str, str]:
        for key, selector in value.items():
            _check_field_key(key)
            try:
                _check_css(selector)
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from error
        return value

    @field_validator("hints")
    @classmethod
    def _hints(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            _check_field_key(key)
        return value

    @field_validator("follow")
    @classmethod
    def _follow(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"{value!r} is not a valid regular expression ({error})") from error
        return value

    @field_validator("allowed_domains")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        for domain in value:
            if not re.fullmatch(r"[A-Za-z0-9.-]+", domain):
                raise ValueError(f"{domain!r} is not a host name (no scheme, no path)")
        return [domain.lower() for domain in value]

    @model_validator(mode="after")
    def _kind_needs(self) -> SourceConfig:
        if self.kind == "reliefweb":
            if not self.start_urls:
                object.__setattr__(self, "start_urls", [RELIEFWEB_API])
        elif not self.start_urls:
            raise ValueError("start_urls: at least one URL is needed")
        if self.kind == "listing" and not self.item_links:
            raise ValueError("item_links: a listing source needs a CSS selector for its detail links")
        return self

    @property
    def hosts(self) -> list[str]:
        """Where the crawl may go: the start URLs' hosts plus `allowed_domains`."""
        found = [urlsplit(url).hostname for url in self.start_urls]
        return sorted({host for host in found if host} | set(self.allowed_domains))

    def reliefweb_appname(self, environ: dict[str, str] | None = None) -> str | None:
        environ = os.environ if environ is None else environ
        return self.appname or next((environ[k] for k in RELIEFWEB_APPNAME_ENV if environ.get(k)), None)


def _key_path(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _describe(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        key = _key_path(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(item["loc"][-1]), SourceConfig.model_fields, n=1)
            message = "unknown key" + (f" (did you mean {close[0]!r}?)" if close else "")
        if not key and ":" in message:
            key, message = (part.strip() for part in message.split(":", 1))
        problems.append(f"key {key!r}: {message}" if key else message)
    return problems


def parse_sources(document: Any, *, origin: str = "sources.yaml") -> list[SourceConfig]:
    """Validate an already-loaded sources document; raise SourcesError listing every problem."""
    if not isinstance(document, dict) or not isinstance(document.get("sources"), list):
        raise SourcesError(origin, ["the file must be a mapping with a `sources:` list"])
    unknown = sorted(set(document) - {"sources", "contact_url", "defaults"})
    problems = [f"unknown top-level key {key!r} (known: sources, contact_url, defaults)" for key in unknown]
    defaults = document.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append("`defaults` must be a mapping of source keys")
        defaults = {}
    contact_url = document.get("contact_url") or os.environ.get("GLANEUR_CONTACT_URL") or DEFAULT_CONTACT_URL
    sources: list[SourceConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(document["sources"]):
        label = f"source #{index + 1}"
        if not isinstance(entry, dict):
            problems.append(f"{label}: must be a mapping of keys (name, kind, start_urls…)")
            continue
        if entry.get("name"):
            label += f" {entry['name']!r}"
        try:
            source = SourceConfig.model_validate({"contact_url": contact_url, **defaults, **entry})
        except ValidationError as error:
            problems.extend(f"{label}: {problem}" for problem in _describe(error))
            continue
        if source.name in seen:
            problems.append(f"{label}: key 'name': {source.name!r} is already the name of "
                            f"source #{seen[source.name]}")
            continue
        seen[source.name] = index + 1
        sources.append(source)
    if problems:
        raise SourcesError(origin, problems)
    return sources


def load_sources(path: Path | str) -> list[SourceConfig]:
    """Read and validate a sources file; every source, enabled or not, in file order."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourcesError(path, [f"cannot read the file ({error.strerror})"]) from error
    except yaml.YAMLError as error:
        raise SourcesError(path, [f"not valid YAML ({error})"]) from error
    return parse_sources(document, origin=str(path))
