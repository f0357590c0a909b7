"""The transactional store: SQLAlchemy tables, Alembic migrations and the :class:`Store`."""

from suara.storage.store import Store, open_store

__all__ = ["Store", "open_store"]
