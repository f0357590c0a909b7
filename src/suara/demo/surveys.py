"""Survey responses whose scores follow what each customer went through before answering.

NPS, CSAT, CES and the CX Pyramid items are latent scores lowered by late deliveries, damaged
parcels and slow support (the coefficients are below and in docs/demo-store.md), rounded and
clipped to each question's scale. Free-text answers are also written as ``survey_comment``
feedback items linked to their response, as the response importer does.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from suara.demo import texts
from suara.demo.config import SOURCE, Timeline
from suara.demo.effects import (
    NPS_DAMAGE_PENALTY,
    NPS_LATE_PENALTY,
    NPS_LATENT_MEAN,
    NPS_LATENT_SD,
    NPS_SLOW_REPLY_PENALTY,
    SLOW_FIRST_REPLY_HOURS,
)
from suara.demo.orders import OrderFacts
from suara.demo.people import Person
from suara.demo.questionnaires import (
    CES,
    CSAT,
    DEFINITIONS,
    NPS,
    PYRAMID,
    SURVEYS,
    SurveySpec,
)
from suara.demo.support import TicketFacts, TicketOutcome

NPS_RESPONSE_RATE = 0.30
CSAT_RESPONSE_RATE_OWN = 0.30
CSAT_RESPONSE_RATE_MARKETPLACE = 0.06
CES_RESPONSE_RATE = 0.35
PYRAMID_RESPONSE_RATE = 0.12
COMMENT_RATES = {"nps_reason": 0.6, "csat_comment": 0.3, "ces_comment": 0.2}

PYRAMID_MODEL: dict[str, tuple[float, float, float, float]] = {
    "online_experience": (4.1, 0.0, 0.0, 0.0),
    "responsive_service": (3.9, 0.0, 0.0, 1.3),
    "trust": (4.1, 0.0, 0.4, 0.0),
    "fulfillment": (4.2, 1.6, 1.0, 0.0),
    "emotional_connection": (3.4, 0.5, 0.0, 0.5),
    "accessibility": (4.0, 0.0, 0.0, 0.0),
    "competence": (4.0, 0.0, 0.9, 0.0),
    "recognition": (3.3, 0.0, 0.0, 0.0),
    "helpfulness": (3.9, 0.0, 0.0, 1.2),
    "personalization": (3.2, 0.0, 0.0, 0.0),
    "problem_solving": (3.9, 0.0, 0.4, 1.4),
    "promise_fulfillment": (4.1, 1.8, 0.0, 0.0),
    "value_for_time": (3.9, 1.2, 0.0, 0.8),
}
"""Per dimension or factor: (latent mean, minus × late share, minus × damaged, minus × slow)."""


@dataclass(frozen=True, slots=True)
class Experience:
    """What a customer had lived through by some moment."""

    late_share: float
    damaged: bool
    slow_reply: bool


def experience(history: list[OrderFacts], day: float) -> Experience:
    delivered = [o for o in history if o.delivered is not None and o.delivered < day]
    late = sum(o.late for o in delivered) / len(delivered) if delivered else 0.0
    waited = SLOW_FIRST_REPLY_HOURS / 24
    slow = any(
        o.ticket is not None and o.ticket.slow and o.ticket.created + waited < day for o in history
    )
    return Experience(late, any(o.damaged for o in delivered), slow)


def _clip(value: float, low: int, high: int) -> int:
    return min(high, max(low, round(value)))


class SurveyResponses:
    """Builds the survey, version, question, response and answer rows, and survey comments."""

    def __init__(self, rng: random.Random, timeline: Timeline) -> None:
        self.rng = rng
        self.timeline = timeline
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.comments: list[dict[str, Any]] = []
        self.ids: dict[tuple[str, str], int] = {}
        self.survey_ids: dict[str, int] = {}
        created = timeline.at(-30)
        for number, spec in enumerate(SURVEYS, start=1):
            self.survey_ids[spec.key] = number
            definition = DEFINITIONS[spec.key].to_data() | {"synthetic": True}
            self.rows["surveys"].append(
                {"id": number, "key": spec.key, "title_id": spec.title_id,
                 "title_en": spec.title_en, "status": "live", "current_version": 1,
                 "created_at": created}
            )  # fmt: skip
            self.rows["survey_versions"].append(
                {"id": number, "survey_id": number, "version": 1, "definition": definition,
                 "created_at": created}
            )  # fmt: skip
            for position, question in enumerate(spec.questions, start=1):
                qid = len(self.rows["questions"]) + 1
                self.ids[spec.key, question.key] = qid
                row = question.definition() | {"id": qid, "survey_version_id": number}
                self.rows["questions"].append(row | {"position": position, "choices": None})

    def respond(
        self,
        spec: SurveySpec,
        person: Person,
        day: float,
        answers: dict[str, float | str],
        *,
        channel: str,
        order_id: int | None = None,
        ticket_id: int | None = None,
    ) -> None:
        rid = len(self.rows["responses"]) + 1
        at = self.timeline.at
        self.rows["responses"].append(
            {"id": rid, "source": SOURCE, "external_id": f"RSP-{rid:07d}",
             "survey_id": self.survey_ids[spec.key], "survey_version_id": self.survey_ids[spec.key],
             "customer_id": person.id, "order_id": order_id, "ticket_id": ticket_id,
             "channel": channel, "language": person.language,
             "started_at": at(day - self.rng.uniform(0.001, 0.01)), "submitted_at": at(day),
             "idempotency_key": None}
        )  # fmt: skip
        for key, value in answers.items():
            text = isinstance(value, str)
            self.rows["answers"].append(
                {"id": len(self.rows["answers"]) + 1, "response_id": rid,
                 "question_id": self.ids[spec.key, key], "question_key": key,
                 "value_number": None if text else value, "value_text": value if text else None,
                 "value_choices": None}
            )  # fmt: skip
            if text:
                self.comments.append(
                    {"kind": "survey_comment", "source": SOURCE,
                     "external_id": f"RSP-{rid:07d}-{key}", "channel": channel, "text": value,
                     "rating": None, "rating_scale_max": None, "language": person.language,
                     "customer_id": person.id, "order_id": order_id, "product_id": None,
                     "ticket_id": ticket_id, "response_id": rid, "created_at": at(day)}
                )  # fmt: skip

    def _comment(self, key: str, driver: str, language: str) -> dict[str, float | str]:
        if self.rng.random() >= COMMENT_RATES[key]:
            return {}
        return {key: texts.survey_comment(self.rng, language, driver)}

    def nps(self, person: Person, history: list[OrderFacts]) -> None:
        rng, end = self.rng, self.timeline.days
        assert person.first_order is not None
        day = rng.uniform(person.first_order + 10, end + 60)
        if day >= end:
            return
        seen = experience(history, day)
        latent = (
            NPS_LATENT_MEAN
            - NPS_LATE_PENALTY * seen.late_share
            - NPS_SLOW_REPLY_PENALTY * seen.slow_reply
            - NPS_DAMAGE_PENALTY * seen.damaged
        )
        score = _clip(latent + rng.gauss(0, NPS_LATENT_SD), 0, 10)
        causes = [c for c, hit in (("late", seen.late_share >= 0.3), ("slow", seen.slow_reply),
                                   ("damaged", seen.damaged)) if hit]  # fmt: skip
        if score >= 9:
            driver = "promoter"
        elif score >= 7:
            driver = "late" if causes and rng.random() < 0.4 else "passive"
        else:
            driver = rng.choice(causes) if causes else "detractor"
        answers: dict[str, float | str] = {"nps": float(score)}
        answers |= self._comment("nps_reason", driver, person.language)
        channel = {"sms": "whatsapp"}.get(person.contact, person.contact)
        self.respond(NPS, person, day, answers, channel=channel)

    def csat(self, order: OrderFacts) -> None:
        rng = self.rng
        assert order.delivered is not None
        day = order.delivered + rng.uniform(0.1, 3)
        if day >= self.timeline.days:
            return
        latent = 4.6 - 1.3 * order.late - 2.0 * order.damaged
        score = _clip(latent + rng.gauss(0, 0.7), 1, 5)
        driver = "damaged" if order.damaged else "late" if order.late else None
        if driver is None:
            driver = "promoter" if score >= 4 else "passive" if score == 3 else "detractor"
        answers: dict[str, float | str] = {"csat": float(score)}
        answers |= self._comment("csat_comment", driver, order.person.language)
        channel = "app" if order.channel == "app" else "email"
        self.respond(CSAT, order.person, day, answers, channel=channel, order_id=order.id)

    def ces(self, ticket: TicketFacts, outcome: TicketOutcome) -> None:
        rng = self.rng
        assert outcome.solved is not None
        day = outcome.solved + rng.uniform(0.05, 2)
        if day >= self.timeline.days:
            return
        long_fix = (outcome.solved - ticket.created) > 2
        score = _clip(5.9 - 2.2 * ticket.slow - 0.8 * long_fix + rng.gauss(0, 1), 1, 7)
        answers: dict[str, float | str] = {"ces": float(score)}
        answers |= self._comment(
            "ces_comment", "easy" if score >= 5 else "hard", ticket.person.language
        )
        channel = ticket.channel if ticket.channel in {"whatsapp", "email"} else "email"
        self.respond(CES, ticket.person, day, answers, channel=channel, order_id=ticket.order_id,
                     ticket_id=ticket.id)  # fmt: skip

    def pyramid(self, person: Person, history: list[OrderFacts]) -> None:
        rng, end = self.rng, self.timeline.days
        assert person.first_order is not None
        day = rng.uniform(person.first_order + 14, end + 60)
        if day >= end:
            return
        seen = experience(history, day)
        lenient = rng.gauss(0, 0.45)
        answers: dict[str, float | str] = {}
        for question in PYRAMID.questions:
            aspect = question.dimension or question.factor
            assert aspect is not None
            mean, late, damaged, slow = PYRAMID_MODEL[aspect.value]
            latent = mean - late * seen.late_share - damaged * seen.damaged - slow * seen.slow_reply
            answers[question.key] = float(_clip(latent + lenient + rng.gauss(0, 0.65), 1, 5))
        self.respond(PYRAMID, person, day, answers, channel=person.contact)


def survey_rows(
    rng: random.Random,
    persons: list[Person],
    orders: list[OrderFacts],
    tickets: list[TicketFacts],
    outcomes: dict[int, TicketOutcome],
    timeline: Timeline,
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Rows per survey table, and the survey comments for ``feedback_items``."""
    surveys = SurveyResponses(rng, timeline)
    history: dict[int, list[OrderFacts]] = defaultdict(list)
    for order in orders:
        history[order.person.id].append(order)
    for person in persons:
        if person.first_order is None or person.id not in history:
            continue
        if rng.random() < NPS_RESPONSE_RATE:
            surveys.nps(person, history[person.id])
        if rng.random() < PYRAMID_RESPONSE_RATE:
            surveys.pyramid(person, history[person.id])
    for order in orders:
        if order.delivered is None:
            continue
        own = order.channel in {"site", "app"}
        if rng.random() < (CSAT_RESPONSE_RATE_OWN if own else CSAT_RESPONSE_RATE_MARKETPLACE):
            surveys.csat(order)
    for ticket in tickets:
        outcome = outcomes[ticket.id]
        if outcome.solved is not None and rng.random() < CES_RESPONSE_RATE:
            surveys.ces(ticket, outcome)
    return dict(surveys.rows), surveys.comments
