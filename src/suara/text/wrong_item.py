"""An order that came other than it was placed: "beli 3 dikirim 2", "pesan 2 yang dateng 1",
"pesan hitam yg dikirim merah" — the product's accuracy, not its delivery.

Shoppers tell a wrong or short order by setting what they ordered beside what came, with no
opinion word: the lexicon saw "dikirim" (a delivery term) and the clause's tone, and read a
delivery complaint. Here an ordering verb, then within a few words a number or a colour (what
was ordered), then an arrival verb, then within a few words a smaller number or another colour
(what came) make a negative product-accuracy mention, spanned from the arrival verb to what
came, and the arrival verb is no delivery mention. More arriving than was ordered is no
complaint, nor is a time ("pesan tgl 27, sampai tgl 1", "sampai 2 hari kemudian": an amount
after a date word or before a span of time is none), nor a deal ("beli 2 dapat 1 gratis").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from suara.domain.frameworks import Aspect
from suara.text.aspects import AspectHit, _span
from suara.text.normalize import Token

ORDERING = frozenset(["pesan", "memesan", "order", "beli", "membeli"])
ARRIVING = frozenset(["dikirim", "dikirimin", "datang", "sampai", "dapat", "diterima", "terima"])
# colours by one name each: "item" (Betawi for black) only for what came, where it cannot be
# the English "item" of an order ("order item merah")
COLOURS = {
    "hitam": "hitam", "black": "hitam", "putih": "putih", "white": "putih", "merah": "merah",
    "red": "merah", "biru": "biru", "blue": "biru", "hijau": "hijau", "green": "hijau",
    "kuning": "kuning", "abu": "abu", "abu-abu": "abu", "grey": "abu", "gray": "abu",
    "pink": "pink", "ungu": "ungu", "purple": "ungu", "coklat": "coklat", "cokelat": "coklat",
    "brown": "coklat", "navy": "navy", "maroon": "maroon", "krem": "krem", "cream": "krem",
    "oranye": "oranye", "orange": "oranye", "silver": "silver", "gold": "gold",
    "tosca": "tosca", "mint": "mint",
}  # fmt: skip
_CAME_COLOURS = {**COLOURS, "item": "hitam"}
# what may stand between the arrival verb and what came: "yg dateng cuma 1", "dateng nya
# item", "dikirim warna pink"; any other word ("dikirim pakai kardus coklat") ends the look
_BEFORE_WHAT_CAME = frozenset(
    ["cuma", "hanya", "malah", "yang", "nya", "warna", "ukuran", "size", "saja", "cm"]
)  # fmt: skip
NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5,
}  # fmt: skip
# words after which a number is a point in time, not an amount: "pesan tgl 27, sampai tgl 1"
_DATES = frozenset(
    ["tanggal", "tgl", "jam", "pukul", "hari", "minggu", "bulan", "date", "h+", "h"]
)  # fmt: skip
# words after an amount that make it a time ("sampai 2 hari kemudian"), and words of a promotion,
# where fewer is what a deal gives ("beli 2 dapat 1 gratis", "beli 10 dapat 1 free")
_SPANS = frozenset(
    ["hari", "harinya", "hri", "jam", "menit", "minggu", "bulan", "tahun", "thn", "detik", "hr",
     "kali", "x", "days", "hours", "minutes", "times",
     # and units that make an amount a price or a weight, which fewer of is no short order
     "rb", "ribu", "k", "jt", "juta", "gr", "gram", "kg", "ml", "liter"]
)  # fmt: skip
# a sentence with one of these tells of a deal, a question, damage or the rest to come, not a
# short order: "beli 2 dapat 1 gratis", "apakah kalau beli 2 dapat 1?", "beli 2 pcs sampai 1
# pecah", "dikirim 2, sisanya menyusul"
_NOT_SHORT = frozenset(
    ["gratis", "free", "bonus", "diskon", "promo", "cashback", "potongan", "hadiah", "get",
     "apa", "apakah", "kalau", "jika", "if", "rusak", "pecah", "retak", "cacat", "penyok",
     "lecet", "sobek", "bocor", "mati", "menyusul", "sisanya", "sisa"]
)  # fmt: skip
_WHAT_REACH = 3  # words from a verb to what was ordered or came: "pesen warna navy dateng"
_ARRIVAL_REACH = 8  # words from the order to the arrival: "pesan 2 pcs yang warna hitam datang"
_LEADING_DIGITS = re.compile(r"\d+")


def _what(
    units: Sequence[Token], start: int, *, came: bool = False
) -> tuple[str, int | str, int] | None:
    """("n", amount, position) or ("c", colour, position) of the first amount or colour within
    ``_WHAT_REACH`` words from ``start`` (what ``came``: with only :data:`_BEFORE_WHAT_CAME`
    before it); None where a date, a span of time or none comes first."""
    colours = _CAME_COLOURS if came else COLOURS
    for k in range(start, min(len(units), start + _WHAT_REACH)):
        token = units[k]
        norm = token.norm
        if norm in _DATES:
            return None
        digits = _LEADING_DIGITS.match(token.text)
        amount = (
            int(digits.group()) if digits and (token.kind == "number" or not norm.isdigit())
            else NUMBER_WORDS.get(norm)
        )  # fmt: skip
        if amount is not None:
            glued = norm[len(digits.group()) :] if digits and token.kind != "number" else ""
            after = units[k + 1].norm if k + 1 < len(units) else ""
            return None if after in _SPANS or glued in _SPANS else ("n", amount, k)
        if norm in colours:
            return "c", colours[norm], k
        if came and norm not in _BEFORE_WHAT_CAME:
            return None
    return None


def _short(ordered: tuple[str, int | str], came: tuple[str, int | str]) -> bool:
    """Whether what came (an amount or a colour) falls short of what was ordered."""
    if ordered[0] == "n":
        return int(came[1]) < int(ordered[1])
    return came[1] != ordered[1]


def wrong_items(tokens: Sequence[Token], original: str) -> list[AspectHit]:
    """The negative product-accuracy hits of one sentence's ``tokens`` (module docstring), at
    most one: a sentence, so that "beli 3, dikirim 2" is read across its clauses; ``original``
    is the text the tokens index."""
    if not any(t.norm in ORDERING for t in tokens):  # most clauses
        return []
    units = [t for t in tokens if t.kind in ("word", "number")]
    if any(t.norm in _NOT_SHORT for t in units):
        return []
    for i, token in enumerate(units):
        if token.norm not in ORDERING:
            continue
        ordered = _what(units, i + 1)
        if ordered is None:
            continue
        for j in range(ordered[2] + 1, min(len(units), i + 1 + _ARRIVAL_REACH)):
            if units[j].norm not in ARRIVING:
                continue
            came = _what(units, j + 1, came=True)
            if came is None or came[0] != ordered[0]:
                break
            if not _short(ordered[:2], came[:2]):
                break
            span = _span(original, units[j : came[2] + 1])
            opinion = _span(original, units[came[2] : came[2] + 1])
            return [AspectHit(Aspect.PRODUCT_ACCURACY, span, opinion, -1, "opinion")]
    return []


def without_arrivals(hits: list[AspectHit], wrong: Sequence[AspectHit]) -> list[AspectHit]:
    """``hits`` less the delivery mentions inside a wrong item's span (its arrival verb), with
    the wrong items added."""
    spans = [(w.span.start, w.span.end) for w in wrong]
    kept = [
        h
        for h in hits
        if h.aspect is not Aspect.DELIVERY or not any(lo <= h.span.start < hi for lo, hi in spans)
    ]
    return kept + list(wrong)
