"""The sources file: shipped ones valid and offline by default; every error names the source and the key."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from glaneur.sources import SourcesError, load_sources, parse_sources

REPO = Path(__file__).resolve().parents[2]


def problems(document) -> list[str]:
    with pytest.raises(SourcesError) as raised:
        parse_sources(document, origin="test.yaml")
    return raised.value.problems


def test_shipped_sources_are_valid_and_none_enabled_touches_the_internet():
    sources = load_sources(REPO / "sources.yaml")
    assert {s.kind for s in sources} >= {"reliefweb", "feed", "sitemap"}
    for source in sources:
        for url in source.start_urls if source.enabled else ():
            assert ipaddress.ip_address(urlsplit(url).hostname).is_loopback, source.name
    reliefweb = next(s for s in sources if s.kind == "reliefweb")
    assert not reliefweb.enabled and reliefweb.appname is None


def test_example_sources_are_valid_and_on_loopback_with_permission():
    sources = load_sources(REPO / "examples" / "sources.yaml")
    assert {s.kind for s in sources} == {"listing", "feed", "sitemap", "jsonld"}
    for source in sources:
        assert source.allow_private_network and source.hosts == ["127.0.0.1"]


def test_polite_defaults():
    entry = {"name": "a", "kind": "feed", "start_urls": ["https://a.example/f"]}
    source = parse_sources({"sources": [entry]})[0]
    assert (source.download_delay, source.concurrent_requests, source.autothrottle) == (1.0, 1, True)
    assert not source.allow_private_network and source.max_pages == 50


@pytest.mark.parametrize(("entry", "expected"), [
    ({"name": "Some_Board", "kind": "feed", "start_urls": ["https://a.example/"]},
     "source #1 'Some_Board': key 'name': 'Some_Board' must be lowercase"),
    ({"name": "b", "kind": "forum", "start_urls": ["https://a.example/"]}, "source #1 'b': key 'kind'"),
    ({"name": "b", "kind": "feed", "start_urls": ["ftp://a.example/"]},
     "source #1 'b': key 'start_urls': 'ftp://a.example/' is not an absolute http(s) URL"),
    ({"name": "b", "kind": "feed"}, "source #1 'b': key 'start_urls': at least one URL is needed"),
    ({"name": "b", "kind": "listing", "start_urls": ["https://a.example/"]},
     "source #1 'b': key 'item_links': a listing source needs a CSS selector"),
    ({"name": "b", "kind": "listing", "start_urls": ["https://a.example/"], "item_links": "a[["},
     "source #1 'b': key 'item_links': 'a[[' is not a valid CSS selector"),
    ({"name": "b", "kind": "listing", "start_urls": ["https://a.example/"], "item_link": "a"},
     "source #1 'b': key 'item_link': unknown key (did you mean 'item_links'?)"),
    ({"name": "b", "kind": "sitemap", "start_urls": ["https://a.example/s.xml"], "follow": "(("},
     "source #1 'b': key 'follow': '((' is not a valid regular expression"),
    ({"name": "b", "kind": "jsonld", "start_urls": ["https://a.example/"], "fields": {"titel": "h1"}},
     "source #1 'b': key 'fields': 'titel' is not a record field (did you mean 'title'?)"),
    ({"name": "b", "kind": "feed", "start_urls": ["https://a.example/"], "concurrent_requests": 8},
     "source #1 'b': key 'concurrent_requests'"),
])
def test_each_error_names_the_source_and_the_key(entry, expected):
    found = problems({"sources": [entry]})
    assert any(problem.startswith(expected) for problem in found), found


def test_all_problems_are_reported_at_once_and_duplicates_named():
    found = problems({"sources": [
        {"name": "a", "kind": "feed", "start_urls": ["https://a.example/"]},
        {"name": "a", "kind": "feed", "start_urls": ["https://b.example/"]},
        {"name": "c", "kind": "sitemap"},
    ], "sourcse": []})
    assert "unknown top-level key 'sourcse' (known: sources, contact_url, defaults)" in found
    assert "source #2 'a': key 'name': 'a' is already the name of source #1" in found
    assert any(problem.startswith("source #3 'c': key 'start_urls'") for problem in found)


def test_defaults_apply_to_every_source_and_an_entry_overrides_them():
    sources = parse_sources({"defaults": {"download_delay": 0.2}, "contact_url": "https://ops.example/bot",
                             "sources": [{"name": "a", "kind": "feed", "start_urls": ["https://a.example/"]},
                                         {"name": "b", "kind": "feed", "start_urls": ["https://b.example/"],
                                          "download_delay": 3}]})
    assert [s.download_delay for s in sources] == [0.2, 3]
    assert {s.contact_url for s in sources} == {"https://ops.example/bot"}


def test_unreadable_files_are_clear_errors(tmp_path):
    with pytest.raises(SourcesError, match="cannot read the file"):
        load_sources(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="not valid YAML"):
        load_sources(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(SourcesError, match="a mapping with a `sources:` list"):
        load_sources(bad)


def test_reliefweb_appname_from_config_or_environment():
    source = parse_sources({"sources": [{"name": "rw", "kind": "reliefweb"}]})[0]
    assert source.start_urls == ["https://api.reliefweb.int/v2/jobs"]
    assert source.reliefweb_appname({}) is None
    assert source.reliefweb_appname({"RELIEFWEB_APPNAME": "glaneur-test"}) == "glaneur-test"
    configured = source.model_copy(update={"appname": "from-config"})
    assert configured.reliefweb_appname({"RELIEFWEB_APPNAME": "glaneur-test"}) == "from-config"
