"""Per-entity batch writers: parsed rows in, upserts out, reference problems reported per row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, select, update

from suara.domain.entities import FeedbackKind, MessageAuthor
from suara.domain.frameworks import TouchpointKind
from suara.ingest.references import CustomerResolver, OrderLookup, ProductResolver
from suara.ingest.report import RowError
from suara.ingest.rowparser import records_of
from suara.ingest.upsert import lookup_ids, upsert, upsert_columns
from suara.storage import schema
from suara.storage.erasure import ERASED_TEXT

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
ColumnWriter = Callable[[WriteContext, list[int], dict[str, list[Any]]], list[RowError]]

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
    refs: list[Any], stamps: list[Any], details: dict[str, list[Any]], wanted: set[Any]
) -> dict[str, dict[str, Any]]:
    """Stub fields for each customer in ``wanted``: its earliest stamp and any known details."""
    stubs: dict[str, dict[str, Any]] = {}
    for index, ref in enumerate(refs):
        if ref not in wanted:
            continue
        stub = stubs.setdefault(ref, {})
        when = stamps[index]
        if when is not None and ("created_at" not in stub or when < stub["created_at"]):
            stub["created_at"] = when
        for target, values in details.items():
            if values[index] is not None:
                stub[target] = values[index]
    return stubs


def _customer_ids_of(
    ctx: WriteContext, refs: list[Any], stamps: list[Any], details: dict[str, list[Any]]
) -> dict[str, int]:
    """``customers.id`` for every customer in ``refs``, creating unknown ones as stubs.

    Stub details are gathered only for customers the store does not know yet: in a big
    export most rows are repeat customers, and their rows need no per-row work here.
    ``details`` maps a customers column to its values, row by row like ``refs``.
    """
    unique = set(refs)
    unique.discard(None)
    if not unique:
        return {}
    resolver = ctx.customers()
    unknown = unique.difference(resolver.known(unique))
    if unknown:
        resolver.create_stubs(_stub_customers(refs, stamps, details, unknown))
    return resolver.cache


def _customer_ids(
    ctx: WriteContext, batch: list[Parsed], *, stamp: str, fields: dict[str, str]
) -> dict[str, int]:
    """:func:`_customer_ids_of` for rows; ``fields`` maps a row field to a customers column."""
    rows = [r for _, r in batch]
    return _customer_ids_of(
        ctx,
        [r.get("customer_id") for r in rows],
        [r.get(stamp) for r in rows],
        {target: [r.get(name) for r in rows] for name, target in fields.items()},
    )


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
        if external_id in new or external_id in resolver.erased:
            continue  # an erased customer's details are not written back
        values = {c: row[c] for c in _CUSTOMER_COLUMNS if row.get(c) is not None}
        groups.setdefault(tuple(values), []).append(
            {f"v_{c}": v for c, v in values.items()} | {"b_id": known[external_id]}
        )
    table = schema.customers
    for columns, params in groups.items():
        statement = (  # never over an erasure, even one committed while this import runs
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.erased_at.is_(None))
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


_ORDER_CUSTOMER_FIELDS = {
    "customer_name": "name",
    "customer_email": "email",
    "customer_phone": "phone",
}


def write_orders(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    names = dict.fromkeys(name for _, r in batch for name in r)
    columns = {name: [r.get(name) for _, r in batch] for name in names}
    return write_order_columns(ctx, [number for number, _ in batch], columns)


def write_order_columns(
    ctx: WriteContext, numbers: list[int], columns: dict[str, list[Any]]
) -> list[RowError]:
    """Orders (and their lines) from parsed columns: the bulk path, with no dict per row."""
    size = len(numbers)
    refs = columns["customer_id"]
    details = {t: columns[f] for f, t in _ORDER_CUSTOMER_FIELDS.items() if f in columns}
    customers = _customer_ids_of(ctx, refs, columns["ordered_at"], details)
    empty: list[Any] = [None] * size
    cells = {name: columns.get(name, empty) for name in _ORDER_COLUMNS}
    if None in cells["status"]:
        cells["status"] = [
            status if status is not None else ("delivered" if delivered else "paid")
            for status, delivered in zip(cells["status"], cells["delivered_at"], strict=True)
        ]
    for flag in ("returned", "refunded"):
        if None in cells[flag]:
            cells[flag] = [False if value is None else value for value in cells[flag]]
    table = {
        "source": [ctx.source] * size,
        "external_id": columns["external_id"],
        "customer_id": list(map(customers.__getitem__, refs)),
        **cells,
        "updated_at": [ctx.now] * size,
    }
    upsert_columns(ctx.connection, schema.orders, table, key=("source", "external_id"))
    if "sku" in columns or "product_name" in columns:
        records = zip(numbers, records_of(columns, size), strict=True)
        lines = [(n, r) for n, r in records if r.get("sku") or r.get("product_name")]
        if lines:
            _write_order_lines(ctx, lines)
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
        existing = _existing_feedback(ctx, {_feedback_key(r, default_kind) for _, r in batch})
        # an erased customer's comment stays erased when the same export is imported again
        # (dropped before its customer is looked up, so that no new customer is made for it)
        batch = [(n, r) for n, r in batch if not _erased(existing, _feedback_key(r, default_kind))]
        customers = _customer_ids(ctx, batch, stamp="created_at", fields={"customer_name": "name"})
        erased = ctx.customers().erased  # the words of a customer erased on request stay out
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
                    "text": ERASED_TEXT if r.get("customer_id") in erased else r["text"],
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
        _upsert_feedback(ctx, rows, existing)
        return errors

    return write


def _feedback_key(row: dict[str, Any], default_kind: FeedbackKind) -> tuple[str, str]:
    return (row.get("kind") or default_kind.value, row["external_id"])


Existing = dict[tuple[str, str], tuple[int, str]]


def _existing_feedback(ctx: WriteContext, keys: set[tuple[str, str]]) -> Existing:
    """Those of ``keys`` (kind, external id) already in the store: their id and text."""
    if not keys:
        return {}
    items = schema.feedback_items
    query = select(items.c.kind, items.c.external_id, items.c.id, items.c.text).where(
        items.c.kind.in_(list({k for k, _ in keys})),  # the unique index starts with kind
        items.c.source == ctx.source,
        items.c.external_id.in_(list({e for _, e in keys})),
    )
    found = {(row[0], row[1]): (row[2], row[3]) for row in ctx.connection.execute(query)}
    return {key: value for key, value in found.items() if key in keys}


def _erased(existing: Existing, key: tuple[str, str]) -> bool:
    return key in existing and existing[key][1] == ERASED_TEXT


def _upsert_feedback(ctx: WriteContext, rows: list[dict[str, Any]], existing: Existing) -> None:
    """Write feedback items (not over an erased one); an item whose text changed loses its
    analysis, so that it is analysed afresh (``suara text reanalyze``, or the import's own
    analysis pass) instead of keeping the old text's."""
    rows = [row for row in rows if not _erased(existing, (row["kind"], row["external_id"]))]
    upsert(ctx.connection, schema.feedback_items, rows, key=("kind", "source", "external_id"))
    written = {(row["kind"], row["external_id"]): row["text"] for row in rows}  # last one wins
    changed = [
        existing[key][0]
        for key, text in written.items()
        if key in existing and existing[key][1] != text
    ]
    if changed:
        analyses = schema.feedback_analyses
        ctx.connection.execute(delete(analyses).where(analyses.c.feedback_id.in_(changed)))


def write_tickets(ctx: WriteContext, batch: list[Parsed]) -> list[RowError]:
    batch, errors = _unknown_orders(ctx, batch)
    message = FeedbackKind.SUPPORT_MESSAGE.value
    existing = _existing_feedback(ctx, {(message, r["external_id"]) for _, r in batch})
    # A ticket of an erased customer keeps being updated (status, times, CSAT: the figures
    # stay, detached), but not with the customer's words nor under a customer made anew.
    stored = stored_owners(ctx, schema.support_tickets, [r["external_id"] for _, r in batch])
    erased = {ticket: owner for ticket, (owner, gone) in stored.items() if gone}
    customers = _customer_ids(
        ctx,
        [(n, r) for n, r in batch if r["external_id"] not in erased],
        stamp="created_at",
        fields={},
    )
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
        status = r.get("status") or ("solved" if r.get("solved_at") else "open")
        erased_customer = erased.get(r["external_id"])
        if erased_customer is None and r.get("customer_id") is not None:
            erased_customer = ctx.customers().erased.get(r["customer_id"])
        if erased_customer is not None:
            # a stored ticket the file now gives to an erased customer keeps its owner (whose
            # erasure must still reach it); its words are taken as the erased customer's
            owner = stored.get(r["external_id"])
            customer_id: int | None = owner[0] if owner else erased_customer
            r = {**r, "subject": ERASED_TEXT if r.get("subject") else None}
        else:
            good.append(r)
            customer_id = customers.get(r["customer_id"]) if r.get("customer_id") else None
        rows.append(
            {
                "source": ctx.source,
                "external_id": r["external_id"],
                "customer_id": customer_id,
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
        # the customer's first message is feedback like any comment: analysed, with aspects
        tickets = {row["external_id"]: row for row in rows}
        feedback = [
            {
                "kind": message,
                "source": ctx.source,
                "external_id": r["external_id"],
                "channel": r["channel"],
                "text": r["description"],
                "customer_id": tickets[r["external_id"]]["customer_id"],
                "order_id": tickets[r["external_id"]]["order_id"],
                "ticket_id": ids[r["external_id"]],
                "created_at": r["created_at"],
            }
            for r in described
        ]
        _upsert_feedback(ctx, feedback, existing)
    return errors


def stored_owners(
    ctx: WriteContext, table: Table, external_ids: list[str]
) -> dict[str, tuple[int, bool]]:
    """The stored customer of each row of ``table`` (tickets, responses) named in the batch
    that has one, and whether that customer was erased, by the row's external id."""
    if not external_ids:
        return {}
    c = schema.customers
    query = (
        select(table.c.external_id, c.c.id, c.c.erased_at)
        .join(c, c.c.id == table.c.customer_id)
        .where(table.c.source == ctx.source, table.c.external_id.in_(external_ids))
    )
    return {row[0]: (row[1], row[2] is not None) for row in ctx.connection.execute(query)}


write_reviews = _feedback_writer(FeedbackKind.REVIEW)
write_comments = _feedback_writer(FeedbackKind.SOCIAL_COMMENT)
