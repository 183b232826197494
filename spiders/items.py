"""What spiders yield. Spiders write nothing: pipelines turn these into captures and crawl state."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    """Bytes to capture: a detail page, an attachment, a feed item or an API item.

    `locator` is the URL that was asked for (the key of crawl state); `url` the one that answered (after
    redirects). `hints` are record fields the source gave in structured form (feed item fields, API fields,
    `fields` selectors), keyed by record field name.
    """

    locator: str
    url: str
    body: bytes
    media_type: str | None
    external_id: str | None
    hints: dict[str, Any] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    lastmod: str | None = None
    # Set by KnownContentPipeline when these exact bytes were captured last time: nothing new to publish.
    unchanged: bool = False
    # Where crawl state keeps this capture if not under `locator`: an attachment's `<page>#attachment:<url>`.
    state_key: str | None = None

    @property
    def key(self) -> str:
        return self.state_key or self.locator

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass
class SeenItem:
    """A record known from an earlier crawl, confirmed still listed but not downloaded again.

    Lifecycle needs it: a posting skipped because it did not change (304, same lastmod, same feed date, an API
    id still listed) was seen, and must not be closed as gone. `reason` says how it was confirmed.
    """

    locator: str
    external_id: str | None
    reason: str
    lastmod: str | None = None
    state_key: str | None = None

    @property
    def key(self) -> str:
        return self.state_key or self.locator
