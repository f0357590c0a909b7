"""The store's tables, mirroring :mod:`suara.domain.entities`.

Every imported entity carries ``(source, external_id)`` with a unique constraint: that is the
key re-imports upsert on, so loading the same export twice never duplicates anything.
Enumerated values are stored as their string keys so ibis/SQL reads them without a lookup.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from suara.storage.types import Money, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

SOURCE = 64
KEY = 128
SHORT = 32


def _fk(table: str, *, cascade: bool = False) -> ForeignKey:
    return ForeignKey(f"{table}.id", ondelete="CASCADE" if cascade else "SET NULL")


store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(KEY), primary_key=True),
    Column("value", Text, nullable=False),
)

customers = Table(
    "customers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(256)),
    Column("email", String(320), index=True),
    Column("phone", String(SHORT), index=True),
    Column("birthday", Date),
    Column("gender", String(16)),
    Column("city", String(KEY)),
    Column("province", String(KEY)),
    Column("preferred_language", String(8)),
    Column("preferred_channel", String(SHORT)),
    Column("consent_email", Boolean),
    Column("consent_email_at", UtcDateTime()),
    Column("consent_whatsapp", Boolean),
    Column("consent_whatsapp_at", UtcDateTime()),
    Column("consent_sms", Boolean),
    Column("consent_sms_at", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("erased_at", UtcDateTime()),
)

customer_identities = Table(
    "customer_identities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, _fk("customers", cascade=True), nullable=False, index=True),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    UniqueConstraint("source", "external_id"),
)

erased_identities = Table(
    "erased_identities",
    metadata,
    Column("source", String(SOURCE), primary_key=True),
    Column("digest", String(64), primary_key=True),
    Column("customer_id", Integer, _fk("customers", cascade=True), nullable=False, index=True),
)
"""Tombstones of the ids an erased customer was known by: SHA-256 of ``source`` and the id
(:func:`suara.storage.erasure.identity_digest`), never the id itself, so that a re-import
from the source system finds the erased customer instead of making them anew."""

categories = Table(
    "categories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(KEY), nullable=False, unique=True),
    Column("parent_id", Integer, _fk("categories")),
)

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    Column("name", String(512), nullable=False),
    Column("category_id", Integer, _fk("categories"), index=True),
    Column("price", Money()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("source", "external_id"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    Column("customer_id", Integer, _fk("customers", cascade=True), nullable=False, index=True),
    Column("channel", String(SHORT), nullable=False),
    Column("status", String(16), nullable=False),
    Column("amount", Money(), nullable=False),
    Column("shipping_fee", Money()),
    Column("ordered_at", UtcDateTime(), nullable=False, index=True),
    Column("promised_delivery_at", UtcDateTime()),
    Column("delivered_at", UtcDateTime()),
    Column("courier", String(SOURCE)),
    Column("shipping_city", String(KEY)),
    Column("shipping_province", String(KEY)),
    Column("returned", Boolean, nullable=False, default=False),
    Column("refunded", Boolean, nullable=False, default=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("source", "external_id"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, _fk("orders", cascade=True), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Integer, _fk("products"), index=True),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", Money()),
    UniqueConstraint("order_id", "line_no"),
)

touchpoints = Table(
    "touchpoints",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    Column("customer_id", Integer, _fk("customers", cascade=True), nullable=False, index=True),
    Column("order_id", Integer, _fk("orders"), index=True),
    Column("stage", String(16), nullable=False),
    Column("channel", String(SHORT), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("name", String(KEY), nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False, index=True),
    UniqueConstraint("source", "external_id"),
)

support_tickets = Table(
    "support_tickets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    Column("customer_id", Integer, _fk("customers", cascade=True), index=True),
    Column("order_id", Integer, _fk("orders"), index=True),
    Column("channel", String(SHORT), nullable=False),
    Column("department", String(16), nullable=False),
    Column("agent", String(KEY)),
    Column("subject", String(512)),
    Column("status", String(16), nullable=False),
    Column("priority", String(16)),
    Column("created_at", UtcDateTime(), nullable=False, index=True),
    Column("first_reply_at", UtcDateTime()),
    Column("solved_at", UtcDateTime()),
    Column("csat", Integer),
    UniqueConstraint("source", "external_id"),
)

ticket_messages = Table(
    "ticket_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_id", Integer, _fk("support_tickets", cascade=True), nullable=False),
    Column("position", Integer, nullable=False),
    Column("author", String(16), nullable=False),
    Column("agent", String(KEY)),
    Column("body", Text, nullable=False),
    Column("sent_at", UtcDateTime(), nullable=False),
    UniqueConstraint("ticket_id", "position"),
)

surveys = Table(
    "surveys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(KEY), nullable=False, unique=True),
    Column("title_id", String(512), nullable=False),
    Column("title_en", String(512), nullable=False),
    Column("status", String(16), nullable=False),
    Column("current_version", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

survey_versions = Table(
    "survey_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("survey_id", Integer, _fk("surveys", cascade=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("definition", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("survey_id", "version"),
)

questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("survey_version_id", Integer, _fk("survey_versions", cascade=True), nullable=False),
    Column("key", String(KEY), nullable=False),
    Column("position", Integer, nullable=False),
    Column("type", String(SHORT), nullable=False),
    Column("text_id", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("scale_min", Integer),
    Column("scale_max", Integer),
    Column("required", Boolean, nullable=False, default=False),
    Column("dimension", String(SHORT)),
    Column("factor", String(SHORT)),
    Column("choices", JSON),
    UniqueConstraint("survey_version_id", "key"),
)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    Column("survey_id", Integer, _fk("surveys", cascade=True), nullable=False, index=True),
    Column("survey_version_id", Integer, _fk("survey_versions"), nullable=False),
    Column("customer_id", Integer, _fk("customers", cascade=True), index=True),
    Column("order_id", Integer, _fk("orders"), index=True),
    Column("ticket_id", Integer, _fk("support_tickets"), index=True),
    Column("channel", String(SHORT)),
    Column("language", String(8)),
    Column("started_at", UtcDateTime()),
    Column("submitted_at", UtcDateTime(), index=True),
    Column("idempotency_key", String(KEY), unique=True),
    Column("request_hash", String(64)),
    UniqueConstraint("source", "external_id"),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", Integer, _fk("responses", cascade=True), nullable=False),
    Column("question_id", Integer, _fk("questions"), nullable=False),
    Column("question_key", String(KEY), nullable=False),
    Column("value_number", Float),
    Column("value_text", Text),
    Column("value_choices", JSON),
    UniqueConstraint("response_id", "question_key"),
)

feedback_items = Table(
    "feedback_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(SHORT), nullable=False),
    Column("source", String(SOURCE), nullable=False),
    Column("external_id", String(KEY), nullable=False),
    Column("channel", String(SHORT)),
    Column("text", Text, nullable=False),
    Column("rating", Float),
    Column("rating_scale_max", Integer),
    Column("language", String(8)),
    Column("customer_id", Integer, _fk("customers", cascade=True), index=True),
    Column("order_id", Integer, _fk("orders"), index=True),
    Column("product_id", Integer, _fk("products"), index=True),
    Column("ticket_id", Integer, _fk("support_tickets"), index=True),
    Column("response_id", Integer, _fk("responses", cascade=True), index=True),
    Column("created_at", UtcDateTime(), nullable=False, index=True),
    UniqueConstraint("kind", "source", "external_id"),
)

feedback_analyses = Table(
    "feedback_analyses",
    metadata,
    Column("feedback_id", Integer, _fk("feedback_items", cascade=True), primary_key=True),
    Column("model_version", String(KEY), nullable=False, index=True),
    Column("language", String(8), nullable=False),
    Column("sentiment", String(16), nullable=False, index=True),
    Column("sentiment_score", Float, nullable=False),
    Column("emotion", String(16)),
    Column("aspects", JSON, nullable=False),
    Column("redacted_text", Text, nullable=False),
    Column("analysed_at", UtcDateTime(), nullable=False),
)
"""What text analytics read in a feedback item, with the model version that read it.

``aspects`` is a list of ``{aspect, polarity, score, dimension, spans: [[start, end]]}``;
spans index into ``redacted_text``, the only form of the text that may be shown.
"""

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(SHORT), nullable=False),
    Column("file_name", String(512), nullable=False),
    Column("source", String(SOURCE), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime(), nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_written", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
)

survey_invitations = Table(
    "survey_invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("survey_id", Integer, _fk("surveys", cascade=True), nullable=False, index=True),
    Column("customer_id", Integer, _fk("customers", cascade=True)),
    Column("order_id", Integer, _fk("orders"), index=True),
    Column("ticket_id", Integer, _fk("support_tickets"), index=True),
    Column("channel", String(SHORT), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime()),
    Column("reminded_at", UtcDateTime()),
    Column("used_at", UtcDateTime()),
    Column("response_id", Integer, _fk("responses"), index=True),
)

response_drafts = Table(
    "response_drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("resume_key", String(KEY), nullable=False, unique=True),
    Column("survey_id", Integer, _fk("surveys", cascade=True), nullable=False, index=True),
    Column(
        "survey_version_id",
        Integer,
        _fk("survey_versions", cascade=True),
        nullable=False,
        index=True,
    ),
    Column("invitation_id", Integer, _fk("survey_invitations", cascade=True), unique=True),
    Column("answers", JSON, nullable=False),
    Column("page", Integer, nullable=False),
    Column("language", String(8), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("response_id", Integer, _fk("responses", cascade=True), index=True),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(KEY), nullable=False),
    Column("key_id", String(SHORT), nullable=False, unique=True),
    Column("secret_hash", String(KEY), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime()),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("dedupe_key", String(KEY), unique=True),
    Column("origin", String(SHORT), nullable=False),
    Column("customer_id", Integer, _fk("customers", cascade=True), index=True),
    Column("response_id", Integer, _fk("responses"), index=True),
    Column("feedback_id", Integer, _fk("feedback_items"), index=True),
    Column("metric", String(16)),
    Column("score", Float),
    Column("aspect", String(SHORT)),
    Column("department", String(16), nullable=False, index=True),
    Column("assignee", String(KEY)),
    Column("priority", String(16), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("opened_at", UtcDateTime(), nullable=False, index=True),
    Column("first_contact_due_at", UtcDateTime(), nullable=False),
    Column("resolution_due_at", UtcDateTime(), nullable=False),
    Column("contacted_at", UtcDateTime()),
    Column("closed_at", UtcDateTime()),
    Column("escalation_level", Integer, nullable=False, default=0),
    Column("escalated_at", UtcDateTime()),
    Column("recovery_score", Float),
    Column("recovered", Boolean),
    Column("updated_at", UtcDateTime(), nullable=False),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, _fk("cases", cascade=True), nullable=False, index=True),
    Column("kind", String(SHORT), nullable=False),
    Column("actor", String(KEY)),
    Column("body", Text),
    Column("data", JSON),
    Column("created_at", UtcDateTime(), nullable=False),
)

rules = Table(
    "rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(KEY), nullable=False, unique=True),
    Column("definition", JSON, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("updated_at", UtcDateTime(), nullable=False),
)

action_runs = Table(
    "action_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("idempotency_key", String(256), nullable=False, unique=True),
    Column("rule", String(KEY), nullable=False),
    Column("action", String(SHORT), nullable=False),
    Column("event_key", String(KEY), nullable=False),
    Column("detail", Text),
    Column("created_at", UtcDateTime(), nullable=False),
)

message_templates = Table(
    "message_templates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(KEY), nullable=False),
    Column("language", String(8), nullable=False),
    Column("subject", String(512), nullable=False),
    Column("body", Text, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("key", "language"),
)

message_sends = Table(
    "message_sends",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("idempotency_key", String(256), nullable=False, unique=True),
    Column("customer_id", Integer, _fk("customers", cascade=True), index=True),
    Column("case_id", Integer, _fk("cases"), index=True),
    Column("channel", String(SHORT), nullable=False),
    Column("template", String(KEY), nullable=False),
    Column("language", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", String(512)),
    Column("not_before", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime()),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("idempotency_key", String(256), nullable=False, unique=True),
    Column("send_id", Integer, _fk("message_sends", cascade=True), index=True),
    Column("url", String(1024), nullable=False),
    Column("event", String(KEY), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("delivered_at", UtcDateTime()),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "delivery_id", Integer, _fk("webhook_deliveries", cascade=True), nullable=False, index=True
    ),
    Column("number", Integer, nullable=False),
    Column("status_code", Integer),
    Column("error", String(512)),
    Column("succeeded", Boolean, nullable=False),
    Column("attempted_at", UtcDateTime(), nullable=False),
    UniqueConstraint("delivery_id", "number"),
)

customer_tags = Table(
    "customer_tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("customer_id", Integer, _fk("customers", cascade=True), nullable=False),
    Column("tag", String(KEY), nullable=False, index=True),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("customer_id", "tag"),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(KEY), nullable=False, unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

segment_members = Table(
    "segment_members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("segment_id", Integer, _fk("segments", cascade=True), nullable=False),
    Column("customer_id", Integer, _fk("customers", cascade=True), nullable=False, index=True),
    Column("added_at", UtcDateTime(), nullable=False),
    UniqueConstraint("segment_id", "customer_id"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(256), nullable=False, unique=True),
    Column("task", String(SHORT), nullable=False),
    Column("args", JSON, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("not_before", UtcDateTime()),
    Column("lease_until", UtcDateTime()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("finished_at", UtcDateTime()),
    Column("error", String(512)),
)

Index(
    "ix_survey_invitations_customer_sent",
    survey_invitations.c.customer_id,
    survey_invitations.c.created_at,
)
Index("ix_feedback_items_kind_created", feedback_items.c.kind, feedback_items.c.created_at)

ENTITY_TABLES: tuple[Table, ...] = (
    customers,
    customer_identities,
    categories,
    products,
    orders,
    order_lines,
    touchpoints,
    support_tickets,
    ticket_messages,
    surveys,
    survey_versions,
    questions,
    responses,
    answers,
    feedback_items,
)

SERVICE_TABLES: tuple[Table, ...] = (survey_invitations, response_drafts, api_keys)
"""Tables the running service writes (links, half-finished answers, API keys); not imported."""

ACTION_TABLES: tuple[Table, ...] = (
    cases, case_events, rules, action_runs, message_templates, message_sends,
    webhook_deliveries, delivery_attempts, customer_tags, segments, segment_members, jobs,
)  # fmt: skip
"""Tables closing the loop writes: cases, rules and their runs, messages, tags, the job ledger."""

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(KEY), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("password_changed_at", UtcDateTime(), nullable=False),
    Column("disabled_at", UtcDateTime()),
)

user_sessions = Table(
    "user_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", Integer, _fk("users", cascade=True), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(KEY), nullable=False, index=True),
    Column("address", String(64), nullable=False, index=True),
    Column("succeeded", Boolean, nullable=False),
    Column("attempted_at", UtcDateTime(), nullable=False, index=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, _fk("users"), index=True),
    Column("username", String(KEY), nullable=False),
    Column("action", String(SHORT), nullable=False),
    Column("target", String(KEY)),
    Column("address", String(64)),
    Column("created_at", UtcDateTime(), nullable=False, index=True),
)

ANALYSIS_TABLES: tuple[Table, ...] = (feedback_analyses,)
"""What the analytics derived from the entities; rebuilt from them at will."""

ACCOUNT_TABLES: tuple[Table, ...] = (users, user_sessions, login_attempts, audit_log)
"""Dashboard users, their sessions, sign-in attempts (for rate limiting) and the audit log."""
