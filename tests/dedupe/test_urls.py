"""The exact stage's URL normalisation, as a table of real-looking URLs: same page ⇔ same key."""

import pytest

from glaneur.transforms.dedupe import normalise_url

SAME_PAGE = [
    # tracking parameters of newsletters, social networks and ad platforms go
    ("https://jobs.example.org/offre/123?utm_source=newsletter&utm_medium=email&utm_campaign=juin",
     "https://jobs.example.org/offre/123"),
    ("https://jobs.example.org/offre/123?fbclid=IwAR0abcDEF", "https://jobs.example.org/offre/123"),
    ("https://jobs.example.org/offre/123?gclid=Cj0KCQjw&id=9", "https://jobs.example.org/offre/123?id=9"),
    ("https://jobs.example.org/offre/123?UTM_Source=X&msclkid=1&mc_cid=2&mc_eid=3",
     "https://jobs.example.org/offre/123"),
    # session ids, in the query or the path
    ("https://emploi.example.ml/detail.php?id=77&PHPSESSID=0f3c9d2e", "https://emploi.example.ml/detail.php?id=77"),
    ("https://emploi.example.ml/detail.jsp;jsessionid=A1B2C3?id=77", "https://emploi.example.ml/detail.jsp?id=77"),
    ("https://emploi.example.ml/detail?sid=123&id=77", "https://emploi.example.ml/detail?id=77"),
    # scheme and host are case-insensitive; default ports and fragments say nothing
    ("HTTPS://Jobs.Example.ORG/offre/123", "https://jobs.example.org/offre/123"),
    ("https://jobs.example.org:443/offre/123", "https://jobs.example.org/offre/123"),
    ("http://jobs.example.org:80/offre/123", "http://jobs.example.org/offre/123"),
    ("https://jobs.example.org/offre/123#postuler", "https://jobs.example.org/offre/123"),
    # trailing and doubled slashes, parameter order
    ("https://jobs.example.org/offre/123/", "https://jobs.example.org/offre/123"),
    ("https://jobs.example.org//offre//123", "https://jobs.example.org/offre/123"),
    ("https://jobs.example.org/?b=2&a=1", "https://jobs.example.org?a=1&b=2"),
    ("  https://jobs.example.org/offre/123  ", "https://jobs.example.org/offre/123"),
]

DIFFERENT_PAGES = [
    ("https://jobs.example.org/offre/123", "https://jobs.example.org/offre/124"),
    ("https://jobs.example.org/offre?id=123", "https://jobs.example.org/offre?id=124"),
    ("https://jobs.example.org:8443/offre/123", "https://jobs.example.org/offre/123"),
    ("https://jobs.example.org/Offre/123", "https://jobs.example.org/offre/123"),  # paths are case-sensitive
    ("https://a.example.org/offre/123", "https://b.example.org/offre/123"),
]


@pytest.mark.parametrize(("url", "expected"), SAME_PAGE)
def test_same_page_gets_the_same_key(url, expected):
    assert normalise_url(url) == expected
    assert normalise_url(expected) == expected  # idempotent


@pytest.mark.parametrize(("one", "other"), DIFFERENT_PAGES)
def test_different_pages_keep_different_keys(one, other):
    assert normalise_url(one) != normalise_url(other)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_no_url_gives_no_key(value):
    assert normalise_url(value) is None


def test_a_file_name_is_kept_as_it_is():
    assert normalise_url("inbox/offre-chargé-projet.pdf") == "inbox/offre-chargé-projet.pdf"
