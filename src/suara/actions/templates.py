"""Message templates per language with personalisation fields, and their preview.

Built-in templates ship in Indonesian and English; a row in ``message_templates`` with the
same key and language replaces the built-in (that is what the UI edits). Fields are written
``{first_name}``; a template naming a field that does not exist is refused when saved, with
the template, language and field in the message.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from suara.domain.errors import TemplateError
from suara.domain.frameworks import ASPECTS, Aspect
from suara.i18n import LANGUAGES
from suara.storage import Store, schema

FIELDS = {
    "first_name": "Sari",
    "name": "Sari Wulandari",
    "case_id": "42",
    "aspect_label": "Pengiriman",
    "department": "operations",
    "order_id": "1001",
}
"""Every personalisation field, with the sample value a preview shows."""


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    language: str
    subject: str
    body: str


BUILTIN: dict[tuple[str, str], Template] = {
    (t.key, t.language): t
    for t in (
        Template("case_followup", "id", "Maaf atas pengalaman Anda, {first_name}",
                 "Halo {first_name},\n\nTerima kasih sudah jujur memberi tahu kami. Kami "
                 "mohon maaf soal {aspect_label}. Tim kami sudah menerima laporan Anda (kasus "
                 "#{case_id}) dan akan segera menghubungi Anda untuk menyelesaikannya."),
        Template("case_followup", "en", "We're sorry about your experience, {first_name}",
                 "Hi {first_name},\n\nThank you for telling us honestly. We are sorry about "
                 "{aspect_label}. Our team has your report (case #{case_id}) and will contact "
                 "you shortly to put it right."),
        Template("birthday", "id", "Selamat ulang tahun, {first_name}!",
                 "Halo {first_name},\n\nSelamat ulang tahun! Semoga harimu menyenangkan. "
                 "Ada hadiah kecil menunggumu di toko kami."),
        Template("birthday", "en", "Happy birthday, {first_name}!",
                 "Hi {first_name},\n\nHappy birthday! We hope you have a lovely day. A small "
                 "gift is waiting for you in our shop."),
        Template("winback", "id", "Kami kangen, {first_name}",
                 "Halo {first_name},\n\nSudah lama Anda tidak mampir. Ada yang bisa kami "
                 "perbaiki? Balas pesan ini, kami membacanya."),
        Template("winback", "en", "We miss you, {first_name}",
                 "Hi {first_name},\n\nIt has been a while. Is there anything we could do "
                 "better? Reply to this message; we read every answer."),
    )
}  # fmt: skip


def fields_of(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check(template: Template) -> None:
    """A :class:`TemplateError` naming the template, language and unknown field, if any."""
    where = f"template {template.key!r} ({template.language})"
    if template.language not in LANGUAGES:
        raise TemplateError(f"{where}: language must be one of {', '.join(LANGUAGES)}")
    for part, text in (("subject", template.subject), ("body", template.body)):
        try:
            unknown = fields_of(text) - set(FIELDS)
        except ValueError as exc:
            raise TemplateError(f"{where}, {part}: {exc} (write braces as {{{{ }}}})") from exc
        if unknown:
            known = ", ".join(sorted(FIELDS))
            msg = f"{where}, {part}: unknown field {sorted(unknown)[0]!r} (known: {known})"
            raise TemplateError(msg)


class SafeFields(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: Template, values: dict[str, Any]) -> tuple[str, str]:
    """Subject and body with the fields filled; a field without a value becomes empty."""
    fields = SafeFields({k: "" if v is None else str(v) for k, v in values.items()})
    return template.subject.format_map(fields), template.body.format_map(fields)


def aspect_label(aspect: str | None, language: str) -> str:
    try:
        label = ASPECTS[Aspect(aspect or "")].label
    except ValueError:
        return ""
    return label.id if language == "id" else label.en


class TemplateBook:
    """Templates in the store over the built-ins."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def known(self, connection: Connection | None = None) -> set[str]:
        with self.store.engine.connect() as own:
            rows = (connection or own).execute(select(schema.message_templates.c.key))
            return {k for k, _ in BUILTIN} | {str(r[0]) for r in rows}

    def get(self, key: str, language: str) -> Template:
        t = schema.message_templates
        with self.store.engine.connect() as connection:
            row = connection.execute(
                select(t.c.subject, t.c.body).where(t.c.key == key, t.c.language == language)
            ).first()
        if row is not None:
            return Template(key, language, row.subject, row.body)
        if (key, language) in BUILTIN:
            return BUILTIN[key, language]
        known = ", ".join(sorted(self.known()))
        raise TemplateError(f"no message template {key!r} in {language!r} (known: {known})")

    def save(self, template: Template, *, now: datetime) -> None:
        check(template)
        t = schema.message_templates
        with self.store.transaction() as connection:
            connection.execute(
                delete(t).where(t.c.key == template.key, t.c.language == template.language)
            )
            connection.execute(
                insert(t).values(key=template.key, language=template.language,
                                 subject=template.subject, body=template.body, updated_at=now)
            )  # fmt: skip

    def preview(
        self, key: str, language: str, values: dict[str, Any] | None = None
    ) -> tuple[str, str]:
        """What the message would say, with sample values for fields not given."""
        return render(self.get(key, language), FIELDS | (values or {}))
