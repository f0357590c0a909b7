"""Cases: one customer's problem, owned by a department, worked to a close under an SLA.

A case opens automatically from a detractor, a low CSAT/CES, a negative comment on an aspect
or a churn-risk flag (once per source: ``dedupe_key``), or manually from any customer,
response or comment. Every change is an event in ``case_events``, so a case page can show
its history and the metrics can time first contact and resolution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from suara.actions.policy import (
    OPEN_STATUSES,
    TRANSITIONS,
    CasePolicy,
    CaseStatus,
    Origin,
    Priority,
    raised,
)
from suara.domain.encoding import encodable
from suara.domain.entities import Department
from suara.domain.errors import CaseTransitionRejected, UnknownCase
from suara.storage import Store, schema

Clock = Callable[[], datetime]
SCORED_METRICS = ("nps", "csat", "ces")


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    origin: str
    customer_id: int | None
    response_id: int | None
    feedback_id: int | None
    metric: str | None
    score: float | None
    aspect: str | None
    department: str
    assignee: str | None
    priority: str
    status: str
    opened_at: datetime
    first_contact_due_at: datetime
    resolution_due_at: datetime
    contacted_at: datetime | None
    closed_at: datetime | None
    escalation_level: int
    escalated_at: datetime | None
    recovery_score: float | None
    recovered: bool | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


_CASE_COLUMNS = [schema.cases.c[f.name] for f in fields(Case)]


@dataclass(frozen=True, slots=True)
class CaseEvent:
    kind: str
    actor: str | None
    body: str | None
    data: dict[str, Any] | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NewCase:
    """What opening a case needs; department and priority default from the policy."""

    origin: Origin
    customer_id: int | None = None
    response_id: int | None = None
    feedback_id: int | None = None
    metric: str | None = None
    score: float | None = None
    aspect: str | None = None
    priority: Priority | None = None
    department: Department | None = None
    dedupe_key: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Escalation:
    case_id: int
    department: str
    breach: str
    level: int


def default_priority(new: NewCase) -> Priority:
    """Angrier customers first: NPS 0-3, CSAT 1 and churn risk are high priority."""
    if new.origin is Origin.CHURN_RISK:
        return Priority.HIGH
    low = {"nps": 3.0, "csat": 1.0, "ces": 1.0}
    if new.metric in low and new.score is not None and new.score <= low[new.metric]:
        return Priority.HIGH
    return Priority.NORMAL


def response_scores(connection: Connection, response_id: int) -> dict[str, float]:
    a = schema.answers
    rows = connection.execute(
        select(a.c.question_key, a.c.value_number).where(
            a.c.response_id == response_id,
            a.c.question_key.in_(SCORED_METRICS),
            a.c.value_number.is_not(None),
        )
    )
    return {str(k): float(v) for k, v in rows}


class CaseService:
    """Open, route, work and escalate cases in one store."""

    def __init__(self, store: Store, policy: CasePolicy, *, clock: Clock) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock

    def open(self, new: NewCase, *, actor: str = "system") -> tuple[Case, bool]:
        """The case (created now, or the one already opened for ``new.dedupe_key``)."""
        with self.store.transaction() as connection:
            case_id, created = self.open_in(connection, new, actor=actor)
        return self.get(case_id), created

    def open_in(self, connection: Connection, new: NewCase, *, actor: str) -> tuple[int, bool]:
        """:meth:`open` inside the caller's transaction (an action and its record commit
        together)."""
        c = schema.cases
        if new.dedupe_key is not None:
            found = connection.execute(
                select(c.c.id).where(c.c.dedupe_key == new.dedupe_key)
            ).scalar()
            if found is not None:
                return int(found), False
        now = self.clock()
        priority = new.priority or default_priority(new)
        contact_due, resolve_due = self.policy.due_times(priority, now)
        department = new.department or self.policy.department_for(new.aspect)
        case_id = connection.execute(
            insert(c).values(
                dedupe_key=new.dedupe_key, origin=new.origin.value, customer_id=new.customer_id,
                response_id=new.response_id, feedback_id=new.feedback_id, metric=new.metric,
                score=new.score, aspect=new.aspect, department=department.value,
                priority=priority.value, status=CaseStatus.NEW.value, opened_at=now,
                first_contact_due_at=contact_due, resolution_due_at=resolve_due,
                escalation_level=0, updated_at=now,
            ).returning(c.c.id)
        ).scalar_one()  # fmt: skip
        data = {"origin": new.origin.value, "department": department.value}
        _event(connection, int(case_id), "opened", actor, new.note, data, now)
        return int(case_id), True

    def open_from_response(
        self, response_id: int, *, aspect: str | None = None, actor: str = "system"
    ) -> tuple[Case, bool] | None:
        """A case for a detractor / low CSAT / low CES response; None when scores are fine."""
        with self.store.engine.connect() as connection:
            scores = response_scores(connection, response_id)
            customer = connection.execute(
                select(schema.responses.c.customer_id).where(schema.responses.c.id == response_id)
            ).scalar()
        new = self.from_scores(scores, customer_id=customer, response_id=response_id,
                               aspect=aspect)  # fmt: skip
        return None if new is None else self.open(new, actor=actor)

    def from_scores(
        self,
        scores: dict[str, float],
        *,
        customer_id: int | None,
        response_id: int,
        aspect: str | None,
    ) -> NewCase | None:
        """The case a response's scores call for (the worst signal wins), or None."""
        p = self.policy
        checks = (
            ("nps", p.detractor_max, Origin.DETRACTOR),
            ("csat", p.low_csat_max, Origin.LOW_CSAT),
            ("ces", p.low_ces_max, Origin.LOW_CES),
        )
        for metric, threshold, origin in checks:
            score = scores.get(metric)
            if score is not None and score <= threshold:
                return NewCase(
                    origin, customer_id=customer_id, response_id=response_id, metric=metric,
                    score=score, aspect=aspect, dedupe_key=f"response:{response_id}",
                )  # fmt: skip
        return None

    def get(self, case_id: int) -> Case:
        with self.store.engine.connect() as connection:
            row = connection.execute(
                select(*_CASE_COLUMNS).where(schema.cases.c.id == case_id)
            ).first()
        if row is None:
            raise UnknownCase(f"there is no case #{case_id}; `suara cases list` shows them")
        return Case(*row)

    def queue(
        self,
        *,
        department: str | None = None,
        status: str | None = None,
        open_only: bool = False,
        limit: int = 200,
    ) -> list[Case]:
        """A department's queue: most urgent and oldest first."""
        c = schema.cases
        query = select(*_CASE_COLUMNS).order_by(c.c.resolution_due_at, c.c.id).limit(limit)
        if department:
            query = query.where(c.c.department == department)
        if status:
            query = query.where(c.c.status == status)
        if open_only:
            query = query.where(c.c.status.in_([s.value for s in OPEN_STATUSES]))
        with self.store.engine.connect() as connection:
            return [Case(*row) for row in connection.execute(query)]

    def events(self, case_id: int) -> list[CaseEvent]:
        e = schema.case_events
        with self.store.engine.connect() as connection:
            rows = connection.execute(
                select(e.c.kind, e.c.actor, e.c.body, e.c.data, e.c.created_at)
                .where(e.c.case_id == case_id)
                .order_by(e.c.id)
            )
            return [CaseEvent(*row) for row in rows]

    def assign(self, case_id: int, assignee: str, *, actor: str = "system") -> Case:
        self._change(case_id, {"assignee": assignee}, "assigned", actor, None, {"to": assignee})
        return self.get(case_id)

    def note(self, case_id: int, body: str, *, actor: str = "system") -> Case:
        self._change(case_id, {}, "note", actor, body, None)
        return self.get(case_id)

    def transition(
        self, case_id: int, status: CaseStatus, *, actor: str = "system", note: str | None = None
    ) -> Case:
        """Move along the workflow; an illegal move is a :class:`CaseTransitionRejected`."""
        case = self.get(case_id)
        current = CaseStatus(case.status)
        if status not in TRANSITIONS[current]:
            allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "none (closed)"
            msg = (
                f"case #{case_id} is {current.value} and cannot become {status.value}; "
                f"allowed next: {allowed}"
            )
            raise CaseTransitionRejected(msg)
        now = self.clock()
        values: dict[str, Any] = {"status": status.value}
        if status is CaseStatus.CONTACTED:
            values["contacted_at"] = now
        else:
            values["closed_at"] = now
        data = {"from": current.value, "to": status.value}
        self._change(case_id, values, "status", actor, note, data, expect=current)
        return self.get(case_id)

    def escalate_overdue(self) -> list[Escalation]:
        """Escalate every open case past an SLA: level 1 for first contact, 2 for resolution.

        Each level happens once (running the daily check twice changes nothing); the case's
        priority rises one step so it jumps its department's queue.
        """
        now = self.clock()
        c = schema.cases
        new, opened = CaseStatus.NEW.value, [s.value for s in OPEN_STATUSES]
        contact_late = and_(c.c.status == new, c.c.first_contact_due_at < now)
        resolve_late = and_(c.c.status.in_(opened), c.c.resolution_due_at < now)
        escalations = []
        with self.store.transaction() as connection:
            rows = connection.execute(
                select(c.c.id, c.c.department, c.c.priority, c.c.escalation_level,
                       c.c.resolution_due_at)
                .where(or_(contact_late, resolve_late), c.c.escalation_level < 2)
                .order_by(c.c.id)
            ).all()  # fmt: skip
            for row in rows:
                level, breach = (
                    (2, "resolution") if row.resolution_due_at < now else (1, "first_contact")
                )
                if level <= row.escalation_level:
                    continue
                priority = raised(Priority(row.priority))
                connection.execute(
                    update(c).where(c.c.id == row.id).values(
                        escalation_level=level, escalated_at=now, priority=priority.value,
                        updated_at=now,
                    )
                )  # fmt: skip
                data = {"breach": breach, "level": level, "priority": priority.value}
                _event(connection, int(row.id), "escalated", "sla", None, data, now)
                escalations.append(Escalation(int(row.id), str(row.department), breach, level))
        return escalations

    def update_recovery(self) -> int:
        """Record, for cases with a scored origin, the customer's next score on the same
        metric and whether it improved (the recovery outcome); returns how many changed."""
        c, r, a = schema.cases, schema.responses, schema.answers
        changed = 0
        with self.store.transaction() as connection:
            pending = connection.execute(
                select(c.c.id, c.c.customer_id, c.c.metric, c.c.score, c.c.opened_at).where(
                    c.c.recovered.is_(None), c.c.customer_id.is_not(None),
                    c.c.metric.is_not(None), c.c.score.is_not(None),
                )
            ).all()  # fmt: skip
            for case in pending:
                later = connection.execute(
                    select(a.c.value_number)
                    .join(r, r.c.id == a.c.response_id)
                    .where(
                        r.c.customer_id == case.customer_id, r.c.submitted_at > case.opened_at,
                        a.c.question_key == case.metric, a.c.value_number.is_not(None),
                    )
                    .order_by(r.c.submitted_at, r.c.id)
                    .limit(1)
                ).scalar()  # fmt: skip
                if later is None:
                    continue
                connection.execute(
                    update(c).where(c.c.id == case.id).values(
                        recovery_score=float(later), recovered=float(later) > case.score,
                    )
                )  # fmt: skip
                changed += 1
        return changed

    def _change(
        self,
        case_id: int,
        values: dict[str, Any],
        kind: str,
        actor: str,
        body: str | None,
        data: dict[str, Any] | None,
        *,
        expect: CaseStatus | None = None,
    ) -> None:
        c = schema.cases
        now = self.clock()
        where = [c.c.id == case_id]
        if expect is not None:
            where.append(c.c.status == expect.value)
        with self.store.transaction() as connection:
            done = connection.execute(update(c).where(*where).values(**values, updated_at=now))
            if done.rowcount != 1:
                if expect is not None:
                    msg = f"case #{case_id} changed while it was being updated; try again"
                    raise CaseTransitionRejected(msg)
                raise UnknownCase(f"there is no case #{case_id}; `suara cases list` shows them")
            _event(connection, case_id, kind, actor, body, data, now)


def _event(
    connection: Connection,
    case_id: int,
    kind: str,
    actor: str | None,
    body: str | None,
    data: dict[str, Any] | None,
    now: datetime,
) -> None:
    connection.execute(
        insert(schema.case_events).values(
            case_id=case_id,
            kind=kind,
            actor=actor,
            body=None if body is None else encodable(body),
            data=data,
            created_at=now,
        )
    )
