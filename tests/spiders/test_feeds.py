"""Feed parsing on real feeds of this field (../shared/fixtures/feeds) and on the oddities they show."""

from __future__ import annotations

import pytest

from glaneur.spiders.feeds import entry_hints, html_to_text, iso_date, parse_feed
from glaneur.spiders.pipelines import clean_text

from .support import FIXTURES

FEEDS = FIXTURES / "feeds"


def entries(name: str, url: str = "https://feeds.example/feed.xml"):
    return parse_feed((FEEDS / name).read_bytes(), url)


@pytest.mark.parametrize(("name", "count"), [
    ("pass-fonction-publique-offres.rss", 7),
    ("unicef-vacancies-filtered.rss", 32),
    ("unhcr-vacancies-workday.rss", 56),
    ("reliefweb-jobs-rss-excerpt.xml", 2),
])
def test_every_item_of_real_feeds_has_a_link_and_an_id(name, count):
    found = entries(name)
    assert len(found) == count
    assert all(entry.link and entry.link.startswith("https://") for entry in found)
    assert all(entry.guid for entry in found)


def test_pass_feed_title_inside_an_element_double_escaping_and_iso_dates_with_a_newline():
    first = entries("pass-fonction-publique-offres.rss")[0]
    hints, bad = entry_hints(first, with_description=True)
    assert hints["title"] == "Contrat d'Apprentissage - financements H/F"
    assert hints["posted_date"] == "2025-02-26"
    assert hints["reference"] == "A-2025-159026"
    assert hints["city"] == "PARIS 14ème arrondissement"
    # dc:publisher names the employer; dc:creator is an e-mail address and is not taken for one.
    assert hints["organization"] == "Centre national du cinéma et de l'image animée"
    assert bad == []
    # The RSS <author> is escaped twice (&amp;#039;): one unescape leaves an entity that the pipeline removes.
    assert first.author == "Centre national du cinéma et de l&#039;image animée"
    assert clean_text(first.author, multiline=False) == "Centre national du cinéma et de l'image animée"
    # &amp;nbsp; in the escaped HTML description becomes a space, not the text "&nbsp;".
    assert "&nbsp;" not in clean_text(hints["description"], multiline=True)


def test_reliefweb_rss_description_markup_becomes_text_with_its_tags():
    hints, _ = entry_hints(entries("reliefweb-jobs-rss-excerpt.xml")[1], with_description=True)
    text = clean_text(hints["description"], multiline=True)
    assert "Country: France" in text and "Closing date:" in text
    assert "<div" not in text and "&lt;" not in text
    assert hints["organization"] == "Action contre la Faim France"


def test_rfc822_dates_of_un_feeds():
    hints, _ = entry_hints(entries("unhcr-vacancies-workday.rss")[0], with_description=False)
    assert hints == {"title": "Inspector General", "posted_date": "2026-02-25"}


def test_atom_with_xml_base_and_relative_links():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://jobs.example.org/fr/">
  <title>Offres</title>
  <entry>
    <title type="html">Charg&amp;eacute;e de projet &lt;b&gt;Dakar&lt;/b&gt;</title>
    <link rel="alternate" href="offres/42"/>
    <link rel="enclosure" href="/files/42.pdf"/>
    <id>urn:uuid:42</id>
    <updated>2026-03-02T10:00:00Z</updated>
    <author><name>ONG Exemple</name></author>
    <summary>Un poste &#224; Dakar.</summary>
  </entry>
  <entry xml:base="https://other.example.net/">
    <title>Second</title>
    <link href="jobs/7"/>
    <id>urn:uuid:7</id>
  </entry>
</feed>"""
    first, second = parse_feed(atom, "https://jobs.example.org/feed.atom")
    assert first.link == "https://jobs.example.org/fr/offres/42"
    assert second.link == "https://other.example.net/jobs/7"
    hints, _ = entry_hints(first, with_description=True)
    assert clean_text(hints["title"], multiline=False) == "Chargée de projet Dakar"
    assert hints["organization"] == "ONG Exemple"
    assert hints["posted_date"] == "2026-03-02"
    assert hints["description"] == "Un poste à Dakar."


def test_entity_bomb_is_not_expanded():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<rss version="2.0"><channel><item><title>&e;</title><link>https://a.example/1</link></item></channel></rss>"""
    (entry,) = parse_feed(bomb, "https://a.example/feed")
    assert len(entry.title or "") < 1000


def test_not_a_feed_gives_no_entries():
    assert parse_feed(b"<html><body><p>Maintenance</p></body></html>", "https://a.example/") == []
    assert parse_feed(b"", "https://a.example/") == []


@pytest.mark.parametrize(("raw", "expected"), [
    ("Wed, 25 Feb 2026 11:25:50 +0000", "2026-02-25"),
    ("2025-02-26T16:40:27+0100\n", "2025-02-26"),
    ("2026-03-02", "2026-03-02"),
    ("Posted 2 Days Ago", None),
    ("2026-02-30", None),
    ("", None),
])
def test_iso_date(raw, expected):
    assert iso_date(raw) == expected


def test_html_to_text_keeps_block_breaks():
    assert html_to_text("<p>Un</p><p>Deux<br>Trois</p>") == "Un\nDeux\nTrois"
    assert html_to_text("   ") is None
