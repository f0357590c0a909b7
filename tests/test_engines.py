"""``suara.engines.connect``: every URL form it accepts, and the mistakes it explains."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from suara import engines
from suara.domain.errors import ConfigurationError, StoreUnavailable


def test_sqlite_file_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with sqlite3.connect(path) as connection:
        connection.execute("create table t (x integer)")
        connection.execute("insert into t values (1), (2)")
    connection.close()
    backend = engines.connect(f"sqlite:///{path}")
    assert backend.name == "sqlite"
    assert backend.table("t").count().execute() == 2
    backend.disconnect()
    memory = engines.connect("sqlite://")
    assert memory.list_tables() == []
    memory.disconnect()


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match=r"does not exist"):
        engines.connect(f"sqlite:///{tmp_path / 'nope.db'}")
    assert not (tmp_path / "nope.db").exists()


def test_files_become_tables_named_after_their_stems(tmp_path: Path) -> None:
    pq.write_table(pa.table({"x": [1, 2, 3]}), tmp_path / "orders.parquet")
    (tmp_path / "tickets.csv").write_text("id,agent\n1,ayu\n2,budi\n")
    (tmp_path / "notes.txt").write_text("ignored")
    for target in (tmp_path, tmp_path / "*", f"file://{tmp_path}"):
        backend = engines.connect(target)
        assert sorted(backend.list_tables()) == ["orders", "tickets"]
        assert backend.table("tickets").count().execute() == 2
        backend.disconnect()
    single = engines.connect(tmp_path / "orders.parquet")
    assert single.list_tables() == ["orders"]
    single.disconnect()


def test_duckdb_urls(tmp_path: Path) -> None:
    memory = engines.connect("duckdb://")
    assert memory.name == "duckdb"
    memory.disconnect()
    on_disk = engines.connect(f"duckdb:///{tmp_path / 'x.duckdb'}")
    assert (tmp_path / "x.duckdb").exists()
    on_disk.disconnect()


@pytest.mark.parametrize(
    ("url", "error", "message"),
    [
        ("mysql://host/db", ConfigurationError, "unknown engine 'mysql'"),
        ("spark://yarn", ConfigurationError, "only local Spark"),
        ("/no/such/folder/*.parquet", StoreUnavailable, "no .parquet or .csv files"),
        (
            "postgresql://nobody:secret@127.0.0.1:1/none",
            StoreUnavailable,
            r"cannot connect to PostgreSQL at 'postgresql://nobody:\*\*\*@",
        ),
    ],
)
def test_mistakes_are_explained(url: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message) as raised:
        engines.connect(url)
    assert "secret" not in str(raised.value)


def test_two_files_cannot_share_a_table_name(tmp_path: Path) -> None:
    pq.write_table(pa.table({"x": [1]}), tmp_path / "orders.parquet")
    (tmp_path / "orders.csv").write_text("x\n1\n")
    with pytest.raises(ConfigurationError, match="both become table 'orders'"):
        engines.connect(tmp_path)
