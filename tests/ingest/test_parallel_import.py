"""Big files are read and parsed in a helper process: the store must not be able to tell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from suara.domain.errors import ImportRejected, UnsupportedFileFormat
from suara.ingest import import_file
from suara.ingest.pipeline import PARALLEL_MIN_ROWS, use_helper_process
from suara.storage import Store, schema
from tests.ingest.files import write_any, write_csv

COURIERS = ["JNE", "J&T", "SiCepat"]


def _orders(count: int) -> list[dict[str, Any]]:
    return [
        {
            "No. Pesanan": f"INV-{n:05d}",
            "customer_id": f"C-{n % 37}",
            "marketplace": ["shopee", "tokped", "app"][n % 3],
            "Total": f"Rp {(n % 50 + 1) * 1000:,}".replace(",", "."),
            "Tanggal Pesanan": f"{n % 28 + 1:02d}/0{n % 9 + 1}/2025 1{n % 10}.{n % 60:02d}",
            "Tanggal Diterima": "" if n % 7 == 0 else f"{n % 28 + 1}-0{n % 9 + 1}-2025",
            "Kurir": COURIERS[n % 3],
        }
        for n in range(count)
    ]


def _snapshot(store: Store) -> list[tuple[Any, ...]]:
    o, c = schema.orders, schema.customer_identities
    query = (
        select(
            o.c.external_id,
            c.c.external_id,
            o.c.channel,
            o.c.amount,
            o.c.ordered_at,
            o.c.delivered_at,
            o.c.courier,
            o.c.status,
        )
        .join(c, c.c.customer_id == o.c.customer_id)
        .order_by(o.c.external_id)
    )
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_helper_process_and_in_process_store_the_same(
    store: Store, tmp_path: Path, suffix: str
) -> None:
    path = write_any(tmp_path / f"orders{suffix}", _orders(5000))
    report = import_file("orders", path, store=store, parallel=True, batch_size=700)
    assert report.rows_written == 5000
    in_helper = _snapshot(store)
    again = import_file("orders", path, store=store, parallel=False, batch_size=700)
    assert again.rows_written == 5000
    assert _snapshot(store) == in_helper
    assert len(in_helper) == 5000
    assert store.counts()["customers"] == 37


def test_bad_rows_found_in_the_helper_leave_the_store_unchanged(
    store: Store, tmp_path: Path
) -> None:
    rows = _orders(3000)
    rows[2500]["Total"] = "mahal"
    path = write_csv(tmp_path / "orders.csv", rows)
    with pytest.raises(ImportRejected, match="1 of 3000 rows are invalid") as caught:
        import_file("orders", path, store=store, parallel=True, batch_size=500)
    assert [(e.row, e.column) for e in caught.value.report.errors] == [(2502, "Total")]
    assert store.counts()["orders"] == 0


def test_skip_invalid_in_the_helper_saves_the_rejected_rows(store: Store, tmp_path: Path) -> None:
    rows = _orders(1200)
    rows[10]["Tanggal Pesanan"] = "kemarin"
    path = write_csv(tmp_path / "orders.csv", rows)
    report = import_file(
        "orders", path, store=store, parallel=True, skip_invalid=True, batch_size=500
    )
    assert (report.rows_written, report.rows_rejected) == (1199, 1)
    rejected = (tmp_path / "orders.rejected.csv").read_text(encoding="utf-8").splitlines()
    assert len(rejected) == 2
    assert rejected[1].startswith("12,\"Tanggal Pesanan: 'kemarin' is not a date")
    assert "kemarin" in rejected[1]


@pytest.mark.parametrize("parallel", [True, False])
def test_a_file_that_is_not_in_its_encoding_is_a_clear_error(
    store: Store, tmp_path: Path, parallel: bool
) -> None:
    path = write_csv(tmp_path / "orders.csv", _orders(3000))
    with path.open("ab") as handle:  # far past the header the importing process reads
        handle.write(b"INV-X,C-1,app,Rp 1.000,01/01/2025,,Pos \xff\n")
    with pytest.raises(UnsupportedFileFormat, match=r"orders.csv is not utf-8 text.*--encoding"):
        import_file("orders", path, store=store, parallel=parallel, encoding="utf-8")
    assert store.counts()["orders"] == 0


def test_only_big_streamed_files_use_a_helper() -> None:
    assert not use_helper_process("csv", 10)
    assert not use_helper_process("excel", PARALLEL_MIN_ROWS * 2)
    assert not use_helper_process("json", PARALLEL_MIN_ROWS * 2)


def test_sources_with_many_customers_are_looked_up_batch_by_batch(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_csv(tmp_path / "first.csv", _orders(400))
    import_file("orders", first, store=store, batch_size=150)
    monkeypatch.setattr("suara.ingest.references.PRELOAD_LIMIT", 10)
    rows = _orders(600)
    for row in rows[400:]:
        row["customer_id"] = f"NEW-{row['customer_id']}"
    second = write_csv(tmp_path / "second.csv", rows)
    import_file("orders", second, store=store, batch_size=150)
    assert store.counts()["customers"] == 37 + 37
    assert store.counts()["customer_identities"] == 74
    assert len(_snapshot(store)) == 600
