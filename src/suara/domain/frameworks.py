"""The CX frameworks as keys: the product's domain model (docs: shared cx-frameworks.md).

Everything that speaks about customer experience — survey questions, text-analytics aspects,
metrics, dashboards — uses these keys, so they live in one place with their Indonesian and
English labels and the mapping of feedback aspects onto the pyramid and the factors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PyramidDimension(StrEnum):
    """Online CX Pyramid, bottom to top."""

    ONLINE_EXPERIENCE = "online_experience"
    RESPONSIVE_SERVICE = "responsive_service"
    TRUST = "trust"
    FULFILLMENT = "fulfillment"
    EMOTIONAL_CONNECTION = "emotional_connection"


class CxFactor(StrEnum):
    ACCESSIBILITY = "accessibility"
    COMPETENCE = "competence"
    RECOGNITION = "recognition"
    HELPFULNESS = "helpfulness"
    PERSONALIZATION = "personalization"
    PROBLEM_SOLVING = "problem_solving"
    PROMISE_FULFILLMENT = "promise_fulfillment"
    VALUE_FOR_TIME = "value_for_time"


class JourneyStage(StrEnum):
    """In journey order; the first three are needed for a sale, the last two drive growth."""

    AWARENESS = "awareness"
    CONSIDERATION = "consideration"
    CONVERSION = "conversion"
    RETENTION = "retention"
    ADVOCACY = "advocacy"


class Aspect(StrEnum):
    """What a comment is about (cx-frameworks.md §6)."""

    DELIVERY = "delivery"
    PACKAGING = "packaging"
    PRODUCT_QUALITY = "product_quality"
    PRODUCT_ACCURACY = "product_accuracy"
    PRICE_VALUE = "price_value"
    SELLER_SERVICE = "seller_service"
    CUSTOMER_SUPPORT = "customer_support"
    RETURNS_REFUNDS = "returns_refunds"
    APP_WEBSITE = "app_website"
    PAYMENT_TRUST = "payment_trust"
    PERSONAL_TOUCH = "personal_touch"


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    NEUTRAL = "neutral"


class Emotion(StrEnum):
    """The five emotions of PRDECT-ID."""

    HAPPY = "happy"
    LOVE = "love"
    SADNESS = "sadness"
    ANGER = "anger"
    FEAR = "fear"


class TouchpointKind(StrEnum):
    """Physical or digital, as the frameworks distinguish them."""

    DIGITAL = "digital"
    PHYSICAL = "physical"


@dataclass(frozen=True, slots=True)
class Label:
    """A key's name in both product languages."""

    en: str
    id: str


PYRAMID_LABELS: dict[PyramidDimension, Label] = {
    PyramidDimension.ONLINE_EXPERIENCE: Label("Online experience", "Pengalaman online"),
    PyramidDimension.RESPONSIVE_SERVICE: Label("Responsive service", "Layanan responsif"),
    PyramidDimension.TRUST: Label("Trust", "Kepercayaan"),
    PyramidDimension.FULFILLMENT: Label("Fulfilment", "Pemenuhan"),
    PyramidDimension.EMOTIONAL_CONNECTION: Label("Emotional connection", "Hubungan emosional"),
}

FACTOR_LABELS: dict[CxFactor, Label] = {
    CxFactor.ACCESSIBILITY: Label("Accessibility", "Aksesibilitas"),
    CxFactor.COMPETENCE: Label("Competence", "Kompetensi"),
    CxFactor.RECOGNITION: Label("Customer recognition", "Pengakuan pelanggan"),
    CxFactor.HELPFULNESS: Label("Helpfulness", "Kesediaan membantu"),
    CxFactor.PERSONALIZATION: Label("Personalisation", "Personalisasi"),
    CxFactor.PROBLEM_SOLVING: Label("Problem solving", "Penyelesaian masalah"),
    CxFactor.PROMISE_FULFILLMENT: Label("Promise fulfilment", "Pemenuhan janji"),
    CxFactor.VALUE_FOR_TIME: Label("Value for time", "Menghargai waktu"),
}

JOURNEY_LABELS: dict[JourneyStage, Label] = {
    JourneyStage.AWARENESS: Label("Awareness", "Kesadaran"),
    JourneyStage.CONSIDERATION: Label("Consideration", "Pertimbangan"),
    JourneyStage.CONVERSION: Label("Conversion", "Pembelian"),
    JourneyStage.RETENTION: Label("Retention", "Retensi"),
    JourneyStage.ADVOCACY: Label("Advocacy", "Advokasi"),
}


@dataclass(frozen=True, slots=True)
class AspectMapping:
    """Where evidence about an aspect lands on the pyramid and the factors."""

    dimension: PyramidDimension
    factors: tuple[CxFactor, ...]
    label: Label


ASPECTS: dict[Aspect, AspectMapping] = {
    Aspect.DELIVERY: AspectMapping(
        PyramidDimension.FULFILLMENT,
        (CxFactor.PROMISE_FULFILLMENT, CxFactor.VALUE_FOR_TIME),
        Label("Delivery", "Pengiriman"),
    ),
    Aspect.PACKAGING: AspectMapping(
        PyramidDimension.FULFILLMENT, (CxFactor.COMPETENCE,), Label("Packaging", "Pengemasan")
    ),
    Aspect.PRODUCT_QUALITY: AspectMapping(
        PyramidDimension.FULFILLMENT,
        (CxFactor.COMPETENCE,),
        Label("Product quality", "Kualitas produk"),
    ),
    Aspect.PRODUCT_ACCURACY: AspectMapping(
        PyramidDimension.TRUST,
        (CxFactor.PROMISE_FULFILLMENT,),
        Label("Product as described", "Kesesuaian produk"),
    ),
    Aspect.PRICE_VALUE: AspectMapping(
        PyramidDimension.FULFILLMENT, (CxFactor.VALUE_FOR_TIME,), Label("Price & value", "Harga")
    ),
    Aspect.SELLER_SERVICE: AspectMapping(
        PyramidDimension.RESPONSIVE_SERVICE,
        (CxFactor.HELPFULNESS,),
        Label("Seller service", "Pelayanan penjual"),
    ),
    Aspect.CUSTOMER_SUPPORT: AspectMapping(
        PyramidDimension.RESPONSIVE_SERVICE,
        (CxFactor.PROBLEM_SOLVING,),
        Label("Customer support", "Layanan pelanggan"),
    ),
    Aspect.RETURNS_REFUNDS: AspectMapping(
        PyramidDimension.RESPONSIVE_SERVICE,
        (CxFactor.PROBLEM_SOLVING,),
        Label("Returns & refunds", "Retur & refund"),
    ),
    Aspect.APP_WEBSITE: AspectMapping(
        PyramidDimension.ONLINE_EXPERIENCE,
        (CxFactor.ACCESSIBILITY,),
        Label("App & website", "Aplikasi & situs"),
    ),
    Aspect.PAYMENT_TRUST: AspectMapping(
        PyramidDimension.TRUST, (), Label("Payment & safety", "Pembayaran & keamanan")
    ),
    Aspect.PERSONAL_TOUCH: AspectMapping(
        PyramidDimension.EMOTIONAL_CONNECTION,
        (CxFactor.RECOGNITION, CxFactor.PERSONALIZATION),
        Label("Personal touch", "Sentuhan personal"),
    ),
}
