"""Invitation and reminder emails: plain text and simple HTML from the message catalogues,
in the customer's language, with the personal link and an opt-out link.

The opt-out link is also sent as ``List-Unsubscribe`` with one-click POST (RFC 8058), so mail
apps can show their own unsubscribe button.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

from suara.i18n import translate
from suara.surveys.mail import build_message


@dataclass(frozen=True, slots=True)
class SurveyEmail:
    """What one invitation or reminder says, before it is worded."""

    to: str
    name: str | None
    language: str
    title: str
    url: str
    optout_url: str
    expires: str
    reminder: bool = False


def _first_name(name: str | None, language: str) -> str:
    first = (name or "").strip().split(" ")[0]
    return first or translate("page.name_fallback", language)


def compose(email: SurveyEmail, *, sender: str) -> EmailMessage:
    """The message for ``email``: subject, text and HTML parts, unsubscribe headers."""
    lang = email.language
    subject_key = "email.reminder_subject" if email.reminder else "email.subject"
    subject = translate(subject_key, lang, title=email.title)
    greeting = translate("email.greeting", lang, name=_first_name(email.name, lang))
    body = translate("email.body", lang)
    button = translate("email.button", lang)
    expires = translate("email.expires", lang, date=email.expires)
    optout = translate("email.opt_out", lang)
    optout_label = translate("email.opt_out_link", lang)
    text = (
        f"{greeting}\n\n{body}\n\n{button}: {email.url}\n\n{expires}\n\n"
        f"{optout} {optout_label}: {email.optout_url}\n"
    )
    url, optout_url = escape(email.url), escape(email.optout_url)
    html = (
        f'<!doctype html><html lang="{lang}"><body style="font-family:sans-serif;'
        f'color:#1b1f24;max-width:36rem">'
        f"<p>{escape(greeting)}</p><p>{escape(body)}</p>"
        f'<p><a href="{url}" style="display:inline-block;padding:.7rem 1.4rem;'
        f"background:#0b5cad;color:#fff;border-radius:.375rem;text-decoration:none;"
        f'font-weight:600">{escape(button)}</a></p>'
        f'<p style="color:#4a5561">{escape(expires)}</p>'
        f'<p style="color:#4a5561;font-size:.9rem">{escape(optout)} '
        f'<a href="{optout_url}">{escape(optout_label)}</a></p></body></html>'
    )
    headers = {
        "List-Unsubscribe": f"<{email.optout_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": lang,
        "Auto-Submitted": "auto-generated",
    }
    return build_message(sender, email.to, subject, text, html, headers=headers)
