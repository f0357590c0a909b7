"""One small, seeded store-shaped dataset that every engine in the suite loads.

Rows are plain dicts keyed by the store's column names (:mod:`suara.storage.schema`), so the
same data goes into SQLite and PostgreSQL through SQLAlchemy and into Parquet through pyarrow.
A few answers sit on the Jakarta midnight of a month boundary and a few are invalid, so an
engine that cuts periods in UTC or counts invalid answers gives itself away.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

Rows = list[dict[str, Any]]

SEED = 20_240_601
START = datetime(2024, 1, 1, tzinfo=UTC)
CHANNELS = ("app", "web", "shopee", "tokopedia")
PROVINCES = ("DKI Jakarta", "Jawa Barat", "Jawa Timur", "Bali", None)
COURIERS = ("jne", "jnt", "sicepat")
DEPARTMENTS = ("support", "operations")
AGENTS = ("ayu", "budi", "citra")
# 31 Jan 16:59:59.7 UTC is 23:59:59.7 in Jakarta; 31 Jan 17:00 UTC is 1 February there.
BOUNDARY_TIMES = (
    datetime(2024, 1, 31, 16, 59, 59, 700_000, tzinfo=UTC),
    datetime(2024, 1, 31, 17, 0, tzinfo=UTC),
    datetime(2024, 3, 31, 17, 30, tzinfo=UTC),
)


def build(seed: int = SEED) -> dict[str, Rows]:
    """The dataset: ``{table name: rows}`` in foreign-key order."""
    rng = np.random.default_rng(seed)
    moment = START
    tables: dict[str, Rows] = {
        "customers": [
            {
                "id": i,
                "name": f"Pelanggan {i}",
                "province": PROVINCES[i % len(PROVINCES)],
                "city": None,
                "gender": ("female", "male")[i % 2],
                "created_at": moment,
                "updated_at": moment,
            }
            for i in range(1, 41)
        ],
        "surveys": [
            {
                "id": 1,
                "key": "post_purchase",
                "title_id": "Survei setelah pembelian",
                "title_en": "Post-purchase survey",
                "status": "live",
                "current_version": 1,
                "created_at": moment,
            }
        ],
        "survey_versions": [
            {"id": 1, "survey_id": 1, "version": 1, "definition": {}, "created_at": moment}
        ],
        "questions": [
            _question(1, "nps", "nps", 0, 10, None),
            _question(2, "csat", "rating", 1, 5, None),
            _question(3, "ces", "likert", 1, 7, "online_experience"),
        ],
    }
    tables["orders"] = _orders(rng)
    tables["support_tickets"] = _tickets(rng)
    tables["responses"], tables["answers"] = _responses_and_answers(rng)
    extra = np.random.default_rng(seed + 1)
    tables["questions"] += [_question(*q) for q in PYRAMID_QUESTIONS]
    tables["answers"] += _pyramid_answers(extra, len(tables["answers"]))
    tables["categories"] = [{"id": i, "name": n} for i, n in enumerate(CATEGORIES, 1)]
    tables["products"] = _products(moment)
    tables["order_lines"] = _order_lines(extra)
    tables["touchpoints"] = _touchpoints(extra)
    tables["feedback_items"] = _feedback(extra)
    return tables


def _orders(rng: np.random.Generator) -> Rows:
    """120 orders; #1 arrives exactly at the promise (on time), #2 one second after (day 1)."""
    rows: Rows = []
    for i in range(1, 121):
        ordered = START + timedelta(seconds=int(rng.integers(0, 180 * 86_400)))
        promised = ordered + timedelta(days=3)
        status = ("completed", "delivered", "shipped", "cancelled", "pending")[
            int(rng.choice(5, p=[0.55, 0.2, 0.1, 0.1, 0.05]))
        ]
        delivered = None
        if status in ("completed", "delivered"):
            delivered = ordered + timedelta(hours=int(rng.integers(20, 24 * 8)))
        if i == 1:
            status, delivered = "completed", promised
        elif i == 2:
            status, delivered = "completed", promised + timedelta(seconds=1)
        rows.append(
            {
                "id": i,
                "source": "shop",
                "external_id": f"o{i}",
                "customer_id": int(rng.integers(1, 41)),
                "channel": CHANNELS[int(rng.integers(0, len(CHANNELS)))],
                "status": status,
                "amount": float(rng.integers(10, 500) * 1000),
                "ordered_at": ordered,
                "promised_delivery_at": None if i % 17 == 0 else promised,
                "delivered_at": delivered,
                "courier": COURIERS[int(rng.integers(0, len(COURIERS)))],
                "shipping_province": PROVINCES[int(rng.integers(0, len(PROVINCES)))],
                "returned": bool(rng.random() < 0.1),
                "refunded": bool(rng.random() < 0.06),
                "updated_at": ordered,
            }
        )
    return rows


def _tickets(rng: np.random.Generator) -> Rows:
    """90 tickets; #1 has a reply stamped before it was opened (a data error)."""
    rows: Rows = []
    for i in range(1, 91):
        created = START + timedelta(seconds=int(rng.integers(0, 180 * 86_400)))
        status = ("solved", "closed", "open", "pending", "new")[
            int(rng.choice(5, p=[0.5, 0.2, 0.15, 0.1, 0.05]))
        ]
        replied = None
        if status != "new":
            replied = created + timedelta(seconds=int(rng.lognormal(7.5, 1.2)))
        solved = None
        if status in ("solved", "closed"):
            solved = created + timedelta(seconds=int(rng.lognormal(10.5, 1.0)))
        if i == 1:
            replied = created - timedelta(minutes=5)
        rows.append(
            {
                "id": i,
                "source": "helpdesk",
                "external_id": f"t{i}",
                "customer_id": int(rng.integers(1, 41)),
                "channel": ("whatsapp", "email", "chat")[i % 3],
                "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                "agent": AGENTS[int(rng.integers(0, len(AGENTS)))],
                "status": status,
                "priority": ("low", "normal", "high")[i % 3],
                "created_at": created,
                "first_reply_at": replied,
                "solved_at": solved,
                "csat": int(rng.integers(1, 6)) if solved is not None and i % 4 else None,
            }
        )
    return rows


def _question(
    id_: int,
    key: str,
    kind: str,
    low: int,
    high: int,
    dimension: str | None,
    factor: str | None = None,
) -> dict[str, Any]:
    return {
        "id": id_,
        "survey_version_id": 1,
        "key": key,
        "position": id_,
        "type": kind,
        "text_id": key,
        "text_en": key,
        "scale_min": low,
        "scale_max": high,
        "required": False,
        "dimension": dimension,
        "factor": factor,
    }


def _responses_and_answers(rng: np.random.Generator) -> tuple[Rows, Rows]:
    responses: Rows = []
    answers: Rows = []
    for i in range(1, 181):
        if i <= len(BOUNDARY_TIMES):
            submitted = BOUNDARY_TIMES[i - 1]
        else:
            submitted = START + timedelta(seconds=int(rng.integers(0, 182 * 86_400)))
        responses.append(
            {
                "id": i,
                "source": "suara",
                "external_id": f"r{i}",
                "survey_id": 1,
                "survey_version_id": 1,
                "customer_id": None if i % 9 == 0 else int(rng.integers(1, 41)),
                "channel": CHANNELS[int(rng.integers(0, len(CHANNELS)))],
                "language": "id",
                "submitted_at": submitted,
            }
        )
        nps = float(rng.choice(np.arange(11), p=_NPS_WEIGHTS))
        if i % 37 == 0:
            nps = 12.0
        elif i % 41 == 0:
            nps = 8.5
        answers.append(_answer(len(answers) + 1, i, 1, "nps", None if i % 53 == 0 else nps))
        if i % 3:
            answers.append(_answer(len(answers) + 1, i, 2, "csat", float(rng.integers(1, 6))))
        if i % 2:
            answers.append(_answer(len(answers) + 1, i, 3, "ces", float(rng.integers(1, 8))))
    return responses, answers


_NPS_WEIGHTS = np.array([2, 1, 1, 2, 2, 4, 6, 10, 14, 16, 14], dtype=float)
_NPS_WEIGHTS /= _NPS_WEIGHTS.sum()


def _answer(id_: int, response: int, question: int, key: str, value: float | None) -> Any:
    return {
        "id": id_,
        "response_id": response,
        "question_id": question,
        "question_key": key,
        "value_number": value,
    }


# Pyramid items: online_experience mixes this 1-5 item with the 1-7 "ces" question (id 3);
# trust is on 1-7; factors have one or two items.
PYRAMID_QUESTIONS: list[tuple[Any, ...]] = [
    (4, "oe_1", "likert", 1, 5, "online_experience"),
    (5, "rs_1", "likert", 1, 5, "responsive_service"),
    (6, "rs_2", "likert", 1, 5, "responsive_service"),
    (7, "tr_1", "likert", 1, 7, "trust"),
    (8, "tr_2", "likert", 1, 7, "trust"),
    (9, "fu_1", "likert", 1, 5, "fulfillment"),
    (10, "fu_2", "likert", 1, 5, "fulfillment"),
    (11, "fu_3", "likert", 1, 5, "fulfillment"),
    (12, "ec_1", "likert", 1, 5, "emotional_connection"),
    (13, "ec_2", "likert", 1, 5, "emotional_connection"),
    (14, "f_access", "likert", 1, 5, None, "accessibility"),
    (15, "f_comp_1", "likert", 1, 5, None, "competence"),
    (16, "f_comp_2", "likert", 1, 5, None, "competence"),
]
CATEGORIES = ("Kosmetik", "Fashion", "Elektronik", "Makanan")
STAGES = ("awareness", "consideration", "conversion", "retention", "advocacy")


def _pyramid_answers(rng: np.random.Generator, last_id: int) -> Rows:
    """Responses 1, 5, 9, ... answer the pyramid items (a latent level per respondent, so the
    items agree); about one item in ten is skipped and a few answers are off the scale."""
    rows: Rows = []
    for response in range(1, 181, 4):
        level = rng.normal(0.0, 1.0)
        for id_, key, _, low, high, *_ in PYRAMID_QUESTIONS:
            if rng.random() < 0.1:
                continue
            middle = (low + high) / 2
            value = float(
                np.clip(round(middle + level * (high - low) / 4 + rng.normal()), low, high)
            )
            if response % 29 == 0 and key == "rs_1":
                value = 6.0
            elif response % 31 == 0 and key == "fu_2":
                value = 3.5
            rows.append(_answer(last_id + len(rows) + 1, response, id_, key, value))
    return rows


def _products(moment: datetime) -> Rows:
    """12 products, three per category; product 12 has no category."""
    return [
        {
            "id": i,
            "source": "shop",
            "external_id": f"p{i}",
            "name": f"Produk {i}",
            "category_id": None if i == 12 else (i - 1) % len(CATEGORIES) + 1,
            "price": 10_000.0 * i,
            "created_at": moment,
            "updated_at": moment,
        }
        for i in range(1, 13)
    ]


def _order_lines(rng: np.random.Generator) -> Rows:
    """1-3 lines per order (two may share a category); every 13th order has none."""
    rows: Rows = []
    for order in range(1, 121):
        if order % 13 == 0:
            continue
        for line in range(1, int(rng.integers(1, 4)) + 1):
            rows.append(
                {
                    "id": len(rows) + 1,
                    "order_id": order,
                    "line_no": line,
                    "product_id": int(rng.integers(1, 13)),
                    "quantity": int(rng.integers(1, 4)),
                    "unit_price": 10_000.0,
                }
            )
    return rows


def _touchpoints(rng: np.random.Generator) -> Rows:
    """200 touchpoints of customers 1-36 (37-40 have none), later stages rarer."""
    rows: Rows = []
    for i in range(1, 201):
        stage = STAGES[int(rng.choice(5, p=[0.3, 0.25, 0.2, 0.15, 0.1]))]
        rows.append(
            {
                "id": i,
                "source": "web",
                "external_id": f"tp{i}",
                "customer_id": int(rng.integers(1, 37)),
                "order_id": None,
                "stage": stage,
                "channel": CHANNELS[int(rng.integers(0, len(CHANNELS)))],
                "kind": "physical" if i % 7 == 0 else "digital",
                "name": f"{stage}-{i % 3}",
                "occurred_at": START + timedelta(seconds=int(rng.integers(0, 180 * 86_400))),
            }
        )
    return rows


def _feedback(rng: np.random.Generator) -> Rows:
    """150 items; reviews rate 1-5 stars, every 23rd 1-10, a few off the scale or unscaled."""
    rows: Rows = []
    for i in range(1, 151):
        kind = ("review", "review", "review", "social_comment", "forum_post", "survey_comment")[
            int(rng.integers(0, 6))
        ]
        rating, scale = None, None
        if kind == "review":
            scale = 10 if i % 23 == 0 else 5
            rating = float(rng.integers(1, scale + 1))
            if i % 37 == 0:
                rating = 6.0 if scale == 5 else 0.0
            elif i % 41 == 0:
                scale = None
        created = START + timedelta(seconds=int(rng.integers(0, 180 * 86_400)))
        rows.append(
            {
                "id": i,
                "kind": kind,
                "source": ("shopee", "tokopedia", "instagram", "suara")[i % 4],
                "external_id": f"f{i}",
                "channel": CHANNELS[int(rng.integers(0, len(CHANNELS)))],
                "text": "bagus" if i % 2 else "lama banget",
                "rating": rating,
                "rating_scale_max": scale,
                "language": "id",
                "customer_id": int(rng.integers(1, 41)),
                "product_id": int(rng.integers(1, 13)) if kind == "review" else None,
                "created_at": BOUNDARY_TIMES[i - 1] if i <= len(BOUNDARY_TIMES) else created,
            }
        )
    return rows
