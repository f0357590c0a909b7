"""Fixtures that build small real stores on SQLite and PostgreSQL.

PostgreSQL is not optional: when it cannot be reached the run stops with an error, unless
``SUARA_TEST_SKIP_POSTGRES=1`` says on purpose that this machine has none (never set in CI).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from suara.settings import Settings
from suara.storage import Store, open_store, schema

PG_ADMIN_URL = os.environ.get(
    "SUARA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SKIP_POSTGRES = os.environ.get("SUARA_TEST_SKIP_POSTGRES") == "1" and not os.environ.get("CI")
BACKENDS = ["sqlite", "postgresql"]


def _postgres_reachable() -> str | None:
    engine = create_engine(PG_ADMIN_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:
        return str(exc).splitlines()[0]
    finally:
        engine.dispose()
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    if SKIP_POSTGRES:
        return
    problem = _postgres_reachable()
    if problem is not None:
        pytest.exit(
            f"PostgreSQL is required for the storage tests and is not reachable at "
            f"{make_url(PG_ADMIN_URL).render_as_string(hide_password=True)}: {problem}. "
            "Start it, point SUARA_TEST_POSTGRES_URL at one, or (outside CI only) set "
            "SUARA_TEST_SKIP_POSTGRES=1.",
            returncode=3,
        )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of this test worker's own, dropped at the end of the session."""
    if SKIP_POSTGRES:
        pytest.skip("SUARA_TEST_SKIP_POSTGRES=1")
    name = f"suara_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _empty_postgres(store: Store) -> None:
    names = ", ".join(
        t.name
        for t in (
            *schema.ENTITY_TABLES,
            *schema.SERVICE_TABLES,
            *schema.ACTION_TABLES,
            *schema.ACCOUNT_TABLES,
            *schema.ANALYSIS_TABLES,
            schema.erased_identities,
            schema.import_runs,
            schema.store_meta,
        )
    )
    with store.transaction() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "postgresql":
        url = request.getfixturevalue("postgres_url")
        return Settings(home=tmp_path / "home", database_url=url)
    return Settings(home=tmp_path / "home")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """An empty, migrated store on the backend under test."""
    opened = open_store(settings)
    if opened.backend == "postgresql":
        _empty_postgres(opened)
    try:
        yield opened
    finally:
        opened.close()
