"""The ReliefWeb API v2 spider against a local API of the same shape: offset paging, the date.changed cursor,
the listing of still-open jobs, the field mapping, and the appname it cannot do without."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from glaneur.spiders.kinds.reliefweb import reliefweb_hints

from .support import make_source


def job(job_id: int, changed: str, title: str, *, country: str = "Mali", iso3: str = "mli",
        city: str | None = "Bamako", source: str = "Action contre la Faim France") -> dict:
    """A job as the API returns it with `fields[include]` (structure of api.reliefweb.int/v2/jobs)."""
    fields = {
        "id": job_id, "title": title, "status": "published",
        "body": f"{title}\n\nMission : coordonner les activités.\n\nProfil : Master, 5 ans d'expérience.",
        "how_to_apply": "Postuler en ligne : https://acf.example/jobs/" + str(job_id),
        "date": {"created": "2026-03-01T08:00:00+00:00", "changed": changed,
                 "closing": "2026-04-15T00:00:00+00:00"},
        "source": [{"name": source, "shortname": "ACF-France",
                    "homepage": "https://www.actioncontrelafaim.org"}],
        "country": [{"name": country, "iso3": iso3}],
        "type": [{"name": "Job"}], "experience": [{"name": "5-9 years"}],
        "career_categories": [{"name": "Program"}],
        "language": [{"code": "fr", "name": "French"}],
        "url": f"https://reliefweb.int/node/{job_id}",
        "url_alias": f"https://reliefweb.int/job/{job_id}/{title.lower().replace(' ', '-')}",
    }
    if city:
        fields["city"] = [{"name": city}]
    return {"id": str(job_id), "score": 1, "fields": fields,
            "href": f"https://api.reliefweb.int/v2/jobs/{job_id}"}


class ReliefWebApi:
    """Answers POST /v2/jobs like the real API: filter on date.changed `from`, sort, offset/limit, fields."""

    def __init__(self, jobs: list[dict]):
        self.jobs = jobs
        self.queries: list[dict] = []

    def __call__(self, request) -> None:
        if "appname" not in parse_qs(urlsplit(request.path).query):
            request.respond(400, b'{"error": "appname required"}', {"Content-Type": "application/json"})
            return
        query = json.loads(request.hit.body)
        self.queries.append(query)
        selected = list(self.jobs)
        conditions = query.get("filter", {}).get("conditions") or [query.get("filter", {})]
        for condition in conditions:
            if condition.get("field") == "date.changed":
                since = condition["value"]["from"]
                selected = [j for j in selected if j["fields"]["date"]["changed"] >= since]
        selected.sort(key=lambda j: (j["fields"]["date"]["changed"], int(j["id"])) if "date.changed:asc" in
                      query["sort"] else int(j["id"]))
        page = selected[query["offset"]:query["offset"] + query["limit"]]
        if query["fields"]["include"] == ["id"]:
            page = [{"id": j["id"], "score": 1, "fields": {"id": int(j["id"])}, "href": j["href"]}
                    for j in page]
        body = {"time": 3, "href": "https://api.reliefweb.int/v2/jobs", "totalCount": len(selected),
                "count": len(page), "data": page}
        request.respond(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def test_paging_cursor_and_still_listed_jobs(site_factory, crawl):
    api = ReliefWebApi([job(4231001 + n, f"2026-03-0{n + 1}T10:00:00+00:00", f"Poste {n}") for n in range(5)])
    site = site_factory()
    site.routes["/v2/jobs"] = api
    source = make_source(name="reliefweb-test", kind="reliefweb", start_urls=[site.url("/v2/jobs")],
                         appname="glaneur-tests", page_size=2,
                         api_filter={"field": "country.iso3", "value": ["mli", "sen"], "operator": "OR"})
    first = crawl(source)

    assert first.status == "ok", first.error
    assert [q["offset"] for q in api.queries] == [0, 2, 4]
    assert all(q["limit"] == 2 and q["sort"] == ["date.changed:asc", "id:asc"] for q in api.queries)
    assert api.queries[0]["filter"] == {"field": "country.iso3", "value": ["mli", "sen"], "operator": "OR"}
    assert [c.external_id for c in first.captures] == [str(4231001 + n) for n in range(5)]
    capture = first.captures[0]
    assert capture.media_type == "application/json"
    assert json.loads(capture.data)["fields"]["title"] == "Poste 0"
    assert capture.url == "https://reliefweb.int/job/4231001/poste-0"
    assert first.state["cursor"] == "2026-03-05T10:00:00+00:00"
    assert first.stats["navigation_pages"] == 3

    api.jobs.append(job(4231009, "2026-03-09T10:00:00+00:00", "Nouveau poste", country="Senegal", iso3="sen",
                        city="Dakar"))
    api.queries.clear()
    second = crawl(source, first.state)

    assert second.status == "ok", second.error
    changes = api.queries[0]["filter"]
    assert changes["operator"] == "AND"
    assert {"field": "date.changed", "value": {"from": "2026-03-05T10:00:00+00:00"}} in changes["conditions"]
    # The job changed at the cursor comes back with the same bytes: nothing new. The new one is captured.
    assert [c.external_id for c in second.captures] == ["4231009"]
    assert second.state["cursor"] == "2026-03-09T10:00:00+00:00"
    # Then the ids of every job still listed, so that the unchanged ones count as seen.
    listed = [q for q in api.queries if q["fields"]["include"] == ["id"]]
    assert listed and "date.changed" not in json.dumps(listed[0]["filter"])
    assert sorted(entry["external_id"] for entry in second.seen) == [str(4231001 + n) for n in range(5)]
    assert {entry["reason"] for entry in second.seen} == {"same_content", "listed"}


def test_without_appname_the_source_fails_clearly_and_the_api_is_not_called(site_factory, crawl, monkeypatch):
    monkeypatch.delenv("RELIEFWEB_APPNAME", raising=False)
    monkeypatch.delenv("GLANEUR_RELIEFWEB_APPNAME", raising=False)
    site = site_factory()
    site.routes["/v2/jobs"] = ReliefWebApi([])
    result = crawl(make_source(name="reliefweb-nokey", kind="reliefweb", start_urls=[site.url("/v2/jobs")]))

    assert result.status == "failed" and not result.retriable
    assert "needs a ReliefWeb appname" in result.error and "RELIEFWEB_APPNAME" in result.error
    assert site.log == []


def test_api_fields_become_record_hints():
    fields = job(1, "2026-03-01T00:00:00+00:00", "Chef de projet", country="Côte d'Ivoire", iso3="civ",
                 city="Abidjan")["fields"]
    hints = reliefweb_hints(fields)
    assert hints["title"] == "Chef de projet"
    assert hints["organization"] == "Action contre la Faim France"
    assert hints["deadline"] == "2026-04-15T00:00:00+00:00"
    assert hints["posted_date"] == "2026-03-01T08:00:00+00:00"
    assert hints["locations"] == [{"city": "Abidjan", "country": "Côte d'Ivoire"}]
    assert hints["contract_type"] == "Job" and hints["experience_years_min"] == "5-9 years"
    assert hints["language"] == "fr"
    assert hints["description"].endswith("How to apply\nPostuler en ligne : https://acf.example/jobs/1")
    several = dict(fields, country=[{"name": "Mali"}, {"name": "Niger"}], city=[])
    assert reliefweb_hints(several)["locations"] == [{"city": None, "country": "Mali"},
                                                     {"city": None, "country": "Niger"}]
