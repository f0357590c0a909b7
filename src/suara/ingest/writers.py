"""Per-entity batch writers: parsed rows in, upserts out, reference problems reported per row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from operator import methodcaller
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from suara.domain.entities import FeedbackKind, MessageAuthor
from suara.domain.frameworks import TouchpointKind
from suara.ingest.references import CustomerResolver, OrderLookup, ProductResolver
from suara.ingest.report import RowError
from suara.ingest.upsert import lookup_ids, upsert
from suara.storage import schema

Parsed = tuple[int, dict[str, Any]]
_PHYSICAL_CHANNELS = {"store", "courier", "delivery"}


@dataclass
class WriteContext:
    connection: Connection
    source: str
    now: datetime
    file: str
    survey: str | None = None
    state: dict[str, Any] = field(default_factory=dict)

    def customers(self) -> CustomerResolver:
        if "customers" not in self.state:
            self.state["customers"] = CustomerResolver(self.connection, self.source, now=self.now)
        resolver: CustomerResolver = self.state["customers"]
        return resolver

    def products(self) -> ProductResolver:
        if "products" not in self.state:
            self.state["products"] = ProductResolver(self.connection, self.source, now=self.now)
        resolver: ProductResolver = self.state["products"]
        return resolver

    def orders(self) -> OrderLookup:
        if "orders" not in self.state:
            self.state["orders"] = OrderLookup(self.connection, self.source)
        lookup: OrderLookup = self.state["orders"]
        return lookup

    def error(self, row: int, column: str, reason: str) -> RowError:
        return RowError(self.file, row, column, reason)


Writer = Callable[[WriteContext, list[Parsed]], list[RowError]]

_CUSTOMER_COLUMNS = (
    "name",
    "email",
    "phone",
    "birthday",
    "gender",
    "city",
    "province",
    "preferred_language",
    "preferred_channel",
    "consent_email",
    "consent_email_at",
    "consent_whatsapp",
    "consent_whatsapp_at",
    "consent_sms",
    "consent_sms_at",
    "created_at",
)


def _stub_customers(
    batch: list[Parsed], *, stamp: str, fields: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Stub fields for each referenced customer: its earliest timestamp and any known details."""
    stubs: dict[str, dict[str, Any]] = {}
    for _, row in batch:
        ref = row.get("customer_id")
        if ref is None:
            continue
        stub = stubs.setdefault(ref, {})
        when = row.get(stamp)
        if when is not None and ("created_at" not in stub or when < stub["created_at"]):
            stub["created_at"] = when
        for source_field, target in fields.items():
            if row.get(source_field) is not None:
                stub[target] = row[source_field]
    return stubs


_CUSTOMER_REF = methodcaller("get", "customer_id")


def _customer_ids(
    ctx: WriteContext, batch: list[Parsed], *, stamp: str, fields: dict[str, str]
) -> dict[str, int]:
    """``customers.id`` for every ``customer_id`` the batch names, creating unknown ones.

    Stub details are gathered only from rows of customers the store does not know yet: in a
    big export most rows are repeat customers, and their rows need no per-row work here.
    """
    refs = set(map(_CUSTOMER_REF, (r for _, r in batch)))
    refs.discard(None)
    if not refs:
        return {}
    resolver = ctx.customers()
    unknown = refs.difference(resolver.known(refs))
    if unknown:
        fresh = [(n, r) for n, r in batch if r.get("customer_id") in unknown]
        resolver.create_stubs(_stub_customers(fresh, stamp=stamp, fields=fields))
    return resolver.cache


def write_customers(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    resolver = ctx.customers()
    latest = {row["external_id"]: row for _, row in batch}
    for row in latest.values():
        for channel in ("email", "whatsapp", "sms"):
            if (
                row.get(f"consent_{channel}") is not None
                and row.get(f"consent_{channel}_at") is None
            ):
                row[f"consent_{channel}_at"] = ctx.now
    known = resolver.known(latest)
    new = [e for e in latest if e not in known]
    if new:
        rows = [
            {c: latest[e].get(c) for c in _CUSTOMER_COLUMNS} | {"updated_at": ctx.now} for e in new
        ]
        for row in rows:
            row["created_at"] = row["created_at"] or ctx.now
        resolver.link(dict(zip(new, resolver.create(rows), strict=True)))
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for external_id, row in latest.items():
        if external_id in new:
            continue
        values = {c: row[c] for c in _CUSTOMER_COLUMNS if row.get(c) is not None}
        groups.setdefault(tuple(values), []).append(
            {f"v_{c}": v for c, v in values.items()} | {"b_id": known[external_id]}
        )
    table = schema.customers
    for columns, params in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({c: bindparam(f"v_{c}") for c in columns} | {"updated_at": ctx.now})
        )
        ctx.connection.execute(statement, params)
    return []


def _category_ids(ctx: WriteContext, paths: set[str]) -> dict[str, int]:
    """Categories from paths like ``"Fashion > Sepatu"``; each level is a category."""
    cache: dict[str, int] = ctx.state.setdefault("categories", {})
    table = schema.categories
    for path in paths:
        parent: int | None = None
        for name in (part.strip() for part in path.split(">")):
            if not name:
                continue
            if name not in cache:
                found = ctx.connection.execute(
                    select(table.c.id).where(table.c.name == name)
                ).scalar_one_or_none()
                if found is None:
                    found = ctx.connection.execute(
                        table.insert().values(name=name, parent_id=parent).returning(table.c.id)
                    ).scalar_one()
                cache[name] = found
            parent = cache[name]
        if parent is not None:
            cache[path] = parent
    return cache


def write_products(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    categories = _category_ids(ctx, {r["category"] for _, r in batch if r.get("category")})
    rows = [
        {
            "source": ctx.source,
            "external_id": r["external_id"],
            "name": r["name"],
            "category_id": categories.get(r["category"]) if r.get("category") else None,
            "price": r.get("price"),
            "created_at": ctx.now,
            "updated_at": ctx.now,
        }
        for _, r in batch
    ]
    upsert(ctx.connection, schema.products, rows, key=("source", "external_id"))
    return []


_ORDER_COLUMNS = (
    "channel",
    "status",
    "amount",
    "shipping_fee",
    "ordered_at",
    "promised_delivery_at",
    "delivered_at",
    "courier",
    "shipping_city",
    "shipping_province",
    "returned",
    "refunded",
)
_ORDER_KEYS = ("source", "external_id", "customer_id", *_ORDER_COLUMNS, "updated_at")


def write_orders(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    customers = _customer_ids(
        ctx,
        batch,
        stamp="ordered_at",
        fields={"customer_name": "name", "customer_email": "email", "customer_phone": "phone"},
    )
    defaults = dict.fromkeys(_ORDER_COLUMNS)
    fixed = {"source": ctx.source, "updated_at": ctx.now}
    rows = []
    for _, r in batch:
        row = defaults | r | fixed
        row["customer_id"] = customers[r["customer_id"]]
        if row["status"] is None:
            row["status"] = "delivered" if row["delivered_at"] else "paid"
        if row["returned"] is None:
            row["returned"] = False
        if row["refunded"] is None:
            row["refunded"] = False
        rows.append(row)
    upsert(ctx.connection, schema.orders, rows, key=("source", "external_id"), columns=_ORDER_KEYS)
    line_rows = [(n, r) for n, r in batch if r.get("sku") or r.get("product_name")]
    if line_rows:
        _write_order_lines(ctx, line_rows)
    return []


def _write_order_lines(ctx: WriteContext, batch: list[Parsed]) -> None:
    counters: dict[str, int] = ctx.state.setdefault("line_counters", {})
    products = ctx.products().resolve(
        {r.get("sku") or r["product_name"]: r.get("product_name") for _, r in batch}
    )
    order_ids = ctx.orders().resolve(r["external_id"] for _, r in batch)
    lines = []
    for _, r in batch:
        order = r["external_id"]
        line_no = r.get("line_no")
        if line_no is None:
            line_no = counters.get(order, 0) + 1
            counters[order] = line_no
        lines.append(
            {
                "order_id": order_ids[order],
                "line_no": line_no,
                "product_id": products[r.get("sku") or r["product_name"]],
                "quantity": r.get("quantity") or 1,
                "unit_price": r.get("unit_price"),
            }
        )
    upsert(ctx.connection, schema.order_lines, lines, key=("order_id", "line_no"))


def _unknown_orders(ctx: WriteContext, batch: list[Parsed]) -> tuple[list[Parsed], list[RowError]]:
    refs = {r["order_id"] for _, r in batch if r.get("order_id")}
    found = ctx.orders().resolve(refs) if refs else {}
    good: list[Parsed] = []
    errors: list[RowError] = []
    for number, r in batch:
        ref = r.get("order_id")
        if ref is not None and ref not in found:
            reason = (
                f"order {ref!r} of source {ctx.source!r} is not in the store; import orders first"
            )
            errors.append(ctx.error(number, "order_id", reason))
        else:
            good.append((number, r))
    return good, errors


def write_touchpoints(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    batch, errors = _unknown_orders(ctx, batch)
    customers = _customer_ids(ctx, batch, stamp="occurred_at", fields={})
    orders = ctx.orders().cache
    rows = [
        {
            "source": ctx.source,
            "external_id": r["external_id"],
            "customer_id": customers[r["customer_id"]],
            "order_id": orders.get(r["order_id"]) if r.get("order_id") else None,
            "stage": r["stage"],
            "channel": r["channel"],
            "kind": r.get("kind")
            or (
                TouchpointKind.PHYSICAL
                if r["channel"] in _PHYSICAL_CHANNELS
                else TouchpointKind.DIGITAL
            ),
            "name": r["name"],
            "occurred_at": r["occurred_at"],
        }
        for _, r in batch
    ]
    upsert(ctx.connection, schema.touchpoints, rows, key=("source", "external_id"))
    return errors


def _feedback_writer(default_kind: FeedbackKind) -> Writer:
    def write(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
        batch, errors = _unknown_orders(ctx, batch)
        customers = _customer_ids(ctx, batch, stamp="created_at", fields={"customer_name": "name"})
        products_wanted: dict[str, str | None] = {
            r["product_id"]: None for _, r in batch if r.get("product_id")
        }
        products = ctx.products().resolve(products_wanted) if products_wanted else {}
        orders = ctx.orders().cache
        rows = []
        for number, r in batch:
            scale = r.get("rating_scale_max") or (5 if r.get("rating") is not None else None)
            if r.get("rating") is not None and scale is not None and r["rating"] > scale:
                errors.append(
                    ctx.error(
                        number, "rating", f"{r['rating']:g} is above the scale maximum {scale}"
                    )
                )
                continue
            rows.append(
                {
                    "kind": r.get("kind") or default_kind.value,
                    "source": ctx.source,
                    "external_id": r["external_id"],
                    "channel": r.get("channel"),
                    "text": r["text"],
                    "rating": r.get("rating"),
                    "rating_scale_max": scale,
                    "language": r.get("language"),
                    "customer_id": customers.get(r["customer_id"])
                    if r.get("customer_id")
                    else None,
                    "order_id": orders.get(r["order_id"]) if r.get("order_id") else None,
                    "product_id": products.get(r["product_id"]) if r.get("product_id") else None,
                    "created_at": r["created_at"],
                }
            )
        upsert(ctx.connection, schema.feedback_items, rows, key=("kind", "source", "external_id"))
        return errors

    return write


def write_tickets(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    batch, errors = _unknown_orders(ctx, batch)
    customers = _customer_ids(ctx, batch, stamp="created_at", fields={})
    orders = ctx.orders().cache
    rows = []
    good = []
    for number, r in batch:
        early = [
            later
            for later in ("first_reply_at", "solved_at")
            if r.get(later) is not None and r[later] < r["created_at"]
        ]
        errors.extend(ctx.error(number, c, f"{c} is before created_at") for c in early)
        if early:
            continue
        good.append(r)
        status = r.get("status") or ("solved" if r.get("solved_at") else "open")
        rows.append(
            {
                "source": ctx.source,
                "external_id": r["external_id"],
                "customer_id": customers.get(r["customer_id"]) if r.get("customer_id") else None,
                "order_id": orders.get(r["order_id"]) if r.get("order_id") else None,
                "channel": r["channel"],
                "department": r.get("department") or "support",
                "agent": r.get("agent"),
                "subject": r.get("subject"),
                "status": status,
                "priority": r.get("priority"),
                "created_at": r["created_at"],
                "first_reply_at": r.get("first_reply_at"),
                "solved_at": r.get("solved_at"),
                "csat": r.get("csat"),
            }
        )
    upsert(ctx.connection, schema.support_tickets, rows, key=("source", "external_id"))
    described = [r for r in good if r.get("description")]
    if described:
        ids = lookup_ids(
            ctx.connection,
            schema.support_tickets,
            ctx.source,
            (r["external_id"] for r in described),
        )
        upsert(
            ctx.connection,
            schema.ticket_messages,
            [
                {
                    "ticket_id": ids[r["external_id"]],
                    "position": 0,
                    "author": MessageAuthor.CUSTOMER.value,
                    "agent": None,
                    "body": r["description"],
                    "sent_at": r["created_at"],
                }
                for r in described
            ],
            key=("ticket_id", "position"),
        )
    return errors


write_reviews = _feedback_writer(FeedbackKind.REVIEW)
write_comments = _feedback_writer(FeedbackKind.SOCIAL_COMMENT)
