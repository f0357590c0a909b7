"""Load one dataset into every engine: SQLite, PostgreSQL, DuckDB over Parquet, and PySpark.

``warehouse`` is session-scoped and parametrised, so each engine is built once and every test
in this directory runs on all four; Spark (a JVM start of ~10 s) is marked ``slow``.

PySpark 4.0 leaves the local socket it collects results through for the garbage collector
(``pyspark.util._load_from_socket``), which Python reports as an unclosed-socket
``ResourceWarning``; the suite ignores exactly that warning (``SPARK_SOCKET_WARNING``) and
collects those sockets before a Spark test ends, so they cannot fail a later test.
"""

from __future__ import annotations

import gc
import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ibis.backends import BaseBackend
from sqlalchemy import JSON, Boolean, Date, Float, Integer, Numeric, create_engine, text
from sqlalchemy.engine import make_url

from suara import engines
from suara.storage import schema
from suara.storage.types import UtcDateTime
from tests.engines.dataset import Rows, build

PG_ADMIN_URL = os.environ.get(
    "SUARA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SKIP_POSTGRES = os.environ.get("SUARA_TEST_SKIP_POSTGRES") == "1" and not os.environ.get("CI")
SPARK_SOCKET_WARNING = "ignore:unclosed <socket.socket:ResourceWarning"
ENGINES = ["sqlite", "postgresql", "duckdb", pytest.param("pyspark", marks=pytest.mark.slow)]


@pytest.fixture(scope="session")
def dataset() -> dict[str, Rows]:
    return build()


def _load_sql(url: str, dataset: dict[str, Rows]) -> None:
    """Fresh tables with the dataset: pytest may build a session fixture's param again."""
    engine = create_engine(url)
    schema.metadata.drop_all(engine)
    schema.metadata.create_all(engine)
    with engine.begin() as connection:
        for name, rows in dataset.items():
            connection.execute(schema.metadata.tables[name].insert(), rows)
    engine.dispose()


def _arrow_type(column: Any) -> pa.DataType | None:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(kind, JSON):
        return None
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Date):
        return pa.date32()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float | Numeric):
        return pa.float64()
    return pa.string()


@pytest.fixture(scope="session")
def parquet_files(dataset: dict[str, Rows], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("parquet")
    files = []
    for name, rows in dataset.items():
        fields = []
        for column in schema.metadata.tables[name].columns:
            arrow_type = _arrow_type(column)
            if arrow_type is not None:
                fields.append(pa.field(column.name, arrow_type))
        arrow_schema = pa.schema(fields)
        columns = {f.name: [row.get(f.name) for row in rows] for f in arrow_schema}
        path = folder / f"{name}.parquet"
        pq.write_table(pa.table(columns, schema=arrow_schema), path)
        files.append(path)
    return files


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    if SKIP_POSTGRES:
        pytest.skip("SUARA_TEST_SKIP_POSTGRES=1")
    name = f"suara_engines_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=ENGINES)
def warehouse(
    request: pytest.FixtureRequest,
    dataset: dict[str, Rows],
    parquet_files: list[Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[BaseBackend]:
    """An ibis backend holding the dataset's tables, one per engine."""
    name = request.param
    if name == "sqlite":
        path = tmp_path_factory.mktemp("sqlite") / "suara.db"
        _load_sql(f"sqlite:///{path}", dataset)
        backend = engines.connect(f"sqlite:///{path}")
    elif name == "postgresql":
        url = request.getfixturevalue("postgres_database")
        _load_sql(url, dataset)
        backend = engines.connect(url)
    elif name == "duckdb":
        backend = engines.connect(parquet_files[0].parent)
    else:
        backend = engines.connect("spark://local[1]")
        engines.register_files(backend, parquet_files)
    yield backend
    backend.disconnect()
    _collect_spark_sockets()


def _collect_spark_sockets() -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "unclosed <socket.socket", ResourceWarning)
        gc.collect()


@pytest.fixture(autouse=True)
def _spark_sockets_are_collected(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("warehouse") == "pyspark":
        _collect_spark_sockets()
