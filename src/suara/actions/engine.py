"""The rules engine: match events against rules and run their actions at most once each.

The idempotency key of an action is ``rule:index:action:event`` — the same event seen again
(a retried job, a re-scan of the day) finds its key in ``action_runs`` and is skipped. A dry
run reads the store only: it finds the events of the last N days, evaluates the rules and
says what each action would do and whether it already happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from suara.actions.aspects import Tagger
from suara.actions.effects import ActionContext, ActionPending
from suara.actions.rules import CompiledRule, holds
from suara.actions.triggers import Event, Scan
from suara.storage import Store, schema

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    rule: str
    action: str
    event: str
    customer_id: int | None
    detail: str
    status: str  # done | already | pending | would
    not_before: datetime | None = None


def action_key(rule: str, index: int, action: str, event: str) -> str:
    return f"{rule}:{index}:{action}:{event}"


class RuleEngine:
    def __init__(
        self,
        store: Store,
        rules: list[CompiledRule],
        context: ActionContext,
        *,
        tagger: Tagger,
        tz: ZoneInfo,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.rules = [r for r in rules if r.rule.enabled]
        self.context = context
        self.tagger = tagger
        self.tz = tz
        self.clock = clock

    def handle(self, event: Event) -> list[Outcome]:
        """Run every matching rule's actions for ``event`` (each at most once)."""
        outcomes: list[Outcome] = []
        with self.store.engine.connect() as connection:
            matching = self._matching(connection, event)
            done = _done_keys(connection, [event.key])
            case = _case_for_event(connection, event.key)
        ctx = replace(
            self.context, connection=None, case_ids={} if case is None else {event.key: case}
        )
        for rule in matching:
            for index, (spec, params) in enumerate(rule.actions):
                key = action_key(rule.name, index, spec.name, event.key)
                base = Outcome(rule.name, spec.name, event.key, event.customer_id, "", "done")
                if key in done:
                    outcomes.append(replace(base, detail="already done", status="already"))
                    continue
                try:
                    detail = self._run(ctx, spec.external, spec.run, event, params, key)
                except ActionPending as pending:
                    outcomes.append(replace(base, detail=pending.detail, status="pending",
                                            not_before=pending.not_before))  # fmt: skip
                    continue
                status = "already" if detail is None else "done"
                outcomes.append(replace(base, detail=detail or "already done", status=status))
        return outcomes

    def _run(
        self,
        ctx: ActionContext,
        external: bool,
        run: Callable[[ActionContext, Event, Any, str], str],
        event: Event,
        params: Any,
        key: str,
    ) -> str | None:
        rule, _, rest = key.partition(":")
        action = rest.split(":")[1]
        record = {"idempotency_key": key, "rule": rule, "action": action,
                  "event_key": event.key, "created_at": self.clock()}  # fmt: skip
        runs = schema.action_runs
        if external:
            detail = run(ctx, event, params, key)
            try:
                with self.store.transaction() as connection:
                    connection.execute(insert(runs).values(record | {"detail": detail}))
            except IntegrityError:
                return None
            return detail
        try:
            with self.store.transaction() as connection:
                connection.execute(insert(runs).values(record))
                ctx.connection = connection
                detail = run(ctx, event, params, key)
                connection.execute(
                    update(runs).where(runs.c.idempotency_key == key).values(detail=detail)
                )
        except IntegrityError:
            return None
        finally:
            ctx.connection = None
        return detail

    def scan(self, start: datetime, end: datetime, triggers: Iterable[str]) -> list[Event]:
        """Events of ``triggers`` that happened in [start, end), oldest first (read-only)."""
        wanted = {r.trigger.name: r for r in self.rules if r.trigger.name in set(triggers)}
        events: list[Event] = []
        with self.store.engine.connect() as connection:
            scan = Scan(connection, start, end, self.tagger, self.tz)
            for rule in self.rules:
                if rule.trigger.name in wanted and rule.trigger.scan is not None:
                    events += rule.trigger.scan(scan, rule.trigger_params)
        unique = {e.key: e for e in events}
        return sorted(unique.values(), key=lambda e: (e.occurred_at, e.key))

    def run_window(self, start: datetime, end: datetime, triggers: Iterable[str]) -> list[Outcome]:
        """Handle every event in the window (the daily birthday and inactivity runs)."""
        return [o for event in self.scan(start, end, triggers) for o in self.handle(event)]

    def dry_run(self, days: int) -> list[Outcome]:
        """What the rules would have done over the last ``days`` days; writes nothing."""
        end = self.clock()
        events = self.scan(end - timedelta(days=days), end, {r.trigger.name for r in self.rules})
        outcomes: list[Outcome] = []
        with self.store.engine.connect() as connection:
            done = _done_keys(connection, [e.key for e in events])
            for event in events:
                for rule in self._matching(connection, event):
                    for index, (spec, params) in enumerate(rule.actions):
                        key = action_key(rule.name, index, spec.name, event.key)
                        shown = params.model_dump(exclude_none=True)
                        outcomes.append(Outcome(
                            rule.name, spec.name, event.key, event.customer_id,
                            f"{spec.name} {shown}" if shown else spec.name,
                            "already" if key in done else "would",
                        ))  # fmt: skip
        return outcomes

    def _matching(self, connection: Connection, event: Event) -> list[CompiledRule]:
        values: dict[str, Any] = {f"event.{k}": v for k, v in event.data.items()}
        values |= _customer_values(connection, event.customer_id, self.clock().date())
        return [
            rule
            for rule in self.rules
            if rule.trigger.name == event.trigger
            and rule.trigger.accepts(event, rule.trigger_params)
            and all(holds(c, values) for c in rule.rule.conditions)
        ]


def _done_keys(connection: Connection, events: list[str]) -> set[str]:
    runs = schema.action_runs
    keys: set[str] = set()
    for start in range(0, len(events), 500):
        chunk = events[start : start + 500]
        rows = connection.execute(select(runs.c.idempotency_key).where(runs.c.event_key.in_(chunk)))
        keys |= {str(r[0]) for r in rows}
    return keys


def _case_for_event(connection: Connection, event_key: str) -> int | None:
    c = schema.cases
    found = connection.execute(select(c.c.id).where(c.c.dedupe_key == event_key)).scalar()
    return None if found is None else int(found)


def _customer_values(
    connection: Connection, customer_id: int | None, today: date
) -> dict[str, Any]:
    if customer_id is None:
        return {}
    c, t = schema.customers, schema.customer_tags
    s, m = schema.segments, schema.segment_members
    row = connection.execute(select(c).where(c.c.id == customer_id)).first()
    if row is None:
        return {}
    tags = [
        str(r[0]) for r in connection.execute(select(t.c.tag).where(t.c.customer_id == customer_id))
    ]
    segments = [str(r[0]) for r in connection.execute(
        select(s.c.name).join(m, m.c.segment_id == s.c.id).where(m.c.customer_id == customer_id)
    )]  # fmt: skip
    age = None if row.birthday is None else (today - row.birthday).days // 365
    return {"customer.province": row.province, "customer.city": row.city,
            "customer.gender": row.gender, "customer.language": row.preferred_language,
            "customer.channel": row.preferred_channel, "customer.tags": tags,
            "customer.segments": segments, "customer.age": age}  # fmt: skip
