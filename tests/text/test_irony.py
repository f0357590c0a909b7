"""Praise in irony is blame (:mod:`suara.text.irony`)."""

from __future__ import annotations

import pytest

from suara.domain.frameworks import Aspect, Polarity
from suara.text import analyze
from suara.text.irony import is_ironic
from suara.text.normalize import normalize


@pytest.mark.parametrize(
    "text",
    [
        "makasih ya udh ngirim barang bekas, lecet2 semua. luar biasa 👏👏",
        "wkwk mantul emang, tiap order pasti ada yg kurang 🙃",
        "Bagus bgt kualitasnya, sekali cuci langsung luntur dan melar. Luar biasa 🤡",
        "Keren bgt packingnya, cuma pake kresek tipis, kacanya pecah seribu 👏🏻",  # skin tone
    ],
)
def test_praise_beside_a_bad_fact_and_an_ironic_emoji_is_blame(text: str) -> None:
    assert is_ironic(normalize(text))
    result = analyze(text)
    assert result.sentiment.label is Polarity.NEGATIVE
    assert result.sentiment.score < 0
    assert all(s.sentiment.label is not Polarity.POSITIVE for s in result.sentences)


def test_the_praised_aspect_is_blamed_and_says_why() -> None:
    result = analyze("Bagus bgt kualitasnya, sekali cuci langsung luntur dan melar. Luar biasa 🤡")
    (quality,) = [a for a in result.aspects if a.aspect is Aspect.PRODUCT_QUALITY]
    assert quality.polarity is Polarity.NEGATIVE
    assert "irony" in {m.evidence for m in quality.mentions}


@pytest.mark.parametrize(
    "text",
    [
        "Barang bagus, ada lecet dikit 🙂",  # the bad fact played down: mixed, not ironic
        "Barang bagus tapi ada lecet 🙂",  # a contrast word: a mixed verdict
        "Pengiriman cepat, barang bagus 👏👏",  # no bad fact
        "mantap, kardus penyok, layarnya retak",  # no ironic emoji: the models decide
        "barangnya tidak bagus, lecet semua 🙂",  # negated praise is none
        "Barang rusak 🙃",  # no praise
        # a bad fact denied is thanks (review of 2026-12-08)
        "Makasih kak, barang sampai dengan selamat, ga ada yang rusak 🙂",
        "Alhamdulillah ga pecah, packing rapi 👏👏",
        "Mantap, anti rusak 👏👏",
        # ... and one conceded makes a mixed verdict
        "Walaupun telat, barangnya mantap 🙂",
        "Meski pengiriman lama, barang bagus 🙂",
        "Makasih kak, ditunggu restock nya ya 🙂",  # a wait to come, of no length
        # a wait is no bad fact: it is often worth it (review of 2026-12-08)
        "worth it nunggu 2 minggu, bagus banget 🙂",
        "pre order nunggu 2 minggu sesuai janji, mantap 👏",
    ],
)
def test_what_is_not_irony(text: str) -> None:
    assert not is_ironic(normalize(text))


def test_an_ironic_comment_keeps_the_praise_an_other_word_gave() -> None:
    result = analyze("Pengiriman cepat, barangnya bagus bgt, retak semua 🙂")
    assert result.sentiment.label is Polarity.NEGATIVE
    delivery = {a.aspect: a.polarity for a in result.aspects}[Aspect.DELIVERY]
    assert delivery is Polarity.POSITIVE  # "cepat" is no praise word: it was fast


def test_an_ironic_comment_feels_none_of_its_praise() -> None:
    result = analyze("makasih ya udh ngirim barang bekas, lecet2 semua. luar biasa 👏👏")
    assert result.emotion is not None
    assert result.emotion.label.value in {"anger", "sadness", "fear"}
    assert result.emotion.probabilities["happy"] == result.emotion.probabilities["love"] == 0.0
    assert abs(sum(result.emotion.probabilities.values()) - 1.0) < 1e-9
