"""Erasing a customer on request: the person goes, the business's numbers stay."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from suara.actions.triggers import NoParams, Scan, _comments
from suara.app import build
from suara.cli import app
from suara.domain.errors import UnknownCustomer
from suara.settings import Settings
from suara.storage import Store, schema
from suara.storage.analyses import response_feedback
from suara.storage.erasure import ERASED_TEXT, identity_digest
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

ANSWER = {"response_id": "S1", "customer_id": "C1", "submitted_at": "01/08/2024",
          "nps": "3", "alasan": "Kurir kasar, nomor saya 0812-3456-7890"}  # fmt: skip


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


def test_an_erased_customer_stays_erased_when_the_source_sends_them_again(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    """The source system still knows C1: its next exports name them with their details,
    old and new comments, a new ticket and a survey answer. None of it brings the person back,
    no new customer is made for them, and their new orders still count."""
    suara = build(settings)
    suara.import_file("orders", write_csv(tmp_path / "o.csv", [ORDER]))
    suara.import_file("reviews", write_csv(tmp_path / "r.csv", [REVIEW]))
    customer_id = int(_one(suara.store, schema.customers.c.id))  # type: ignore[call-overload]
    suara.erase_customer(customer_id, requested_by="dpo")

    person = {"customer_id": "C1", "name": "Siti Rahma", "email": "siti@example.com",
              "phone": "0812-3456-7890", "city": "Bandung"}  # fmt: skip
    suara.import_file("customers", write_csv(tmp_path / "c.csv", [person]))
    later = dict(ORDER, order_id="A9", ordered_at="01/03/2025")
    suara.import_file("orders", write_csv(tmp_path / "o2.csv", [ORDER, later]))
    new_review = dict(
        REVIEW, id="R2", text="Siti di sini, WA 0812-3456-7890", created_at="05/03/2025"
    )
    suara.import_file("reviews", write_csv(tmp_path / "r2.csv", [REVIEW, new_review]))
    ticket = {"id": "T9", "customer_id": "C1", "subject": "Alamat saya Jl. Merdeka 5",
              "description": "tolong kirim ke Jl. Merdeka 5", "created_at": "06/03/2025",
              "channel": "email"}  # fmt: skip
    suara.import_file("tickets", write_csv(tmp_path / "t.csv", [ticket]))
    # someone else from the same export is still imported as usual
    other = dict(person, customer_id="C2", name="Budi", email="budi@example.com", phone=None)
    suara.import_file("customers", write_csv(tmp_path / "c2.csv", [other]))
    suara.analyze_feedback()

    c, items = schema.customers, schema.feedback_items
    with suara.store.engine.connect() as connection:
        people = connection.execute(select(c.c.id, c.c.name, c.c.email, c.c.phone, c.c.city)).all()
        texts = connection.execute(select(items.c.external_id, items.c.text, items.c.customer_id))
        by_item = {row[0]: row[1:] for row in texts}
        orders = connection.execute(select(schema.orders.c.customer_id)).scalars().all()
        ticket_row = connection.execute(
            select(schema.support_tickets.c.subject, schema.support_tickets.c.customer_id)
        ).one()
        messages = connection.execute(select(schema.ticket_messages.c.body)).scalars().all()
        identities = connection.execute(select(schema.customer_identities.c.external_id))
        stored_ids = set(identities.scalars())
        analysed = connection.execute(select(func.count()).select_from(schema.feedback_analyses))
    assert (customer_id, None, None, None, None) in people
    assert len(people) == 2
    assert {p.name for p in people if p.id != customer_id} == {"Budi"}
    assert by_item == {"R1": (ERASED_TEXT, customer_id), "R2": (ERASED_TEXT, customer_id)}
    assert sorted(orders) == [customer_id, customer_id]  # the new order counts, detached
    assert ticket_row == (ERASED_TEXT, customer_id)
    assert messages == []
    assert stored_ids == {"C2"}  # C1 is held only as its tombstone
    assert analysed.scalar_one() == 0
    suara.close()


def test_a_tombstone_holds_a_digest_not_the_id(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    suara.import_file("orders", write_csv(tmp_path / "o.csv", [ORDER]), source="shopee")
    customer_id = int(_one(suara.store, schema.customers.c.id))  # type: ignore[call-overload]
    suara.erase_customer(customer_id, requested_by="dpo")
    with suara.store.engine.connect() as connection:
        rows = connection.execute(select(schema.erased_identities)).all()
    assert [(r.source, r.customer_id) for r in rows] == [("shopee", customer_id)]
    assert rows[0].digest == identity_digest("shopee", "C1") != "C1"
    assert len(rows[0].digest) == 64
    # the same id from another source is another person
    suara.import_file("orders", write_csv(tmp_path / "o.csv", [ORDER]), source="tokopedia")
    with suara.store.engine.connect() as connection:
        assert (
            connection.execute(select(func.count()).select_from(schema.customers)).scalar_one() == 2
        )
    suara.close()


def test_survey_answers_of_an_erased_customer_keep_their_scores_not_their_words(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    answer = ANSWER
    path = write_csv(tmp_path / "nps.csv", [answer])
    suara.import_file("responses", path, survey="nps-2024")
    customer_id = int(_one(suara.store, schema.customers.c.id))  # type: ignore[call-overload]
    suara.erase_customer(customer_id, requested_by="dpo")
    suara.import_file("responses", path, survey="nps-2024")  # the same export, once more
    a, f = schema.answers, schema.feedback_items
    with suara.store.engine.connect() as connection:
        answers = {
            row[0]: row[1] for row in connection.execute(select(a.c.question_key, a.c.value_text))
        }
        scores = connection.execute(select(a.c.value_number).where(a.c.question_key == "nps"))
        texts = connection.execute(select(f.c.text)).scalars().all()
        people = connection.execute(select(func.count()).select_from(schema.customers))
    assert answers == {"nps": None, "alasan": None}
    assert scores.scalar_one() == 3
    assert texts == [ERASED_TEXT]
    assert people.scalar_one() == 1
    suara.close()


def test_a_response_stored_under_an_erased_customer_keeps_its_words_out(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    """The next export names nobody on the response (or someone else): its words were the
    erased customer's and stay out, and it stays theirs."""
    suara = build(settings)
    answer = ANSWER
    suara.import_file("responses", write_csv(tmp_path / "a.csv", [answer]), survey="nps-2024")
    customer_id = int(_one(suara.store, schema.customers.c.id))  # type: ignore[call-overload]
    suara.erase_customer(customer_id, requested_by="dpo")
    for n, who in enumerate(("", "C2")):
        again = write_csv(tmp_path / f"b{n}.csv", [dict(answer, customer_id=who)])
        suara.import_file("responses", again, survey="nps-2024")
    a, f, r = schema.answers, schema.feedback_items, schema.responses
    with suara.store.engine.connect() as connection:
        words = connection.execute(select(a.c.value_text).where(a.c.question_key == "alasan"))
        items = connection.execute(select(f.c.text, f.c.customer_id)).all()
        owner = connection.execute(select(r.c.customer_id)).scalar_one()
        response_id = connection.execute(select(r.c.id)).scalar_one()
        to_analyse = response_feedback(connection, response_id)
    assert words.scalar_one() is None
    assert items == [(ERASED_TEXT, customer_id)]
    assert owner == customer_id
    assert to_analyse == []  # the background analysis of a response skips the placeholder
    suara.close()


def test_a_stored_ticket_given_to_an_erased_customer_keeps_its_owner(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    budi = {"id": "T1", "customer_id": "C2", "subject": "Paket belum sampai",
            "description": "Budi di sini, 0813-1111-2222", "created_at": "04/02/2025",
            "channel": "email"}  # fmt: skip
    suara.import_file("orders", write_csv(tmp_path / "o.csv", [ORDER]))
    suara.import_file("tickets", write_csv(tmp_path / "t.csv", [budi]))
    c = schema.customers
    with suara.store.engine.connect() as connection:
        ids = {row[0]: row[1] for row in connection.execute(select(c.c.name, c.c.id))}
    suara.erase_customer(ids["Siti Rahma"], requested_by="dpo")
    suara.import_file("tickets", write_csv(tmp_path / "t2.csv", [dict(budi, customer_id="C1")]))
    t = schema.support_tickets
    with suara.store.engine.connect() as connection:
        owner = connection.execute(select(t.c.customer_id)).scalar_one()
    assert owner == ids[None]  # Budi's stub, not the erased customer
    suara.erase_customer(owner, requested_by="dpo")  # and Budi's erasure still reaches it
    with suara.store.engine.connect() as connection:
        bodies = connection.execute(select(schema.ticket_messages.c.body)).scalars().all()
        subject = connection.execute(select(t.c.subject)).scalar_one()
    assert bodies == [ERASED_TEXT]
    assert subject == ERASED_TEXT
    suara.close()


def test_rules_see_no_comment_in_an_erased_customer_s_placeholder(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    suara = build(settings)
    suara.import_file("reviews", write_csv(tmp_path / "r.csv", [REVIEW, dict(REVIEW, id="R2")]))
    customer_id = int(_one(suara.store, schema.customers.c.id))  # type: ignore[call-overload]
    other = dict(REVIEW, id="R3", customer_id="C2", text="Barang rusak")
    suara.import_file("reviews", write_csv(tmp_path / "r3.csv", [other]))
    suara.erase_customer(customer_id, requested_by="dpo")
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    with suara.store.engine.connect() as connection:
        scan = Scan(connection, start, end, lambda text: [], ZoneInfo("Asia/Jakarta"))
        events = _comments(scan, NoParams())
    assert [e.data["text"] for e in events] == ["Barang rusak"]
    suara.close()
