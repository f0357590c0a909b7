"""Alembic environment: always run programmatically with a live connection from the Store."""

from __future__ import annotations

from alembic import context

from suara.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a bare `alembic` command
    msg = "run migrations through suara (suara db upgrade), not the alembic command"
    raise RuntimeError(msg)

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
