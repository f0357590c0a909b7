"""``suara surveys`` and ``suara keys`` as a user runs them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import insert
from typer.testing import CliRunner

from suara.app import build
from suara.cli import app
from suara.settings import Settings
from suara.storage import schema
from tests.mailbox import smtp_server

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en"}


def test_import_export_edit_and_reimport_makes_a_new_version(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = runner.invoke(app, ["surveys", "import", "--builtin"], env=env)
    assert result.exit_code == 0, result.output
    assert "Survey cx_pyramid created (version 1)." in result.output
    path = tmp_path / "nps.yaml"
    result = runner.invoke(app, ["surveys", "export", "nps", "-o", str(path)], env=env)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][1]["text_en"] = "Why that score?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["surveys", "validate", str(path)], env=env)
    assert "survey nps is valid (2 questions)" in result.output
    result = runner.invoke(app, ["surveys", "import", str(path)], env=env)
    assert "Survey nps: version 2 saved" in result.output
    listing = runner.invoke(app, ["surveys", "list"], env=env)
    assert "nps" in listing.output
    shown = runner.invoke(app, ["surveys", "show", "nps", "--version", "1", "--json"], env=env)
    assert "What is the main reason for your score?" in shown.output
    again = runner.invoke(app, ["surveys", "create", str(path)], env=env)
    assert again.exit_code == 2
    assert "already exists" in again.output


def test_an_invalid_file_exits_2_naming_question_and_field(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        '{"key": "x", "title_id": "X", "title_en": "X", "questions": '
        '[{"key": "q1", "type": "rating", "text_id": "a", "text_en": "b", "scale_max": 4}]}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["surveys", "validate", str(path)], env=env)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "question 'q1' (questions[0]): field 'scale_min/scale_max'" in result.output


def test_links_and_api_keys(env: dict[str, str]) -> None:
    runner.invoke(app, ["surveys", "import", "--builtin"], env=env)
    public = runner.invoke(app, ["surveys", "link", "nps"], env=env)
    assert "http://127.0.0.1:8000/s/nps" in public.output
    personal = runner.invoke(app, ["surveys", "link", "nps", "--order", "5"], env=env)
    assert personal.exit_code == 2  # no such order yet: a clear error, not a traceback
    snippet = runner.invoke(app, ["surveys", "link", "nps", "--embed"], env=env)
    assert "<iframe" in snippet.output
    created = runner.invoke(app, ["keys", "create", "shop backend"], env=env)
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("suara_")
    key_id = secret.split("_")[1]
    assert key_id in runner.invoke(app, ["keys", "list"], env=env).output
    assert "revoked" in runner.invoke(app, ["keys", "revoke", key_id], env=env).output


def test_invite_and_remind_print_what_was_sent_and_skipped(
    tmp_path: Path, env: dict[str, str]
) -> None:
    runner.invoke(app, ["surveys", "import", "--builtin"], env=env)
    suara = build(Settings(home=tmp_path / "home"))
    now = datetime.now(UTC)
    with suara.store.transaction() as connection:
        connection.execute(
            insert(schema.customers),
            [{"name": n, "email": f"{n.lower()}@example.id", "consent_email": c,
              "created_at": now, "updated_at": now} for n, c in (("Sari", True), ("Quiet", None))],
        )  # fmt: skip
    suara.close()
    no_target = runner.invoke(app, ["surveys", "invite", "nps"], env=env)
    assert no_target.exit_code == 2
    assert "--all-eligible" in no_target.output
    dry = runner.invoke(app, ["surveys", "invite", "nps", "--all-eligible", "--dry-run"], env=env)
    assert "Dry run (no email sent): would invite 1; skipped 1." in dry.output
    assert "has not consented to email: 1" in dry.output
    with smtp_server() as mailbox:
        smtp = {"SUARA_SMTP_HOST": mailbox.host, "SUARA_SMTP_PORT": str(mailbox.port),
                "SUARA_SMTP_SECURITY": "none"}  # fmt: skip
        args = ["surveys", "invite", "nps", "--customers", "1,2", "--customers", "7"]
        sent = runner.invoke(app, args, env=env | smtp)
        again = runner.invoke(app, args, env=env | smtp)
        remind = runner.invoke(app, ["surveys", "remind", "nps"], env=env | smtp)
    assert sent.exit_code == 0, sent.output
    assert "Invitations sent: 1; skipped: 2." in sent.output
    assert "  2: has not consented to email" in sent.output
    assert "  7: no customer has this id" in sent.output
    assert "  1: was invited in the last 30 days" in again.output
    assert "Reminders sent: 0; skipped: 0." in remind.output
    assert [m["To"] for m in mailbox.messages] == ["sari@example.id"]
