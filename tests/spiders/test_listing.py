"""Listing and JSON-LD crawls of a small job board (tests/spiders/sites/board): pagination, detail pages
inside the board's chrome, robots.txt, attachments, field selectors, and a second run that downloads no detail
page again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .support import FIXTURES, SITES, make_source

BOARD = SITES / "board"
DETAILS = {f"/careers/jobs/{slug}.html" for slug in (
    "field-coordinator-mopti", "assistante-administrative-lome", "data-officer-tunis", "logisticien-goma",
    "stage-plaidoyer-bruxelles")}
LISTINGS = {"/careers/", "/careers/page/2/", "/careers/page/3/"}
DOCX = "/careers/files/tdr-logisticien.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def board(site_factory, **validators):
    site = site_factory(BOARD, **validators)
    document = (FIXTURES / "documents" / "dfa-togo-tdr-charge-projet-infrastructures.docx").read_bytes()
    site.routes[DOCX] = lambda request: request.respond(200, document, {"Content-Type": DOCX_TYPE})
    return site


def board_source(site, **values):
    return make_source(**{"name": "board", "kind": "listing", "start_urls": [site.url("/careers/")],
                          "item_links": "div.job-card h3 a", "next_page": "a[rel=next]",
                          "fields": {"title": "h1.job-title", "organization": ".job-org",
                                     "deadline": ".job-deadline", "city": ".job-place",
                                     "salary": ".job-salary", "apply_url": "a.apply::attr(href)"},
                          **values})


def test_listing_crawl_then_a_second_run_downloads_no_detail_page(site_factory, crawl):
    site = board(site_factory, etag=True, last_modified=False)
    first = crawl(board_source(site))

    assert first.status == "ok", first.error
    captured = {capture.locator.removeprefix(site.base): capture for capture in first.captures}
    assert set(captured) == DETAILS | {DOCX}
    mopti = captured["/careers/jobs/field-coordinator-mopti.html"]
    assert mopti.hints == {"title": "Field Coordinator", "organization": "Sahel Relief Alliance",
                           "deadline": "15 April 2026", "city": "Mopti, Mali"}
    assert mopti.media_type == "text/html" and b"Related jobs" in mopti.data  # raw page, chrome included
    assert mopti.external_id == site.url("/careers/jobs/field-coordinator-mopti.html")
    attachment = captured[DOCX]
    assert attachment.media_type == DOCX_TYPE
    assert attachment.hints["attachment_of"] == site.url("/careers/jobs/logisticien-goma.html")
    assert attachment.hints["title"] == "Logisticien·ne"
    assert attachment.external_id.startswith(site.url("/careers/jobs/logisticien-goma.html") + "#attachment:")
    # robots.txt disallows /careers/internal/: the listed internal role is never asked for.
    assert site.hits("/careers/internal/secret-role.html") == []
    assert first.stats["robots_forbidden"] == 1
    assert first.stats["navigation_pages"] == 3
    # A selector that matches on no page is counted as bad data, per field.
    assert first.stats["bad_data"] == {"salary": 5, "apply_url": 4}
    assert captured["/careers/jobs/stage-plaidoyer-bruxelles.html"].hints["apply_url"] == site.url(
        "/careers/apply/stage-plaidoyer")  # relative href made absolute
    assert "Mozilla" not in site.hits("/careers/")[0].headers["User-Agent"]
    assert site.hits("/careers/")[0].headers["User-Agent"].startswith("glaneur/")

    mark = len(site.log)
    second = crawl(board_source(site), first.state)

    assert second.status == "ok", second.error
    assert second.captures == []
    reasons = {entry["locator"].removeprefix(site.base): entry["reason"] for entry in second.seen}
    # The pages answered 304; the attachment of one of them is seen with it, not asked for.
    assert reasons == {**dict.fromkeys(DETAILS, "not_modified"), DOCX: "page_unchanged"}
    assert {entry["external_id"] for entry in second.seen} == {c.external_id for c in first.captures}
    assert set(site.fetched_paths(since=mark)) == LISTINGS | {"/robots.txt"}
    assert {hit.status for hit in site.log[mark:] if hit.path in DETAILS} == {304}
    assert second.stats["not_modified"] == len(DETAILS)


def test_pages_of_a_server_without_validators_wait_for_their_recheck(site_factory, crawl):
    site = board(site_factory, etag=False, last_modified=False)
    first = crawl(board_source(site, attachments=False))
    state = first.state
    # One page was fetched two days ago: it is due; the others were fetched just now.
    due = site.url("/careers/jobs/data-officer-tunis.html")
    state["urls"][due]["fetched_at"] = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    mark = len(site.log)
    second = crawl(board_source(site, attachments=False), state)

    assert {c.locator.removeprefix(site.base) for c in first.captures} == DETAILS
    assert second.status == "ok" and second.captures == []
    asked = [hit.path for hit in site.log[mark:] if hit.path in DETAILS]
    assert asked == ["/careers/jobs/data-officer-tunis.html"]
    reasons = {entry["locator"]: entry["reason"] for entry in second.seen}
    assert reasons.pop(due) == "same_content"
    assert set(reasons.values()) == {"fetched_lately"} and len(reasons) == len(DETAILS) - 1


def test_a_selector_matching_nothing_makes_the_crawl_empty_and_says_which(site_factory, crawl):
    site = board(site_factory)
    result = crawl(board_source(site, item_links="a.job-link"))

    assert result.status == "empty"
    assert result.error == ("3 listing page(s) fetched but no link matched item_links 'a.job-link' "
                            "(is the selector broken?)")
    assert result.captures == [] and result.stats["navigation_pages"] == 3


def test_when_every_detail_link_is_forbidden_the_empty_crawl_says_so(site_factory, crawl):
    site = board(site_factory)
    site.routes["/robots.txt"] = lambda request: request.respond(
        200, b"User-agent: glaneur\nDisallow: /careers/jobs/\nDisallow: /careers/internal/\n",
        {"Content-Type": "text/plain"})
    result = crawl(board_source(site))

    assert result.status == "empty"
    assert result.error == "6 detail link(s) found but none gave a posting (6 forbidden by robots.txt)"
    assert not [hit for hit in site.log if hit.path.startswith(("/careers/jobs/", "/careers/internal/"))]


def test_jsonld_crawl_keeps_only_pages_with_a_job_posting(site_factory, crawl):
    site = board(site_factory)
    posting = "/careers/jobs/data-officer-tunis.html"
    # A listing to explore, and a posting given directly as a start page.
    source = make_source(name="board-jsonld", kind="jsonld", next_page="a[rel=next]", attachments=False,
                         start_urls=[site.url("/careers/"), site.url(posting)])
    first = crawl(source)

    assert first.status == "ok", first.error
    assert [c.locator.removeprefix(site.base) for c in first.captures] == [posting]
    assert first.stats["scrapy"]["glaneur/jsonld/pages_without_jobposting"] >= 4
    # /login/ and /careers/internal/ are disallowed, the Twitter link is off-site: none was asked for.
    assert not {"/login/", "/careers/internal/"} & {hit.path for hit in site.log}
    assert first.stats["offsite_filtered"] >= 1

    mark = len(site.log)
    second = crawl(source, first.state)
    # The start page captured as a posting is asked conditionally the next time.
    assert [hit.status for hit in site.log[mark:] if hit.path == posting] == [304]
    assert second.status == "ok" and second.captures == []
    assert {"locator": site.url(posting), "external_id": site.url(posting),
            "reason": "not_modified"} in second.seen
