"""Erasing a customer on request: the person goes, the business's numbers stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from suara.app import build
from suara.cli import app
from suara.domain.errors import UnknownCustomer
from suara.settings import Settings
from suara.storage import Store, schema
from suara.storage.erasure import ERASED_TEXT
from tests.ingest.files import write_csv

ORDER = {
    "order_id": "A1",
    "customer_id": "C1",
    "customer_name": "Siti Rahma",
    "customer_email": "siti@example.com",
    "channel": "shopee",
    "amount": "Rp 250.000",
    "ordered_at": "01/02/2025",
}
REVIEW = {
    "id": "R1",
    "customer_id": "C1",
    "text": "Telat, hubungi 0812-3456-7890",
    "created_at": "03/02/2025",
}


def _one(store: Store, column: object) -> object:
    with store.engine.connect() as connection:
        return connection.execute(select(column)).scalar_one()  # type: ignore[call-overload]


def test_erasure_removes_the_person_and_keeps_the_numbers(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    suara.import_file("orders", write_csv(tmp_path / "o.csv", [ORDER, dict(ORDER, order_id="A2")]))
    suara.import_file("reviews", write_csv(tmp_path / "r.csv", [REVIEW]))
    ticket = {"id": "T1", "customer_id": "C1", "subject": "Refund ke 0812-3456-7890",
              "created_at": "04/02/2025", "channel": "email"}  # fmt: skip
    suara.import_file("tickets", write_csv(tmp_path / "t.csv", [ticket]))
    suara.analyze_feedback()
    customer_id = int(_one(suara.store, schema.customers.c.id))  # type: ignore[call-overload]

    report = suara.erase_customer(customer_id, requested_by="test")

    assert (report.identities, report.feedback_items, report.already_erased) == (1, 1, False)
    c = schema.customers
    with suara.store.engine.connect() as connection:
        person = connection.execute(select(c).where(c.c.id == customer_id)).one()
        assert (person.name, person.email, person.phone) == (None, None, None)
        assert person.erased_at is not None
        assert person.consent_email is False
        assert connection.execute(select(schema.feedback_items.c.text)).scalar_one() == ERASED_TEXT
        subject = connection.execute(select(schema.support_tickets.c.subject)).scalar_one()
        assert subject == ERASED_TEXT
        counts = {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (schema.customer_identities, schema.feedback_analyses, schema.orders)
        }
        amounts = connection.execute(select(func.sum(schema.orders.c.amount))).scalar_one()
        audit = connection.execute(select(schema.audit_log.c.action, schema.audit_log.c.target))
        assert list(audit) == [("erase", f"customer:{customer_id}")]
    assert counts == {"customer_identities": 0, "feedback_analyses": 0, "orders": 2}
    assert amounts == pytest.approx(500_000)
    assert suara.erase_customer(customer_id, requested_by="test").already_erased
    with pytest.raises(UnknownCustomer):
        suara.erase_customer(customer_id + 1000, requested_by="test")
    suara.close()


def test_the_command_wants_a_confirmation(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    path = write_csv(tmp_path / "o.csv", [ORDER])
    assert runner.invoke(app, ["import", "orders", str(path)], env=env).exit_code == 0
    refused = runner.invoke(app, ["customers", "erase", "1"], env=env)
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    done = runner.invoke(app, ["customers", "erase", "1", "--yes"], env=env)
    assert done.exit_code == 0, done.output
    assert "Customer 1 erased" in done.output
    missing = runner.invoke(app, ["customers", "erase", "99", "--yes"], env=env)
    assert missing.exit_code == 2
    assert "no customer with id 99" in missing.output
