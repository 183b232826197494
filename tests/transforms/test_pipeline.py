"""process(): one capture in, postings or a rejection out."""

import datetime
from pathlib import Path

from glaneur.record import Capture, Posting, Rejection, content_hash
from glaneur.transforms.pipeline import process

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TODAY = datetime.date(2026, 1, 15)


def run(data: bytes, locator: str = "inbox/posting.txt", **kwargs):
    return process(Capture(source="test", locator=locator, data=data, **kwargs), TODAY)


def test_text_sample_gives_one_posting_with_title_and_hash():
    data = (SHARED / "samples/postings/md-charge-ace.txt").read_bytes()
    [posting] = run(data, url="https://example.org/ace")
    assert isinstance(posting, Posting)
    assert posting.title.startswith("Chargé·e Apprentissages")
    assert posting.description and posting.content_hash == content_hash(posting.description)
    assert posting.source == "test" and posting.url == "https://example.org/ace"
    assert posting.external_id is None


def test_whitespace_only_is_rejected_as_empty():
    result = run(b" \n\t ")
    assert isinstance(result, Rejection) and result.code == "empty"
