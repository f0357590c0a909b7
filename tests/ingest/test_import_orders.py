"""Importing orders: formats, Indonesian values, atomicity, idempotency, skip-invalid."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from suara.domain.errors import ImportRejected, MappingError
from suara.ingest import import_file
from suara.storage import Store, schema
from tests.ingest.files import write_any, write_csv

ORDERS: list[dict[str, Any]] = [
    {
        "No. Pesanan": "INV-001",
        "customer_id": "C-1",
        "Nama Pembeli": "Budi Santoso",
        "marketplace": "Shopee",
        "Total": "Rp 1.250.000",
        "Tanggal Pesanan": "05/03/2024 14.30",
        "Kurir": "JNE",
        "Provinsi": "Jabar",
    },
    {
        "No. Pesanan": "INV-002",
        "customer_id": "C-2",
        "Nama Pembeli": "Sari Dewi",
        "marketplace": "tokped",
        "Total": "1.250.000,50",
        "Tanggal Pesanan": "5 Januari 2024",
        "Kurir": "SiCepat",
        "Provinsi": "DKI Jakarta",
    },
    {
        "No. Pesanan": "INV-003",
        "customer_id": "C-1",
        "Nama Pembeli": "Budi Santoso",
        "marketplace": "site",
        "Total": "Rp 75.000",
        "Tanggal Pesanan": "2024-12-31",
        "Kurir": "J&T",
        "Provinsi": "Jawa Timur",
    },
]


def stored_orders(store: Store) -> list[tuple[Any, ...]]:
    o, c = schema.orders, schema.customer_identities
    query = (
        select(
            o.c.external_id,
            c.c.external_id,
            o.c.channel,
            o.c.amount,
            o.c.ordered_at,
            o.c.courier,
            o.c.shipping_province,
        )
        .join(c, c.c.customer_id == o.c.customer_id)
        .order_by(o.c.external_id)
    )
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


EXPECTED = [
    (
        "INV-001",
        "C-1",
        "shopee",
        1_250_000.0,
        datetime(2024, 3, 5, 7, 30, tzinfo=UTC),
        "JNE",
        "Jawa Barat",
    ),
    (
        "INV-002",
        "C-2",
        "tokopedia",
        1_250_000.5,
        datetime(2024, 1, 4, 17, 0, tzinfo=UTC),
        "SiCepat",
        "DKI Jakarta",
    ),
    (
        "INV-003",
        "C-1",
        "site",
        75_000.0,
        datetime(2024, 12, 30, 17, 0, tzinfo=UTC),
        "J&T",
        "Jawa Timur",
    ),
]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl", ".parquet", ".xlsx"])
def test_every_format_imports_the_same_rows(store: Store, tmp_path: Path, suffix: str) -> None:
    path = write_any(tmp_path / f"orders{suffix}", ORDERS)
    report = import_file("orders", path, store=store)
    assert (report.rows_read, report.rows_written, report.rows_rejected) == (3, 3, 0)
    assert stored_orders(store) == EXPECTED
    assert store.counts()["customers"] == 2


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), ("\t", "utf-8"), ("|", "latin-1"), (",", "cp1252")],
)
def test_csv_dialects_and_encodings(
    store: Store, tmp_path: Path, delimiter: str, encoding: str
) -> None:
    rows = [dict(r, **{"Nama Pembeli": r["Nama Pembeli"] + " Ñoño"}) for r in ORDERS]
    path = write_csv(tmp_path / "orders.csv", rows, delimiter=delimiter, encoding=encoding)
    import_file("orders", path, store=store)
    assert stored_orders(store) == EXPECTED
    with store.engine.connect() as connection:
        names = set(connection.execute(select(schema.customers.c.name)).scalars())
    assert names == {"Budi Santoso Ñoño", "Sari Dewi Ñoño"}


def test_reimport_is_idempotent_and_updates(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "orders.csv", ORDERS)
    import_file("orders", path, store=store)
    first = store.counts()
    import_file("orders", path, store=store)
    assert store.counts() == first
    assert stored_orders(store) == EXPECTED
    changed = [dict(ORDERS[0], Total="Rp 1.300.000", Kurir="")]
    import_file("orders", write_csv(tmp_path / "later.csv", changed), store=store)
    assert store.counts() == first
    updated = stored_orders(store)[0]
    assert updated[3] == 1_300_000.0
    assert updated[5] == "JNE", "an empty cell must not erase a stored value"


def test_a_bad_row_anywhere_leaves_the_store_unchanged(store: Store, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", ORDERS[:1])
    import_file("orders", good, store=store)
    before = store.counts()
    before_rows = stored_orders(store)
    rows = [*ORDERS, dict(ORDERS[0], **{"No. Pesanan": "INV-9", "Total": "seratus ribu"})]
    rows += [dict(ORDERS[1], **{"No. Pesanan": f"INV-{n}"}) for n in range(100, 3000)]
    rows.append(dict(ORDERS[1], **{"No. Pesanan": "INV-LAST", "Tanggal Pesanan": "31/02/2024"}))
    path = write_csv(tmp_path / "orders.csv", rows)
    with pytest.raises(ImportRejected) as caught:
        import_file("orders", path, store=store, batch_size=500)
    assert store.counts() == before
    assert stored_orders(store) == before_rows
    report = caught.value.report
    located = [(e.file, e.row, e.column) for e in report.errors]
    assert located == [("orders.csv", 5, "Total"), ("orders.csv", len(rows) + 1, "Tanggal Pesanan")]
    assert "seratus ribu" in report.errors[0].reason
    assert "nothing was written" in str(caught.value)


def test_missing_required_value_and_structure_errors(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,customer_id,channel,amount,ordered_at\n"
        "A1,C1,site,10000,01/02/2024\n"
        "A2,,site,10000,01/02/2024\n"
        "A3,C1,site,10000\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        import_file("orders", path, store=store)
    errors = caught.value.report.errors
    assert [(e.row, e.column) for e in errors] == [(3, "customer_id"), (4, "")]
    assert "required" in errors[0].reason
    assert "5 columns" in errors[1].reason
    assert store.counts()["orders"] == 0


def test_skip_invalid_writes_good_rows_and_saves_rejects(store: Store, tmp_path: Path) -> None:
    rows = [*ORDERS, dict(ORDERS[0], **{"No. Pesanan": "INV-9", "Total": "-Rp 5.000"})]
    path = write_csv(tmp_path / "orders.csv", rows)
    report = import_file("orders", path, store=store, skip_invalid=True)
    assert (report.rows_written, report.rows_rejected) == (3, 1)
    assert stored_orders(store) == EXPECTED
    assert report.rejects_path == tmp_path / "orders.rejected.csv"
    with report.rejects_path.open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert len(rejected) == 1
    assert rejected[0]["row"] == "5"
    assert rejected[0]["No. Pesanan"] == "INV-9"
    assert "negative" in rejected[0]["reason"]


def test_explicit_mapping_and_missing_field_message(store: Store, tmp_path: Path) -> None:
    rows = [
        {"Nomor": "X1", "Pembeli": "C9", "Via": "app", "Bayar": "Rp 10.000", "Kapan": "01/01/2025"}
    ]
    path = write_csv(tmp_path / "export.csv", rows)
    with pytest.raises(MappingError, match=r"customer_id, channel, amount, ordered_at"):
        import_file("orders", path, store=store, mapping={"Nomor": "external_id"})
    mapping = {
        "Nomor": "external_id",
        "Pembeli": "customer_id",
        "Via": "channel",
        "Bayar": "amount",
        "Kapan": "ordered_at",
    }
    report = import_file("orders", path, store=store, mapping=mapping, source="app-export")
    assert report.rows_written == 1
    with store.engine.connect() as connection:
        source = connection.execute(select(schema.orders.c.source)).scalar_one()
    assert source == "app-export"


def test_order_lines_from_one_row_per_line(store: Store, tmp_path: Path) -> None:
    rows = [
        {
            "order_id": "O1",
            "customer_id": "C1",
            "channel": "site",
            "amount": "150.000",
            "ordered_at": "01/06/2024",
            "sku": "SKU-A",
            "product_name": "Kaos",
            "qty": "2",
            "harga_satuan": "50.000",
        },
        {
            "order_id": "O1",
            "customer_id": "C1",
            "channel": "site",
            "amount": "150.000",
            "ordered_at": "01/06/2024",
            "sku": "SKU-B",
            "product_name": "Topi",
            "qty": "1",
            "harga_satuan": "50.000",
        },
    ]
    path = write_csv(tmp_path / "lines.csv", rows)
    import_file("orders", path, store=store)
    import_file("orders", path, store=store)
    counts = store.counts()
    assert (counts["orders"], counts["order_lines"], counts["products"]) == (1, 2, 2)
    with store.engine.connect() as connection:
        names = sorted(connection.execute(select(schema.products.c.name)).scalars())
    assert names == ["Kaos", "Topi"]
