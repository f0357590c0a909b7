"""Fixtures for closing the loop: a real SMTP server, a real webhook receiver, the service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from suara.actions import ActionsConfig, ActionsService
from suara.actions.contact import QuietHours
from suara.actions.messenger import MessagingConfig
from suara.actions.webhooks import WebhookConfig
from suara.settings import Settings
from suara.storage import Store, open_store
from suara.surveys.mail import SmtpConfig
from tests.actions.helpers import SECRET, Clock
from tests.actions.receiver import Receiver, webhook_receiver
from tests.mailbox import Mailbox, smtp_server


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def lite_store(tmp_path: Path) -> Iterator[Store]:
    """An SQLite store, for tests whose logic does not depend on the backend."""
    store = open_store(Settings(home=tmp_path / "home"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as server:
        yield server


def actions_config(mailbox: Mailbox, receiver: Receiver, **options: object) -> ActionsConfig:
    smtp = SmtpConfig("127.0.0.1", mailbox.port, "none", sender="Suara <halo@toko.example>")
    messaging = MessagingConfig(smtp, quiet_hours=QuietHours(), gateway_url=receiver.url)
    return ActionsConfig(messaging, WebhookConfig(SECRET, attempts=5, backoff=0.001), **options)  # type: ignore[arg-type]


@pytest.fixture
def actions(
    lite_store: Store, clock: Clock, mailbox: Mailbox, receiver: Receiver
) -> ActionsService:
    return ActionsService(lite_store, actions_config(mailbox, receiver), clock=clock)
