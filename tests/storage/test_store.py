"""The store on both backends: migrations, time zones, and where the data lives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from suara.domain.errors import ConfigurationError, StoreUnavailable
from suara.settings import Settings, load_settings
from suara.storage import Store, open_store, schema
from suara.storage.migrate import current_revision, head_revision


def test_migrations_create_exactly_the_declared_schema(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, schema.metadata)
    assert differences == []


def test_reopening_is_a_no_op(settings: Settings, store: Store) -> None:
    again = open_store(settings)
    assert again.counts() == store.counts()
    again.close()


def test_times_come_back_aware_utc(store: Store) -> None:
    wib = timezone(timedelta(hours=7))
    moment = datetime(2024, 3, 5, 14, 30, tzinfo=wib)
    with store.transaction() as connection:
        connection.execute(schema.customers.insert(), {"created_at": moment, "updated_at": moment})
    with store.engine.connect() as connection:
        stored = connection.execute(select(schema.customers.c.created_at)).scalar_one()
    assert stored == moment
    assert stored.tzinfo is not None
    assert stored.utcoffset() == timedelta(0)


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"), store.transaction() as connection:
        connection.execute(
            schema.customers.insert(),
            {"created_at": datetime(2024, 1, 1), "updated_at": datetime(2024, 1, 1, tzinfo=UTC)},
        )


def test_sqlite_file_uses_wal_in_suara_home(tmp_path: Path) -> None:
    store = open_store(Settings(home=tmp_path / "data"))
    assert store.location == str((tmp_path / "data" / "suara.db").resolve())
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    store.close()


def test_bulk_connection_restores_foreign_keys(tmp_path: Path) -> None:
    store = open_store(Settings(home=tmp_path))
    with store.bulk_connection() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 0
        connection.commit()
        transaction = connection.begin()
        connection.execute(
            text(
                "INSERT INTO customer_identities (customer_id, source, external_id) "
                "VALUES (999, 's', 'x')"
            )
        )
        assert store.foreign_key_problems(connection) == [
            "customer_identities row 1 references a missing customers"
        ]
        transaction.rollback()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    store.close()


def test_postgres_url_from_settings_hides_password() -> None:
    settings = Settings(database_url="postgresql://suara:rahasia@127.0.0.1:1/nowhere")
    with pytest.raises(StoreUnavailable) as caught:
        open_store(settings)
    assert "rahasia" not in str(caught.value)
    assert "127.0.0.1:1/nowhere" in str(caught.value)


def test_unsupported_database_and_unsafe_production_settings() -> None:
    with pytest.raises(ConfigurationError, match="SQLite or PostgreSQL"):
        open_store(Settings(database_url="mysql://root@localhost/x"))
    with pytest.raises(ConfigurationError, match="SUARA_SECRET_KEY"):
        load_settings(environment="production")
    assert load_settings(environment="production", secret_key="s3cret-real").secret_key
