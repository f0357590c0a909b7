"""Ratings, feedback volume, category and journey-stage breakdowns on hand-made tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import ibis
import pytest

from suara.domain.errors import MetricInputError
from suara.metrics import breakdowns, reviews

MAY = datetime(2024, 5, 6, 3, 0, tzinfo=UTC)
JUNE = datetime(2024, 6, 2, 3, 0, tzinfo=UTC)


def _item(kind: str, rating: float | None, scale: int | None, product: int | None = 1) -> Any:
    at = JUNE if rating == 1 else MAY
    return {
        "kind": kind,
        "source": "shopee" if kind == "review" else "instagram",
        "rating": rating,
        "rating_scale_max": scale,
        "product_id": product,
        "created_at": at,
    }


FEEDBACK = [
    # 1-5 stars: 5 4 4 2 1 -> mean 3.2, top-two (4-5) 3/5; the 6 is off the scale and the
    # unscaled 3 cannot be read: both invalid. One review on 1-10: 8.
    *(_item("review", r, 5) for r in (5, 4, 4, 2, 1, 6)),
    _item("review", 3, None),
    _item("review", 8, 10, product=2),
    _item("social_comment", None, None, product=None),
    _item("social_comment", 5, 5, product=None),
]


def _backend_table(backend: Any, name: str, rows: list[dict[str, Any]]) -> Any:
    return backend.create_table(name, ibis.memtable({k: [r[k] for r in rows] for k in rows[0]}))


@pytest.fixture(scope="module")
def backend() -> Iterator[Any]:
    connection = ibis.duckdb.connect()
    yield connection
    connection.disconnect()


def test_ratings_per_scale(backend: Any) -> None:
    feedback = _backend_table(backend, "feedback", FEEDBACK)
    five, ten = reviews.ratings(feedback)
    assert five.key == {"rating_scale_max": 5}
    assert five.invalid == 2
    assert five.result.distribution == {1.0: 1, 2.0: 1, 4.0: 2, 5.0: 1}
    assert five.result.mean.estimate == pytest.approx(3.2)
    # s² = (1.8² + .8² + .8² + 1.2² + 2.2²)/4 = 10.8/4 = 2.7; SE = .7348; t(.975, 4) = 2.7764
    # -> 3.2 ± 2.040, clipped to 1-5.
    assert five.result.mean.ci_low == pytest.approx(1.16, abs=1e-3)
    assert five.result.mean.ci_high == 5.0
    assert (five.result.top_two.successes, five.result.top_two.n) == (3, 5)
    assert (ten.result.scale_max, ten.result.mean.n) == (10, 1)
    every_kind = reviews.ratings(feedback, kinds=None, by=["month"])
    assert [(r.key["month"].month, r.key["rating_scale_max"]) for r in every_kind] == [
        (5, 5),
        (5, 10),
        (6, 5),
    ]
    with pytest.raises(MetricInputError, match="feedback: no column 'rating'"):
        reviews.ratings(feedback.drop("rating"))


def test_volume_by_kind_and_month(backend: Any) -> None:
    feedback = _backend_table(backend, "feedback2", FEEDBACK)
    volume = reviews.feedback_volume(feedback)
    assert [(r.key["kind"], r.result) for r in volume] == [("review", 8), ("social_comment", 2)]
    monthly = reviews.feedback_volume(feedback, by=["month", "source"], where={"kind": "review"})
    assert [r.result for r in monthly] == [7, 1]


def test_categories_and_journey(backend: Any) -> None:
    cats = _backend_table(backend, "categories", [{"id": 1, "name": "Kosmetik"}])
    products = _backend_table(
        backend, "products", [{"id": 1, "category_id": 1}, {"id": 2, "category_id": None}]
    )
    orders = _backend_table(backend, "orders", [{"id": i, "returned": i == 1} for i in (1, 2, 3)])
    lines = _backend_table(
        backend,
        "lines",
        [{"order_id": o, "product_id": p} for o, p in ((1, 1), (1, 1), (1, 2), (2, 2))],
    )
    # Order 1: Kosmetik (two lines, one row) and a product without category; 2: none; 3: no
    # lines at all.
    table = breakdowns.order_categories(orders, lines, products, cats)
    rows = sorted((r["id"], r["category"] or "") for r in table.to_pyarrow().to_pylist())
    assert rows == [(1, ""), (1, "Kosmetik"), (2, ""), (3, "")]
    feedback = _backend_table(backend, "feedback3", FEEDBACK)
    named = breakdowns.with_category(feedback, products, cats)
    (kosmetik, *_) = reviews.ratings(named, by=["category"])
    assert kosmetik.key["category"] == "Kosmetik"
    touchpoints = _backend_table(
        backend,
        "touchpoints",
        [
            {"customer_id": c, "stage": s, "channel": "app", "occurred_at": MAY}
            for c, s in ((1, "conversion"), (1, "awareness"), (1, "awareness"), (2, "awareness"))
        ],
    )
    (reach,) = breakdowns.stage_reach(touchpoints)
    assert reach.result.customers == 2
    assert list(reach.result.stages) == ["awareness", "conversion"]
    assert reach.result.stages["conversion"].estimate == 0.5
    volume = breakdowns.journey_volume(touchpoints, by=["stage"])
    assert [(r.key["stage"], r.result) for r in volume] == [("awareness", 3), ("conversion", 1)]
