"""Acceptance, on the demo store: a late-delivery detractor opens a case for operations, the
customer gets an email in their language from a real SMTP server, a webhook receiver gets a
correctly signed payload, the SLA job escalates the overdue case, and closing it moves the
close-the-loop metrics. Then the same through the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select, update
from typer.testing import CliRunner

from suara.actions import ActionsService, CaseStatus
from suara.actions.loop_metrics import by_aspect, by_department
from suara.actions.webhooks import verify
from suara.actions.work import handlers, poll
from suara.app import build
from suara.cli import app
from suara.demo import DemoConfig
from suara.settings import Settings
from suara.storage import schema
from tests.actions.conftest import actions_config
from tests.actions.helpers import SECRET, Clock, respond, surveys
from tests.actions.receiver import Receiver
from tests.mailbox import Mailbox, text_of

RULES = """
rules:
  - name: late-delivery-detractor
    trigger: {type: response_received}
    conditions:
      - {field: event.nps, op: "<=", value: 6}
      - {field: event.negative_aspects, op: contains, value: delivery}
    actions:
      - {type: open_case}
      - {type: send_message, template: case_followup}
      - {type: call_webhook, url: "%s", event: case.opened}
"""


def test_close_the_loop_on_the_demo_store(
    tmp_path: Path, mailbox: Mailbox, receiver: Receiver
) -> None:
    suara = build(Settings(home=tmp_path / "home"))
    suara.build_demo(DemoConfig(customers=60, months=3, seed=7, end=date(2026, 3, 1)))
    store = suara.store
    c = schema.customers
    with store.transaction() as connection:
        english = connection.execute(select(c.c.id).order_by(c.c.id).limit(1)).scalar_one()
        connection.execute(update(c).where(c.c.id == english).values(
            preferred_language="en", consent_email=True, email="dewi@example.id",
            province="Bali", erased_at=None))  # fmt: skip
    clock = Clock()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "loop.yaml").write_text(RULES % receiver.url)
    config = actions_config(mailbox, receiver, rule_paths=(tmp_path / "rules",))
    actions = ActionsService(store, config, clock=clock)
    respond(surveys(store, clock), english, nps=2,
            nps_reason="The delivery was a week late, call me on 0812-3456-7890")  # fmt: skip
    clock.advance(minutes=5)
    poll(actions)
    (case,) = [k for k in actions.cases.queue() if k.customer_id == english]
    assert (case.department, case.aspect, case.origin) == ("operations", "delivery", "detractor")
    (mail,) = mailbox.to("dewi@example.id")
    assert mail["Subject"].startswith("We're sorry about your experience")
    assert f"case #{case.id}" in text_of(mail)
    (hook,) = receiver.received
    assert verify(SECRET, hook.headers["X-Suara-Signature"], hook.body,
                  now=clock.now.timestamp())  # fmt: skip
    assert hook.headers["X-Suara-Event"] == "case.opened"
    sent = json.loads(hook.body)["data"]["data"]["comment"]  # another system: no phone number
    assert sent == "The delivery was a week late, call me on [PHONE]"
    poll(actions)
    assert len(mailbox.messages) == 1

    jobs = handlers(actions, departments={}, language="en")
    clock.advance(hours=25)
    jobs["sla_check"]({})
    escalated = actions.cases.get(case.id)
    assert (escalated.escalation_level, escalated.priority) == (1, "urgent")

    before = by_department(actions.cases.queue(limit=1000))
    assert [(m.group, m.closed_loop, m.close_the_loop_rate) for m in before] == [
        ("operations", 0, 0.0)
    ]
    actions.cases.transition(case.id, CaseStatus.CONTACTED)
    clock.advance(hours=2)
    actions.cases.transition(case.id, CaseStatus.RESOLVED)
    clock.advance(days=14)
    respond(surveys(store, clock), english, nps=8)
    jobs["sla_check"]({})
    (after,) = by_department(actions.cases.queue(limit=1000, status="resolved"))
    figures = (after.closed_loop, after.close_the_loop_rate, after.hours_to_first_contact,
               after.hours_to_resolution, after.recovery_rate)  # fmt: skip
    assert figures == (1, 1.0, 25.0, 27.0, 1.0)
    assert [m.group for m in by_aspect(actions.cases.queue(limit=1000, status="resolved"))] == [
        "delivery"
    ]
    suara.close()


def test_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"SUARA_HOME": str(tmp_path / "home"), "SUARA_LANGUAGE": "en",
           "SUARA_RULES_DIR": str(tmp_path / "rules")}  # fmt: skip
    (tmp_path / "rules").mkdir()
    good = tmp_path / "rules" / "ok.yaml"
    good.write_text("name: vip\ntrigger: {type: birthday}\nactions: [{type: tag_customer, "
                    "tag: birthday}]\n")  # fmt: skip
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: broken\ntrigger: {type: birthday}\nactions: [{type: fax}]\n")
    opened = runner.invoke(app, ["cases", "open", "--aspect", "price_value", "--note", "hi"],
                           env=env)  # fmt: skip
    assert opened.exit_code == 0, opened.output
    assert "Case #1 opened for marketing" in opened.output
    assert runner.invoke(app, ["cases", "assign", "1", "ani"], env=env).exit_code == 0
    refused = runner.invoke(app, ["cases", "resolve", "1"], env=env)
    assert refused.exit_code == 2
    assert "cannot become resolved" in refused.output
    for status in ("contacted", "resolved"):
        moved = runner.invoke(app, ["cases", "resolve", "1", "--status", status], env=env)
        assert moved.exit_code == 0, moved.output
    shown = runner.invoke(app, ["cases", "show", "1"], env=env)
    assert "status: resolved" in shown.output
    assert "assigned (cli)" in shown.output
    listed = runner.invoke(app, ["cases", "list", "--all"], env=env)
    assert "marketing" in listed.output
    assert "vip" in runner.invoke(app, ["rules", "list"], env=env).output
    invalid = runner.invoke(app, ["rules", "validate", str(bad)], env=env)
    assert invalid.exit_code == 2
    assert "rule 'broken', field 'actions[0].type': unknown action 'fax'" in invalid.output
    dry = runner.invoke(app, ["rules", "dry-run", "--days", "3"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "nothing was run" in dry.output
    assert runner.invoke(app, ["worker", "--once"], env=env).exit_code == 0
