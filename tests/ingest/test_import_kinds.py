"""Every import kind on both backends: customers, products, reviews, comments, tickets,
touchpoints and survey responses, each idempotent on re-import."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from suara.domain.errors import (
    ImportRejected,
    MappingError,
    UnknownImportKind,
    UnsupportedFileFormat,
)
from suara.ingest import import_file
from suara.ingest.readers import CSV_FIELD_CHARS
from suara.storage import Store, schema
from tests.ingest.files import write_csv, write_jsonl


def _rows(store: Store, query: object) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]  # type: ignore[call-overload]


def test_customers_with_indonesian_formats_and_consent(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "pelanggan.csv",
        [
            {
                "ID Pelanggan": "P-1",
                "Nama": "Siti Rahayu",
                "No. HP": "0812-3456-7890",
                "Email": " Siti@Example.ID ",
                "Tanggal Lahir": "17 Agustus 1990",
                "Jenis Kelamin": "P",
                "Kota": "Bandung",
                "Provinsi": "jabar",
                "Bahasa": "Indonesia",
                "setuju_email": "ya",
            },
            {
                "ID Pelanggan": "P-2",
                "Nama": "John Tan",
                "No. HP": "+62 21 555 1234",
                "Email": "",
                "Tanggal Lahir": "01/02/1985",
                "Jenis Kelamin": "L",
                "Kota": "Medan",
                "Provinsi": "Sumatera Utara",
                "Bahasa": "english",
                "setuju_email": "tidak",
            },
        ],
    )
    report = import_file("customers", path, store=store, source="crm")
    assert report.rows_written == 2
    c = schema.customers
    rows = _rows(
        store,
        select(
            c.c.name,
            c.c.phone,
            c.c.email,
            c.c.birthday,
            c.c.gender,
            c.c.province,
            c.c.preferred_language,
            c.c.consent_email,
        ).order_by(c.c.name),
    )
    assert rows == [
        ("John Tan", "+62215551234", None, date(1985, 2, 1), "male", "Sumatera Utara", "en", False),
        (
            "Siti Rahayu",
            "+6281234567890",
            "siti@example.id",
            date(1990, 8, 17),
            "female",
            "Jawa Barat",
            "id",
            True,
        ),
    ]
    consent_at = _rows(store, select(c.c.consent_email_at).where(c.c.name == "Siti Rahayu"))
    assert consent_at[0][0] is not None
    assert consent_at[0][0].tzinfo is not None
    import_file("customers", path, store=store, source="crm")
    assert store.counts()["customers"] == 2
    assert store.counts()["customer_identities"] == 2


def test_orders_link_to_customers_imported_before(store: Store, tmp_path: Path) -> None:
    write_csv(tmp_path / "c.csv", [{"id": "P-1", "nama": "Siti"}])
    import_file("customers", tmp_path / "c.csv", store=store, source="shopee")
    orders = write_csv(
        tmp_path / "o.csv",
        [
            {
                "order_id": "O-1",
                "customer_id": "P-1",
                "channel": "shopee",
                "amount": "10.000",
                "ordered_at": "01/03/2024",
            }
        ],
    )
    import_file("orders", orders, store=store, source="shopee")
    assert store.counts()["customers"] == 1


def test_products_with_category_paths(store: Store, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "produk.csv",
        [
            {
                "SKU": "A1",
                "Nama Produk": "Gelas Kaca",
                "Kategori": "Rumah > Dapur",
                "Harga": "Rp 45.000",
            },
            {"SKU": "A2", "Nama Produk": "Piring", "Kategori": "Rumah > Dapur", "Harga": "30rb"},
            {"SKU": "B1", "Nama Produk": "Kaos", "Kategori": "Fashion", "Harga": "99.000"},
        ],
    )
    import_file("products", path, store=store)
    import_file("products", path, store=store)
    p, k = schema.products, schema.categories
    rows = _rows(
        store, select(p.c.external_id, k.c.name, p.c.price).join(k).order_by(p.c.external_id)
    )
    assert rows == [
        ("A1", "Dapur", 45_000.0),
        ("A2", "Dapur", 30_000.0),
        ("B1", "Fashion", 99_000.0),
    ]
    parents = _rows(store, select(k.c.name, k.c.parent_id).order_by(k.c.name))
    assert [name for name, _ in parents] == ["Dapur", "Fashion", "Rumah"]
    assert store.counts()["categories"] == 3


def test_reviews_need_known_orders_and_get_stable_ids(store: Store, tmp_path: Path) -> None:
    write_csv(
        tmp_path / "o.csv",
        [
            {
                "order_id": "O-1",
                "customer_id": "C-1",
                "channel": "tokopedia",
                "amount": "50000",
                "ordered_at": "2024-05-01",
            }
        ],
    )
    import_file("orders", tmp_path / "o.csv", store=store, source="tokopedia")
    reviews = [
        {
            "order_id": "O-1",
            "customer_id": "C-1",
            "sku": "SKU-9",
            "bintang": "2",
            "ulasan": "Barang pecah, packing kurang aman 😡",
            "tanggal": "03/05/2024",
        },
        {
            "order_id": "",
            "customer_id": "C-2",
            "sku": "SKU-9",
            "bintang": "5",
            "ulasan": "mantul, seller fast respon",
            "tanggal": "04/05/2024",
        },
    ]
    path = write_csv(tmp_path / "ulasan.csv", reviews)
    report = import_file("reviews", path, store=store, source="tokopedia")
    assert report.rows_written == 2
    import_file("reviews", path, store=store, source="tokopedia")
    f = schema.feedback_items
    rows = _rows(
        store, select(f.c.kind, f.c.rating, f.c.rating_scale_max, f.c.text).order_by(f.c.rating)
    )
    assert rows == [
        ("review", 2.0, 5, "Barang pecah, packing kurang aman 😡"),
        ("review", 5.0, 5, "mantul, seller fast respon"),
    ]
    bad = write_csv(tmp_path / "bad.csv", [dict(reviews[0], order_id="O-404")])
    with pytest.raises(ImportRejected) as caught:
        import_file("reviews", bad, store=store, source="tokopedia")
    assert caught.value.report.errors[0].column == "order_id"
    assert "import orders first" in caught.value.report.errors[0].reason


def test_comments_with_kinds(store: Store, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "comments.jsonl",
        [
            {
                "id": "ig-1",
                "komentar": "kapan restock kak?",
                "platform": "instagram",
                "waktu": "2024-06-01T10:00:00+07:00",
                "jenis": "social_comment",
            },
            {
                "id": "f-1",
                "komentar": "Saran: tambah ukuran XL",
                "platform": "forum",
                "waktu": "2 Juni 2024",
                "jenis": "forum",
            },
        ],
    )
    import_file("comments", path, store=store, source="social")
    f = schema.feedback_items
    rows = _rows(store, select(f.c.kind, f.c.channel, f.c.created_at).order_by(f.c.external_id))
    assert rows == [
        ("forum_post", "forum", datetime(2024, 6, 1, 17, 0, tzinfo=UTC)),
        ("social_comment", "instagram", datetime(2024, 6, 1, 3, 0, tzinfo=UTC)),
    ]


def test_lone_surrogates_are_imported_as_replacement_characters(
    store: Store, tmp_path: Path
) -> None:
    """A JSON export may cut an emoji in half (``"\\ud83d"``); such a string cannot be
    stored, and the import used to stop with a traceback, its rejects file half-written."""
    path = tmp_path / "comments.jsonl"
    rows = [
        {"id": "ig-\udcff", "komentar": "kurir telat \ud83d", "waktu": "2024-06-01"},
        {"id": "ig-2", "komentar": "ok \ud83d", "waktu": "kemarin \udcff"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="ascii")
    report = import_file("comments", path, store=store, source="social", skip_invalid=True)
    assert (report.rows_written, report.rows_rejected) == (1, 1)
    f = schema.feedback_items
    assert _rows(store, select(f.c.external_id, f.c.text)) == [("ig-\ufffd", "kurir telat \ufffd")]
    assert report.rejects_path is not None
    with report.rejects_path.open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(r["id"], r["komentar"], r["waktu"]) for r in rejected] == [
        ("ig-2", "ok \ufffd", "kemarin \ufffd")
    ]


def test_a_csv_value_past_pythons_field_limit(store: Store, tmp_path: Path) -> None:
    """Python's csv module stops at 131,072 characters a value (it used to be a traceback);
    Suara reads up to CSV_FIELD_CHARS, judges the row as any other, and names the line of a
    quote never closed."""
    long = "barang bagus, " * 15_000  # 210,000 characters
    rows = [
        {"id": "c-1", "komentar": long, "waktu": "2024-06-01"},
        {"id": "c-2", "komentar": "barang bagus", "waktu": "2024-06-01"},
    ]
    path = write_csv(tmp_path / "long.csv", rows)
    report = import_file("comments", path, store=store, source="forum", skip_invalid=True)
    assert (report.rows_written, report.rows_rejected) == (1, 1)
    assert "at most 20,000 characters" in report.errors[0].reason
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(
        'id,komentar,waktu\nc-2,"kurang,2024-06-01\n' + "x" * (CSV_FIELD_CHARS + 1) + "\n",
        "utf-8",
    )
    with pytest.raises(UnsupportedFileFormat, match=r"unclosed.csv, line 2: .* never closed"):
        import_file("comments", unclosed, store=store, source="forum")


def test_tickets_with_description_and_time_order_checks(store: Store, tmp_path: Path) -> None:
    good = {
        "no_tiket": "T-1",
        "customer_id": "C-1",
        "kanal": "WA",
        "departemen": "CS",
        "dibuat": "01/03/2024 09.00",
        "balasan_pertama": "01/03/2024 11.30",
        "diselesaikan": "02/03/2024 10:00",
        "kepuasan": "4",
        "status": "selesai",
        "keluhan": "Paket belum sampai",
    }
    path = write_csv(tmp_path / "tiket.csv", [good])
    import_file("tickets", path, store=store)
    import_file("tickets", path, store=store)
    t = schema.support_tickets
    rows = _rows(store, select(t.c.channel, t.c.department, t.c.status, t.c.csat))
    assert rows == [("whatsapp", "support", "solved", 4)]
    assert store.counts()["ticket_messages"] == 1
    f = schema.feedback_items  # the customer's words, as feedback to analyse, once
    feedback = _rows(store, select(f.c.kind, f.c.text, f.c.channel, f.c.ticket_id.is_not(None)))
    assert feedback == [("support_message", "Paket belum sampai", "whatsapp", True)]
    bad = write_csv(
        tmp_path / "bad.csv", [dict(good, no_tiket="T-2", balasan_pertama="28/02/2024")]
    )
    with pytest.raises(ImportRejected, match="1 of 1 rows"):
        import_file("tickets", bad, store=store)


def test_touchpoints_for_each_stage(store: Store, tmp_path: Path) -> None:
    stages = ["kesadaran", "consideration", "pembelian", "retensi", "advokasi"]
    path = write_csv(
        tmp_path / "tp.csv",
        [
            {
                "customer_id": "C-1",
                "tahap": stage,
                "kanal": "app",
                "aktivitas": f"event-{n}",
                "waktu": f"0{n + 1}/07/2024 10:00",
            }
            for n, stage in enumerate(stages)
        ],
    )
    import_file("touchpoints", path, store=store)
    import_file("touchpoints", path, store=store)
    t = schema.touchpoints
    assert [r[0] for r in _rows(store, select(t.c.stage).order_by(t.c.occurred_at))] == [
        "awareness",
        "consideration",
        "conversion",
        "retention",
        "advocacy",
    ]


def test_responses_create_an_imported_survey(store: Store, tmp_path: Path) -> None:
    rows = [
        {
            "response_id": "R1",
            "customer_id": "C-1",
            "submitted_at": "01/08/2024",
            "nps": "9",
            "alasan": "Pengiriman cepat",
            "trust_1": "5",
            "csat": "4",
        },
        {
            "response_id": "R2",
            "customer_id": "C-2",
            "submitted_at": "02/08/2024",
            "nps": "3",
            "alasan": "",
            "trust_1": "2",
            "csat": "2",
        },
    ]
    path = write_csv(tmp_path / "nps.csv", rows)
    import_file("responses", path, store=store, survey="nps-2024")
    import_file("responses", path, store=store, survey="nps-2024")
    counts = store.counts()
    assert (counts["surveys"], counts["responses"], counts["answers"]) == (1, 2, 7)
    q = schema.questions
    kinds = dict(_rows(store, select(q.c.key, q.c.type)))
    assert kinds == {"nps": "nps", "alasan": "free_text", "trust_1": "likert", "csat": "rating"}
    f = schema.feedback_items
    assert _rows(store, select(f.c.kind, f.c.text)) == [("survey_comment", "Pengiriman cepat")]
    out_of_range = write_csv(tmp_path / "bad.csv", [dict(rows[0], response_id="R3", nps="11")])
    with pytest.raises(ImportRejected) as caught:
        import_file("responses", out_of_range, store=store, survey="nps-2024")
    error = caught.value.report.errors[0]
    assert (error.row, error.column) == (2, "nps")
    assert "0 to 10" in error.reason
    unknown = write_csv(tmp_path / "unknown.csv", [dict(rows[0], response_id="R4", extra="x")])
    with pytest.raises(MappingError, match="no question 'extra'"):
        import_file("responses", unknown, store=store, survey="nps-2024")


def test_unknown_kind_and_unsupported_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UnknownImportKind, match="customers, orders"):
        import_file("invoices", tmp_path / "x.csv", store=store)
    (tmp_path / "x.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValueError, match=r"save it as \.xlsx"):
        import_file("orders", tmp_path / "x.xls", store=store)
