"""The demo store's planted problems are what text analytics hears in the reviews.

The demo plants a late courier (Lintas Kargo), a late province (Sumatera Utara) and a
packaging problem in one category (Kosmetik: leaks and breakage in transit). Reading only
the review texts, the aspects must point at them. Seeded, so the figures are fixed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from suara.app import Suara, build
from suara.demo import DemoConfig
from suara.settings import Settings
from suara.storage import schema as s

Row = tuple[Any, ...]


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Row], dict[int, str]]:
    suara: Suara = build(Settings(home=Path(tmp_path_factory.mktemp("demo"))))
    suara.build_demo(DemoConfig(customers=600, months=12, seed=20261122, end=date(2026, 11, 1)))
    suara.analyze_feedback()
    f, a, o = s.feedback_items, s.feedback_analyses, s.orders
    with suara.store.engine.connect() as connection:
        rows = connection.execute(
            select(o.c.courier, o.c.shipping_province, a.c.aspects, o.c.id)
            .join(f, f.c.order_id == o.c.id)
            .join(a, a.c.feedback_id == f.c.id)
        ).all()
        categories = dict(
            connection.execute(
                select(s.order_lines.c.order_id, s.categories.c.name)
                .join(s.products, s.products.c.id == s.order_lines.c.product_id)
                .join(s.categories, s.categories.c.id == s.products.c.category_id)
            ).all()
        )
    suara.close()
    return [tuple(r) for r in rows], categories


def _negative(rows: list[Row], keep: Callable[[Row], bool]) -> tuple[int, Counter[str]]:
    counts: Counter[str] = Counter()
    kept = [r for r in rows if keep(r)]
    for row in kept:
        counts.update(x["aspect"] for x in row[2] if x["polarity"] == "negative")
    return len(kept), counts


def test_the_late_courier_and_province_are_delivery_complaints(
    reviews: tuple[list[Row], dict[int, str]],
) -> None:
    rows, _ = reviews
    _, courier = _negative(rows, lambda r: r[0] == "Lintas Kargo")
    _, province = _negative(rows, lambda r: r[1] == "Sumatera Utara")
    assert courier.most_common(1)[0][0] == "delivery"
    assert province.most_common(1)[0][0] == "delivery"
    n_late, late = _negative(rows, lambda r: r[0] == "Lintas Kargo")
    n_rest, rest = _negative(rows, lambda r: r[0] != "Lintas Kargo")
    assert late["delivery"] / n_late > 2 * rest["delivery"] / n_rest


def test_the_packaging_problem_shows_in_its_category(
    reviews: tuple[list[Row], dict[int, str]],
) -> None:
    rows, categories = reviews
    n_cosmetics, cosmetics = _negative(rows, lambda r: categories.get(r[3]) == "Kosmetik")
    n_rest, rest = _negative(rows, lambda r: categories.get(r[3]) != "Kosmetik")
    top_two = [aspect for aspect, _ in cosmetics.most_common(2)]
    assert "packaging" in top_two  # with product_quality: a bottle that leaks is both
    assert cosmetics["packaging"] / n_cosmetics > 3 * rest["packaging"] / n_rest
