"""What demo customers write: reviews, social comments, forum posts, survey comments.

Indonesian phrases are written in everyday spelling and then roughened per author with the
slang of marketplace reviews (``bgt``, ``gk``, ``brg``, ``udah``); English-preferring customers
write English. Each phrase bank is keyed by the aspect it speaks about (cx-frameworks.md §6),
so text analytics has something true to find.
"""

from __future__ import annotations

import random
import re

Bank = dict[str, tuple[str, ...]]

SLANG: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("banget", ("bgt", "bgt", "bngt", "bangettt")),
    ("tidak", ("gk", "ga", "nggak", "gak")),
    ("barang", ("brg", "brg", "barang")),
    ("sudah", ("udah", "udh", "dah")),
    ("sampai", ("sampe", "nyampe")),
    ("yang", ("yg",)),
    ("terima kasih", ("makasih", "mksh", "trims")),
    ("untuk", ("utk", "buat")),
    ("dengan", ("dgn",)),
    ("juga", ("jg",)),
    ("kalau", ("kalo", "klo")),
    ("cepat", ("cepet", "cpt")),
    ("respon", ("respon", "respons")),
)


def slangify(rng: random.Random, text: str, informality: float) -> str:
    """``text`` as a hurried Indonesian shopper types it; ``informality`` from 0 to 1."""
    for word, variants in SLANG:
        if rng.random() < informality:
            text = re.sub(rf"\b{word}\b", rng.choice(variants), text, flags=re.IGNORECASE)
    if rng.random() < informality / 2:
        text = text.lower()
    return text


REVIEW_OPENERS: dict[str, Bank] = {
    "good": {
        "id": ("Mantul!", "Mantap jiwa", "Puas banget", "Recommended seller", "Suka banget",
               "Alhamdulillah sudah sampai", "Top markotop"),
        "en": ("Love it!", "Great buy", "Very happy", "Highly recommended", "Five stars"),
    },
    "mixed": {
        "id": ("Lumayan", "Biasa aja sih", "Oke lah", "Cukup"),
        "en": ("It's okay", "Decent", "Not bad", "Average"),
    },
    "bad": {
        "id": ("Kecewa", "Zonk", "Parah", "Nyesel beli", "Kapok"),
        "en": ("Disappointed", "Terrible", "Waste of money", "Regret buying"),
    },
}  # fmt: skip
ASPECTS: dict[str, Bank] = {
    "delivery+": {
        "id": ("pengiriman cepat", "kurir {courier} cepat, 2 hari sudah sampai",
               "sampai lebih cepat dari estimasi", "pengiriman on time"),
        "en": ("fast delivery", "{courier} delivered in 2 days", "arrived earlier than estimated"),
    },
    "delivery-": {
        "id": ("pengiriman lama banget, telat {days} hari dari estimasi",
               "kurir {courier} lelet, paket nyangkut di gudang",
               "estimasi 3 hari tapi sampainya seminggu", "lama banget sampainya",
               "paket telat, resi tidak update berhari-hari"),
        "en": ("delivery took forever, {days} days late",
               "{courier} was so slow, my parcel sat at the hub", "estimated 3 days, took a week",
               "late delivery and no tracking updates"),
    },
    "packaging+": {
        "id": ("packing aman", "packing rapi, bubble wrap tebal", "packingnya aman dan rapi",
               "dibungkus kardus tebal, aman"),
        "en": ("packaging was safe", "well packed with thick bubble wrap", "neatly packed"),
    },
    "packaging-": {
        "id": ("botolnya pecah pas sampai", "isinya bocor, packing tidak aman",
               "dus penyok, produknya rusak", "packing cuma plastik tipis, barang jadi rusak",
               "segelnya rusak dan isinya tumpah"),
        "en": ("the bottle arrived broken", "it leaked everywhere, packaging not safe at all",
               "box was crushed and the product damaged",
               "only a thin plastic bag, the item got damaged"),
    },
    "quality+": {
        "id": ("barang sesuai foto", "barang ori", "kualitasnya bagus banget", "sesuai deskripsi",
               "{product} nya bagus, sesuai ekspektasi"),
        "en": ("exactly as pictured", "original product", "great quality",
               "the {product} is really good"),
    },
    "quality-": {
        "id": ("kualitas kurang, tidak sesuai harga", "barangnya KW, bukan ori",
               "warnanya beda sama di foto", "tidak sesuai deskripsi",
               "cepat rusak, baru dipakai 2 hari"),
        "en": ("poor quality for the price", "looks fake, not original",
               "colour is different from the photos", "not as described"),
    },
    "seller+": {
        "id": ("seller fast respon", "admin ramah dan fast respon", "penjualnya responsif"),
        "en": ("seller replies fast", "friendly and responsive admin"),
    },
    "seller-": {
        "id": ("chat tidak dibalas", "admin slow respon", "penjual tidak responsif"),
        "en": ("seller never replied", "slow replies from the admin"),
    },
    "price+": {
        "id": ("harga bersahabat", "worth it banget", "murah meriah", "dapat diskon, mantap"),
        "en": ("good value", "worth every rupiah", "cheap with the voucher"),
    },
    "price-": {
        "id": ("kemahalan untuk kualitas segini", "ongkirnya mahal"),
        "en": ("overpriced", "shipping fee too high"),
    },
}  # fmt: skip
REVIEW_CLOSERS: dict[str, Bank] = {
    "good": {
        "id": ("Recommended!", "Next order lagi", "Terima kasih kak", "Sukses terus", "👍👍",
               "Bakal repeat order"),
        "en": ("Recommended!", "Will order again", "Thank you!", "👍"),
    },
    "mixed": {
        "id": ("Semoga next lebih baik", "Oke lah untuk harga segini"),
        "en": ("Hope it's better next time", "Fine for the price"),
    },
    "bad": {
        "id": ("Kecewa berat", "Tidak akan order lagi", "Tolong diperbaiki", "Kapok"),
        "en": ("Very disappointed", "Never ordering again", "Please fix this"),
    },
}  # fmt: skip


def _tone(rating: int) -> str:
    return "good" if rating >= 4 else "mixed" if rating == 3 else "bad"


def review_text(
    rng: random.Random,
    language: str,
    *,
    rating: int,
    late_days: int,
    damaged: bool,
    courier: str,
    product: str,
) -> str:
    """A review whose aspects follow what happened to the order and whose tone follows the stars."""
    tone = _tone(rating)
    aspects: list[str] = []
    if damaged:
        aspects.append("packaging-")
    if late_days > 0 and rng.random() < (0.9 if rating <= 4 else 0.4):
        aspects.append("delivery-")
    elif late_days == 0 and rating >= 4 and rng.random() < 0.45:
        aspects.append("delivery+")
    if not damaged and rating >= 3 and rng.random() < 0.3:
        aspects.append("packaging+")
    if rating >= 4 and rng.random() < 0.6:
        aspects.append("quality+")
    elif rating <= 2 and not damaged and late_days == 0:
        aspects.append("quality-")
    for aspect in ("seller", "price"):
        if rng.random() < 0.2:
            aspects.append(f"{aspect}{'+' if rating >= 3 else '-'}")
    rng.shuffle(aspects)
    values = {"courier": courier, "days": str(max(late_days, 1)), "product": product}
    parts = [rng.choice(ASPECTS[a][language]).format(**values) for a in aspects]
    if rng.random() < 0.7 or not parts:
        parts.insert(0, rng.choice(REVIEW_OPENERS[tone][language]))
    if rng.random() < 0.5:
        parts.append(rng.choice(REVIEW_CLOSERS[tone][language]))
    text = ", ".join(parts) if rng.random() < 0.5 else ". ".join(parts)
    text = text[0].upper() + text[1:]
    return slangify(rng, text, rng.uniform(0.2, 0.9)) if language == "id" else text


SOCIAL: dict[str, Bank] = {
    "question": {
        "id": ("Kak, {product} ready tidak?", "Min, kapan restock {product}?",
               "Promo 12.12 ada tidak min?", "Bisa COD tidak kak?",
               "Kirim ke {city} berapa hari ya min?", "Ini ori kan min? bukan KW?"),
        "en": ("Is the {product} in stock?", "When will you restock {product}?",
               "Any 12.12 promo?", "How long does shipping to {city} take?"),
    },
    "praise": {
        "id": ("Sudah beli di sini 3x, selalu puas 😍", "{product} nya bagus banget, suka!",
               "Seller fast respon, recommended", "Packing aman, mantul",
               "Langganan dari dulu, tidak pernah kecewa"),
        "en": ("Bought here three times, always happy 😍", "Love my {product}!",
               "Fast replies and safe packing, recommended"),
    },
    "delivery": {
        "id": ("Min, paket aku sudah seminggu belum sampai", "Kurir {courier} lama banget ya min",
               "Kirim ke {province} lama banget, tolong dong diperbaiki"),
        "en": ("My parcel is a week late", "{courier} is so slow",
               "Shipping to {province} takes forever"),
    },
    "packaging": {
        "id": ("Beli {product} sampainya bocor 😭", "Kok botolnya pecah ya min",
               "Packing kosmetiknya tolong ditebelin dong"),
        "en": ("My {product} arrived leaking 😭", "Please pack cosmetics better"),
    },
    "support": {
        "id": ("Admin tolong cek DM dong, dari kemarin tidak dibalas",
               "CS nya lama banget balasnya", "Komplain sudah 3 hari belum ada jawaban"),
        "en": ("Please check your DMs, no reply since yesterday", "Customer service is so slow"),
    },
}  # fmt: skip
FORUM: dict[str, Bank] = {
    "question": {
        "id": ("Ada yang pernah retur di sini? Prosesnya gimana?",
               "Yang pakai kurir {courier}, biasanya berapa hari ke {province}?",
               "Kenapa voucher ongkir sering tidak bisa dipakai?",
               "{product} cocok untuk kulit sensitif tidak ya?"),
        "en": ("Has anyone returned an item here? How did it go?",
               "How long does {courier} usually take to {province}?"),
    },
    "suggestion": {
        "id": ("Saran: tambahin metode bayar COD dong", "Tolong packing produk botol diperbaiki, "
               "banyak yang bocor", "Saran: kasih notifikasi kalau paket telat",
               "Usul: jam operasional CS diperpanjang sampai weekend"),
        "en": ("Suggestion: please add cash on delivery",
               "Please improve packing for bottles, many leak",
               "Idea: let support answer on weekends too"),
    },
    "review": {
        "id": ("Review jujur {product}: {aspect}", "Pengalaman belanja di sini: {aspect}"),
        "en": ("Honest review of {product}: {aspect}", "My experience so far: {aspect}"),
    },
}  # fmt: skip


def social_text(rng: random.Random, language: str, topic: str, **values: str) -> str:
    text = rng.choice(SOCIAL[topic][language]).format(**values)
    return slangify(rng, text, rng.uniform(0.3, 1.0)) if language == "id" else text


def forum_text(rng: random.Random, language: str, topic: str, **values: str) -> str:
    aspect = rng.choice(
        ASPECTS[rng.choice(("quality+", "quality-", "delivery+", "price+"))][language]
    )
    text = rng.choice(FORUM[topic][language]).format(aspect=aspect.format(**values), **values)
    return slangify(rng, text, rng.uniform(0.0, 0.6)) if language == "id" else text


SURVEY_REASONS: dict[str, Bank] = {
    "promoter": {
        "id": ("Barangnya bagus dan pengiriman cepat", "Pelayanannya ramah, fast respon",
               "Harga bersaing dan barang ori", "Sudah langganan, tidak pernah kecewa"),
        "en": ("Good products and fast delivery", "Friendly, quick service",
               "Fair prices and original products"),
    },
    "passive": {
        "id": ("Lumayan, tapi ongkir masih mahal", "Barang oke, promonya kurang",
               "Cukup puas, pilihan produknya masih sedikit"),
        "en": ("Fine, but shipping is expensive", "Good products, few promotions"),
    },
    "late": {
        "id": ("Pengiriman sering telat", "Paket selalu lama sampai, kurirnya lambat",
               "Estimasi pengiriman tidak pernah tepat"),
        "en": ("Deliveries are often late", "Parcels always take too long"),
    },
    "slow": {
        "id": ("CS lama banget balasnya", "Komplain saya baru dibalas setelah berhari-hari"),
        "en": ("Support takes ages to reply", "My complaint waited days for an answer"),
    },
    "damaged": {
        "id": ("Barang pernah datang rusak, packing tidak aman", "Produk bocor dan ribet klaimnya"),
        "en": ("An item arrived broken, the packaging isn't safe", "Product leaked in transit"),
    },
    "detractor": {
        "id": ("Kualitas barang menurun", "Harga kemahalan dibanding toko lain"),
        "en": ("Quality has gone down", "Too expensive compared with other shops"),
    },
    "easy": {
        "id": ("Cepat dibantu, terima kasih", "Masalah langsung beres"),
        "en": ("Quick help, thank you", "Sorted out right away"),
    },
    "hard": {
        "id": ("Harus nunggu lama dan ditanya berulang-ulang", "Ribet, dioper ke sana kemari"),
        "en": ("Long wait and I had to repeat myself", "I was passed from one person to another"),
    },
}  # fmt: skip


def survey_comment(rng: random.Random, language: str, driver: str) -> str:
    text = rng.choice(SURVEY_REASONS[driver][language])
    return slangify(rng, text, rng.uniform(0.0, 0.5)) if language == "id" else text
