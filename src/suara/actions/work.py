"""What background jobs do: handle an event, poll for new events, the daily SLA check and
birthday/inactivity run, the weekly KPI email to each department, scheduled surveys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from suara.actions.engine import Outcome
from suara.actions.jobs import Handler
from suara.actions.loop_metrics import LoopMetrics, by_department
from suara.actions.service import ActionsService
from suara.actions.triggers import Event
from suara.i18n import translate
from suara.surveys.mail import build_message, smtp_session

POLLED = ("response_received", "comment_analysed", "ticket_closed", "order_delivered_late")
DAILY = ("birthday", "inactivity")
WATERMARK = "actions.polled_until"
Invite = Callable[[str, int], None]


def event_args(event: Event) -> dict[str, Any]:
    return {"trigger": event.trigger, "key": event.key, "customer_id": event.customer_id,
            "occurred_at": event.occurred_at.isoformat(), "data": event.data}  # fmt: skip


def event_from(args: Mapping[str, Any]) -> Event:
    return Event(args["trigger"], args["key"], datetime.fromisoformat(args["occurred_at"]),
                 args.get("customer_id"), dict(args.get("data") or {}))  # fmt: skip


def again_at(outcomes: list[Outcome], now: datetime) -> datetime | None:
    """When to retry the actions left pending (a deferred message, a failing webhook)."""
    pending = [
        o.not_before or now + timedelta(minutes=10) for o in outcomes if o.status == "pending"
    ]
    return min(pending) if pending else None


def poll(service: ActionsService) -> list[Outcome]:
    """Handle every event since the last poll (first poll: the last day)."""
    now = service.clock()
    meta = service.store.meta()
    start = (
        datetime.fromisoformat(meta[WATERMARK]) if WATERMARK in meta else now - timedelta(days=1)
    )
    outcomes = service.engine().run_window(start, now, POLLED)
    with service.store.transaction() as connection:
        service.store.set_meta(connection, {WATERMARK: now.isoformat()})
    return outcomes


def kpi_emails(service: ActionsService, addresses: Mapping[str, str], *, language: str) -> int:
    """The week's close-the-loop figures to each department that has an address."""
    if not addresses:
        return 0
    since = service.clock() - timedelta(days=7)
    recent = [c for c in service.cases.queue(limit=100_000) if c.opened_at >= since]
    rows = {m.group: m for m in by_department(recent)}
    messages = []
    for department, address in sorted(addresses.items()):
        m = rows.get(department) or LoopMetrics(department, 0, 0, 0, None, None, None, 0, 0, None)
        subject = translate("loop.kpi_subject", language, department=department)
        body = translate(
            "loop.kpi_body", language, cases=m.cases, open=m.open, rate=_pct(m.close_the_loop_rate),
            contact=_num(m.hours_to_first_contact), resolution=_num(m.hours_to_resolution),
            recovery=_pct(m.recovery_rate),
        )  # fmt: skip
        smtp = service.config.messaging.smtp
        messages.append(build_message(smtp.sender, address, subject, body, f"<p>{body}</p>"))
    with smtp_session(service.config.messaging.smtp) as session:
        for message in messages:
            session.send(message)
        return session.sent


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def handlers(
    service: ActionsService,
    *,
    departments: Mapping[str, str],
    language: str,
    invite: Invite | None = None,
) -> dict[str, Handler]:
    def handle_event(args: dict[str, Any]) -> datetime | None:
        return again_at(service.handle(event_from(args)), service.clock())

    def poll_job(_: dict[str, Any]) -> datetime | None:
        return again_at(poll(service), service.clock())

    def sla_check(_: dict[str, Any]) -> None:
        service.cases.escalate_overdue()
        service.cases.update_recovery()

    def daily(_: dict[str, Any]) -> datetime | None:
        now = service.clock()
        return again_at(service.engine().run_window(now - timedelta(days=1), now, DAILY), now)

    def weekly(_: dict[str, Any]) -> None:
        kpi_emails(service, departments, language=language)

    def invite_job(args: dict[str, Any]) -> None:
        if invite is not None:
            invite(str(args["survey"]), int(args["customer_id"]))

    return {"event": handle_event, "poll": poll_job, "sla_check": sla_check,
            "daily_triggers": daily, "kpi_email": weekly, "invite": invite_job}  # fmt: skip


__all__ = ["POLLED", "event_args", "handlers", "kpi_emails", "poll"]
