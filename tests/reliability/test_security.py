"""Security: published text carries no markup a page could run, credentials never reach output or manifests, and the
least-privilege PostgreSQL roles of docs/security.md work as documented."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from glaneur.flows.ingest import ingest_files
from glaneur.storage.archive import LocalArchive
from glaneur.storage.db import open_store
from glaneur.transforms.sanitise import clean_record, display_text, storable

from .support import REPO, glaneur, store_env, write_inputs

# (hostile text, what must be left) — real shapes of XSS payloads and of innocent text that looks like them.
DISPLAY = [
    ("<script>alert(1)</script>Chargé de projet", "Chargé de projet"),
    ('<p onclick="alert(1)">Texte</p>', "Texte"),
    ('Voir <a href="javascript:alert(1)">ici</a>', "Voir ici"),
    ("Postuler : javascript:alert(document.cookie)", "Postuler :"),
    ("<style>body{display:none}</style>Offre", "Offre"),
    ("<iframe src=//evil.example srcdoc='<script>x</script>'></iframe>Offre", "Offre"),
    ("<svg/onload=alert(1)>Offre", "Offre"),
    ("<img src=x onerror=alert(1)>Offre", "Offre"),
    ("Offre <img src=x onerror=alert(1)", "Offre"),
    ("<scr<script>x</script>ipt>alert(1)</script>Offre", "alert(1)Offre"),
    ("<scr<b>ipt>alert(1)</scr</b>ipt>Offre", "Offre"),
    ("x <a href='vbscript:msgbox(1)'>y</a>", "x y"),
    ("lien data:text/html;base64,PHNjcmlwdD4= fin", "lien  fin"),
    ("JavaScript: 3 ans d'expérience exigés", "JavaScript: 3 ans d'expérience exigés"),
    ("Envoyez votre CV à <recrutement@ong.org>", "Envoyez votre CV à <recrutement@ong.org>"),
    ("Salaire < 1 000 000 FCFA, > 800 000", "Salaire < 1 000 000 FCFA, > 800 000"),
    ("Ligne\x07 avec\x1b contrôles\r\nfin", "Ligne avec contrôles\nfin"),
]


@pytest.mark.parametrize(("hostile", "left"), DISPLAY)
def test_display_text_leaves_no_markup_and_keeps_innocent_text(hostile, left):
    assert display_text(hostile) == left
    assert display_text(left) == left


def test_clean_record_keeps_only_web_links_and_real_emails_and_storable_strings():
    record = clean_record({
        "title": "<b>Chargé</b> de projet\x00", "description": "<script>x</script>Texte \ud800",
        "url": "javascript:alert(1)", "apply_url": "file:///etc/passwd", "apply_emails": ["a@b.org", "<x>", 3],
        "locations": [{"city": "<i>Mopti</i>", "region": None, "country": "ML"}], "salary": {"currency": "XOF\x00"},
    })
    assert record["title"] == "Chargé de projet" and record["description"] == "Texte \ufffd"
    assert record["url"] is None and record["apply_url"] is None and record["apply_emails"] == ["a@b.org"]
    assert record["locations"][0]["city"] == "Mopti" and record["salary"]["currency"] == "XOF"
    assert clean_record({"apply_url": "mailto:jobs@ong.org"})["apply_url"] == "mailto:jobs@ong.org"
    assert clean_record({"url": "https://ong.org/jobs/1?x=1"})["url"] == "https://ong.org/jobs/1?x=1"
    assert storable(("a\x00", ["\udcff"])) == ("a", ["\ufffd"])


def test_a_database_password_never_reaches_output_logs_or_manifests(pg_url, tmp_path):
    password = f"S3cret-{uuid.uuid4().hex}"
    url = make_url(pg_url).set(password=password).render_as_string(hide_password=False)
    write_inputs(tmp_path / "drop")
    env = store_env(tmp_path, url)
    results = [glaneur("ingest", str(tmp_path / "drop"), "--json", cwd=tmp_path, env=env),
               glaneur("quarantine", "list", "--json", cwd=tmp_path, env=env),
               glaneur("db", "upgrade", cwd=tmp_path, env=env)]
    unreachable = make_url(url).set(port=9).render_as_string(hide_password=False)
    results.append(glaneur("ingest", str(tmp_path / "drop"), cwd=tmp_path,
                           env={**env, "GLANEUR_DATABASE_URL": unreachable}))
    assert results[0].returncode == 3 and results[-1].returncode == 2
    for result in results:
        assert password not in result.stdout + result.stderr
    manifests = list((tmp_path / "archive" / "runs").rglob("*.json"))
    assert manifests
    for manifest in manifests:
        assert password not in manifest.read_text(encoding="utf-8")
    engine = create_engine(pg_url, poolclass=NullPool)
    with engine.connect() as connection:
        for table in ("runs", "run_sources", "quarantine"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608 - fixed names
            assert password not in json.dumps([list(map(str, row)) for row in rows]), table
    engine.dispose()


def _documented_sql(names: dict[str, str]) -> list[list[str]]:
    """The statements of each ```sql block of docs/security.md, with this test's role names and database."""
    document = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", document, re.DOTALL)
    assert len(blocks) == 2, "docs/security.md: expected the SQL before and after the first migration"
    statements = []
    for block in blocks:
        block = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("--"))
        for old, new in names.items():
            block = block.replace(old, new)
        statements.append([statement.strip() for statement in block.split(";") if statement.strip()])
    return statements


@pytest.fixture
def documented_roles(own_pg_database, tmp_path):
    """The documented roles, created for real around a migration by the owner (role names made unique: roles
    belong to the whole server)."""
    suffix = uuid.uuid4().hex[:8]
    database_url = make_url(own_pg_database())
    names = {f"glaneur_{role}": f"glaneur_{role}_{suffix}" for role in ("owner", "writer", "reader")}
    before, after = _documented_sql({**names, "DATABASE glaneur": f'DATABASE "{database_url.database}"'})
    urls = {role: database_url.set(username=names[f"glaneur_{role}"]).render_as_string(hide_password=False)
            for role in ("owner", "writer", "reader")}
    admin = create_engine(database_url.render_as_string(hide_password=False), poolclass=NullPool,
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in before:
                connection.execute(text(statement))
        migrated = glaneur("db", "upgrade", cwd=tmp_path, env={"GLANEUR_DATABASE_URL": urls["owner"]})
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        with admin.connect() as connection:
            for statement in after:
                connection.execute(text(statement))
        yield urls
    finally:
        with admin.connect() as connection:
            for role in names.values():
                connection.execute(text(f'DROP OWNED BY "{role}" CASCADE'))
                connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_documented_least_privilege_roles_write_read_and_nothing_more(documented_roles, tmp_path):
    write_inputs(tmp_path / "drop")
    report = ingest_files([tmp_path / "drop"], engine=open_store(documented_roles["writer"]),
                          archive=LocalArchive(tmp_path / "archive"), run_id="r", today=date.today(),
                          max_bytes=10**7)
    assert report.counts["new"] > 0
    writer = create_engine(documented_roles["writer"], poolclass=NullPool)
    reader = create_engine(documented_roles["reader"], poolclass=NullPool)
    try:
        with reader.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM postings_all")).scalar() == report.counts["new"]
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        refused = [(reader, "SELECT count(*) FROM public.postings"), (reader, "DELETE FROM public.postings"),
                   (reader, "INSERT INTO public.runs (id) VALUES ('x')"), (writer, "DROP TABLE postings"),
                   (writer, "CREATE TABLE sneaky (id int)"), (writer, "ALTER TABLE postings ADD COLUMN sneaky int"),
                   (writer, "CREATE SCHEMA sneaky")]
        for engine, statement in refused:
            with engine.connect() as connection, pytest.raises(DBAPIError,
                                                               match="permission denied|read-only|must be owner"):
                connection.execute(text(statement))
    finally:
        writer.dispose()
        reader.dispose()
