"""The :class:`Store`: one database, migrated on open, with transactions and summaries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from suara.domain.errors import StoreUnavailable
from suara.settings import Settings
from suara.storage import schema
from suara.storage.engine import create_store_engine
from suara.storage.migrate import upgrade

BULK_CACHE_KIB = 256 * 1024
"""SQLite page cache for bulk writes: a million-row table's indexes must stay in memory, or
every random insert into them pays for a page read."""


@dataclass(frozen=True, slots=True)
class StoreSummary:
    location: str
    backend: str
    counts: dict[str, int]
    meta: dict[str, str]


class Store:
    """A migrated database. Cheap to pass around; open one per process with :func:`open_store`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @property
    def location(self) -> str:
        """Where the data is, safe to print: the SQLite file, or the URL without a password."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return str(Path(url.database or ":memory:").expanduser().resolve())
        return url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def bulk_connection(self) -> Iterator[Connection]:
        """A connection for bulk writes, whose caller begins and ends the transaction.

        On SQLite, per-row foreign-key checks cost as much as the insert itself; bulk writers
        resolve every reference themselves, so the checks are switched off for this connection
        and done once, over the whole table, by :meth:`foreign_key_problems` before commit.
        """
        with self.engine.connect() as connection:
            sqlite = self.backend == "sqlite"
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
                connection.commit()
            try:
                yield connection
            finally:
                if sqlite:
                    connection.rollback()
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.exec_driver_sql("PRAGMA cache_size=-2000")
                    connection.commit()

    def foreign_key_problems(self, connection: Connection) -> list[str]:
        """Rows whose references point nowhere (SQLite only; PostgreSQL checks every row)."""
        if self.backend != "sqlite":
            return []
        rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        return [
            f"{table} row {rowid} references a missing {parent}" for table, rowid, parent, _ in rows
        ]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            return {
                table.name: int(
                    connection.execute(select(func.count()).select_from(table)).scalar_one()
                )
                for table in schema.ENTITY_TABLES
            }

    def meta(self) -> dict[str, str]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(schema.store_meta.c.key, schema.store_meta.c.value))
            return {row[0]: row[1] for row in rows}

    def set_meta(self, connection: Connection, values: dict[str, str]) -> None:
        table = schema.store_meta
        connection.execute(table.delete().where(table.c.key.in_(list(values))))
        connection.execute(table.insert(), [{"key": k, "value": v} for k, v in values.items()])

    def summary(self) -> StoreSummary:
        return StoreSummary(self.location, self.backend, self.counts(), self.meta())

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings) -> Store:
    """Connect, create or upgrade the schema, and return the store."""
    engine = create_store_engine(settings.resolved_database_url)
    try:
        upgrade(engine)
    except OperationalError as exc:
        url = make_url(settings.resolved_database_url).render_as_string(hide_password=True)
        msg = f"cannot open the database at {url}: {exc.orig}"
        raise StoreUnavailable(msg) from exc
    return Store(engine)
