"""Full-text search: the user-text → FTS5 translation, and what a reader finds on SQLite and PostgreSQL."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, insert, text

from glaneur.storage.db import open_store, session_scope
from glaneur.storage.models import Posting
from glaneur.storage.read import PostingFilter, fts5_query, page_of_postings

from .conftest import HEALTH_ML


@pytest.mark.parametrize("typed, expected", [
    ("santé", ('"santé"', None)),
    ("chef de projet", ('"chef" AND "de" AND "projet"', None)),
    ('"santé communautaire" Bamako', ('"santé communautaire" AND "Bamako"', None)),
    ("stage or internship", ('("stage" OR "internship")', None)),
    ("stage OR internship OR volontariat", ('("stage" OR "internship" OR "volontariat")', None)),
    ("coordinateur -Bamako -Mopti", ('"coordinateur"', '"Bamako" OR "Mopti"')),
    ('-"santé communautaire"', (None, '"santé communautaire"')),
    ('or santé', ('"santé"', None)),
    ('NEAR(a b) AND * ^col:x', ('"NEAR(a" AND "b)" AND "AND" AND "^col:x"', None)), # FTS5 syntax stays literal text
    ('say "hi', ('"say" AND "hi"', None)),  # an unclosed quote runs to the end
    ('O"Brien', ('"O""Brien"', None)),
    ("!!! ... -", (None, None)),
    ("", (None, None)),
])
def test_fts5_query_quotes_every_term_and_keeps_websearch_meaning(typed, expected):
    assert fts5_query(typed) == expected


def titles(url: str, **wanted) -> set[str]:
    with session_scope(open_store(url)) as session:
        return {p["title"] for p in page_of_postings(session, PostingFilter(**wanted), limit=100)}


def test_search_is_accent_and_case_insensitive_and_stems(store):
    health = HEALTH_ML["title"]
    assert health in titles(store.url, q="SANTE communautaire")  # accents and case
    assert health in titles(store.url, q="éducation")
    assert health in titles(store.url, q="education")
    assert health in titles(store.url, q="projet")  # the text says "projets"
    assert "Monitoring and Evaluation Officer" in titles(store.url, q="evaluation surveys")  # "evaluations"
    assert titles(store.url, q="médecins du monde") == {health}  # organisation is searched too


def test_search_phrase_or_and_exclusion(store):
    health = HEALTH_ML["title"]
    assert titles(store.url, q='"santé communautaire"') == {health}
    assert titles(store.url, q='"communautaire santé"') == set()
    either = titles(store.url, q="stagiaires or enumerators")
    assert either == {"Stage – Assistant(e) communication", "Monitoring and Evaluation Officer"}
    without = titles(store.url, q="santé -Bamako")
    assert health not in without and without  # the shared samples speak of santé too
    assert health not in titles(store.url, q="-Bamako") and len(titles(store.url, q="-Bamako")) == 6


def test_search_with_no_searchable_term_finds_nothing_and_blank_means_no_filter(store):
    assert titles(store.url, q="!!! ...") == set()
    assert len(titles(store.url, q="  \x00 ")) == 7


def test_search_combines_with_the_other_filters(store):
    assert titles(store.url, q="evaluation", country="ML") == {"Monitoring and Evaluation Officer"}
    assert titles(store.url, q="evaluation", country="ML", status="open") == set()


def test_index_forgets_deleted_postings(store):
    engine = open_store(store.url)
    moment = datetime(2024, 3, 20, tzinfo=timezone.utc)
    with session_scope(engine) as session:
        posting_id = session.execute(insert(Posting).values(
            title="Chauffeur·e logisticien·ne", description="Basé à Tombouctou.", status="open", countries="",
            first_seen=moment, last_seen=moment, updated_at=moment).returning(Posting.id)).scalar_one()
    assert titles(store.url, q="Tombouctou") == {"Chauffeur·e logisticien·ne"}
    with session_scope(engine) as session:
        session.execute(delete(Posting).where(Posting.id == posting_id))
    assert titles(store.url, q="Tombouctou") == set()
    if store.url.startswith("sqlite"):
        with engine.begin() as connection:  # raises if the FTS index and the postings table disagree
            connection.execute(text("INSERT INTO postings_fts(postings_fts, rank) VALUES ('integrity-check', 1)"))


def test_updated_canonical_text_is_searchable(store):
    engine = open_store(store.url)
    with session_scope(engine) as session:
        session.execute(Posting.__table__.update().where(Posting.id == store.ids["volunteer_fr"])
                        .values(description="Aide aux devoirs à Belleville, mercredi après-midi."))
    assert titles(store.url, q="Belleville") == {"Bénévole accompagnement scolaire"}
    assert titles(store.url, q="soirs") == set()
