"""Language of a comment: ``id``, ``en``, ``mixed`` or ``other``.

Lingua (lingua-language-detector, Apache-2.0) decides among Indonesian, Malay, English and a
handful of other languages Indonesian shops meet; it runs offline from models in its wheel.
Malay counts as Indonesian: short informal Indonesian is often scored as Malay. Code-mixed
comments ("barangnya bagus but shipping slow") are recognised from word lists: when both
Indonesian and English words are frequent the comment is ``mixed``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from suara.text.normalize import (
    NormalizedText,
    english_words,
    indonesian_stopwords,
    normalize,
    slang_table,
)

if TYPE_CHECKING:
    from lingua import ConfidenceValue, LanguageDetector

MIXED_MIN_WORDS = 2
MIXED_MIN_SHARE = 0.25
OTHER_MIN_CONFIDENCE = 0.6


class TextLanguage(StrEnum):
    INDONESIAN = "id"
    ENGLISH = "en"
    MIXED = "mixed"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class LanguageResult:
    language: TextLanguage
    confidence: float
    indonesian_words: int
    english_words: int


_ID_EXTRA = frozenset(
    [
        "barang",
        "barangnya",
        "bagus",
        "banget",
        "sangat",
        "tidak",
        "sudah",
        "belum",
        "pengiriman",
        "kirim",
        "sesuai",
        "cepat",
        "lama",
        "harga",
        "murah",
        "mahal",
        "puas",
        "kecewa",
        "penjual",
        "terima",
        "kasih",
        "mantap",
        "rusak",
        "pesanan",
        "paket",
        "kurir",
        "kualitas",
        "sampai",
        "datang",
        "aman",
        "saya",
        "kami",
        "kita",
        "kak",
        "gan",
        "sis",
        "juga",
        "aja",
        "saja",
        "nya",
        "dong",
        "deh",
        "sih",
        "kok",
        "lagi",
        "banyak",
        "sekali",
        "kurang",
        "lebih",
        "pakai",
        "beli",
        "belanja",
        "toko",
        "produk",
        "ukuran",
        "warna",
        "jelek",
        "keren",
    ]
)


@cache
def _id_signal_words() -> frozenset[str]:
    words = set(indonesian_stopwords()) | _ID_EXTRA
    words.update(slang_table())
    words.update(w for v in slang_table().values() for w in v.split())
    return frozenset(words - _en_signal_words())


@cache
def _en_signal_words() -> frozenset[str]:
    return english_words() - LOANWORDS


# Words as written that count for neither language: single letters, and the articles and
# particles of the other Latin-script languages lingua knows, which the slang table reads as
# Indonesian ("la" -> "lah", "de" -> "deh", "y" -> "nya", "ne" -> "ini"). Counted, they made
# Spanish, French, Portuguese and Italian comments Indonesian; left out, lingua names those
# "other", NusaX-en has 395 of 400 texts English instead of 377, and of 21,914 Indonesian
# corpus comments 2 change (a name list "si Sari.. si ..", and a mixed one now English).
AMBIGUOUS = frozenset(
    ["a", "e", "i", "o", "u", "y", "la", "le", "lo", "de", "da", "do", "si", "se", "tu", "el",
     "en", "es", "et", "un", "il", "al", "au", "du", "na", "sa", "ne"]
)  # fmt: skip

# English words that Indonesian e-commerce writing has adopted: no sign of code-mixing.
LOANWORDS = frozenset(
    [
        "a",
        "i",
        "ok",
        "okay",
        "top",
        "free",
        "work",
        "fast",
        "slow",
        "seller",
        "packing",
        "packaging",
        "recommended",
        "recommend",
        "order",
        "original",
        "thanks",
        "thank",
        "product",
        "item",
        "app",
        "refund",
        "return",
        "best",
        "online",
        "size",
    ]
)


@cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.INDONESIAN, Language.MALAY, Language.ENGLISH, Language.TAGALOG,
        Language.VIETNAMESE, Language.THAI, Language.CHINESE, Language.JAPANESE,
        Language.KOREAN, Language.ARABIC, Language.SPANISH, Language.FRENCH, Language.GERMAN,
        Language.DUTCH, Language.PORTUGUESE,
    ]  # fmt: skip
    return LanguageDetectorBuilder.from_languages(*languages).build()


def load_detector() -> None:
    """Load lingua's language models now (it loads them on first use), e.g. before forking
    workers that would each load them again."""
    _detector().compute_language_confidence_values("selamat pagi, good morning")


def count_language_words(words: Iterable[str]) -> tuple[int, int]:
    """How many of ``words`` (normalised) are Indonesian and how many English signal words."""
    sides = _signal_sides()
    found = [sides.get(w) for w in words]
    return found.count(TextLanguage.INDONESIAN), found.count(TextLanguage.ENGLISH)


@cache
def _signal_sides() -> dict[str, TextLanguage]:
    """Each signal word and its language, in one table: one look-up a word (the two lists
    are disjoint)."""
    sides = dict.fromkeys(_en_signal_words(), TextLanguage.ENGLISH)
    sides.update(dict.fromkeys(_id_signal_words(), TextLanguage.INDONESIAN))
    return sides


def detect_language(text: str) -> LanguageResult:
    """Detect the language of one comment (see the module docstring for the rules)."""
    return detect_languages([text])[0]


def detect_languages(
    texts: Sequence[str], *, normalized: Sequence[NormalizedText] | None = None
) -> list[LanguageResult]:
    """:func:`detect_language` of many comments; ``normalized`` (``normalize(text)`` of each)
    saves normalising again.

    Lingua runs only where the word lists do not already decide: a comment that is not
    mixed, with at least ``MIXED_MIN_WORDS`` signal words of one language and more than twice
    as many as of the other, is that language whatever lingua says, with confidence
    ``n / (total + 1)`` (a long Indonesian review with one English loan is Indonesian; lingua
    agreed on every such comment of 6,000 in the corpora, at some 300 µs each). The rest go
    to lingua one by one: its parallel API starts a thread pool, which a process forked
    later (the worker processes of :meth:`~suara.text.analysis.TextAnalyzer.analyze_many`)
    cannot use.
    """
    norms = [normalize(t) for t in texts] if normalized is None else normalized
    out: list[LanguageResult | None] = []
    pending: list[tuple[int, int, int]] = []
    for k, (text, norm) in enumerate(zip(texts, norms, strict=True)):
        words = (
            w
            for t in norm.tokens
            if t.kind == "word" and t.text.lower() not in AMBIGUOUS
            for w in t.norm.lower().split()
        )
        n_id, n_en = count_language_words(words)
        total = n_id + n_en
        if not any(ch.isalpha() for ch in text):
            out.append(LanguageResult(TextLanguage.OTHER, 0.0, n_id, n_en))
        elif min(n_id, n_en) >= MIXED_MIN_WORDS and min(n_id, n_en) / total >= MIXED_MIN_SHARE:
            out.append(LanguageResult(TextLanguage.MIXED, min(n_id, n_en) / total * 2, n_id, n_en))
        elif max(n_id, n_en) >= MIXED_MIN_WORDS and min(n_id, n_en) * 2 < max(n_id, n_en):
            side = TextLanguage.INDONESIAN if n_id > n_en else TextLanguage.ENGLISH
            share = max(n_id, n_en) / (total + 1)
            out.append(LanguageResult(side, round(share, 4), n_id, n_en))
        else:
            out.append(None)
            pending.append((k, n_id, n_en))
    if pending:
        detector = _detector()
        for k, n_id, n_en in pending:
            latin_text, latin, others = _latin_letters(texts[k])
            if others > latin:
                share = round(others / (others + latin), 4)
                out[k] = LanguageResult(TextLanguage.OTHER, share, n_id, n_en)
            else:
                confidences = detector.compute_language_confidence_values(latin_text)
                out[k] = _from_lingua(confidences, n_id, n_en)
    return [r for r in out if r is not None]


def _latin_letters(text: str) -> tuple[str, int, int]:
    """``text`` with the letters of other scripts blanked, and how many letters of the Latin
    script and of other scripts it had. Lingua is given only the Latin script: on a comment
    that mixes scripts ("bagus ß 緽ﾊ") its rules pick a language by the order of a hash map, which
    changes from call to call, so the same comment got another language or confidence each
    time it was analysed. A comment mostly in another script is ``other`` without it: every
    language Suara tells apart is written in Latin letters. Full-width and mathematical
    letters (ｍａｎｔａｐ) are read as the Latin letters they are."""
    if text.isascii():
        return text, sum(c.isalpha() for c in text), 0
    kept: list[str] = []
    latin = others = 0
    for c in text:
        if c.isalpha() and not c.isascii():
            plain = unicodedata.normalize("NFKC", c)  # ｍ, 𝐦: m
            if plain.isascii():
                c = plain
            elif not unicodedata.name(c, "").startswith("LATIN"):
                others += 1
                c = " "
        latin += c.isalpha()
        kept.append(c)
    return "".join(kept), latin, others


def _from_lingua(confidences: Sequence[ConfidenceValue], n_id: int, n_en: int) -> LanguageResult:
    total = n_id + n_en
    scores = {TextLanguage.INDONESIAN: 0.0, TextLanguage.ENGLISH: 0.0, TextLanguage.OTHER: 0.0}
    for value in confidences:
        name = value.language.name
        key = (
            TextLanguage.INDONESIAN if name in ("INDONESIAN", "MALAY")
            else TextLanguage.ENGLISH if name == "ENGLISH"
            else TextLanguage.OTHER
        )  # fmt: skip
        scores[key] += value.value
    best = max(scores, key=lambda k: scores[k])
    if best is TextLanguage.OTHER and (total or scores[best] < OTHER_MIN_CONFIDENCE):
        if total:
            best = TextLanguage.INDONESIAN if n_id >= n_en else TextLanguage.ENGLISH
        else:
            best = max((TextLanguage.INDONESIAN, TextLanguage.ENGLISH), key=lambda k: scores[k])
    return LanguageResult(best, round(scores[best], 4), n_id, n_en)
