"""A web app on a real store (SQLite and PostgreSQL) with the built-in surveys installed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from suara.app import Suara, build
from suara.settings import Settings
from suara.storage import Store
from suara.web import create_app


@pytest.fixture
def suara(settings: Settings, store: Store) -> Iterator[Suara]:
    app = build(settings)
    app.surveys.install_builtins()
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def client(suara: Suara) -> Iterator[TestClient]:
    with TestClient(create_app(suara), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def api_key(suara: Suara) -> dict[str, str]:
    _, secret = suara.surveys.create_api_key("tests")
    return {"X-API-Key": secret}
