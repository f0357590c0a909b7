"""Acceptance: invitations go to a real SMTP server (aiosmtpd); the link in the received
message opens the survey, the answers are stored for that customer, and the one reminder
goes only to whoever has not answered. The opt-out link works from the email too."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from suara.app import Suara, build
from suara.i18n import translate
from suara.settings import Settings
from suara.storage import Store, schema
from suara.web import create_app
from tests.mailbox import Mailbox, html_of, smtp_server, survey_link


def _customer(suara: Suara, name: str, language: str) -> int:
    now = suara.surveys.clock()
    email = f"{name.split()[0].lower()}@example.id"
    with suara.store.transaction() as connection:
        return int(
            connection.execute(
                insert(schema.customers).returning(schema.customers.c.id),
                {"name": name, "preferred_language": language, "consent_email": True,
                 "email": email, "created_at": now, "updated_at": now},
            ).scalar_one()
        )  # fmt: skip


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailing(settings: Settings, store: Store, mailbox: Mailbox) -> Iterator[Suara]:
    smtp = {"smtp_host": mailbox.host, "smtp_port": mailbox.port, "smtp_security": "none"}
    app = build(settings.model_copy(update=smtp | {"public_url": "http://testserver"}))
    app.surveys.install_builtins()
    try:
        yield app
    finally:
        app.close()


def _path(url: str) -> str:
    return urlsplit(url).path


def test_an_emailed_link_leads_to_a_stored_response_and_only_the_others_get_a_reminder(
    mailing: Suara, mailbox: Mailbox
) -> None:
    sari = _customer(mailing, "Sari Wulandari", "id")
    budi = _customer(mailing, "Budi Santoso", "id")
    report = mailing.surveys.send_invitations("nps", customer_ids=[sari, budi])
    assert report.sent == [sari, budi]
    assert len(mailbox.messages) == 2
    first = mailbox.messages[0]
    link = survey_link(first)
    assert f'href="{link}"' in html_of(first)
    with TestClient(create_app(mailing), follow_redirects=False) as client:
        page = client.get(_path(link))
        assert page.status_code == 200
        assert "Halo Sari" in page.text
        assert client.post(_path(link), data={"nps": "9", "nav": "next"}).status_code == 200
        done = client.post(_path(link), data={"nps_reason": "Cepat sampai", "nav": "next"})
        assert done.status_code == 303
        assert "Terima kasih" in client.get(done.headers["location"]).text
        used = client.get(_path(link))
        assert (used.status_code, translate("page.used.title", "id") in used.text) == (409, True)
    with mailing.store.engine.connect() as connection:
        response = connection.execute(select(schema.responses)).one()
        answers = dict(
            connection.execute(
                select(schema.answers.c.question_key, schema.answers.c.value_number)
            ).all()
        )
    assert (response.customer_id, response.channel, response.language) == (sari, "email", "id")
    assert answers == {"nps": 9.0, "nps_reason": None}
    mailbox.clear()
    assert mailing.surveys.send_invitations("nps", customer_ids=[sari, budi]).sent == []
    later = mailing.surveys.clock() + timedelta(days=mailing.settings.survey_reminder_days)
    mailing.surveys.clock = lambda: later
    assert mailing.surveys.send_reminders("nps").sent == [budi]
    assert mailing.surveys.send_reminders("nps").sent == []
    [reminder] = mailbox.messages
    assert reminder["To"] == "budi@example.id"
    assert reminder["Subject"].startswith("Pengingat: ")


def test_the_opt_out_link_asks_then_withdraws_consent_in_the_customer_s_language(
    mailing: Suara, mailbox: Mailbox
) -> None:
    john = _customer(mailing, "John Smith", "en")
    mailing.surveys.send_invitations("nps", customer_ids=[john])
    optout = _path(mailbox.messages[0]["List-Unsubscribe"].strip("<>"))
    with TestClient(create_app(mailing), follow_redirects=False) as client:
        ask = client.get(optout)
        assert ask.status_code == 200
        assert "Stop survey emails?" in ask.text
        assert "Berhenti menerima survei lewat email?" in ask.text  # and in the other language
        assert f'<form method="post" action="{optout}">' in ask.text
        done = client.post(optout, data={"List-Unsubscribe": "One-Click"})
        assert "You will get no more survey emails" in done.text
        again = client.get(optout + "?lang=id").text
        assert "<h1>Anda tidak akan menerima email survei lagi</h1>" in again
        assert client.get(optout[:-3] + "xyz").status_code == 404
    with mailing.store.engine.connect() as connection:
        consent = connection.execute(
            select(schema.customers.c.consent_email, schema.customers.c.consent_email_at)
        ).one()
    assert consent.consent_email is False
    assert consent.consent_email_at is not None
