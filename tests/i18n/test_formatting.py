"""Numbers and money as each language writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.i18n import format_money, format_number


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (1_250_000, "id", 0, "1.250.000"),
        (1_250_000, "en", 0, "1,250,000"),
        (4.94, "id", 1, "4,9"),
        (4.94, "en", 1, "4.9"),
        (-1234.5, "id", 2, "-1.234,50"),
    ],
)
def test_numbers(value: float, language: str, decimals: int, expected: str) -> None:
    assert format_number(value, language, decimals=decimals) == expected


@pytest.mark.parametrize("language", ["id", "en"])
def test_money_is_rupiah_in_both_languages(language: str) -> None:
    assert format_money(1_250_000, language) == "Rp 1.250.000"
    assert format_money(-5000.4, language) == "-Rp 5.000"


@given(st.integers(min_value=0, max_value=10**12))
def test_indonesian_digits_read_back(value: int) -> None:
    assert int(format_number(value, "id").replace(".", "")) == value


def test_every_stored_key_shown_on_a_page_has_a_label() -> None:
    """Feedback kinds, sentiments, emotions and aspects are stored as keys and shown in the
    page's language (the Indonesian pages showed "review", "negative", "delivery")."""
    from suara.domain.entities import FeedbackKind
    from suara.domain.frameworks import Aspect, Emotion, Polarity
    from suara.i18n import LANGUAGES, catalogue

    keys = [f"feedback.kind.{k.value}" for k in FeedbackKind]
    keys += [f"polarity.{p.value}" for p in Polarity] + [f"emotion.{e.value}" for e in Emotion]
    keys += [f"aspect.{a.value}" for a in Aspect]
    for language in LANGUAGES:
        assert [k for k in keys if k not in catalogue(language)] == []
    assert catalogue("id")["aspect.delivery"] == "pengiriman"
