"""Sending email through an SMTP server (plain, STARTTLS or implicit TLS, optional login)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
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


def build_message(
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    *,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="suara.local")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


def check_config(config: SmtpConfig) -> str:
    """The host to connect to, or a :class:`ConfigurationError` saying what to set."""
    if not config.host:
        msg = "no SMTP server is set: set SUARA_SMTP_HOST (and SUARA_SMTP_PORT) to send email"
        raise ConfigurationError(msg)
    if config.security not in SECURITY:
        raise ConfigurationError(f"SUARA_SMTP_SECURITY must be one of {', '.join(SECURITY)}")
    return config.host


class SmtpSession:
    """One open SMTP connection; :meth:`send` tells a refused message from a broken server."""

    def __init__(self, smtp: smtplib.SMTP, config: SmtpConfig) -> None:
        self._smtp = smtp
        self._config = config
        self.sent = 0

    def send(self, message: EmailMessage) -> str | None:
        """None when the server accepted ``message``; the server's reason when it refused it.

        A failure of the connection itself raises :class:`DeliveryFailed`.
        """
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            return f"recipient refused ({', '.join(map(str, codes))})"
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            return f"message refused ({exc.smtp_code})"
        except (OSError, smtplib.SMTPException) as exc:
            host, port = self._config.host, self._config.port
            raise DeliveryFailed(f"the SMTP server {host}:{port} failed: {exc}") from exc
        self.sent += 1
        return None


@contextmanager
def smtp_session(config: SmtpConfig) -> Iterator[SmtpSession]:
    """Connect (and STARTTLS, and log in) once; yield a session that sends many messages."""
    host = check_config(config)
    smtp: smtplib.SMTP | None = None
    try:
        if config.security == "ssl":
            context = ssl.create_default_context()
            smtp = smtplib.SMTP_SSL(host, config.port, timeout=config.timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, config.port, timeout=config.timeout)
        if config.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if config.username:
            smtp.login(config.username, config.password or "")
    except (OSError, smtplib.SMTPException) as exc:
        if smtp is not None:
            smtp.close()
        msg = f"the SMTP server {host}:{config.port} refused or failed: {exc}"
        raise DeliveryFailed(msg) from exc
    session = SmtpSession(smtp, config)
    try:
        yield session
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
        logger.info("sent %d messages through %s:%d", session.sent, host, config.port)


def send_messages(config: SmtpConfig, messages: list[EmailMessage]) -> int:
    """Send ``messages`` over one SMTP connection; returns how many the server accepted."""
    if not messages:
        return 0
    with smtp_session(config) as session:
        for message in messages:
            session.send(message)
        return session.sent
