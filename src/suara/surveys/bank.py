"""The CX question bank: Suara's own wording, in Indonesian and English, for every framework item.

NPS (0-10) with a reason follow-up worded for detractors, passives and promoters; CSAT (1-5);
CES 2.0 (agreement 1-7, "the company made it easy for me to handle my issue"); the five Online
CX Pyramid dimensions with 2-3 Likert statements each and the eight CX factors with one each
(cx-frameworks.md §1-2); and short journey-moment surveys (after purchase, after delivery,
after a support ticket closes). The demo store and the built-in surveys read their wording from
here, so there is one source of wording.
"""

from __future__ import annotations

from typing import Any

from suara.domain.entities import QuestionType, SurveyStatus
from suara.domain.frameworks import CxFactor, PyramidDimension
from suara.surveys.definition import SurveyDefinition, parse_definition

Q = dict[str, Any]
AGREE_ID = ("Sangat tidak setuju", "Sangat setuju")
AGREE_EN = ("Strongly disagree", "Strongly agree")

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


def nps_item() -> Q:
    return {
        "key": "nps", "type": QuestionType.NPS, "required": True,
        "text_id": "Seberapa besar kemungkinan Anda merekomendasikan toko kami kepada teman atau "
                   "keluarga?",
        "text_en": "How likely are you to recommend our shop to a friend or family member?",
        "anchors_id": ("Sangat tidak mungkin", "Sangat mungkin"),
        "anchors_en": ("Not at all likely", "Extremely likely"),
    }  # fmt: skip


def nps_reason_item() -> Q:
    """One reason question, worded for the score given: one key keeps the reasons together."""
    return {
        "key": "nps_reason", "type": QuestionType.FREE_TEXT,
        "text_id": "Apa alasan utama Anda memberi nilai tersebut?",
        "text_en": "What is the main reason for your score?",
        "variants": [
            {"when": {"question": "nps", "max": 6},
             "text_id": "Apa yang paling mengecewakan Anda? Kami ingin memperbaikinya.",
             "text_en": "What disappointed you most? We want to fix it."},
            {"when": {"question": "nps", "min": 9},
             "text_id": "Apa yang paling Anda sukai dari toko kami?",
             "text_en": "What do you like most about our shop?"},
        ],
    }  # fmt: skip


def csat_item(subject_id: str, subject_en: str) -> Q:
    return {
        "key": "csat", "type": QuestionType.RATING, "required": True,
        "text_id": f"Seberapa puas Anda dengan {subject_id}?",
        "text_en": f"How satisfied are you with {subject_en}?",
        "anchors_id": ("Sangat tidak puas", "Sangat puas"),
        "anchors_en": ("Very dissatisfied", "Very satisfied"),
    }  # fmt: skip


def ces_item() -> Q:
    """CES 2.0: agreement on a 1-7 scale that the company made the issue easy to handle."""
    return {
        "key": "ces", "type": QuestionType.LIKERT, "scale_min": 1, "scale_max": 7,
        "required": True,
        "text_id": "Tim kami memudahkan saya menyelesaikan masalah saya.",
        "text_en": "The team made it easy for me to handle my issue.",
        "anchors_id": AGREE_ID, "anchors_en": AGREE_EN,
    }  # fmt: skip


def comment_item(key: str, text_id: str, text_en: str) -> Q:
    return {"key": key, "type": QuestionType.FREE_TEXT, "text_id": text_id, "text_en": text_en}


def pyramid_items() -> list[Q]:
    return [
        {"key": f"{dim.value}_{n}", "type": QuestionType.LIKERT, "text_id": t_id,
         "text_en": t_en, "dimension": dim, "anchors_id": AGREE_ID, "anchors_en": AGREE_EN,
         "page_break": n == 1}
        for dim, items in DIMENSION_ITEMS.items()
        for n, (t_id, t_en) in enumerate(items, start=1)
    ]  # fmt: skip


def factor_items() -> list[Q]:
    return [
        {"key": factor.value, "type": QuestionType.LIKERT, "text_id": t_id, "text_en": t_en,
         "factor": factor, "anchors_id": AGREE_ID, "anchors_en": AGREE_EN,
         "page_break": n in {0, 4}}
        for n, (factor, (t_id, t_en)) in enumerate(FACTOR_ITEMS.items())
    ]  # fmt: skip


def _survey(key: str, title_id: str, title_en: str, questions: list[Q], **extra: Any) -> Q:
    return {
        "key": key,
        "title_id": title_id,
        "title_en": title_en,
        "intro_id": "Halo {nama}, terima kasih sudah berbelanja di toko kami.",
        "intro_en": "Hi {nama}, thank you for shopping with us.",
        "status": SurveyStatus.LIVE,
        "questions": questions,
    } | extra


def builtin_data() -> list[Q]:
    """The built-in surveys as plain data (what ``suara surveys export`` writes)."""
    return [
        _survey("nps", "Survei rekomendasi pelanggan (NPS)",
                "Customer recommendation survey (NPS)", [nps_item(), nps_reason_item()]),
        _survey("post_delivery_csat", "Kepuasan setelah pesanan diterima",
                "Satisfaction after delivery",
                [csat_item("pesanan dan pengirimannya", "your order and its delivery"),
                 comment_item("csat_comment", "Ada yang ingin Anda sampaikan?",
                              "Anything you'd like to tell us?")]),
        _survey("post_ticket_ces", "Kemudahan penyelesaian masalah", "Ease of getting help",
                [ces_item(), comment_item("ces_comment", "Apa yang bisa kami perbaiki?",
                                          "What could we do better?")]),
        _survey("cx_pyramid", "Survei pengalaman pelanggan (Piramida CX)",
                "Customer experience survey (CX Pyramid)", pyramid_items() + factor_items()),
        _survey("post_purchase", "Pengalaman berbelanja", "Your shopping experience",
                [csat_item("proses belanja Anda", "how your purchase went"),
                 {"key": "purchase_problem", "type": QuestionType.MULTIPLE_CHOICE,
                  "text_id": "Apa yang menyulitkan?", "text_en": "What got in the way?",
                  "show_if": {"question": "csat", "max": 3},
                  "choices": [
                      {"key": "finding", "text_id": "Mencari produk",
                       "text_en": "Finding products"},
                      {"key": "payment", "text_id": "Pembayaran", "text_en": "Paying"},
                      {"key": "shipping_cost", "text_id": "Ongkos kirim",
                       "text_en": "Shipping cost"},
                      {"key": "other", "text_id": "Lainnya", "text_en": "Something else"}]},
                 {"key": "channel_choice", "type": QuestionType.SINGLE_CHOICE,
                  "text_id": "Di mana Anda biasanya berbelanja dengan kami?",
                  "text_en": "Where do you usually shop with us?",
                  "choices": [
                      {"key": "site", "text_id": "Situs web", "text_en": "Website"},
                      {"key": "app", "text_id": "Aplikasi", "text_en": "App"},
                      {"key": "marketplace", "text_id": "Marketplace", "text_en": "Marketplace"}]},
                 comment_item("purchase_comment", "Apa yang bisa membuat belanja lebih mudah?",
                              "What would make shopping easier?")]),
    ]  # fmt: skip


def builtin_surveys() -> dict[str, SurveyDefinition]:
    """Every built-in survey, validated, by key."""
    return {
        data["key"]: parse_definition(data, origin=f"built-in survey {data['key']!r}")
        for data in builtin_data()
    }
