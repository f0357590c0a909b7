"""Emerging topics: a planted new complaint that grows in the last month is found and named."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from suara.domain.errors import TopicInputError
from suara.text.topics import Topic, TopicComment, discover_topics

START = date(2025, 1, 1)

VOUCHER = [
    "voucher gagal dipakai pas checkout",
    "kenapa voucher gagal dipakai terus ya kak",
    "voucher diskon gagal dipakai, tolong dicek",
    "udah 3x coba voucher gagal dipakai",
    "Voucher gagal dipakai padahal masih berlaku",
    "voucher cashback gagal dipakai min",
]
RESTOCK = [
    "kapan restock warna hitam",
    "min kapan restock ukuran L",
    "restock warna hitam dong",
    "kapan restock lagi kak",
]
CHATTER = ["mantap", "ok", "sip", "terima kasih kak", "semoga berkah", "wkwk lucu", "halo min"]
ASPECTED = ["pengiriman lama banget", "barang rusak", "harga mahal"]


def _comments(seed: int = 7) -> list[tuple[int, str, datetime, tuple[str, ...]]]:
    """Six months: restock questions and chatter every month, aspected comments (ignored),
    and the voucher complaint appearing only in the last month."""
    rng = random.Random(seed)
    rows: list[tuple[int, str, datetime, tuple[str, ...]]] = []

    def add(text: str, day: date, aspects: tuple[str, ...] = ()) -> None:
        moment = datetime(day.year, day.month, day.day, 10)
        rows.append((len(rows) + 1, text, moment, aspects))

    for month in range(1, 7):
        for _ in range(8):
            add(rng.choice(RESTOCK), date(2025, month, rng.randint(1, 28)))
        for _ in range(10):
            add(rng.choice(CHATTER), date(2025, month, rng.randint(1, 28)))
        for _ in range(10):
            add(rng.choice(VOUCHER), date(2025, month, rng.randint(1, 28)), ("payment_trust",))
        for _ in range(5):
            add(rng.choice(ASPECTED), date(2025, month, rng.randint(1, 28)), ("delivery",))
    for _ in range(25):
        add(rng.choice(VOUCHER), date(2025, 6, rng.randint(1, 28)))
    add(rng.choice(VOUCHER), date(2025, 3, 5))
    return rows


def _find(topics: list[Topic], word: str) -> Topic:
    return next(t for t in topics if word in t.name)


def test_the_planted_new_topic_is_found_named_and_flagged_emerging() -> None:
    rows = _comments()
    topics = discover_topics(rows)
    voucher = _find(topics, "voucher")
    assert "gagal dipakai" in voucher.name
    assert topics[0] is voucher
    assert voucher.emerging
    assert voucher.volume[-1] == ("2025-06", 25)
    assert voucher.volume[2] == ("2025-03", 1)
    assert [label for label, _ in voucher.volume] == [f"2025-0{m}" for m in range(1, 7)]
    planted = {i for i, text, _, aspects in rows if "voucher" in text.lower() and not aspects}
    assert len(set(voucher.members) & planted) >= 24
    assert not set(voucher.members) - planted


def test_a_steady_topic_is_found_but_not_emerging_and_aspected_comments_are_ignored() -> None:
    rows = _comments()
    topics = discover_topics(rows)
    restock = _find(topics, "restock")
    assert not restock.emerging
    assert restock.growth < 2
    aspected = {i for i, _, _, aspects in rows if aspects}
    assert not any(set(t.members) & aspected for t in topics)


def test_results_are_deterministic_and_weeks_work() -> None:
    rows = _comments()
    assert discover_topics(rows) == discover_topics(list(rows))
    weekly = discover_topics(rows, period="week", recent=4, baseline=8)
    voucher = _find(weekly, "voucher")
    assert voucher.emerging
    assert all(label.startswith("2025-W") for label, _ in voucher.volume)
    assert sum(n for _, n in voucher.volume) == voucher.size


def test_small_or_empty_input_gives_no_topics() -> None:
    assert discover_topics([]) == []
    few = [TopicComment(i, "voucher gagal dipakai", START + timedelta(days=i)) for i in range(3)]
    assert discover_topics(few) == []


def test_bad_input_is_rejected_with_a_reason() -> None:
    with pytest.raises(TopicInputError, match="period"):
        discover_topics([], period="year")  # type: ignore[arg-type]
    with pytest.raises(TopicInputError, match="created_at"):
        discover_topics([(1, "voucher", "2025-01-01", ())])
    with pytest.raises(TopicInputError, match=r"\(id, text, created_at, aspects\)"):
        discover_topics([(1, "voucher")])
