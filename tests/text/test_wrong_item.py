"""An order that came other than it was placed is the product's accuracy
(:mod:`suara.text.wrong_item`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.frameworks import Aspect, Polarity
from suara.text import analyze
from suara.text.normalize import normalize
from suara.text.wrong_item import wrong_items


def _aspects(text: str) -> dict[Aspect, Polarity]:
    return {a.aspect: a.polarity for a in analyze(text).aspects}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Beli 3 dikirim 2 doang", "dikirim 2"),
        ("barang pesan 2 yang dateng 1", "dateng 1"),
        ("Sy order 5pcs dikirim cuma 4", "dikirim cuma 4"),
        ("pesen 6 items yg nyampe cuma satu", "nyampe cuma satu"),
        ("Beli 3, dikirim 2", "dikirim 2"),  # across a clause's end
        ("pesan hitam yg dikirim merah", "dikirim merah"),
        ("Pesen warna putih loh, yg dateng item", "dateng item"),  # "item": black
    ],
)
def test_what_came_short_of_the_order_is_its_accuracy(text: str, span: str) -> None:
    result = analyze(text)
    (accuracy,) = [a for a in result.aspects if a.aspect is Aspect.PRODUCT_ACCURACY]
    assert accuracy.polarity is Polarity.NEGATIVE
    assert span in [m.span.text for m in accuracy.mentions]
    assert Aspect.DELIVERY not in {a.aspect for a in result.aspects}  # not the delivery


@pytest.mark.parametrize(
    "text",
    [
        "pesan tgl 27, sampai tgl 1",  # dates: how long it took
        "beli 2 pcs warna hitam, datang 2 pcs warna hitam, mantap",  # as ordered
        "pesan 2 dateng 3, bonus",  # more than ordered
        "pesan kemarin hari ini udah sampe",
        "order 3 sampai 1 hari",  # a span of time, not an amount
        "pesan 5 sampai 2 hari kemudian",
        "beli 2 dapat 1 gratis",  # a deal
        "beli 10 dapat 1 free",
        # a third review (2026-12-08)
        "pesan 2 datang 1 rusak",  # damage, the product's quality
        "pesan 4 kali sampai 3 kali",  # times
        "pesan 3 sampai 2hari",
        "beli warna hitam dikirim pakai kardus coklat",  # the box's colour
        "order item merah dikirim merah",  # "item" of an order is no colour
        "pesan black dikirim hitam",  # one colour, two names
        "beli 100rb dapat 2",  # a price
        "apa benar beli 3 dikirim 2?",  # a question
        "beli 3 dikirim 2, sisanya menyusul",  # the rest to come
    ],
)
def test_an_order_that_came_as_placed_is_no_wrong_item(text: str) -> None:
    assert _aspects(text).get(Aspect.PRODUCT_ACCURACY) is not Polarity.NEGATIVE


@settings(deadline=None)
@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from(["dikirim", "yg dateng"]))
def test_only_fewer_than_ordered_is_short(ordered: int, came: int, arrived: str) -> None:
    text = f"beli {ordered} {arrived} {came}"
    assert bool(wrong_items(normalize(text).tokens, text)) == (came < ordered)
