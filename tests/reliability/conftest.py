"""Fixtures of the reliability tests: a store per backend that no other test empties meanwhile."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from .support import MotoServer, clean_store


@pytest.fixture(scope="module")
def own_pg_database(pg_url):
    """Makes throw-away PostgreSQL databases for one test module (the session's database is emptied by other
    tests between ours; a module that runs once and checks many times needs its own)."""
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    made = []

    def make() -> str:
        name = f"glaneur_rel_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(pg_url).set(database=name).render_as_string(hide_password=False)

    yield make
    from glaneur.storage.db import _engine_for

    _engine_for.cache_clear()
    with admin.connect() as connection:
        for name in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend_url(request, tmp_path_factory):
    """A new, empty store for the module: a SQLite file, or a PostgreSQL database of its own."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'glaneur.db'}"
    return request.getfixturevalue("own_pg_database")()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The store after one clean ingest of `support.write_inputs`: what crashed, faulted or concurrent runs of the
    same inputs must end as."""
    return clean_store(tmp_path_factory.mktemp("reference"))


@pytest.fixture
def moto(monkeypatch):
    """A moto S3 server of the test's own (it may stop and start it), with test credentials in the environment."""
    server = MotoServer()
    server.start()
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    yield server
    server.stop()
