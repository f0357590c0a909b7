"""A demo store (~300 customers, built once per module) served by the app, users per role,
and a helper that signs a TestClient in through the real form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from suara.accounts import Role
from suara.app import Suara, build
from suara.demo import DemoConfig
from suara.settings import Settings
from suara.web import create_app

PASSWORD = "correct-horse-battery"
DEMO = DemoConfig(customers=300, months=12, seed=20261122, end=date(2026, 11, 1))


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Sign in through the form (its CSRF token and cookie); the status of the POST."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    )
    return response.status_code


def csrf_of(client: TestClient, path: str = "/dashboard") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match
    return match.group(1)


@pytest.fixture(scope="module")
def demo_suara(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suara]:
    home = tmp_path_factory.mktemp("dashboard") / "home"
    suara = build(Settings(home=Path(home)))
    suara.build_demo(DEMO)
    suara.analyze_feedback()
    suara.surveys.install_builtins_if_empty()
    for role in Role:
        suara.accounts.add_user(role.value.replace("_", "-"), role.value, password=PASSWORD)
    try:
        yield suara
    finally:
        suara.close()


@pytest.fixture
def web(demo_suara: Suara) -> Iterator[TestClient]:
    with TestClient(create_app(demo_suara), follow_redirects=False) as client:
        yield client
