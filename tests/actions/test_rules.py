"""The rules engine: validation names rule, field and problem; every trigger and every
action; actions run once per event; a dry run writes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, insert, select

from suara.actions import ActionsService, Event
from suara.actions.webhooks import verify
from suara.domain.errors import RuleError
from suara.storage import Store, schema
from tests.actions.helpers import SECRET, START, Clock, customer, respond, surveys
from tests.actions.receiver import Receiver
from tests.mailbox import Mailbox, text_of

BAD_RULES = [
    ("name: x\ntrigger: {type: response_received\n", "rules.yaml", "line 3", "YAML syntax"),
    ("name: x\ntrigger: {type: rainfall}\nactions: [{type: open_case}]", "x", "trigger.type",
     "unknown trigger 'rainfall'"),
    ("name: x\ntrigger: {type: inactivity}\nactions: [{type: open_case}]", "x", "trigger.days",
     "Field required"),
    ("name: x\ntrigger: {type: response_received}\nconditions: [{field: event.mood}]\n"
     "actions: [{type: open_case}]", "x", "conditions[0].field", "unknown field 'event.mood'"),
    ("name: x\ntrigger: {type: response_received}\nconditions: [{field: event.nps, op: '=<'}]\n"
     "actions: [{type: open_case}]", "x", "conditions[0].op", "Input should be"),
    ("name: x\ntrigger: {type: birthday}\nactions: [{type: open_case}, {type: fax}]", "x",
     "actions[1].type", "unknown action 'fax'"),
    ("name: x\ntrigger: {type: birthday}\nactions: [{type: send_message, template: nope}]", "x",
     "actions[0].template", "no template 'nope' exists"),
    ("name: x\ntrigger: {type: birthday}\nactions: [{type: schedule_survey, survey: nps, "
     "after_days: -1}]", "x", "actions[0].after_days", "greater than or equal to 0"),
    ("name: x\ntrigger: {type: birthday}\nactions: []", "x", "actions", "at least 1 item"),
    ("- {name: x, trigger: {type: birthday}, actions: [{type: open_case}]}\n"
     "- {name: x, trigger: {type: birthday}, actions: [{type: open_case}]}", "x", "name",
     "defined twice"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "rule", "field", "problem"), BAD_RULES)
def test_invalid_rules_are_rejected_naming_rule_field_and_problem(
    actions: ActionsService, text: str, rule: str, field: str, problem: str
) -> None:
    surveys(actions.store, Clock())
    with pytest.raises(RuleError) as caught:
        actions.validate_rules(text, source="rules.yaml")
    assert (caught.value.rule, problem in caught.value.problem) == (rule, True), caught.value
    assert caught.value.field.startswith(field), caught.value
    assert str(caught.value).startswith(f"rule {rule!r}, field ")


def _seed_every_trigger(store: Store, clock: Clock) -> dict[str, int]:
    people = {n: customer(store, f"{n.title()} Test") for n in
              ("resp", "review", "ticket", "late", "bday", "idle")}  # fmt: skip
    respond(surveys(store, clock), people["resp"], nps=2, nps_reason="paket telat seminggu")
    day = START - timedelta(days=1)
    with store.transaction() as c:
        c.execute(
            insert(schema.feedback_items).values(
                kind="review",
                source="shopee",
                external_id="r1",
                text="barang rusak, kecewa",
                rating=1,
                rating_scale_max=5,
                customer_id=people["review"],
                created_at=day,
            )
        )
        c.execute(
            insert(schema.support_tickets).values(
                source="zendesk",
                external_id="t1",
                customer_id=people["ticket"],
                channel="chat",
                department="support",
                status="solved",
                created_at=day - timedelta(hours=5),
                solved_at=day,
            )
        )
        for who, ordered, promised, delivered in (
            ("late", day - timedelta(days=6), day - timedelta(days=2), day),
            ("idle", START - timedelta(days=60, hours=12), None, None),
        ):
            c.execute(
                insert(schema.orders).values(
                    source="own",
                    external_id=f"o-{who}",
                    customer_id=people[who],
                    channel="own_site",
                    status="delivered",
                    amount=100_000,
                    ordered_at=ordered,
                    promised_delivery_at=promised,
                    delivered_at=delivered,
                    returned=False,
                    refunded=False,
                    updated_at=day,
                )
            )
        c.execute(
            schema.customers.update()
            .where(schema.customers.c.id == people["bday"])
            .values(birthday=date(1990, 3, 1))
        )
    return people  # fmt: skip


TRIGGER_RULES = """
rules:
  - {name: resp, trigger: {type: response_received},
     conditions: [{field: event.negative_aspects, op: contains, value: delivery}],
     actions: [{type: tag_customer, tag: t-response}]}
  - {name: review, trigger: {type: comment_analysed},
     conditions: [{field: event.rating, op: "<=", value: 2}, {field: event.kind, value: review}],
     actions: [{type: tag_customer, tag: t-comment}]}
  - {name: ticket, trigger: {type: ticket_closed},
     actions: [{type: tag_customer, tag: t-ticket}]}
  - {name: late, trigger: {type: order_delivered_late},
     conditions: [{field: event.days_late, op: ">", value: 1}],
     actions: [{type: tag_customer, tag: t-late}]}
  - {name: bday, trigger: {type: birthday}, actions: [{type: tag_customer, tag: t-birthday}]}
  - {name: idle, trigger: {type: inactivity, days: 60},
     actions: [{type: tag_customer, tag: t-idle}]}
  - {name: churn, trigger: {type: churn_risk, above: 0.7},
     conditions: [{field: customer.province, op: in, value: [DKI Jakarta, Bali]}],
     actions: [{type: tag_customer, tag: t-churn}]}
"""


def _tags(store: Store) -> set[tuple[int, str]]:
    t = schema.customer_tags
    with store.engine.connect() as c:
        return {(int(a), str(b)) for a, b in c.execute(select(t.c.customer_id, t.c.tag))}


def test_every_trigger_fires_its_rule_once(actions: ActionsService, clock: Clock) -> None:
    people = _seed_every_trigger(actions.store, clock)
    clock.advance(minutes=1)
    engine = actions.engine(actions.validate_rules(TRIGGER_RULES, source="t.yaml"))
    start = START - timedelta(days=2)
    triggers = {r.trigger.name for r in engine.rules}
    outcomes = engine.run_window(start, clock.now, triggers)
    risky = Event("churn_risk", "churn:1", clock.now, people["idle"], {"risk": 0.9})
    outcomes += engine.handle(risky)
    outcomes += engine.handle(Event("churn_risk", "churn:2", clock.now, people["late"],
                                    {"risk": 0.5}))  # fmt: skip
    assert _tags(actions.store) == {
        (people["resp"], "t-response"), (people["review"], "t-comment"),
        (people["ticket"], "t-ticket"), (people["late"], "t-late"),
        (people["bday"], "t-birthday"), (people["idle"], "t-idle"), (people["idle"], "t-churn"),
    }  # fmt: skip
    assert {o.status for o in outcomes} == {"done"}
    again = engine.run_window(start, clock.now, triggers) + engine.handle(risky)
    assert {o.status for o in again} == {"already"}
    assert len(again) == 7


EVERY_ACTION = """
name: late-detractor
trigger: {type: response_received}
conditions:
  - {field: event.nps, op: "<=", value: 6}
  - {field: event.negative_aspects, op: contains, value: delivery}
  - {field: customer.tags, op: contains, value: vip}
actions:
  - {type: open_case}
  - {type: send_message, template: case_followup}
  - {type: call_webhook, url: "%s", event: case.opened}
  - {type: tag_customer, tag: detractor}
  - {type: add_to_segment, segment: recover-me}
  - {type: schedule_survey, survey: nps, after_days: 30}
  - {type: send_message, template: case_followup, channel: whatsapp}
"""


def test_every_action_runs_once_per_event(
    actions: ActionsService, clock: Clock, mailbox: Mailbox, receiver: Receiver
) -> None:
    store = actions.store
    service = surveys(store, clock)
    sari = customer(store, "Sari Wulandari", phone="+628123", consent_whatsapp=True)
    john = customer(store, "John Smith", preferred_language="en")
    with store.transaction() as c:
        c.execute(insert(schema.customer_tags).values(customer_id=sari, tag="vip",
                                                      created_at=START))  # fmt: skip
    respond(service, sari, nps=3, nps_reason="Pengiriman telat, kurirnya lama")
    respond(service, john, nps=3, nps_reason="delivery was late")
    engine = actions.engine(actions.validate_rules(EVERY_ACTION % receiver.url, source="r"))
    events = engine.scan(START - timedelta(days=1), clock.now + timedelta(minutes=1),
                         {"response_received"})  # fmt: skip
    outcomes = [o for e in events for o in engine.handle(e)]
    assert [(o.action, o.status) for o in outcomes] == [
        ("open_case", "done"), ("send_message", "done"), ("call_webhook", "done"),
        ("tag_customer", "done"), ("add_to_segment", "done"), ("schedule_survey", "done"),
        ("send_message", "done"),
    ]  # fmt: skip
    (case,) = actions.cases.queue()
    assert (case.customer_id, case.department, case.aspect) == (sari, "operations", "delivery")
    (mail,) = mailbox.messages
    assert mail["To"] == "sari@example.id"
    assert f"kasus #{case.id}" in text_of(mail)
    assert "Pengiriman" in text_of(mail)
    hook, message = receiver.received
    assert verify(SECRET, hook.headers["X-Suara-Signature"], hook.body,
                  now=clock.now.timestamp())  # fmt: skip
    assert b'"case_id": %d' % case.id in hook.body
    assert b'"to": "+628123"' in message.body
    with store.engine.connect() as c:
        assert c.execute(select(schema.jobs.c.task, schema.jobs.c.not_before)).one() == (
            "invite", START + timedelta(days=30),
        )  # fmt: skip
        assert c.execute(select(func.count()).select_from(schema.segment_members)).scalar() == 1
    assert [o.status for e in events for o in engine.handle(e)] == ["already"] * 7
    assert len(mailbox.messages) == 1
    assert len(receiver.received) == 2


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as c:
        return {t.name: int(c.execute(select(func.count()).select_from(t)).scalar_one())
                for t in schema.metadata.sorted_tables}  # fmt: skip


def test_dry_run_shows_what_would_happen_and_writes_nothing(
    actions: ActionsService, clock: Clock, mailbox: Mailbox, receiver: Receiver
) -> None:
    people = _seed_every_trigger(actions.store, clock)
    rules = actions.validate_rules(TRIGGER_RULES, source="d")
    clock.advance(minutes=1)
    before = _counts(actions.store)
    planned = actions.engine(rules).dry_run(days=3)
    assert _counts(actions.store) == before
    assert {(o.customer_id, o.detail) for o in planned} >= {
        (people["resp"], "tag_customer {'tag': 't-response'}"),
        (people["bday"], "tag_customer {'tag': 't-birthday'}"),
    }
    assert {o.status for o in planned} == {"would"}
    assert mailbox.messages == []
    assert receiver.calls == 0
