"""Synthetic customers: clearly fake names, reserved e-mail domains, Java-heavy geography.

Names are drawn from lists of common Indonesian name parts, so they look familiar but belong to
nobody in particular; e-mail addresses use the domains RFC 2606 reserves for examples, so no
demo message can ever reach a real mailbox.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from suara.demo.config import SOURCE, Timeline
from suara.domain.geography import PROVINCES

FEMALE = [
    "Siti", "Dewi", "Ayu", "Putri", "Rina", "Fitri", "Indah", "Wulan", "Sri", "Rani", "Maya",
    "Anisa", "Lestari", "Ratna", "Yuni", "Dian", "Intan", "Nabila", "Aulia", "Citra", "Kartika",
    "Mega", "Novi", "Tiara", "Salsabila", "Nadia", "Rizka", "Wati", "Eka", "Laras"
]  # fmt: skip
MALE = [
    "Budi", "Agus", "Andi", "Rizky", "Dimas", "Eko", "Hendra", "Yoga", "Arif", "Fajar", "Ahmad",
    "Bayu", "Reza", "Fikri", "Ilham", "Joko", "Hadi", "Teguh", "Wahyu", "Adi", "Rudi", "Gilang",
    "Aditya", "Bagus", "Dedi", "Irfan", "Kevin", "Rafi", "Yusuf", "Galih"
]  # fmt: skip
FAMILY = [
    "Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Lestari", "Susanto", "Kurniawan",
    "Nugroho", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Setiawan", "Permana", "Gunawan",
    "Halim", "Wibowo", "Hakim", "Firmansyah", "Ramadhan", "Maulana", "Sihombing", "Tanjung",
    "Lubis", "Manurung", "Sulistyo", "Purnomo", "Hasibuan", "Rahman", "Utomo", "Sinaga"
]  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
MOBILE_PREFIXES = ("811", "812", "813", "821", "822", "852", "853", "857", "878", "895", "896")

PROVINCE_WEIGHTS: dict[str, float] = {
    "Jawa Barat": 19, "DKI Jakarta": 14, "Jawa Timur": 13, "Jawa Tengah": 10, "Banten": 7,
    "DI Yogyakarta": 3, "Sumatera Utara": 5.5, "Sumatera Selatan": 2, "Sumatera Barat": 1.5,
    "Riau": 2, "Kepulauan Riau": 1.2, "Lampung": 2, "Aceh": 0.8, "Jambi": 0.8, "Bengkulu": 0.4,
    "Kepulauan Bangka Belitung": 0.4, "Bali": 2.5, "Sulawesi Selatan": 2.5,
    "Kalimantan Timur": 1.8, "Kalimantan Selatan": 1, "Kalimantan Barat": 1,
    "Kalimantan Tengah": 0.5, "Kalimantan Utara": 0.2, "Nusa Tenggara Barat": 0.8,
    "Nusa Tenggara Timur": 0.6, "Sulawesi Utara": 0.8, "Gorontalo": 0.2, "Sulawesi Tengah": 0.4,
    "Sulawesi Barat": 0.2, "Sulawesi Tenggara": 0.4, "Maluku": 0.3, "Maluku Utara": 0.2,
    "Papua": 0.3, "Papua Barat": 0.1, "Papua Barat Daya": 0.1, "Papua Tengah": 0.1,
    "Papua Pegunungan": 0.05, "Papua Selatan": 0.05,
}  # fmt: skip
CITIES: dict[str, tuple[str, ...]] = {
    "Jawa Barat": ("Bandung", "Bekasi", "Depok", "Bogor", "Cimahi", "Cirebon", "Karawang"),
    "DKI Jakarta": (
        "Jakarta Selatan", "Jakarta Barat", "Jakarta Timur", "Jakarta Utara", "Jakarta Pusat"
    ),
    "Jawa Timur": ("Surabaya", "Malang", "Sidoarjo", "Gresik", "Kediri", "Jember"),
    "Jawa Tengah": ("Semarang", "Surakarta", "Magelang", "Pekalongan", "Tegal", "Purwokerto"),
    "Banten": ("Tangerang", "Tangerang Selatan", "Serang", "Cilegon"),
    "DI Yogyakarta": ("Yogyakarta", "Sleman", "Bantul"),
    "Sumatera Utara": ("Medan", "Binjai", "Pematangsiantar"),
    "Sumatera Barat": ("Padang", "Bukittinggi"), "Riau": ("Pekanbaru", "Dumai"),
    "Kepulauan Riau": ("Batam", "Tanjung Pinang"), "Lampung": ("Bandar Lampung", "Metro"),
    "Bali": ("Denpasar", "Badung", "Gianyar"), "Sulawesi Selatan": ("Makassar", "Parepare"),
    "Kalimantan Timur": ("Samarinda", "Balikpapan"),
    "Kalimantan Selatan": ("Banjarmasin", "Banjarbaru"),
    "Aceh": ("Banda Aceh",), "Jambi": ("Jambi",), "Sumatera Selatan": ("Palembang",),
    "Kepulauan Bangka Belitung": ("Pangkal Pinang",), "Bengkulu": ("Bengkulu",),
    "Kalimantan Barat": ("Pontianak",), "Kalimantan Tengah": ("Palangka Raya",),
    "Kalimantan Utara": ("Tarakan",), "Nusa Tenggara Barat": ("Mataram",),
    "Nusa Tenggara Timur": ("Kupang",), "Sulawesi Utara": ("Manado",),
    "Gorontalo": ("Gorontalo",), "Sulawesi Tengah": ("Palu",), "Sulawesi Barat": ("Mamuju",),
    "Sulawesi Tenggara": ("Kendari",), "Maluku": ("Ambon",), "Maluku Utara": ("Ternate",),
    "Papua": ("Jayapura",), "Papua Barat": ("Manokwari",), "Papua Barat Daya": ("Sorong",),
    "Papua Tengah": ("Nabire",), "Papua Pegunungan": ("Wamena",), "Papua Selatan": ("Merauke",),
}  # fmt: skip
SALES_CHANNELS: dict[str, float] = {"site": 0.22, "app": 0.18, "tokopedia": 0.28, "shopee": 0.32}
CONTACT_CHANNELS: dict[str, float] = {"whatsapp": 0.55, "email": 0.25, "app": 0.12, "sms": 0.08}
ENGLISH_SHARE = 0.08
EXISTING_SHARE = 0.30
PROSPECT_SHARE = 0.12
ERASED_SHARE = 0.004
MEAN_GAP_DAYS = 26.0


@dataclass(slots=True)
class Person:
    """One customer as the simulation sees them; ``joined`` and ``first_order`` are days."""

    id: int
    first_name: str
    gender: str
    province: str
    city: str
    language: str
    contact: str
    channel: str
    joined: float
    first_order: float | None
    mean_gap: float
    loyalty: float
    favourites: list[int]
    erased_at: float | None = None
    name: str | None = field(default=None)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _daytime(rng: random.Random, day: float) -> float:
    return float(int(day)) + rng.uniform(7, 23) / 24


def people(rng: random.Random, count: int, timeline: Timeline, categories: int) -> list[Person]:
    assert set(PROVINCE_WEIGHTS) == set(PROVINCES) == set(CITIES)
    days = timeline.days
    result = []
    for number in range(1, count + 1):
        gender = "female" if rng.random() < 0.56 else "male"
        first = rng.choice(FEMALE if gender == "female" else MALE)
        province = _pick(rng, PROVINCE_WEIGHTS)
        kind = rng.random()
        first_order: float | None
        if kind < EXISTING_SHARE:
            joined = -rng.uniform(0, 540)
            first_order = _daytime(rng, rng.uniform(0, 45))
        else:
            u = rng.random()
            joined = days * (u if rng.random() < 0.5 else u**0.5) - 1
            joined = _daytime(rng, max(0.0, joined))
            first_order = None
            if kind >= EXISTING_SHARE + PROSPECT_SHARE:
                first_order = joined + (0.0 if rng.random() < 0.6 else rng.uniform(0, 12))
        person = Person(
            id=number,
            first_name=first,
            gender=gender,
            province=province,
            city=rng.choice(CITIES[province]),
            language="en" if rng.random() < ENGLISH_SHARE else "id",
            contact=_pick(rng, CONTACT_CHANNELS),
            channel=_pick(rng, SALES_CHANNELS),
            joined=joined,
            first_order=first_order,
            mean_gap=MEAN_GAP_DAYS * rng.lognormvariate(0, 0.35),
            loyalty=rng.uniform(-0.05, 0.05),
            favourites=rng.sample(range(categories), 2),
        )
        if rng.random() < ERASED_SHARE:
            person.erased_at = rng.uniform(max(joined, 0), days - 1)
        else:
            family = rng.choice(FAMILY) if rng.random() < 0.8 else ""
            person.name = f"{first} {family}".strip()
        result.append(person)
    return result


def _consent(
    rng: random.Random, timeline: Timeline, person: Person, yes: float, unknown: float
) -> tuple[bool | None, Any]:
    draw = rng.random()
    if draw < unknown:
        return None, None
    given = draw < unknown + yes and person.erased_at is None
    return given, timeline.at(person.joined + rng.uniform(0.0005, 0.02))


def _birthday(rng: random.Random, end: date) -> date:
    age = rng.triangular(18, 56, 27)
    return end - timedelta(days=int(age * 365.25))


def customer_rows(
    rng: random.Random, persons: list[Person], timeline: Timeline
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for ``customers`` and ``customer_identities`` (source ``demo``)."""
    customers, identities = [], []
    for person in persons:
        email_ok, email_at = _consent(rng, timeline, person, 0.62, 0.0)
        wa_ok, wa_at = _consent(rng, timeline, person, 0.48, 0.10)
        sms_ok, sms_at = _consent(rng, timeline, person, 0.14, 0.30)
        erased = person.erased_at is not None
        email = phone = None
        if not erased and person.name is not None:
            local = ".".join(person.name.lower().split())
            email = f"{local}{person.id}@{rng.choice(EMAIL_DOMAINS)}"
            phone = f"+62{rng.choice(MOBILE_PREFIXES)}00{person.id:06d}"
        touched = rng.uniform(max(person.joined, 0), timeline.days - 0.01)
        if person.erased_at is not None:
            touched = person.erased_at
        birthday = None if erased or rng.random() < 0.3 else _birthday(rng, timeline.end_date)
        customers.append(
            {
                "id": person.id,
                "name": person.name,
                "email": email,
                "phone": phone if rng.random() < 0.9 else None,
                "birthday": birthday,
                "gender": None if erased else person.gender,
                "city": person.city,
                "province": person.province,
                "preferred_language": person.language,
                "preferred_channel": person.contact,
                "consent_email": email_ok,
                "consent_email_at": email_at,
                "consent_whatsapp": wa_ok,
                "consent_whatsapp_at": wa_at,
                "consent_sms": sms_ok,
                "consent_sms_at": sms_at,
                "created_at": timeline.at(person.joined),
                "updated_at": timeline.at(touched),
                "erased_at": timeline.at(touched) if erased else None,
            }
        )
        identities.append(
            {
                "id": person.id,
                "customer_id": person.id,
                "source": SOURCE,
                "external_id": f"CUST-{person.id:06d}",
            }
        )
    return customers, identities
