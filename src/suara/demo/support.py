"""Support tickets and their conversations.

Late and damaged orders raise tickets far more often than good ones; how fast the first reply
comes (weekends are slower) is drawn here, because the order simulation needs it to decide
whether the customer comes back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from suara.demo import texts_support as texts
from suara.demo.config import SOURCE, Timeline
from suara.demo.effects import (
    SLOW_FIRST_REPLY_HOURS,
    SLOW_REPLY_SHARE,
    TICKET_RATE_BASE,
    TICKET_RATE_DAMAGED,
    TICKET_RATE_LATE,
    WEEKEND_SLOW_REPLY_SHARE,
)
from suara.demo.people import Person

if TYPE_CHECKING:
    from suara.demo.orders import OrderFacts

OTHER_REASONS: dict[str, float] = {
    "return": 3,
    "payment": 2,
    "app": 1.5,
    "product": 2,
    "voucher": 1.5,
}
PRESALES_REASONS: dict[str, float] = {"product": 5, "voucher": 2, "payment": 1, "app": 1.5}
DEPARTMENTS = {
    "late": "operations",
    "damaged": "operations",
    "return": "support",
    "payment": "support",
    "app": "support",
    "product": "sales",
    "voucher": "marketing",
}
AGENTS: dict[str, tuple[str, ...]] = {
    "support": ("Rina Amelia", "Dimas Prakoso", "Sari Wulandari", "Yoga Firmansyah"),
    "operations": ("Hendra Gunawan", "Lia Kusuma", "Bima Saputra"),
    "sales": ("Nadia Putri", "Arief Rahman"),
    "marketing": ("Citra Maharani", "Fajar Nugraha"),
}
CONTACT_TICKET_CHANNELS = {
    "whatsapp": "whatsapp",
    "email": "email",
    "app": "live_chat",
    "sms": "phone",
}
PRESALES_RATE_PROSPECT = 0.25
PRESALES_RATE_BUYER = 0.04


@dataclass(slots=True)
class TicketFacts:
    id: int
    person: Person
    order_id: int | None
    order_ref: str | None
    reason: str
    channel: str
    created: float
    first_reply_hours: float

    @property
    def slow(self) -> bool:
        return self.first_reply_hours > SLOW_FIRST_REPLY_HOURS

    @property
    def first_reply(self) -> float:
        return self.created + self.first_reply_hours / 24


def first_reply_hours(rng: random.Random, created: float, timeline: Timeline) -> float:
    weekend = timeline.weekday(created) >= 5
    if rng.random() < (WEEKEND_SLOW_REPLY_SHARE if weekend else SLOW_REPLY_SHARE):
        return SLOW_FIRST_REPLY_HOURS + 0.5 + rng.expovariate(1 / 18)
    return min(rng.lognormvariate(0, 0.9), 20.0)


def _channel(rng: random.Random, person: Person, order_channel: str | None) -> str:
    if order_channel in {"tokopedia", "shopee"} and rng.random() < 0.5:
        return order_channel
    return CONTACT_TICKET_CHANNELS[person.contact]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def order_ticket(
    rng: random.Random, order: OrderFacts, timeline: Timeline, *, ticket_id: int, order_ref: str
) -> TicketFacts | None:
    """The ticket ``order`` raises, if it raises one (late and damaged orders mostly do)."""
    rate = TICKET_RATE_BASE + TICKET_RATE_LATE * order.late + TICKET_RATE_DAMAGED * order.damaged
    if rng.random() >= rate:
        return None
    if order.damaged and order.delivered is not None and (not order.late or rng.random() < 0.5):
        reason, created = "damaged", order.delivered + rng.uniform(0.05, 2)
    elif order.late and order.promised is not None:
        reason, created = "late", order.promised + rng.uniform(0.2, 1.0)
    else:
        reason, created = _pick(rng, OTHER_REASONS), order.ordered + rng.uniform(0.05, 6)
    if created >= timeline.days:
        return None
    return TicketFacts(
        id=ticket_id,
        person=order.person,
        order_id=order.id,
        order_ref=order_ref,
        reason=reason,
        channel=_channel(rng, order.person, order.channel),
        created=created,
        first_reply_hours=first_reply_hours(rng, created, timeline),
    )


def presales_tickets(
    rng: random.Random, persons: list[Person], timeline: Timeline, *, first_id: int
) -> list[TicketFacts]:
    """Questions asked before buying (or by people who never bought), not tied to an order."""
    tickets: list[TicketFacts] = []
    for person in persons:
        if person.first_order is None:
            if rng.random() >= PRESALES_RATE_PROSPECT:
                continue
            created = rng.uniform(max(person.joined, 0), timeline.days - 0.01)
        else:
            if rng.random() >= PRESALES_RATE_BUYER or person.first_order < 1:
                continue
            created = person.first_order - rng.uniform(0.02, min(person.first_order, 3))
        tickets.append(
            TicketFacts(
                id=first_id + len(tickets),
                person=person,
                order_id=None,
                order_ref=None,
                reason=_pick(rng, PRESALES_REASONS),
                channel=_channel(rng, person, None),
                created=created,
                first_reply_hours=first_reply_hours(rng, created, timeline),
            )
        )
    return tickets


def _say(rng: random.Random, bank: texts.Bank, language: str, **values: str) -> str:
    return rng.choice(bank[language]).format(**values)


@dataclass(slots=True)
class TicketOutcome:
    """What happened after the first reply, for surveys and the rows."""

    solved: float | None
    status: str


def ticket_rows(
    rng: random.Random, tickets: list[TicketFacts], timeline: Timeline
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[int, TicketOutcome]]:
    """Rows for ``support_tickets`` and ``ticket_messages``, and each ticket's outcome."""
    rows: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    outcomes: dict[int, TicketOutcome] = {}
    end, at = timeline.days, timeline.at
    for ticket in tickets:
        person, language = ticket.person, ticket.person.language
        department = DEPARTMENTS[ticket.reason]
        if ticket.reason == "damaged" and rng.random() < 0.4:
            department = "support"
        agent = rng.choice(AGENTS[department])
        hard = ticket.reason in {"damaged", "return"}
        solved = ticket.first_reply + (0.2 + rng.expovariate(1 / (30 if hard else 12))) / 24
        if ticket.first_reply >= end:
            status, solved_at, replied = "new", None, False
        elif solved >= end:
            status, solved_at, replied = rng.choice(("open", "pending")), None, True
        else:
            closed = solved + 3 < end and rng.random() < 0.7
            status, solved_at, replied = ("closed" if closed else "solved"), solved, True
        outcomes[ticket.id] = TicketOutcome(solved_at, status)
        csat = None
        if solved_at is not None and rng.random() < 0.45:
            latent = 4.5 - 1.6 * ticket.slow - 0.4 * (ticket.reason == "damaged")
            csat = min(5, max(1, round(latent + rng.gauss(0, 0.7))))
        rows.append(
            {
                "id": ticket.id,
                "source": SOURCE,
                "external_id": f"TIX-{ticket.id:06d}",
                "customer_id": person.id,
                "order_id": ticket.order_id,
                "channel": ticket.channel,
                "department": department,
                "agent": agent if replied else None,
                "subject": _say(rng, texts.SUBJECTS[ticket.reason], language),
                "status": status,
                "priority": "high"
                if hard and rng.random() < 0.5
                else rng.choice(("normal", "low")),
                "created_at": at(ticket.created),
                "first_reply_at": at(ticket.first_reply) if replied else None,
                "solved_at": at(solved_at) if solved_at is not None else None,
                "csat": csat,
            }
        )
        name = (person.name or "").split(" ")[0] or ("Kak" if language == "id" else "there")
        ref = ticket.order_ref or ""
        script: list[tuple[float, str, str]] = [
            (
                ticket.created,
                "customer",
                _say(rng, texts.OPENINGS[ticket.reason], language, order=ref),
            )
        ]
        if ticket.slow:
            nudge = ticket.created + rng.uniform(0.5, 0.95)
            script.append((nudge, "customer", _say(rng, texts.NUDGES, language)))
        reply = ticket.first_reply
        script.append((reply, "agent", _say(rng, texts.FIRST_REPLIES, language, name=name)))
        if rng.random() < 0.6:
            script.append(
                (reply + rng.uniform(0.01, 0.2), "customer", _say(rng, texts.FOLLOW_UPS, language))
            )
        if solved_at is not None:
            script.append(
                (solved_at, "agent", _say(rng, texts.RESOLUTIONS[ticket.reason], language))
            )
            if status == "closed" and rng.random() < 0.3:
                script.append((solved_at + 3, "system", _say(rng, texts.CLOSED, language)))
            elif rng.random() < 0.6:
                script.append(
                    (
                        solved_at + rng.uniform(0.01, 0.3),
                        "customer",
                        _say(rng, texts.THANKS, language),
                    )
                )
        position = 0
        for moment, author, body in sorted(script, key=lambda item: item[0]):
            if moment >= end:
                continue
            position += 1
            messages.append(
                {
                    "id": len(messages) + 1,
                    "ticket_id": ticket.id,
                    "position": position,
                    "author": author,
                    "agent": agent if author == "agent" else None,
                    "body": body,
                    "sent_at": at(moment),
                }
            )
    return rows, messages, outcomes
