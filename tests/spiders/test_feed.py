"""Feed crawls: real feeds of this field served locally, and the board's RSS whose items lead to its pages."""

from __future__ import annotations

from .support import FIXTURES, SITES, make_source

FEEDS = {"/feeds/pass.rss": "pass-fonction-publique-offres.rss",
         "/feeds/unicef.rss": "unicef-vacancies-filtered.rss",
         "/feeds/unhcr.rss": "unhcr-vacancies-workday.rss",
         "/feeds/reliefweb.xml": "reliefweb-jobs-rss-excerpt.xml"}


def test_real_feeds_whose_links_leave_the_site_are_captured_item_by_item(site_factory, crawl):
    site = site_factory()
    for path, name in FEEDS.items():
        body = (FIXTURES / "feeds" / name).read_bytes()
        site.routes[path] = lambda request, body=body: request.respond(
            200, body, {"Content-Type": "application/rss+xml"})
    result = crawl(make_source(name="real-feeds", kind="feed", start_urls=[site.url(path) for path in FEEDS]))

    assert result.status == "ok", result.error
    # 7 + 32 + 56 + 2 items; their links go to other hosts, so no page is fetched and each item is kept whole.
    assert len(result.captures) == 97
    assert sorted(hit.path for hit in site.log if hit.path != "/robots.txt") == sorted(FEEDS)
    assert result.stats["requests"] == len(FEEDS) + 1
    by_id = {capture.external_id: capture for capture in result.captures}
    assert len(by_id) == 97
    apprentice = by_id["8760e23b-b22d-4fe6-ab21-3327480cd0b1"]
    assert apprentice.media_type == "application/rss+xml"
    assert apprentice.data.startswith(b"<item ") and apprentice.data.endswith(b"</item>")
    assert b"A-2025-159026" in apprentice.data
    assert apprentice.url == ("https://www.pass.fonction-publique.gouv.fr/offre/"
                              "contrat-dapprentissage-financements-hf")
    assert apprentice.hints["title"] == "Contrat d'Apprentissage - financements H/F"
    assert apprentice.hints["posted_date"] == "2025-02-26"
    assert apprentice.hints["description"].startswith("Au sein du service, l’alternant(e) agira notamment")
    assert "&nbsp;" not in apprentice.hints["description"]
    acf = by_id["https://reliefweb.int/job/4231008/cheffe-ou-chef-de-projet-finance-si-france"]
    assert acf.hints["organization"] == "Action contre la Faim France"
    assert "Closing date:" in acf.hints["description"]


def test_board_feed_items_lead_to_their_pages_and_a_second_run_skips_unchanged_items(site_factory, crawl):
    site = site_factory(SITES / "board")
    source = make_source(name="board-feed", kind="feed", start_urls=[site.url("/careers/feed.xml")],
                         attachments=False)
    first = crawl(source)

    assert first.status == "ok", first.error
    by_id = {capture.external_id: capture for capture in first.captures}
    assert set(by_id) == {"ngojobs-1001", "ngojobs-1002", "ngojobs-1003", "ngojobs-1004"}
    mopti = by_id["ngojobs-1001"]
    # Relative link resolved against the feed's URL; the page is the capture, the item's fields its hints.
    assert mopti.locator == site.url("/careers/jobs/field-coordinator-mopti.html")
    assert mopti.media_type == "text/html" and b"<h1 class=\"job-title\">" in mopti.data
    assert mopti.hints == {"title": "Field Coordinator – Mopti", "organization": "Sahel Relief Alliance",
                           "posted_date": "2026-03-18"}
    assert by_id["ngojobs-1002"].hints == {"title": "Assistant·e administratif·ve",
                                           "organization": "ONG Lumière Togo", "posted_date": "2026-03-17",
                                           "city": "Lomé"}
    # "le 16 mars" is no date: counted as bad data, not guessed; an e-mail author is no organisation.
    assert by_id["ngojobs-1003"].hints == {"title": "Logisticien·ne"}
    assert first.stats["bad_data"] == {"feed_date": 1}
    # The partner-hosted item is not followed off-site: the item itself is the capture, its text the
    # description.
    partner = by_id["ngojobs-1004"]
    assert partner.media_type == "application/rss+xml"
    assert partner.url == "https://partner.example.org/jobs/regional-director"
    assert partner.hints["description"].startswith("Regional Director for West Africa")

    mark = len(site.log)
    second = crawl(source, first.state)

    assert second.status == "ok" and second.captures == []
    assert sorted(entry["reason"] for entry in second.seen) == ["lastmod"] * 3 + ["same_content"]
    assert [hit.path for hit in site.log[mark:]] == ["/robots.txt", "/careers/feed.xml"]
