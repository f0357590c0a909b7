"""Suara's entities: who the customers are, what they bought, where they met us, what they said.

These pydantic models are the contract between the store and the layers above it; the storage
tables mirror them column for column. Money is IDR, times are timezone-aware UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from suara.domain.frameworks import CxFactor, JourneyStage, PyramidDimension, TouchpointKind


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Language(StrEnum):
    """Languages a customer prefers or a text is written in."""

    ID = "id"
    EN = "en"
    MIXED = "mixed"
    OTHER = "other"


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    REFUNDED = "refunded"


class FeedbackKind(StrEnum):
    """Where a piece of unstructured feedback came from."""

    SURVEY_COMMENT = "survey_comment"
    REVIEW = "review"
    SOCIAL_COMMENT = "social_comment"
    FORUM_POST = "forum_post"
    SUPPORT_MESSAGE = "support_message"
    INTERVIEW_NOTE = "interview_note"


class Department(StrEnum):
    """Who owns a part of the experience (cx-frameworks.md §5)."""

    MARKETING = "marketing"
    SALES = "sales"
    SUPPORT = "support"
    OPERATIONS = "operations"


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    SOLVED = "solved"
    CLOSED = "closed"


class MessageAuthor(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    SYSTEM = "system"


class QuestionType(StrEnum):
    NPS = "nps"
    RATING = "rating"
    LIKERT = "likert"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    FREE_TEXT = "free_text"


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    LIVE = "live"
    CLOSED = "closed"


class _Entity(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Customer(_Entity):
    id: int
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    birthday: date | None = None
    gender: Gender | None = None
    city: str | None = None
    province: str | None = None
    preferred_language: Language | None = None
    preferred_channel: str | None = None
    consent_email: bool | None = None
    consent_email_at: datetime | None = None
    consent_whatsapp: bool | None = None
    consent_whatsapp_at: datetime | None = None
    consent_sms: bool | None = None
    consent_sms_at: datetime | None = None
    created_at: datetime
    erased_at: datetime | None = None
    external_ids: dict[str, str] = Field(default_factory=dict)


class Category(_Entity):
    id: int
    name: str
    parent_id: int | None = None


class Product(_Entity):
    id: int
    source: str
    external_id: str
    name: str
    category_id: int | None = None
    price: float | None = None


class OrderLine(_Entity):
    id: int
    order_id: int
    product_id: int | None
    quantity: int
    unit_price: float | None


class Order(_Entity):
    id: int
    source: str
    external_id: str
    customer_id: int
    channel: str
    status: OrderStatus
    amount: float
    ordered_at: datetime
    promised_delivery_at: datetime | None = None
    delivered_at: datetime | None = None
    courier: str | None = None
    returned: bool = False
    refunded: bool = False


class Touchpoint(_Entity):
    id: int
    customer_id: int
    stage: JourneyStage
    channel: str
    kind: TouchpointKind
    name: str
    occurred_at: datetime


class FeedbackItem(_Entity):
    id: int
    kind: FeedbackKind
    source: str
    channel: str | None
    text: str
    rating: float | None = None
    rating_scale_max: int | None = None
    language: Language | None = None
    customer_id: int | None = None
    order_id: int | None = None
    product_id: int | None = None
    created_at: datetime


class SupportTicket(_Entity):
    id: int
    customer_id: int | None
    order_id: int | None = None
    channel: str
    department: Department
    agent: str | None = None
    subject: str | None = None
    status: TicketStatus
    created_at: datetime
    first_reply_at: datetime | None = None
    solved_at: datetime | None = None
    csat: int | None = None


class TicketMessage(_Entity):
    id: int
    ticket_id: int
    author: MessageAuthor
    agent: str | None = None
    body: str
    sent_at: datetime


class Question(_Entity):
    """One question of one survey version; ``key`` is stable across versions."""

    key: str
    type: QuestionType
    text_id: str
    text_en: str
    scale_min: int | None = None
    scale_max: int | None = None
    required: bool = False
    dimension: PyramidDimension | None = None
    factor: CxFactor | None = None
    choices: tuple[str, ...] = ()


class Survey(_Entity):
    id: int
    key: str
    title: str
    status: SurveyStatus
    current_version: int


class Response(_Entity):
    id: int
    survey_id: int
    survey_version: int
    customer_id: int | None
    channel: str | None
    language: Language | None
    submitted_at: datetime | None
    answers: dict[str, float | str | tuple[str, ...]]
