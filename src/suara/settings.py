"""One Settings object, built at the entry point and passed down (never a module singleton)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from suara.domain.errors import ConfigurationError

PLACEHOLDER_SECRET = "change-me"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every knob Suara reads, from ``SUARA_*`` environment variables or keyword arguments."""

    model_config = SettingsConfigDict(env_prefix="SUARA_", extra="forbid")

    home: Path = Field(default_factory=lambda: Path.home() / ".suara")
    database_url: str | None = None
    timezone: str = "Asia/Jakarta"
    language: str = "id"
    environment: Environment = Environment.DEVELOPMENT
    secret_key: str = PLACEHOLDER_SECRET
    log_level: str = "WARNING"
    public_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "Suara <survei@localhost>"
    survey_link_days: int = Field(default=14, ge=1)
    survey_contact_days: int = Field(default=30, ge=0)
    survey_reminder_days: int = Field(default=3, ge=1)
    session_hours: int = Field(default=12, ge=1)
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    redis_url: str | None = None
    rules_dir: Path | None = None
    case_routing: dict[str, str] = Field(default_factory=dict)
    case_sla_hours: dict[str, tuple[int, int]] = Field(default_factory=dict)
    quiet_hours: str = "21:00-08:00"
    webhook_secret: str | None = None
    webhook_attempts: int = Field(default=5, ge=1, le=20)
    message_gateway_url: str | None = None
    department_emails: dict[str, str] = Field(default_factory=dict)
    job_lease_seconds: int = Field(default=600, ge=1)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            msg = f"SUARA_TIMEZONE={value!r} is not a time zone name (try 'Asia/Jakarta')"
            raise ValueError(msg) from exc
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in {"id", "en"}:
            msg = f"SUARA_LANGUAGE={value!r}: Suara speaks 'id' and 'en'"
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _no_placeholder_secret_in_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION and self.secret_key == PLACEHOLDER_SECRET:
            msg = "SUARA_SECRET_KEY must be set to a real secret when SUARA_ENVIRONMENT=production"
            raise ValueError(msg)
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def sqlite_path(self) -> Path:
        return self.home.expanduser() / "suara.db"

    @property
    def resolved_rules_dir(self) -> Path:
        return (self.rules_dir or self.home / "rules").expanduser()

    @property
    def resolved_database_url(self) -> str:
        """The database to use: ``SUARA_DATABASE_URL`` or the embedded SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.sqlite_path}"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with a :class:`ConfigurationError` for bad values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigurationError(f"invalid settings: {exc}") from exc
