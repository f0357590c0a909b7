"""Building the demo store on every backend: contents, scale, determinism, replacing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from suara.demo import DemoConfig, build_demo_store, generate
from suara.demo import build as demo_build
from suara.demo import people as demo_people
from suara.domain.errors import ConfigurationError, DemoStoreExists
from suara.settings import Settings
from suara.storage import Store, open_store, schema
from suara.storage.erasure import ERASED_TEXT
from tests.demo.configs import END, SMALL


def _amounts(store: Store) -> float:
    with store.engine.connect() as connection:
        return float(connection.execute(select(func.sum(schema.orders.c.amount))).scalar_one())


def test_fills_every_table_and_labels_the_store_synthetic(store: Store) -> None:
    summary = build_demo_store(store, SMALL)
    counts = store.counts()
    assert summary.counts == counts
    assert all(counts.values()), counts
    assert counts["customers"] == counts["customer_identities"] == 200
    assert 3 * 200 <= counts["orders"] <= 7 * 200
    assert counts["order_lines"] > counts["orders"]
    assert counts["surveys"] == 4
    assert summary.location == store.location
    meta = store.meta()
    assert meta["dataset"] == "synthetic-demo"
    assert "SYNTHETIC" in meta["label"]
    assert meta["demo.seed"] == "7"
    assert meta["demo.end"] == "2026-11-01"
    assert meta["demo.start"] == "2025-05-01"
    assert datetime.fromisoformat(meta["demo.generated_at"]).tzinfo is not None
    assert len(summary.planted_effects) == 7


def test_counts_scale_with_customers() -> None:
    small = generate(replace(SMALL, customers=300))
    large = generate(replace(SMALL, customers=1200))
    for table in ("orders", "support_tickets", "feedback_items", "touchpoints", "responses"):
        ratio = len(large[table]) / len(small[table])
        assert 3.2 < ratio < 4.8, (table, ratio)
    assert len(large["products"]) == len(small["products"]) == 150


def test_same_seed_and_end_give_the_same_store(store: Store, tmp_path: Path) -> None:
    other = open_store(Settings(home=tmp_path / "other"))
    try:
        build_demo_store(store, SMALL)
        build_demo_store(other, SMALL)
        assert store.counts() == other.counts()
        assert _amounts(store) == pytest.approx(_amounts(other))
        query = select(schema.feedback_items.c.text).order_by(schema.feedback_items.c.id)
        with store.engine.connect() as a, other.engine.connect() as b:
            assert a.execute(query).scalars().all() == b.execute(query).scalars().all()
    finally:
        other.close()


def test_another_seed_gives_another_store() -> None:
    first, second = generate(SMALL), generate(replace(SMALL, seed=8))
    assert sum(o["amount"] for o in first["orders"]) != sum(o["amount"] for o in second["orders"])


def test_refuses_to_mix_with_existing_data(store: Store) -> None:
    now = datetime.now(UTC)
    with store.transaction() as connection:
        connection.execute(schema.customers.insert(), {"created_at": now, "updated_at": now})
    with pytest.raises(DemoStoreExists, match="suara demo --replace"):
        build_demo_store(store, SMALL)
    assert store.counts()["customers"] == 1
    assert "dataset" not in store.meta()


def test_replace_deletes_everything_and_rebuilds(store: Store) -> None:
    build_demo_store(store, SMALL)
    now = datetime.now(UTC)
    with store.transaction() as connection:
        connection.execute(
            schema.import_runs.insert(),
            {"kind": "orders", "file_name": "x.csv", "source": "file", "started_at": now,
             "finished_at": now, "rows_read": 1, "rows_written": 1, "rows_rejected": 0},
        )  # fmt: skip
    summary = build_demo_store(store, replace(SMALL, customers=60, seed=9, replace=True))
    assert summary.counts["customers"] == 60
    assert store.meta()["demo.seed"] == "9"
    with store.engine.connect() as connection:
        runs = connection.execute(select(func.count()).select_from(schema.import_runs))
        assert runs.scalar_one() == 0


def test_a_failed_replace_keeps_the_old_data(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    build_demo_store(store, SMALL)
    before, amounts = store.counts(), _amounts(store)

    def broken(*_: object) -> dict[str, str]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo_build, "_meta", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        build_demo_store(store, replace(SMALL, customers=60, seed=9, replace=True))
    assert store.counts() == before
    assert _amounts(store) == pytest.approx(amounts)
    assert store.meta()["demo.seed"] == "7"


def test_ids_continue_after_the_demo(store: Store) -> None:
    """On PostgreSQL the sequences must be moved past the ids the demo chose itself."""
    build_demo_store(store, SMALL)
    now = datetime.now(UTC)
    with store.transaction() as connection:
        new_id = connection.execute(
            schema.customers.insert().returning(schema.customers.c.id),
            {"created_at": now, "updated_at": now},
        ).scalar_one()
    assert new_id == 201


def test_every_event_lies_inside_the_history(store: Store) -> None:
    build_demo_store(store, SMALL)
    start = datetime(2025, 4, 30, 17, tzinfo=UTC)
    end = datetime(2026, 10, 31, 17, tzinfo=UTC)
    columns = (
        schema.orders.c.ordered_at,
        schema.orders.c.delivered_at,
        schema.touchpoints.c.occurred_at,
        schema.support_tickets.c.created_at,
        schema.support_tickets.c.solved_at,
        schema.ticket_messages.c.sent_at,
        schema.responses.c.submitted_at,
        schema.feedback_items.c.created_at,
    )
    with store.engine.connect() as connection:
        for column in columns:
            low, high = connection.execute(select(func.min(column), func.max(column))).one()
            assert start <= low, column
            assert high < end, column


def test_progress_is_reported_to_the_end(store: Store) -> None:
    steps: list[tuple[str, int, int]] = []
    build_demo_store(store, SMALL, progress=lambda *step: steps.append(step))
    names = [name for name, _, _ in steps]
    assert {"customers", "orders", "feedback", "surveys"} <= set(names)
    last_name, done, total = steps[-1]
    assert done == total == sum(store.counts().values())
    assert last_name == "feedback_items"


def test_config_is_validated_and_ends_this_month() -> None:
    with pytest.raises(ConfigurationError, match="at least"):
        DemoConfig(customers=5)
    with pytest.raises(ConfigurationError, match="months"):
        DemoConfig(months=0)
    assert DemoConfig().resolved_end().day == 1
    assert DemoConfig(end=END).resolved_end() == date(2026, 11, 1)


def test_erased_customers_are_stored_as_an_erasure_leaves_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_people, "ERASED_SHARE", 0.1)
    build_demo_store(store, SMALL)
    c, items = schema.customers, schema.feedback_items
    with store.engine.connect() as connection:
        erased = set(connection.execute(select(c.c.id).where(c.c.erased_at.is_not(None))).scalars())
        details = connection.execute(
            select(c.c.name, c.c.email, c.c.phone, c.c.city).where(c.c.id.in_(erased))
        ).all()
        tombstones = connection.execute(select(schema.erased_identities.c.customer_id))
        tombstoned = sorted(tombstones.scalars())
        linked = connection.execute(
            select(func.count())
            .select_from(schema.customer_identities)
            .where(schema.customer_identities.c.customer_id.in_(erased))
        ).scalar_one()
        their_texts = set(
            connection.execute(
                select(items.c.text).where(items.c.customer_id.in_(erased))
            ).scalars()
        )
        orders = connection.execute(
            select(func.count())
            .select_from(schema.orders)
            .where(schema.orders.c.customer_id.in_(erased))
        ).scalar_one()
    assert len(erased) >= 5
    assert set(details) == {(None, None, None, None)}
    assert tombstoned == sorted(erased)  # one demo id each, held only as its digest
    assert linked == 0
    assert their_texts <= {ERASED_TEXT}
    assert orders > 0  # their orders stay, detached


def test_replacing_a_demo_with_erased_customers_leaves_no_stale_tombstones(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_people, "ERASED_SHARE", 0.1)
    build_demo_store(store, SMALL)
    build_demo_store(store, replace(SMALL, customers=60, replace=True))
    with store.engine.connect() as connection:
        tombstones = connection.execute(select(schema.erased_identities.c.customer_id))
        erased = connection.execute(
            select(schema.customers.c.id).where(schema.customers.c.erased_at.is_not(None))
        )
        assert sorted(tombstones.scalars()) == sorted(erased.scalars())
