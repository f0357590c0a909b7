"""Sending email through an SMTP server (plain, STARTTLS or implicit TLS, optional login)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from suara.domain.errors import ConfigurationError, DeliveryFailed

logger = logging.getLogger(__name__)
SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str | None = None
    port: int = 587
    security: str = "starttls"
    username: str | None = None
    password: str | None = None
    sender: str = "Suara <survei@localhost>"
    timeout: float = 30.0


def build_message(sender: str, to: str, subject: str, text: str, html: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="suara.local")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def send_messages(config: SmtpConfig, messages: list[EmailMessage]) -> int:
    """Send ``messages`` over one SMTP connection; returns how many the server accepted."""
    if not messages:
        return 0
    if not config.host:
        msg = "no SMTP server is set: set SUARA_SMTP_HOST (and SUARA_SMTP_PORT) to send email"
        raise ConfigurationError(msg)
    if config.security not in SECURITY:
        raise ConfigurationError(f"SUARA_SMTP_SECURITY must be one of {', '.join(SECURITY)}")
    try:
        smtp: smtplib.SMTP
        if config.security == "ssl":
            context = ssl.create_default_context()
            smtp = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
        with smtp:
            if config.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if config.username:
                smtp.login(config.username, config.password or "")
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        msg = f"the SMTP server {config.host}:{config.port} refused or failed: {exc}"
        raise DeliveryFailed(msg) from exc
    logger.info("sent %d messages through %s:%d", len(messages), config.host, config.port)
    return len(messages)
