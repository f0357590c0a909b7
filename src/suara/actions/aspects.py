"""A small keyword tagger for what a comment complains about (cx-frameworks.md §6).

A stand-in with the same shape as the text-analytics aspect model: ``tag(text)`` gives the
aspect keys mentioned. The rules engine takes any ``Tagger``, so the trained model replaces
this one in :mod:`suara.app` without touching rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from suara.domain.frameworks import Aspect

Tagger = Callable[[str], list[str]]

KEYWORDS: dict[Aspect, tuple[str, ...]] = {
    Aspect.DELIVERY: ("telat", "terlambat", "lama sampai", "lama banget sampai", "pengiriman",
                      "kurir", "ekspedisi", "late", "delivery", "delayed", "courier", "shipping"),
    Aspect.PACKAGING: ("packing", "kemasan", "bubble wrap", "kardus", "penyok", "packaging"),
    Aspect.PRODUCT_QUALITY: ("rusak", "cacat", "kualitas", "jelek", "broken", "defect",
                             "quality"),
    Aspect.PRODUCT_ACCURACY: ("tidak sesuai", "gak sesuai", "nggak sesuai", "beda warna",
                              "salah kirim", "kw", "palsu", "not as described", "wrong item",
                              "fake"),
    Aspect.PRICE_VALUE: ("harga", "mahal", "ongkir", "voucher", "diskon", "price",
                         "expensive", "discount"),
    Aspect.SELLER_SERVICE: ("admin", "slow respon", "fast respon", "balas chat", "seller",
                            "penjual", "reply"),
    Aspect.CUSTOMER_SUPPORT: ("komplain", "keluhan", "cs ", "customer service", "support",
                              "complaint"),
    Aspect.RETURNS_REFUNDS: ("retur", "refund", "pengembalian", "garansi", "return",
                             "warranty"),
    Aspect.APP_WEBSITE: ("aplikasi", "apk", "website", "situs", "checkout", "error", "app"),
    Aspect.PAYMENT_TRUST: ("pembayaran", "bayar", "cod", "penipuan", "payment", "scam",
                           "fraud"),
    Aspect.PERSONAL_TOUCH: ("ucapan terima kasih", "hadiah", "bonus", "thank you note", "gift"),
}  # fmt: skip

_PATTERNS = {
    aspect: re.compile(r"\b(?:" + "|".join(re.escape(w.strip()) for w in words) + r")\b")
    for aspect, words in KEYWORDS.items()
}


def keyword_aspects(text: str) -> list[str]:
    """The aspects ``text`` mentions, in the order of :class:`Aspect`."""
    lowered = text.lower()
    return [aspect.value for aspect, pattern in _PATTERNS.items() if pattern.search(lowered)]
