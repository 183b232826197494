"""The read API in-process (ASGI test client) on SQLite and PostgreSQL, over a store filled by publish_batch."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from glaneur.api import create_app
from glaneur.api.schemas import Posting as PostingModel
from glaneur.record import RECORD_FIELDS
from glaneur.storage.db import open_store, session_scope
from glaneur.storage.export import EXPORT_COLUMNS, iter_postings
from glaneur.storage.models import Posting

from .conftest import HEALTH_ML, MEAL_ML, SECOND_RUN


@pytest.fixture
def client(store):
    app = create_app(store.url)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_items_are_the_record_contract_plus_id_lifecycle_and_sources(client, store):
    items = client.get("/postings").json()["items"]
    assert tuple(PostingModel.model_fields) == EXPORT_COLUMNS == ("id", *RECORD_FIELDS, "status", "first_seen",
                                                                  "last_seen", "updated_at", "sources")
    for item in items:
        assert tuple(item) == EXPORT_COLUMNS
        assert item["sources"] and all(source["archive_key"] for source in item["sources"])
    # The API and the exports give the same document for a posting.
    assert sorted(items, key=lambda item: item["id"]) == list(iter_postings(client.app.state.engine))


def test_country_filter_and_newest_first(client, store):
    assert ids(client.get("/postings", params={"country": "ML"})) == [store.ids["meal_ml"], store.ids["health_ml"]]
    assert ids(client.get("/postings", params={"country": "ml", "status": "open"})) == [store.ids["health_ml"]]
    assert ids(client.get("/postings", params={"country": "BE"})) == []


def test_each_filter_selects_what_it_says(client, store):
    def titles(**params):
        response = client.get("/postings", params=params)
        assert response.status_code == 200, response.text
        return {item["title"] for item in response.json()["items"]}

    assert titles(q="evaluation surveys") == {MEAL_ML["title"]}
    assert titles(organization="médecins DU") == {HEALTH_ML["title"]}
    assert titles(organization="100%_") == set()  # LIKE wildcards are taken literally
    assert titles(contract_type="internship") == {"Stage – Assistant(e) communication"}
    assert titles(status="expired") == {MEAL_ML["title"], "Chargé.es des projets Territorialisation des Politiques "
                                                          "Migratoires (TPM)"}
    assert titles(deadline_after="2024-04-15") == {HEALTH_ML["title"], "Stage – Assistant(e) communication"}
    # Changed in the second run: the merged posting, the updated one, and the expired ones.
    changed = titles(updated_since=SECOND_RUN.isoformat())
    assert changed == {HEALTH_ML["title"], "Stage – Assistant(e) communication", MEAL_ML["title"],
                       "Chargé.es des projets Territorialisation des Politiques Migratoires (TPM)"}
    assert titles(updated_since="2024-03-10T08:00:00+02:00") == changed  # the same instant, another offset
    assert titles(updated_since="2024-03-10T06:00:01") == set()  # no offset means UTC
    assert titles(updated_since="9999-12-31T23:00:00-05:00") == set()  # later than UTC can say
    assert len(titles(updated_since="0001-01-01T00:30:00+01:00")) == 7  # earlier than UTC can say


def test_cursor_pages_cover_everything_once_in_a_stable_order(client, store):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/postings", params=params).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(store.ids.values(), reverse=True) and pages == 4
    # A page asked again gives the same items, even after a new posting arrived.
    first = client.get("/postings", params={"limit": 2}).json()
    second = client.get("/postings", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    with session_scope(open_store(store.url)) as session:
        session.execute(insert(Posting).values(title="Newcomer", status="open", first_seen=SECOND_RUN,
                                               last_seen=SECOND_RUN, updated_at=SECOND_RUN, countries=""))
    again = client.get("/postings", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert again == second


def test_any_cursor_the_spec_allows_is_accepted_and_others_are_422(client, store):
    assert ids(client.get("/postings", params={"cursor": "9999999999"})) == sorted(store.ids.values(), reverse=True)
    assert ids(client.get("/postings", params={"cursor": "1"})) == []
    for cursor in ("nonsense", "0", "-1", "²", "12345678901"):
        assert client.get("/postings", params={"cursor": cursor}).status_code == 422, cursor


def test_invalid_filters_are_422(client):
    for params in ({"country": "Mali"}, {"status": "sleeping"}, {"contract_type": "cdi"},
                   {"deadline_after": "soon"}, {"limit": 0}, {"limit": 201}):
        assert client.get("/postings", params=params).status_code == 422, params


def test_one_posting_with_sources_and_history(client, store):
    body = client.get(f"/postings/{store.ids['health_ml']}").json()
    assert body["title"] == HEALTH_ML["title"] and body["status"] == "open"
    assert [(s["source"], s["match_rule"]) for s in body["sources"]] == [("reliefweb", "new"),
                                                                         ("emploimali", "same_url")]
    assert body["salary"] == {"min": 650000, "max": None, "currency": "XOF", "period": "month"}
    [change] = body["history"]
    assert change["field"] == "salary" and change["old_value"] is None and change["source"] == "emploimali"

    expired = client.get(f"/postings/{store.ids['meal_ml']}").json()
    assert expired["status"] == "expired"
    assert {"field": "status", "old_value": "open", "new_value": "expired"}.items() <= expired["history"][-1].items()


def test_unknown_posting_is_404(client):
    assert client.get("/postings/999999").status_code == 404
    assert client.get("/postings/0").status_code == 422


def test_health_names_the_database_and_schema_revision(client, store):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["revision"] == body["head"]
    assert body["database"] == store.url.split(":")[0].split("+")[0]


def test_openapi_spec_documents_the_filters(client):
    spec = client.get("/openapi.json").json()
    parameters = {p["name"] for p in spec["paths"]["/postings"]["get"]["parameters"]}
    assert {"q", "country", "organization", "status", "contract_type", "deadline_after", "updated_since",
            "cursor", "limit"} <= parameters
    assert "/postings/{posting_id}" in spec["paths"] and "/health" in spec["paths"]
    assert "/" not in spec["paths"], "HTML pages stay out of the API spec"


def test_the_api_connection_cannot_write(client):
    with pytest.raises(DBAPIError, match="(?i)read.only|readonly"):
        with session_scope(client.app.state.engine) as session:
            session.execute(Posting.__table__.update().values(title="defaced"))


def test_a_page_costs_two_queries_whatever_its_size(store):
    from sqlalchemy import event

    from glaneur.storage.read import PostingFilter, page_of_postings

    engine = open_store(store.url)
    selects = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        for limit in (1, 7):
            selects.clear()
            with session_scope(engine) as session:
                assert len(page_of_postings(session, PostingFilter(country="ML"), limit=limit)) == min(limit, 2)
            assert len(selects) == 2, selects  # the postings, then all their sources at once
    finally:
        event.remove(engine, "before_cursor_execute", count)
