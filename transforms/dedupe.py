"""Which posting a source record belongs to, and what the posting's canonical record is. Pure: no I/O.

Storage hands in the batch and the candidates it found in the store; this module decides and explains. The exact
stage matches on the normalised URL and the normalised content hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from glaneur.record import LIST_FIELDS, RECORD_FIELDS

TRACKING_PARAMETERS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|_hsenc|_hsmi|igshid|ref_src|"
    r"phpsessid|jsessionid|sid|sessionid|session_id|aspsessionid\w*|cfid|cftoken)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str | None) -> str | None:
    """The URL with tracking and session parameters, default ports, fragments and trailing slashes removed.

    >>> normalise_url("HTTPS://Example.org:443/jobs/12/?utm_source=x&id=3#apply")
    'https://example.org/jobs/12?id=3'
    """
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = re.sub(r";jsessionid=[^/?#]*", "", parts.path, flags=re.IGNORECASE)
    path = re.sub(r"/{2,}", "/", path).rstrip("/") or ""
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETERS.match(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


@dataclass
class Incoming:
    """A source record about to be published."""

    key: tuple[str, str]
    record: dict[str, Any]
    url_key: str | None
    structured: bool = False


@dataclass
class Candidate:
    """A posting already in the store that an incoming record might belong to."""

    posting_id: int
    content_hash: str | None
    url_key: str | None


@dataclass
class Decision:
    """`posting_id` None means a new posting; `same_as_batch` points at an earlier incoming record of the batch."""

    incoming: Incoming
    posting_id: int | None = None
    same_as_batch: int | None = None
    rule: str = "new"
    score: float = 1.0
    evidence: dict[str, Any] = field(default_factory=dict)


def decide(batch: list[Incoming], candidates: list[Candidate]) -> list[Decision]:
    """Exact stage: a record whose normalised URL or content hash is already known joins that posting."""
    by_hash = {c.content_hash: c.posting_id for c in candidates if c.content_hash}
    by_url = {c.url_key: c.posting_id for c in candidates if c.url_key}
    batch_hash: dict[str, int] = {}
    batch_url: dict[str, int] = {}
    decisions = []
    for index, incoming in enumerate(batch):
        content = incoming.record.get("content_hash")
        decision = Decision(incoming)
        if incoming.url_key and incoming.url_key in by_url:
            decision.posting_id, decision.rule = by_url[incoming.url_key], "same_url"
            decision.evidence = {"url": incoming.url_key}
        elif content and content in by_hash:
            decision.posting_id, decision.rule = by_hash[content], "same_content"
            decision.evidence = {"content_hash": content}
        elif incoming.url_key and incoming.url_key in batch_url:
            decision.same_as_batch, decision.rule = batch_url[incoming.url_key], "same_url"
            decision.evidence = {"url": incoming.url_key}
        elif content and content in batch_hash:
            decision.same_as_batch, decision.rule = batch_hash[content], "same_content"
            decision.evidence = {"content_hash": content}
        else:
            if incoming.url_key:
                batch_url[incoming.url_key] = index
            if content:
                batch_hash[content] = index
        decisions.append(decision)
    return decisions


def _completeness(record: dict[str, Any]) -> int:
    return sum(1 for key in RECORD_FIELDS if record.get(key) not in (None, [], ""))


def canonical(records: list[tuple[dict[str, Any], bool, str]]) -> dict[str, Any]:
    """The canonical record from all sources of one posting: `(record, structured, last_seen_iso)` each.

    Each field comes from the best source that has it: structured over free text, then more complete, then newer.
    """
    ranked = sorted(records, key=lambda r: (r[1], _completeness(r[0]), r[2]), reverse=True)
    merged: dict[str, Any] = {}
    for key in RECORD_FIELDS:
        empty: Any = [] if key in LIST_FIELDS else None
        merged[key] = next((r[0][key] for r in ranked if r[0].get(key) not in (None, [], "")), empty)
    return merged
