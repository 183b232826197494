"""Alembic environment: runs on the connection glaneur hands over, or on the configured URL (alembic CLI)."""

import os

from alembic import context
from sqlalchemy import create_engine

from glaneur.storage.models import Base
from glaneur.storage.read import include_in_autogenerate

config = context.config
target_metadata = Base.metadata


def run_on(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # Full-text search objects live outside the models (migration 0002); autogenerate must leave them be.
        include_name=include_in_autogenerate,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    # The alembic CLI: GLANEUR_DATABASE_URL when set, else the URL in alembic.ini.
    engine = create_engine(os.environ.get("GLANEUR_DATABASE_URL") or config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        run_on(own_connection)
