"""The read contract's views and search objects: created by the migrations from base, right after data already in
the store, gone on downgrade, back on upgrade; documented; invisible to autogenerate; enough for a reader role."""

import json
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from glaneur.storage.db import alembic_config, current_revision, head_revision, make_engine, session_scope
from glaneur.storage.models import Base
from glaneur.storage.read import (
    LOCATION_KEYS,
    VIEW_COLUMNS,
    PostingFilter,
    include_in_autogenerate,
    iter_postings,
    page_of_postings,
    view_name,
)

from .conftest import HEALTH_ML, publish_corpus

DOCS = Path(__file__).resolve().parents[2] / "docs" / "read.md"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    """An empty database, not even migrated: a new SQLite file or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    server = make_url(request.getfixturevalue("pg_url"))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"glaneur_views_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def migrate(engine, revision: str, *, down: bool = False) -> None:
    with engine.begin() as connection:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def view_rows(engine, contract_name: str) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {view_name(contract_name, engine.dialect.name)}")).mappings()
        # SQLite hands JSON back as text from a view (it has no JSON type to name); PostgreSQL decodes jsonb.
        return [{key: json.loads(value) if key in ("locations", "apply_emails", "languages_required", "record")
                 and isinstance(value, str) else value for key, value in row.items()} for row in rows]


def searched(engine, q: str) -> set[str]:
    with session_scope(engine) as session:
        return {p["title"] for p in page_of_postings(session, PostingFilter(q=q), limit=50)}


def read_objects(engine) -> set[str]:
    inspector = inspect(engine)
    if engine.dialect.name == "postgresql":
        views = {f"read.{name}" for name in inspector.get_view_names(schema="read")} \
            if "read" in inspector.get_schema_names() else set()
        search = {"search_vector"} & {c["name"] for c in inspector.get_columns("postings")}
    else:
        views = set(inspector.get_view_names())
        search = {name for name in inspector.get_table_names() if name == "postings_fts"}
    return views | search


def check_views(engine, ids: dict[str, int]) -> None:
    """Each view has the documented columns and the rows the store holds."""
    postings = {p["id"]: p for p in iter_postings(engine)}
    all_rows = view_rows(engine, "postings_all")
    assert sorted(row["id"] for row in all_rows) == sorted(postings) == sorted(ids.values())
    for row in all_rows:
        assert tuple(row) == VIEW_COLUMNS["postings_all"]
        posting = postings[row["id"]]
        for key in ("title", "organization", "status", "apply_emails", "url"):
            assert row[key] == posting[key], key
        # The view shows locations as stored: a key the source did not give may be absent rather than null.
        assert [{key: loc.get(key) for key in LOCATION_KEYS} for loc in row["locations"]] == posting["locations"]
        assert (str(row["deadline"]) if row["deadline"] else None) == posting["deadline"]
        assert row["countries"] == " ".join(sorted({loc["country"] for loc in posting["locations"] if loc["country"]}))
        assert row["source_count"] == len(posting["sources"])
    open_rows = view_rows(engine, "postings_open")
    assert {row["id"] for row in open_rows} == {i for i, p in postings.items() if p["status"] == "open"}
    assert open_rows and tuple(open_rows[0]) == VIEW_COLUMNS["postings_open"]

    source_rows = view_rows(engine, "posting_sources")
    assert tuple(source_rows[0]) == VIEW_COLUMNS["posting_sources"]
    assert sorted((r["posting_id"], r["source"], r["external_id"], r["archive_key"]) for r in source_rows) == \
        sorted((i, s["source"], s["external_id"], s["archive_key"]) for i, p in postings.items() for s in p["sources"])
    health = [r for r in source_rows if r["posting_id"] == ids["health_ml"]]
    assert {r["source"] for r in health} == {"reliefweb", "emploimali"}
    assert all(r["record"]["title"] == HEALTH_ML["title"] for r in health)


def test_views_and_search_survive_migrations(fresh_url):
    engine = make_engine(fresh_url)
    try:
        migrate(engine, "head")  # from base
        assert current_revision(engine) == head_revision()
        expected_objects = read_objects(engine)
        assert len(expected_objects) == 4
        ids = publish_corpus(engine)
        check_views(engine, ids)
        assert searched(engine, "santé communautaire") == {HEALTH_ML["title"]}

        # Back to before the read contract, and up again over a store that already holds postings.
        migrate(engine, "0001", down=True)
        assert read_objects(engine) == set()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM postings")).scalar() == len(ids)
        migrate(engine, "head")
        assert read_objects(engine) == expected_objects
        check_views(engine, ids)
        assert searched(engine, "santé communautaire") == {HEALTH_ML["title"]}  # indexed at upgrade time
    finally:
        engine.dispose()


def test_every_contract_column_is_documented():
    docs = DOCS.read_text(encoding="utf-8")
    for contract_name, columns in VIEW_COLUMNS.items():
        assert f"`{contract_name}`" in docs
        missing = [column for column in columns if f"`{column}`" not in docs]
        assert not missing, f"{contract_name}: undocumented columns {missing}"


def test_autogenerate_leaves_the_search_objects_alone(store_url):
    from glaneur.storage.db import open_store

    engine = open_store(store_url)

    def proposed(include_name):
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": include_name})
            return repr(compare_metadata(context, Base.metadata))

    assert "search_vector" in proposed(None) or "postings_fts" in proposed(None)
    kept = proposed(include_in_autogenerate)
    assert "search_vector" not in kept and "postings_fts" not in kept


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)  # schemas and roles are PostgreSQL's
def test_a_reader_role_with_only_the_read_schema_can_read_the_views(store):
    role = f"glaneur_reader_{uuid.uuid4().hex[:8]}"
    engine = create_engine(store.url)
    try:
        with engine.begin() as connection:  # the recipe in docs/read.md
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
            connection.execute(text(f"GRANT USAGE ON SCHEMA read TO {role}"))
            connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA read TO {role}"))
        with engine.connect() as connection:
            connection.execute(text(f"SET ROLE {role}"))
            connection.execute(text("SET search_path TO read"))
            assert connection.execute(text("SELECT count(*) FROM postings_open")).scalar() == 5
            assert connection.execute(text("SELECT count(*) FROM posting_sources")).scalar() == 8
            with pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text("SELECT count(*) FROM public.postings"))
            connection.rollback()
    finally:
        with engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))
        engine.dispose()
