"""Alembic environment: formtally runs migrations programmatically (service.storage.engine.migrate),
handing over an open connection in `config.attributes["connection"]`. For `alembic` on the command
line, set `sqlalchemy.url` in the Config or FORMTALLY_DB."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from service.storage.config import resolve_config
from service.storage.schema import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table rebuilds for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or resolve_config().db_url
    with create_engine(url).connect() as conn:
        _run(conn)
