"""The fields each importable entity has, with the column names exports use for them.

Aliases cover the Indonesian and English headers of common marketplace and CRM exports, so
most files import without a mapping; anything else is one ``--map`` away.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import tzinfo

from suara.domain.entities import (
    Department,
    FeedbackKind,
    Gender,
    Language,
    OrderStatus,
    TicketStatus,
)
from suara.domain.frameworks import JourneyStage, TouchpointKind
from suara.ingest import fields as f
from suara.ingest import parsing
from suara.ingest.fields import FieldSpec

CUSTOMER_REF = ("customer_id", "customer", "id_pelanggan", "pelanggan_id", "buyer_id", "user_id")
ORDER_REF = ("order_id", "order", "no_pesanan", "nomor_pesanan", "id_pesanan", "invoice")

_ORDER_STATUS_ALIASES = {
    "menunggu": "pending",
    "menunggu pembayaran": "pending",
    "belum bayar": "pending",
    "dibayar": "paid",
    "diproses": "paid",
    "dikemas": "paid",
    "dikirim": "shipped",
    "sedang dikirim": "shipped",
    "terkirim": "delivered",
    "diterima": "delivered",
    "sampai": "delivered",
    "selesai": "completed",
    "done": "completed",
    "dibatalkan": "cancelled",
    "batal": "cancelled",
    "canceled": "cancelled",
    "dikembalikan": "returned",
    "retur": "returned",
    "pengembalian dana": "refunded",
    "refund": "refunded",
}
_GENDER_ALIASES = {"l": "male", "p": "female", "m": "male", "f": "female"}
_LANGUAGE_ALIASES = {
    "indonesia": "id",
    "indonesian": "id",
    "bahasa": "id",
    "bahasa indonesia": "id",
    "ind": "id",
    "english": "en",
    "inggris": "en",
    "eng": "en",
    "ms": "id",
    "malay": "id",
}
_STAGE_ALIASES = {
    "kesadaran": "awareness",
    "pertimbangan": "consideration",
    "pembelian": "conversion",
    "purchase": "conversion",
    "decision": "conversion",
    "keputusan": "conversion",
    "retensi": "retention",
    "loyalitas": "retention",
    "advokasi": "advocacy",
    "rekomendasi": "advocacy",
}
_DEPARTMENT_ALIASES = {
    "pemasaran": "marketing",
    "penjualan": "sales",
    "dukungan": "support",
    "cs": "support",
    "customer service": "support",
    "layanan pelanggan": "support",
    "operasional": "operations",
    "ops": "operations",
    "logistik": "operations",
}
_TICKET_STATUS_ALIASES = {
    "baru": "new",
    "terbuka": "open",
    "menunggu": "pending",
    "selesai": "solved",
    "resolved": "solved",
    "terselesaikan": "solved",
    "ditutup": "closed",
}


@dataclass(frozen=True, slots=True)
class KindSpec:
    name: str
    description: str
    fields: tuple[FieldSpec, ...]
    keep_extra: bool = False
    content_key: bool = False
    """When true, rows without an external id get one derived from their content."""


def _customer_fields(tz: tzinfo) -> tuple[FieldSpec, ...]:
    when = f.datetime_in(tz)
    return (
        FieldSpec("external_id", f.identifier, True, ("id", *CUSTOMER_REF, "kode_pelanggan")),
        FieldSpec(
            "name", f.text(256), aliases=("nama", "nama_lengkap", "full_name", "customer_name")
        ),
        FieldSpec("email", parsing.parse_email, aliases=("e_mail", "surel", "alamat_email")),
        FieldSpec(
            "phone",
            parsing.parse_phone,
            aliases=(
                "no_hp",
                "hp",
                "telepon",
                "no_telp",
                "nomor_hp",
                "whatsapp",
                "no_wa",
                "mobile",
            ),
        ),
        FieldSpec(
            "birthday",
            parsing.parse_date,
            aliases=("tanggal_lahir", "tgl_lahir", "birth_date", "dob"),
        ),
        FieldSpec("gender", f.choice(Gender, _GENDER_ALIASES), aliases=("jenis_kelamin", "sex")),
        FieldSpec("city", f.text(128), aliases=("kota", "kabupaten_kota", "kota_kabupaten")),
        FieldSpec("province", f.province, aliases=("provinsi", "state", "region")),
        FieldSpec(
            "preferred_language",
            f.choice(Language, _LANGUAGE_ALIASES),
            aliases=("language", "bahasa", "lang"),
        ),
        FieldSpec("preferred_channel", f.channel, aliases=("channel", "kanal", "saluran")),
        FieldSpec("consent_email", parsing.parse_bool, aliases=("email_consent", "setuju_email")),
        FieldSpec("consent_email_at", when, aliases=("email_consent_at",)),
        FieldSpec(
            "consent_whatsapp", parsing.parse_bool, aliases=("whatsapp_consent", "setuju_wa")
        ),
        FieldSpec("consent_whatsapp_at", when, aliases=("whatsapp_consent_at",)),
        FieldSpec("consent_sms", parsing.parse_bool, aliases=("sms_consent",)),
        FieldSpec("consent_sms_at", when, aliases=("sms_consent_at",)),
        FieldSpec(
            "created_at",
            when,
            aliases=("tanggal_daftar", "registered_at", "signup_date", "joined_at"),
        ),
    )


def _product_fields(tz: tzinfo) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec(
            "external_id",
            f.identifier,
            True,
            ("sku", "product_id", "kode_produk", "id_produk", "id"),
        ),
        FieldSpec(
            "name", f.text(512), True, ("nama_produk", "product_name", "nama", "product", "produk")
        ),
        FieldSpec(
            "category", f.text(400), aliases=("kategori", "category_path", "kategori_produk")
        ),
        FieldSpec("price", f.non_negative_amount, aliases=("harga", "unit_price", "harga_satuan")),
    )


def _order_fields(tz: tzinfo) -> tuple[FieldSpec, ...]:
    when = f.datetime_in(tz)
    return (
        FieldSpec("external_id", f.identifier, True, ORDER_REF),
        FieldSpec("customer_id", f.identifier, True, CUSTOMER_REF[1:]),
        FieldSpec(
            "customer_name", f.text(256), aliases=("nama_pembeli", "buyer_name", "nama_pelanggan")
        ),
        FieldSpec("customer_email", parsing.parse_email, aliases=("email", "buyer_email")),
        FieldSpec("customer_phone", parsing.parse_phone, aliases=("no_hp", "phone", "telepon")),
        FieldSpec("channel", f.channel, True, ("kanal", "marketplace", "platform", "saluran")),
        FieldSpec(
            "status", f.choice(OrderStatus, _ORDER_STATUS_ALIASES), aliases=("status_pesanan",)
        ),
        FieldSpec(
            "amount",
            f.non_negative_amount,
            True,
            ("total", "total_amount", "total_harga", "total_pembayaran", "jumlah", "nilai"),
        ),
        FieldSpec(
            "shipping_fee", f.non_negative_amount, aliases=("ongkir", "ongkos_kirim", "biaya_kirim")
        ),
        FieldSpec(
            "ordered_at",
            when,
            True,
            ("order_date", "tanggal_pesanan", "waktu_pesanan", "tanggal", "created_at", "date"),
        ),
        FieldSpec(
            "promised_delivery_at",
            when,
            aliases=("promised_at", "estimasi_tiba", "estimated_delivery", "eta", "janji_tiba"),
        ),
        FieldSpec(
            "delivered_at", when, aliases=("tanggal_diterima", "tanggal_tiba", "delivery_date")
        ),
        FieldSpec(
            "courier", f.text(64), aliases=("kurir", "ekspedisi", "jasa_kirim", "shipping_provider")
        ),
        FieldSpec("shipping_city", f.text(128), aliases=("kota", "city", "kota_tujuan")),
        FieldSpec(
            "shipping_province", f.province, aliases=("provinsi", "province", "provinsi_tujuan")
        ),
        FieldSpec("returned", parsing.parse_bool, aliases=("is_returned", "diretur", "retur")),
        FieldSpec("refunded", parsing.parse_bool, aliases=("is_refunded", "refund_dana")),
        FieldSpec("line_no", f.positive_int, aliases=("line", "baris", "item_no")),
        FieldSpec("sku", f.identifier, aliases=("product_id", "kode_produk", "product_sku")),
        FieldSpec("product_name", f.text(512), aliases=("nama_produk", "product")),
        FieldSpec("quantity", f.positive_int, aliases=("qty", "jumlah_barang", "kuantitas")),
        FieldSpec("unit_price", f.non_negative_amount, aliases=("harga_satuan", "harga", "price")),
    )


def _touchpoint_fields(tz: tzinfo) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("external_id", f.identifier, aliases=("id", "touchpoint_id", "event_id")),
        FieldSpec("customer_id", f.identifier, True, CUSTOMER_REF[1:]),
        FieldSpec(
            "stage", f.choice(JourneyStage, _STAGE_ALIASES), True, ("journey_stage", "tahap")
        ),
        FieldSpec("channel", f.channel, True, ("kanal", "saluran")),
        FieldSpec(
            "kind",
            f.choice(TouchpointKind, {"digital": "digital", "fisik": "physical"}),
            aliases=("type", "jenis"),
        ),
        FieldSpec(
            "name", f.text(128), True, ("event", "touchpoint", "nama", "activity", "aktivitas")
        ),
        FieldSpec(
            "occurred_at",
            f.datetime_in(tz),
            True,
            ("timestamp", "waktu", "tanggal", "date", "created_at"),
        ),
        FieldSpec("order_id", f.identifier, aliases=ORDER_REF[1:]),
    )


def _feedback_fields(tz: tzinfo, *, with_kind: bool) -> tuple[FieldSpec, ...]:
    specs = [
        FieldSpec(
            "external_id", f.identifier, aliases=("id", "review_id", "comment_id", "id_ulasan")
        ),
        FieldSpec(
            "text",
            f.text(20_000),
            True,
            ("ulasan", "komentar", "review", "comment", "isi", "pesan", "message", "body"),
        ),
        FieldSpec(
            "rating", f.bounded_number(0, 10), aliases=("bintang", "stars", "score", "nilai")
        ),
        FieldSpec("rating_scale_max", f.positive_int, aliases=("scale", "skala")),
        FieldSpec("language", f.choice(Language, _LANGUAGE_ALIASES), aliases=("bahasa", "lang")),
        FieldSpec("channel", f.channel, aliases=("kanal", "platform", "marketplace", "saluran")),
        FieldSpec("customer_id", f.identifier, aliases=CUSTOMER_REF[1:]),
        FieldSpec(
            "customer_name", f.text(256), aliases=("author", "nama", "username", "nama_pengguna")
        ),
        FieldSpec("order_id", f.identifier, aliases=ORDER_REF[1:]),
        FieldSpec("product_id", f.identifier, aliases=("sku", "kode_produk", "product")),
        FieldSpec(
            "created_at",
            f.datetime_in(tz),
            True,
            ("tanggal", "waktu", "date", "timestamp", "posted_at"),
        ),
    ]
    if with_kind:
        specs.append(
            FieldSpec(
                "kind",
                f.choice(
                    FeedbackKind,
                    {
                        "forum": "forum_post",
                        "interview": "interview_note",
                        "social": "social_comment",
                    },
                ),
                aliases=("jenis", "type", "sumber"),
            )
        )
    return tuple(specs)


def _ticket_fields(tz: tzinfo) -> tuple[FieldSpec, ...]:
    when = f.datetime_in(tz)
    return (
        FieldSpec(
            "external_id", f.identifier, True, ("id", "ticket_id", "no_tiket", "nomor_tiket")
        ),
        FieldSpec("customer_id", f.identifier, aliases=CUSTOMER_REF[1:]),
        FieldSpec("order_id", f.identifier, aliases=ORDER_REF[1:]),
        FieldSpec("channel", f.channel, True, ("kanal", "saluran", "via")),
        FieldSpec(
            "department",
            f.choice(Department, _DEPARTMENT_ALIASES),
            aliases=("departemen", "divisi", "team", "tim"),
        ),
        FieldSpec("agent", f.text(128), aliases=("agen", "assignee", "petugas")),
        FieldSpec("subject", f.text(512), aliases=("subjek", "judul", "title", "topik")),
        FieldSpec(
            "description", f.text(20_000), aliases=("deskripsi", "pesan", "message", "keluhan")
        ),
        FieldSpec(
            "status", f.choice(TicketStatus, _TICKET_STATUS_ALIASES), aliases=("status_tiket",)
        ),
        FieldSpec(
            "priority",
            f.choice_text(
                ("low", "normal", "high", "urgent"),
                {"rendah": "low", "sedang": "normal", "tinggi": "high", "mendesak": "urgent"},
            ),
            aliases=("prioritas",),
        ),
        FieldSpec("created_at", when, True, ("tanggal", "dibuat", "opened_at", "waktu_dibuat")),
        FieldSpec(
            "first_reply_at",
            when,
            aliases=("first_response_at", "balasan_pertama", "first_agent_reply"),
        ),
        FieldSpec(
            "solved_at", when, aliases=("resolved_at", "closed_at", "diselesaikan", "waktu_selesai")
        ),
        FieldSpec("csat", f.bounded_int(1, 5), aliases=("kepuasan", "satisfaction", "csat_score")),
    )


def _response_fields(tz: tzinfo) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("external_id", f.identifier, aliases=("response_id", "id", "id_respons")),
        FieldSpec("survey", f.identifier, aliases=("survey_key", "survey_id", "survei")),
        FieldSpec("customer_id", f.identifier, aliases=CUSTOMER_REF[1:]),
        FieldSpec("order_id", f.identifier, aliases=ORDER_REF[1:]),
        FieldSpec("channel", f.channel, aliases=("kanal", "saluran")),
        FieldSpec("language", f.choice(Language, _LANGUAGE_ALIASES), aliases=("bahasa", "lang")),
        FieldSpec(
            "submitted_at",
            f.datetime_in(tz),
            True,
            ("tanggal", "waktu", "date", "timestamp", "created_at"),
        ),
    )


KIND_NAMES = (
    "customers",
    "orders",
    "products",
    "reviews",
    "comments",
    "tickets",
    "touchpoints",
    "responses",
)


UNIQUE_PER_ROW = frozenset({"external_id", "text", "description"})
"""Fields whose values rarely repeat (ids, free text): caching their parses only costs memory."""


def kind_spec(name: str, tz: tzinfo) -> KindSpec:
    """The fields of import kind ``name``, with time parsing in the store's zone ``tz``."""
    spec = _kind_spec(name, tz)
    fields = tuple(replace(fs, repeats=fs.name not in UNIQUE_PER_ROW) for fs in spec.fields)
    return replace(spec, fields=fields)


def _kind_spec(name: str, tz: tzinfo) -> KindSpec:
    if name == "customers":
        return KindSpec(name, "customers and their consent", _customer_fields(tz))
    if name == "products":
        return KindSpec(name, "products and categories", _product_fields(tz))
    if name == "orders":
        return KindSpec(name, "orders, one row per order or per order line", _order_fields(tz))
    if name == "touchpoints":
        return KindSpec(name, "journey touchpoints", _touchpoint_fields(tz), content_key=True)
    if name == "reviews":
        return KindSpec(
            name,
            "product and shop reviews",
            _feedback_fields(tz, with_kind=False),
            content_key=True,
        )
    if name == "comments":
        return KindSpec(
            name,
            "social comments, forum posts, interview notes",
            _feedback_fields(tz, with_kind=True),
            content_key=True,
        )
    if name == "tickets":
        return KindSpec(name, "support tickets", _ticket_fields(tz))
    if name == "responses":
        return KindSpec(
            name,
            "survey responses, one column per question",
            _response_fields(tz),
            keep_extra=True,
            content_key=True,
        )
    raise KeyError(name)
