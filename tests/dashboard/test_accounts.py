"""Accounts on SQLite and PostgreSQL, and ``suara users`` through the CLI runner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suara.accounts import AccountConfig, AccountService
from suara.app import build
from suara.cli import app
from suara.cli_dashboard import demo_users
from suara.domain.errors import AccountRejected, SignInRejected
from suara.settings import Settings
from suara.storage import Store

runner = CliRunner()


def test_users_sessions_and_disabling(store: Store) -> None:
    accounts = AccountService(store, AccountConfig())
    password = accounts.add_user("Sari", "marketing")
    assert len(password) >= 16
    with pytest.raises(AccountRejected):
        accounts.add_user("sari", "viewer")
    with pytest.raises(AccountRejected):
        accounts.add_user("x y", "viewer")
    with pytest.raises(AccountRejected):
        accounts.add_user("budi", "owner")
    signed, token = accounts.sign_in("sari", password, address="10.0.0.1")
    assert accounts.session(token) == signed
    assert accounts.session("forged") is None
    with pytest.raises(SignInRejected):
        accounts.sign_in("sari", "not-the-password", address="10.0.0.1")
    accounts.disable("sari")
    assert accounts.session(token) is None
    with pytest.raises(SignInRejected):
        accounts.sign_in("sari", password, address="10.0.0.1")


def test_users_cli(tmp_path: Path) -> None:
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}
    added = runner.invoke(app, ["users", "add", "rina", "--role", "support"], env=env)
    assert added.exit_code == 0, added.output
    password = re.search(r"Password \(shown once\): (\S+)", added.output)
    assert password
    listed = runner.invoke(app, ["users", "list"], env=env)
    assert "rina" in listed.output
    assert "support" in listed.output
    assert password.group(1) not in listed.output
    reset = runner.invoke(app, ["users", "reset-password", "rina"], env=env)
    assert reset.exit_code == 0
    assert "Password" in reset.output
    assert runner.invoke(app, ["users", "disable", "rina"], env=env).exit_code == 0
    assert "disabled" in runner.invoke(app, ["users", "list"], env=env).output
    missing = runner.invoke(app, ["users", "disable", "nobody"], env=env)
    assert missing.exit_code == 2
    assert "no user named" in missing.output
    bad = runner.invoke(app, ["users", "add", "x", "--role", "owner"], env=env)
    assert bad.exit_code == 2


def test_demo_creates_one_user_per_role_with_generated_passwords(tmp_path: Path) -> None:
    suara = build(Settings(home=tmp_path / "home"))
    try:
        first = demo_users(suara)
        again = demo_users(suara)
        assert {role for _, role, _ in first} == {u.role for u in suara.accounts.users()}
        assert all(a[2] != b[2] for a, b in zip(first, again, strict=True))
        name, _, password = again[0]
        suara.accounts.sign_in(name, password, address="127.0.0.1")
    finally:
        suara.close()
