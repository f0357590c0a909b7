"""Indonesia's provinces and their time zones (WIB, WITA, WIT).

Dates are shown in the customer's or the store's zone; a province tells which.
"""

from __future__ import annotations

from enum import StrEnum


class IndonesianTimeZone(StrEnum):
    WIB = "Asia/Jakarta"
    WITA = "Asia/Makassar"
    WIT = "Asia/Jayapura"


ZONE_ABBREVIATIONS: dict[IndonesianTimeZone, str] = {
    IndonesianTimeZone.WIB: "WIB",
    IndonesianTimeZone.WITA: "WITA",
    IndonesianTimeZone.WIT: "WIT",
}

_WIB, _WITA, _WIT = IndonesianTimeZone.WIB, IndonesianTimeZone.WITA, IndonesianTimeZone.WIT

PROVINCES: dict[str, IndonesianTimeZone] = {
    "Aceh": _WIB,
    "Sumatera Utara": _WIB,
    "Sumatera Barat": _WIB,
    "Riau": _WIB,
    "Kepulauan Riau": _WIB,
    "Jambi": _WIB,
    "Sumatera Selatan": _WIB,
    "Kepulauan Bangka Belitung": _WIB,
    "Bengkulu": _WIB,
    "Lampung": _WIB,
    "DKI Jakarta": _WIB,
    "Banten": _WIB,
    "Jawa Barat": _WIB,
    "Jawa Tengah": _WIB,
    "DI Yogyakarta": _WIB,
    "Jawa Timur": _WIB,
    "Kalimantan Barat": _WIB,
    "Kalimantan Tengah": _WIB,
    "Kalimantan Selatan": _WITA,
    "Kalimantan Timur": _WITA,
    "Kalimantan Utara": _WITA,
    "Bali": _WITA,
    "Nusa Tenggara Barat": _WITA,
    "Nusa Tenggara Timur": _WITA,
    "Sulawesi Utara": _WITA,
    "Gorontalo": _WITA,
    "Sulawesi Tengah": _WITA,
    "Sulawesi Barat": _WITA,
    "Sulawesi Selatan": _WITA,
    "Sulawesi Tenggara": _WITA,
    "Maluku": _WIT,
    "Maluku Utara": _WIT,
    "Papua": _WIT,
    "Papua Barat": _WIT,
    "Papua Barat Daya": _WIT,
    "Papua Tengah": _WIT,
    "Papua Pegunungan": _WIT,
    "Papua Selatan": _WIT,
}

_PROVINCE_ALIASES: dict[str, str] = {
    "jakarta": "DKI Jakarta",
    "dki": "DKI Jakarta",
    "yogyakarta": "DI Yogyakarta",
    "diy": "DI Yogyakarta",
    "jogja": "DI Yogyakarta",
    "jabar": "Jawa Barat",
    "jateng": "Jawa Tengah",
    "jatim": "Jawa Timur",
    "sumut": "Sumatera Utara",
    "sumbar": "Sumatera Barat",
    "sumsel": "Sumatera Selatan",
    "kepri": "Kepulauan Riau",
    "babel": "Kepulauan Bangka Belitung",
    "bangka belitung": "Kepulauan Bangka Belitung",
    "kalbar": "Kalimantan Barat",
    "kalteng": "Kalimantan Tengah",
    "kalsel": "Kalimantan Selatan",
    "kaltim": "Kalimantan Timur",
    "kaltara": "Kalimantan Utara",
    "ntb": "Nusa Tenggara Barat",
    "ntt": "Nusa Tenggara Timur",
    "sulut": "Sulawesi Utara",
    "sulteng": "Sulawesi Tengah",
    "sulbar": "Sulawesi Barat",
    "sulsel": "Sulawesi Selatan",
    "sultra": "Sulawesi Tenggara",
    "malut": "Maluku Utara",
    "nad": "Aceh",
    "nanggroe aceh darussalam": "Aceh",
}
_BY_LOWER: dict[str, str] = {name.lower(): name for name in PROVINCES} | _PROVINCE_ALIASES


def normalise_province(text: str) -> str | None:
    """The canonical province name, or ``None`` when the text names no Indonesian province.

    Exports spell provinces many ways ("Jabar", "DKI", "Prov. Jawa Timur"); analytics must
    group them as one.
    """
    key = text.strip().lower().removeprefix("provinsi ").removeprefix("prov. ").strip()
    return _BY_LOWER.get(key)


def province_time_zone(province: str) -> IndonesianTimeZone | None:
    return PROVINCES.get(province)
