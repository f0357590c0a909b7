"""Every dashboard table is a :class:`DataTable`: rendered by one template macro, and
exported to CSV or Excel from the same page URL with ``?format=csv|xlsx&table=NAME``.

Exports carry raw values (ISO dates, unrounded numbers) under translated headers, and the
same masking as the page: a role that sees masked PII exports masked PII.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from openpyxl import Workbook

from suara.accounts import SignedIn
from suara.i18n import translate
from suara.ingest.outputs import excel_value
from suara.web.dashboard.render import export_links, language, render

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    """A catalogue key."""
    kind: str = "text"
    """How the page formats it: text, num, num1, pct, money, when, day, month, minutes,
    flag, link (``/dashboard/customers/{value}``), ``term:<prefix>`` (a stored key shown as
    its catalogue entry ``<prefix>.<value>``; exports keep the key)."""


@dataclass(slots=True)
class DataTable:
    name: str
    title: str
    """A catalogue key."""
    columns: Sequence[Column]
    rows: list[dict[str, Any]]
    note: str | None = None
    links: dict[str, str] = field(default_factory=dict)


def _plain(value: Any, tz: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (date, int, float, str)) or value is None:
        return value
    return str(value)


def export(table: DataTable, fmt: str, lang: str, tz: Any) -> Response:
    headers = [translate(c.label, lang) for c in table.columns]
    rows = [[_plain(row.get(c.key), tz) for c in table.columns] for row in table.rows]
    filename = f"suara-{table.name}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        body = ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel opens UTF-8 correctly
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(table.name[:31])
        sheet.append(headers)
        for row in rows:  # a comment "=HYPERLINK(…)" is text, not a formula to run
            sheet.append([excel_value(sheet, v) for v in row])
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
    sent = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",  # exports may hold personal data
        "X-Content-Type-Options": "nosniff",
    }
    return Response(body, media_type=EXPORT_TYPES[fmt], headers=sent)


def respond(
    request: Request,
    signed: SignedIn,
    template: str,
    context: dict[str, Any],
    tables: Sequence[DataTable],
) -> Response:
    """The page, or one of its tables as a file when ``?format=`` asks for it."""
    fmt = request.query_params.get("format")
    if fmt in EXPORT_TYPES:
        wanted = request.query_params.get("table")
        if wanted is None:
            chosen = tables[0] if tables else None
        else:
            chosen = next((t for t in tables if t.name == wanted), None)
            if chosen is None:
                names = ", ".join(t.name for t in tables) or "none"
                return PlainTextResponse(
                    f"no table {wanted!r} on this page (tables: {names})", status_code=404
                )
        if chosen is not None:
            suara = request.app.state.suara
            return export(chosen, fmt, language(request), suara.settings.tz)
    for table in tables:
        table.links = export_links(request, table.name)
    return render(request, signed, template, context | {"tables": {t.name: t for t in tables}})
