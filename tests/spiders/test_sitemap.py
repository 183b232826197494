"""Sitemap crawls: the job pages matching `follow`, fetched again only when their <lastmod> changed."""

from __future__ import annotations

from .support import SITES, make_source

JOBS = ("field-coordinator-mopti", "assistante-administrative-lome", "data-officer-tunis", "logisticien-goma",
        "stage-plaidoyer-bruxelles")


def sitemap_site(site_factory, lastmods: dict[str, str]):
    site = site_factory(SITES / "board")

    def index(request):
        request.respond(200, f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{site.url('/sitemap-jobs.xml')}</loc></sitemap>
</sitemapindex>""".encode(), {"Content-Type": "application/xml"})

    def jobs(request):
        urls = "".join(f"<url><loc>{site.url(f'/careers/jobs/{slug}.html')}</loc>"
                       f"<lastmod>{lastmods[slug]}</lastmod></url>" for slug in JOBS)
        urls += f"<url><loc>{site.url('/careers/')}</loc></url>"
        urls += f"<url><loc>{site.url('/careers/internal/secret-role.html')}</loc></url>"
        request.respond(200, f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>""".encode(),
                        {"Content-Type": "application/xml"})

    site.routes.update({"/sitemap.xml": index, "/sitemap-jobs.xml": jobs})
    return site


def test_sitemap_follows_matching_pages_and_skips_them_while_lastmod_is_unchanged(site_factory, crawl):
    lastmods = dict.fromkeys(JOBS, "2026-03-01")
    site = sitemap_site(site_factory, lastmods)
    source = make_source(name="board-sitemap", kind="sitemap", start_urls=[site.url("/sitemap.xml")],
                         follow=r"/careers/(jobs|internal)/", attachments=False)
    first = crawl(source)

    assert first.status == "ok", first.error
    assert sorted(c.locator.removeprefix(site.base) for c in first.captures) == sorted(
        f"/careers/jobs/{slug}.html" for slug in JOBS)
    assert site.hits("/careers/") == []                              # not matching `follow`
    assert site.hits("/careers/internal/secret-role.html") == []     # matching, but robots.txt disallows it
    assert first.state["urls"][site.url("/careers/jobs/data-officer-tunis.html")]["lastmod"] == "2026-03-01"

    lastmods["data-officer-tunis"] = "2026-03-20"
    mark = len(site.log)
    second = crawl(source, first.state)

    assert second.status == "ok", second.error
    # Only the page whose lastmod moved is asked for (conditionally; it did not change, so no body either).
    assert [hit.path for hit in site.log[mark:] if hit.path.startswith("/careers/")] == [
        "/careers/jobs/data-officer-tunis.html"]
    assert second.captures == []
    assert sorted(entry["reason"] for entry in second.seen) == ["lastmod"] * 4 + ["not_modified"]
    assert second.stats["skipped"] == {"unchanged_lastmod": 4}
    assert second.state["urls"][site.url("/careers/jobs/data-officer-tunis.html")]["lastmod"] == "2026-03-20"
