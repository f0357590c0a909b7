"""The demo's four surveys: relational NPS, post-delivery CSAT, post-ticket CES, CX Pyramid.

Question keys follow the names the response importer recognises (``nps``, ``csat``, ``ces``,
``<dimension>_<n>``, ``<factor>``), so exported demo responses re-import cleanly. Wording is our
own (cx-frameworks.md §1-2 give the gist of each item).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from suara.domain.entities import QuestionType
from suara.domain.frameworks import CxFactor, PyramidDimension


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    key: str
    type: QuestionType
    text_id: str
    text_en: str
    scale: tuple[int, int] | None = None
    required: bool = False
    dimension: PyramidDimension | None = None
    factor: CxFactor | None = None

    def definition(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "type": self.type.value,
            "text_id": self.text_id,
            "text_en": self.text_en,
            "scale_min": self.scale[0] if self.scale else None,
            "scale_max": self.scale[1] if self.scale else None,
            "required": self.required,
            "dimension": self.dimension.value if self.dimension else None,
            "factor": self.factor.value if self.factor else None,
        }


@dataclass(frozen=True, slots=True)
class SurveySpec:
    key: str
    title_id: str
    title_en: str
    questions: tuple[QuestionSpec, ...] = field(default=())


def _free(key: str, text_id: str, text_en: str) -> QuestionSpec:
    return QuestionSpec(key, QuestionType.FREE_TEXT, text_id, text_en)


NPS = SurveySpec(
    "nps",
    "Survei rekomendasi pelanggan (NPS)",
    "Customer recommendation survey (NPS)",
    (
        QuestionSpec(
            "nps",
            QuestionType.NPS,
            "Seberapa besar kemungkinan Anda merekomendasikan toko kami kepada teman atau "
            "keluarga?",
            "How likely are you to recommend our shop to a friend or family member?",
            (0, 10),
            required=True,
        ),
        _free(
            "nps_reason",
            "Apa alasan utama Anda memberi nilai tersebut?",
            "What is the main reason for your score?",
        ),
    ),
)
CSAT = SurveySpec(
    "post_delivery_csat",
    "Kepuasan setelah pesanan diterima",
    "Satisfaction after delivery",
    (
        QuestionSpec(
            "csat",
            QuestionType.RATING,
            "Seberapa puas Anda dengan pesanan dan pengirimannya?",
            "How satisfied are you with your order and its delivery?",
            (1, 5),
            required=True,
        ),
        _free("csat_comment", "Ada yang ingin Anda sampaikan?", "Anything you'd like to tell us?"),
    ),
)
CES = SurveySpec(
    "post_ticket_ces",
    "Kemudahan penyelesaian masalah",
    "Ease of getting help",
    (
        QuestionSpec(
            "ces",
            QuestionType.LIKERT,
            "Seberapa mudah masalah Anda diselesaikan oleh tim kami? (1 = sangat sulit, "
            "7 = sangat mudah)",
            "How easy was it to get your issue resolved? (1 = very hard, 7 = very easy)",
            (1, 7),
            required=True,
        ),
        _free("ces_comment", "Apa yang bisa kami perbaiki?", "What could we do better?"),
    ),
)

_D = PyramidDimension
DIMENSION_ITEMS: dict[PyramidDimension, tuple[tuple[str, str], ...]] = {
    _D.ONLINE_EXPERIENCE: (
        ("Saya mudah menemukan produk yang saya cari.", "It is easy to find what I look for."),
        ("Saya tidak pernah merasa tersesat saat menjelajah situs atau aplikasi.",
         "I never feel lost when browsing the site or app."),
        ("Informasi yang saya butuhkan tersedia tanpa menunggu lama.",
         "I get the information I need without delay."),
    ),
    _D.RESPONSIVE_SERVICE: (
        ("Toko ini sigap menanggapi kebutuhan saya.", "The shop is quick to respond to my needs."),
        ("Saya mudah menyampaikan pertanyaan atau keluhan.",
         "It is easy to reach the shop with a question or complaint."),
    ),
    _D.TRUST: (
        ("Saya percaya toko ini menjaga data pribadi saya.",
         "I trust the shop to keep my personal data safe."),
        ("Saya merasa aman bertransaksi di toko ini.", "I feel safe buying from this shop."),
    ),
    _D.FULFILLMENT: (
        ("Barang yang saya terima sesuai dengan pesanan.", "What I received matched my order."),
        ("Pesanan saya tiba sesuai waktu yang dijanjikan.",
         "My orders arrive within the promised time."),
    ),
    _D.EMOTIONAL_CONNECTION: (
        ("Saya merasa toko ini benar-benar peduli pada saya.", "I feel the shop really cares."),
        ("Toko ini memahami apa yang saya inginkan.", "The shop understands what I want."),
    ),
}  # fmt: skip
_F = CxFactor
FACTOR_ITEMS: dict[CxFactor, tuple[str, str]] = {
    _F.ACCESSIBILITY: ("Toko ini mudah dihubungi dan digunakan.",
                       "The shop is easy to reach and use."),
    _F.COMPETENCE: ("Toko ini menguasai produk dan layanannya.",
                    "The shop knows its products well."),
    _F.RECOGNITION: ("Saya merasa dikenal dan dihargai sebagai pelanggan.",
                     "I feel known and valued as a customer."),
    _F.HELPFULNESS: ("Mudah mendapatkan bantuan saat saya membutuhkannya.",
                     "Getting help is easy when I need it."),
    _F.PERSONALIZATION: ("Penawaran yang saya terima sesuai dengan minat saya.",
                         "The offers I get fit my interests."),
    _F.PROBLEM_SOLVING: ("Masalah saya benar-benar diselesaikan.",
                         "My problems actually get solved."),
    _F.PROMISE_FULFILLMENT: ("Toko ini menepati janjinya.", "The shop keeps its promises."),
    _F.VALUE_FOR_TIME: ("Toko ini menghargai waktu saya.", "The shop respects my time."),
}  # fmt: skip
PYRAMID = SurveySpec(
    "cx_pyramid",
    "Survei pengalaman pelanggan (Piramida CX)",
    "Customer experience survey (CX Pyramid)",
    tuple(
        QuestionSpec(f"{dim.value}_{n}", QuestionType.LIKERT, t_id, t_en, (1, 5), dimension=dim)
        for dim, items in DIMENSION_ITEMS.items()
        for n, (t_id, t_en) in enumerate(items, start=1)
    )
    + tuple(
        QuestionSpec(factor.value, QuestionType.LIKERT, t_id, t_en, (1, 5), factor=factor)
        for factor, (t_id, t_en) in FACTOR_ITEMS.items()
    ),
)
SURVEYS: tuple[SurveySpec, ...] = (NPS, CSAT, CES, PYRAMID)
