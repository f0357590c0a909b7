"""The demo shop's catalogue: ten categories, fifteen products each, IDR prices.

Brands are invented. The catalogue does not scale with the number of customers: a small shop
and a large one sell the same range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from suara.demo.config import SOURCE, Timeline
from suara.demo.effects import BASE_DAMAGE_RATE, PACKAGING_CATEGORY, PACKAGING_DAMAGE_RATE

PRODUCTS_PER_CATEGORY = 15

Base = tuple[str, int, int]
"""A product type with its price range in thousands of rupiah."""

CATEGORIES: dict[str, tuple[float, tuple[str, ...], tuple[Base, ...]]] = {
    "Fashion Wanita": (0.15, ("Kirana", "Senja", "Laras"), (
        ("Gamis Katun Rayon", 149, 249), ("Blouse Linen", 89, 159), ("Rok Plisket", 79, 129),
        ("Hijab Voal Segi Empat", 39, 69), ("Tunik Batik", 119, 199),
        ("Cardigan Rajut", 99, 169), ("Celana Kulot", 79, 139), ("Dress Midi Floral", 129, 219),
    )),
    "Fashion Pria": (0.10, ("Garda", "Jagad", "Nusa"), (
        ("Kemeja Batik Pria", 129, 229), ("Kaos Polos Cotton Combed 30s", 45, 79),
        ("Celana Chino", 119, 189), ("Jaket Bomber", 159, 279), ("Sarung Tenun", 89, 179),
        ("Sepatu Sneakers Kanvas", 149, 299), ("Kemeja Flanel", 99, 159),
        ("Celana Jogger", 79, 129),
    )),
    PACKAGING_CATEGORY: (0.14, ("Ayu Glow", "Dewi Skin", "Melati"), (
        ("Serum Vitamin C 20ml", 59, 129), ("Toner Niacinamide 100ml", 49, 99),
        ("Lip Cream Matte", 35, 79), ("Cushion SPF 50", 89, 169),
        ("Micellar Water 200ml", 39, 79), ("Sunscreen Gel SPF 50", 45, 99),
        ("Facial Wash Gentle 100ml", 29, 59), ("Parfum Eau de Toilette 50ml", 99, 249),
    )),
    "Kesehatan": (0.07, ("Sehat Alami", "Herba Nusa", "Medika"), (
        ("Madu Hutan 500g", 79, 149), ("Minyak Kayu Putih 60ml", 19, 35),
        ("Masker Medis 50pcs", 25, 45), ("Vitamin C 1000mg 30 Tablet", 39, 89),
        ("Jamu Kunyit Asam 250ml", 15, 29), ("Termometer Digital", 39, 89),
        ("Hand Sanitizer 500ml", 29, 59), ("Koyo Hangat 10 Lembar", 12, 25),
    )),
    "Elektronik & Gadget": (0.10, ("Voltra", "Sonik", "Tekno"), (
        ("TWS Earbuds Bluetooth", 129, 449), ("Powerbank 10000mAh", 119, 299),
        ("Kabel Data USB-C 1m", 25, 69), ("Charger Fast Charging 20W", 79, 199),
        ("Smartwatch Layar AMOLED", 299, 899), ("Speaker Bluetooth Mini", 99, 349),
        ("Ring Light 10 inch", 79, 159), ("Mouse Wireless", 59, 149),
    )),
    "Rumah Tangga": (0.12, ("Dapur Ibu", "Rumahku", "Kokoh"), (
        ("Rice Cooker 1.8L", 249, 549), ("Set Panci Anti Lengket", 199, 459),
        ("Blender 2 Tabung", 229, 429), ("Rak Piring Stainless", 119, 259),
        ("Sprei Katun Jepang 160x200", 129, 259), ("Kotak Makan Kaca 3 Sekat", 59, 119),
        ("Dispenser Sabun Otomatis", 89, 179), ("Setrika Uap", 179, 349),
    )),
    "Makanan & Minuman": (0.10, ("Rasa Nusantara", "Kopi Lereng", "Dapur Mama"), (
        ("Kopi Arabika Gayo 250g", 65, 129), ("Keripik Pisang 250g", 19, 39),
        ("Sambal Bawang Botol 200g", 25, 45), ("Teh Hijau Celup 25pcs", 15, 35),
        ("Rendang Kemasan 250g", 59, 99), ("Kacang Mete Panggang 250g", 55, 95),
        ("Cokelat Batang 100g", 19, 45), ("Granola Madu 500g", 49, 89),
    )),
    "Ibu & Bayi": (0.08, ("Si Kecil", "Bunda", "Mungil"), (
        ("Popok Celana L 34pcs", 79, 129), ("Botol Susu Bayi 250ml", 49, 119),
        ("Gendongan Bayi Hipseat", 149, 299), ("Tisu Basah Bayi 60 Lembar", 12, 25),
        ("Baju Bayi Set 3pcs", 69, 139), ("Minyak Telon 100ml", 25, 45),
        ("Selimut Bayi Lembut", 59, 119), ("Bubur Bayi Organik 120g", 19, 35),
    )),
    "Olahraga & Outdoor": (0.07, ("Atlet", "Gerak", "Puncak"), (
        ("Matras Yoga 6mm", 89, 189), ("Botol Minum Olahraga 1L", 35, 89),
        ("Sepatu Lari", 249, 599), ("Raket Badminton", 149, 399), ("Tas Carrier 40L", 249, 549),
        ("Dumbel 2kg Sepasang", 69, 129), ("Jersey Sepeda", 99, 199),
        ("Resistance Band Set", 49, 119),
    )),
    "Hobi & Buku": (0.07, ("Pena", "Kreasi", "Pustaka"), (
        ("Novel Fiksi Populer", 69, 119), ("Buku Resep Nusantara", 79, 149),
        ("Puzzle 1000 Keping", 89, 179), ("Set Cat Air 24 Warna", 49, 129),
        ("Buku Mewarnai Anak", 19, 39), ("Balok Susun Kreatif 100pcs", 79, 199),
        ("Buku Tulis A5 isi 5", 19, 35), ("Pulpen Gel Set 12 Warna", 25, 59),
    )),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    category: int
    name: str
    price: float
    quality: float
    """Added to a review's latent score: some products are simply better liked."""


@dataclass(frozen=True, slots=True)
class Catalogue:
    categories: list[str]
    category_weights: list[float]
    damage_rates: list[float]
    products: list[Product]
    by_category: list[list[Product]]
    popularity: list[list[float]]

    def pick(self, rng: random.Random, category: int) -> Product:
        return rng.choices(self.by_category[category], weights=self.popularity[category])[0]


def _price(rng: random.Random, low: int, high: int) -> float:
    thousands = rng.randint(low, high)
    return float(thousands * 1000 - (100 if rng.random() < 0.5 else 0))


def catalogue(rng: random.Random) -> Catalogue:
    names = list(CATEGORIES)
    products: list[Product] = []
    by_category: list[list[Product]] = []
    popularity: list[list[float]] = []
    for index, (_, brands, bases) in enumerate(CATEGORIES.values()):
        pairs = [(brand, base) for base in bases for brand in brands]
        chosen = rng.sample(pairs, PRODUCTS_PER_CATEGORY)
        items = []
        for brand, (kind, low, high) in chosen:
            product = Product(
                id=len(products) + 1,
                category=index,
                name=f"{brand} {kind}",
                price=_price(rng, low, high),
                quality=rng.gauss(0, 0.2),
            )
            products.append(product)
            items.append(product)
        by_category.append(items)
        popularity.append([rng.lognormvariate(0, 0.8) for _ in items])
    return Catalogue(
        categories=names,
        category_weights=[share for share, _, _ in CATEGORIES.values()],
        damage_rates=[
            PACKAGING_DAMAGE_RATE if name == PACKAGING_CATEGORY else BASE_DAMAGE_RATE
            for name in names
        ],
        products=products,
        by_category=by_category,
        popularity=popularity,
    )


def catalogue_rows(
    rng: random.Random, shop: Catalogue, timeline: Timeline
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for ``categories`` and ``products``."""
    categories = [
        {"id": i + 1, "name": name, "parent_id": None} for i, name in enumerate(shop.categories)
    ]
    products = []
    for product in shop.products:
        created = timeline.at(-rng.uniform(30, 400))
        products.append(
            {
                "id": product.id,
                "source": SOURCE,
                "external_id": f"SKU-{product.category + 1:02d}{product.id:04d}",
                "name": product.name,
                "category_id": product.category + 1,
                "price": product.price,
                "created_at": created,
                "updated_at": timeline.at(rng.uniform(0, timeline.days - 1)),
            }
        )
    return categories, products
