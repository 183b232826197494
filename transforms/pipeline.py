"""One capture in, postings (or a rejection) out: parse → extract → normalise. Pure: no I/O, no clock."""

from __future__ import annotations

import datetime

from glaneur.record import Capture, Posting, Rejection, content_hash
from glaneur.transforms.parse import Document, parse


def process(capture: Capture, today: datetime.date) -> list[Posting] | Rejection:
    documents = parse(capture)
    if isinstance(documents, Rejection):
        return documents
    postings = []
    for document in documents:
        posting = _posting(capture, document)
        if posting.title:
            postings.append(posting)
    if not postings:
        return Rejection("not_a_posting", "no job title found in the text")
    return postings


def _posting(capture: Capture, document: Document) -> Posting:
    title = capture.hints.get("title") or document.hints.get("title")
    if not title:
        title = next((line for line in document.text.split("\n") if line.strip()), None)
    text = document.text
    return Posting(
        title=title,
        description=text,
        source=capture.source,
        url=document.url or capture.url,
        content_hash=content_hash(text or title or ""),
        external_id=document.external_id,
    )
