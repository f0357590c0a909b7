"""Resolving the ids a file uses (``customer_id=C-1001``) to rows in the store.

Customers and products that a file mentions but the store lacks are created as stubs, to be
enriched by a later customers/products import: a marketplace's order export is often the only
customer list a seller has. Orders are never invented: a review that names an unknown order is
a bad row, because the order's amount and dates cannot be guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from suara.ingest.upsert import insert_rows, lookup_ids, upsert
from suara.storage import schema
from suara.storage.erasure import identity_digest

PRELOAD_LIMIT = 500_000
"""Up to this many identities of a source are read into memory at the start of an import."""


class CustomerResolver:
    """``external_id -> customers.id`` for one source, creating stubs for unknown customers.

    An id whose customer was erased on request resolves to that erased customer through its
    tombstone (``erased_identities``), and is listed in ``erased``: the writers keep that
    customer's details and words out of the store, and the id itself is never stored again.
    """

    def __init__(self, connection: Connection, source: str, *, now: datetime) -> None:
        self.connection = connection
        self.source = source
        self.now = now
        self.cache: dict[str, int] = {}
        self.erased: dict[str, int] = {}
        self.tombstones: dict[str, int] = {}
        self.next_id: int | None = None
        self.complete: bool | None = None
        """Whether ``cache`` holds every identity of the source, so a miss means "new"."""

    def known(self, external_ids: Iterable[str]) -> dict[str, int]:
        if self.complete is None:
            self._preload()
        wanted = external_ids if isinstance(external_ids, set | dict) else list(external_ids)
        if not self.complete:
            missing = [e for e in wanted if e not in self.cache]
            if missing:
                self.cache.update(self._identities(missing))
        if self.tombstones:
            for external_id in wanted:
                if external_id not in self.cache:
                    erased = self.tombstones.get(identity_digest(self.source, external_id))
                    if erased is not None:
                        self.cache[external_id] = self.erased[external_id] = erased
        return self.cache

    def _preload(self) -> None:
        """Read all of the source's identities at once when there are not too many.

        One scan beats a lookup per batch: a first import of a big export would otherwise
        ask the database about every new customer, only to learn it is new.
        """
        erased = schema.erased_identities  # few: a customer is erased one request at a time
        query = select(erased.c.digest, erased.c.customer_id).where(erased.c.source == self.source)
        self.tombstones = {row[0]: row[1] for row in self.connection.execute(query)}
        table = schema.customer_identities
        count = self.connection.execute(
            select(func.count()).select_from(table).where(table.c.source == self.source)
        ).scalar_one()
        self.complete = count <= PRELOAD_LIMIT
        if self.complete and count:
            query = select(table.c.external_id, table.c.customer_id).where(
                table.c.source == self.source
            )
            self.cache.update({row[0]: row[1] for row in self.connection.execute(query)})

    def _identities(self, external_ids: list[str]) -> dict[str, int]:
        table = schema.customer_identities
        found: dict[str, int] = {}
        for start in range(0, len(external_ids), 500):
            chunk = external_ids[start : start + 500]
            query = select(table.c.external_id, table.c.customer_id).where(
                table.c.source == self.source, table.c.external_id.in_(chunk)
            )
            found.update({row[0]: row[1] for row in self.connection.execute(query)})
        return found

    def resolve(self, stubs: dict[str, dict[str, Any]]) -> dict[str, int]:
        """Ids for every key of ``stubs``; values are the fields a new stub customer gets."""
        self.known(stubs)
        return self.create_stubs(stubs)

    def create_stubs(self, stubs: dict[str, dict[str, Any]]) -> dict[str, int]:
        """Create the customers of ``stubs`` not in the cache (call :meth:`known` first)."""
        new = [e for e in stubs if e not in self.cache]
        if new:
            rows = [
                {
                    "name": None,
                    "email": None,
                    "phone": None,
                    "created_at": self.now,
                    **stubs[e],
                    "updated_at": self.now,
                }
                for e in new
            ]
            ids = self.create(rows)
            self.link(dict(zip(new, ids, strict=True)))
        return self.cache

    def create(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert new customers and return their ids, in order.

        On SQLite the ids are numbered here (after the largest id) and the rows go through the
        fast driver path: ``RETURNING`` row by row costs more than the insert. This is safe
        because the import's transaction reads before it writes: if another writer commits in
        between, SQLite refuses the write instead of reusing an id.
        """
        table = schema.customers
        if self.connection.dialect.name != "sqlite":
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return [row_id for (row_id,) in self.connection.execute(statement, rows)]
        if self.next_id is None:
            largest = self.connection.execute(select(func.max(table.c.id))).scalar_one()
            self.next_id = (largest or 0) + 1
        ids = list(range(self.next_id, self.next_id + len(rows)))
        self.next_id += len(rows)
        columns = ("id", *dict.fromkeys(key for row in rows for key in row))
        empty = dict.fromkeys(columns)
        numbered = [empty | row | {"id": i} for row, i in zip(rows, ids, strict=True)]
        insert_rows(self.connection, table, numbered, columns=columns)
        return ids

    def link(self, ids: dict[str, int]) -> None:
        upsert(
            self.connection,
            schema.customer_identities,
            [{"source": self.source, "external_id": e, "customer_id": c} for e, c in ids.items()],
            key=("source", "external_id"),
        )
        self.cache.update(ids)


class ProductResolver:
    """``(source, sku) -> products.id``, creating a stub product named after the sku."""

    def __init__(self, connection: Connection, source: str, *, now: datetime) -> None:
        self.connection = connection
        self.source = source
        self.now = now
        self.cache: dict[str, int] = {}

    def resolve(self, names: dict[str, str | None]) -> dict[str, int]:
        missing = [s for s in names if s not in self.cache]
        if missing:
            self.cache.update(lookup_ids(self.connection, schema.products, self.source, missing))
        new = [s for s in names if s not in self.cache]
        if new:
            upsert(
                self.connection,
                schema.products,
                [
                    {
                        "source": self.source,
                        "external_id": s,
                        "name": names[s] or s,
                        "created_at": self.now,
                        "updated_at": self.now,
                    }
                    for s in new
                ],
                key=("source", "external_id"),
            )
            self.cache.update(lookup_ids(self.connection, schema.products, self.source, new))
        return self.cache


class OrderLookup:
    """``external_id -> orders.id`` for one source; unknown orders stay unknown."""

    def __init__(self, connection: Connection, source: str) -> None:
        self.connection = connection
        self.source = source
        self.cache: dict[str, int] = {}

    def resolve(self, external_ids: Iterable[str]) -> dict[str, int]:
        missing = [e for e in external_ids if e not in self.cache]
        if missing:
            self.cache.update(lookup_ids(self.connection, schema.orders, self.source, missing))
        return self.cache
