"""Actions a rule can take, registered like plugins: open a case, send a message, call a
webhook, tag a customer, add them to a segment, schedule a survey.

An action that only writes to the store runs in the same transaction as the record of its
run (``action_runs``), so it happens exactly once; one that reaches outside (email, webhook)
is idempotent by its own key (the outbox in :mod:`.messenger` and :mod:`.webhooks`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, insert, select

from suara.actions.cases import CaseService, NewCase
from suara.actions.messenger import Messenger
from suara.actions.policy import Origin, Priority
from suara.actions.registry import Registry
from suara.actions.triggers import Event
from suara.actions.webhooks import Webhooks
from suara.domain.entities import Department
from suara.storage import schema

ORIGINS = {"response_received": Origin.DETRACTOR, "comment_analysed": Origin.NEGATIVE_FEEDBACK,
           "churn_risk": Origin.CHURN_RISK}  # fmt: skip


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenCase(Params):
    priority: Priority | None = None
    department: Department | None = None
    aspect: str | None = None


class SendMessage(Params):
    template: str
    channel: Literal["email", "whatsapp", "sms"] = "email"


class CallWebhook(Params):
    url: str = Field(pattern=r"^https?://")
    event: str = "suara.rule"


class TagCustomer(Params):
    tag: str = Field(min_length=1, max_length=128)


class AddToSegment(Params):
    segment: str = Field(min_length=1, max_length=128)


class ScheduleSurvey(Params):
    survey: str
    after_days: int = Field(default=0, ge=0)


@dataclass(frozen=True, slots=True)
class References:
    """What rules may name: template keys and survey keys that exist."""

    templates: set[str] = field(default_factory=set)
    surveys: set[str] = field(default_factory=set)


@dataclass(slots=True)
class ActionContext:
    cases: CaseService
    messenger: Messenger
    webhooks: Webhooks
    clock: Callable[[], datetime]
    connection: Connection | None = None
    case_ids: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str
    params: type[Params]
    run: Callable[[ActionContext, Event, Any, str], str]
    external: bool = False
    check: Callable[[Any, References], tuple[str, str] | None] = lambda p, refs: None


ACTIONS: Registry[ActionSpec] = Registry("action")


class ActionPending(Exception):
    """An outside action did not finish (quiet hours, a failing endpoint): run it again
    later; ``not_before`` says when it may go."""

    def __init__(self, detail: str, not_before: datetime | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.not_before = not_before


def _case_for(event: Event, params: OpenCase) -> NewCase:
    data = event.data
    metric = next((m for m in ("nps", "csat", "ces") if m in data), None)
    aspect = params.aspect or next(iter(data.get("negative_aspects") or data.get("aspects") or
                                        []), None)  # fmt: skip
    origin = ORIGINS.get(event.trigger, Origin.MANUAL)
    if metric == "csat" and origin is Origin.DETRACTOR and "nps" not in data:
        origin = Origin.LOW_CSAT
    return NewCase(origin, customer_id=event.customer_id, response_id=data.get("response_id"),
                   feedback_id=data.get("feedback_id"), metric=metric,
                   score=data.get(metric) if metric else None, aspect=aspect,
                   priority=params.priority, department=params.department,
                   dedupe_key=event.key)  # fmt: skip


def _open_case(ctx: ActionContext, event: Event, params: OpenCase, key: str) -> str:
    assert ctx.connection is not None
    case_id, created = ctx.cases.open_in(ctx.connection, _case_for(event, params), actor="rule")
    ctx.case_ids[event.key] = case_id
    return f"case #{case_id} {'opened' if created else 'already open'}"


def _send(ctx: ActionContext, event: Event, params: SendMessage, key: str) -> str:
    if event.customer_id is None:
        return "skipped: no customer"
    case_id = ctx.case_ids.get(event.key)
    values = {"aspect": _case_for(event, OpenCase()).aspect}
    result = ctx.messenger.send(event.customer_id, params.template, key=key,
                                channel=params.channel, case_id=case_id,
                                values=values)  # fmt: skip
    detail = f"message {result.status}" + (f" ({result.reason})" if result.reason else "")
    if result.status not in ("sent", "skipped"):
        raise ActionPending(detail, result.not_before)
    return detail


def _webhook(ctx: ActionContext, event: Event, params: CallWebhook, key: str) -> str:
    payload = {"trigger": event.trigger, "key": event.key, "customer_id": event.customer_id,
               "occurred_at": event.occurred_at.isoformat(), "case_id": ctx.case_ids.get(event.key),
               "data": event.data}  # fmt: skip
    delivery = ctx.webhooks.deliver(params.url, params.event, payload, key=key)
    detail = f"webhook {delivery.status} after {delivery.attempts} attempt(s)"
    if delivery.status != "delivered":
        raise ActionPending(detail)
    return detail


def _tag(ctx: ActionContext, event: Event, params: TagCustomer, key: str) -> str:
    assert ctx.connection is not None
    if event.customer_id is None:
        return "skipped: no customer"
    t = schema.customer_tags
    exists = ctx.connection.execute(
        select(t.c.id).where(t.c.customer_id == event.customer_id, t.c.tag == params.tag)
    ).first()
    if exists is None:
        ctx.connection.execute(insert(t).values(customer_id=event.customer_id, tag=params.tag,
                                                created_at=ctx.clock()))  # fmt: skip
    return f"tagged {params.tag}"


def _segment(ctx: ActionContext, event: Event, params: AddToSegment, key: str) -> str:
    assert ctx.connection is not None
    if event.customer_id is None:
        return "skipped: no customer"
    s, m, now = schema.segments, schema.segment_members, ctx.clock()
    segment_id = ctx.connection.execute(select(s.c.id).where(s.c.name == params.segment)).scalar()
    if segment_id is None:
        segment_id = ctx.connection.execute(
            insert(s).values(name=params.segment, created_at=now).returning(s.c.id)
        ).scalar_one()
    member = ctx.connection.execute(
        select(m.c.id).where(m.c.segment_id == segment_id, m.c.customer_id == event.customer_id)
    ).first()
    if member is None:
        values = {"segment_id": segment_id, "customer_id": event.customer_id, "added_at": now}
        ctx.connection.execute(insert(m).values(values))
    return f"in segment {params.segment}"


def _schedule(ctx: ActionContext, event: Event, params: ScheduleSurvey, key: str) -> str:
    assert ctx.connection is not None
    if event.customer_id is None:
        return "skipped: no customer"
    now = ctx.clock()
    due = now + timedelta(days=params.after_days)
    ctx.connection.execute(
        insert(schema.jobs).values(key=key, task="invite", status="queued", attempts=0,
                                   args={"survey": params.survey,
                                         "customer_id": event.customer_id},
                                   not_before=due, created_at=now)
    )  # fmt: skip
    return f"survey {params.survey} scheduled for {due:%Y-%m-%d}"


def _known(name: str, value: str, known: set[str]) -> tuple[str, str] | None:
    if value in known:
        return None
    return name, f"no {name} {value!r} exists (known: {', '.join(sorted(known)) or 'none'})"


for _spec in (
    ActionSpec("open_case", OpenCase, _open_case),
    ActionSpec("send_message", SendMessage, _send, external=True,
               check=lambda p, refs: _known("template", p.template, refs.templates)),
    ActionSpec("call_webhook", CallWebhook, _webhook, external=True),
    ActionSpec("tag_customer", TagCustomer, _tag),
    ActionSpec("add_to_segment", AddToSegment, _segment),
    ActionSpec("schedule_survey", ScheduleSurvey, _schedule,
               check=lambda p, refs: _known("survey", p.survey, refs.surveys)),
):  # fmt: skip
    ACTIONS.register(_spec)
