"""Whether and when a customer may be contacted: consent, opt-out, quiet hours.

Email follows the same rule as survey invitations (:func:`suara.surveys.outreach.refusal`);
WhatsApp and SMS need their own consent and a phone number. Quiet hours (21:00-08:00 by
default) are read in the customer's time zone, from their province (WIB/WITA/WIT), else the
store's; a message due in them waits for the morning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from suara.domain.errors import ConfigurationError
from suara.domain.geography import normalise_province, province_time_zone
from suara.surveys.outreach import refusal

CHANNELS = ("email", "whatsapp", "sms")


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time = time(21)
    end: time = time(8)

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """``"21:00-08:00"``; an empty string means no quiet hours."""
        if not text.strip():
            return cls(time(0), time(0))
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError as exc:
            msg = f"SUARA_QUIET_HOURS={text!r}: write it as HH:MM-HH:MM, e.g. 21:00-08:00"
            raise ConfigurationError(msg) from exc
        return cls(start, end)

    def contains(self, local: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def wait_until(self, now: datetime, tz: ZoneInfo) -> datetime | None:
        """When a message due ``now`` may go, or None when it may go now."""
        local = now.astimezone(tz)
        if not self.contains(local.time().replace(tzinfo=None)):
            return None
        day = local.date() if local.time() < self.end else local.date() + timedelta(days=1)
        return datetime.combine(day, self.end, tzinfo=tz)


def customer_zone(province: str | None, default: ZoneInfo) -> ZoneInfo:
    canonical = normalise_province(province) if province else None
    zone = province_time_zone(canonical) if canonical else None
    return ZoneInfo(zone.value) if zone else default


def channel_refusal(row: Any, channel: str) -> str | None:
    """Why this customer row may not get a message on ``channel`` (None: they may)."""
    if channel == "email":
        return refusal(row)
    if row.erased_at is not None:
        return "erased"
    consent = row.consent_whatsapp if channel == "whatsapp" else row.consent_sms
    if consent is False:
        return "opted_out"
    if consent is not True:
        return "no_consent"
    if not row.phone:
        return "no_phone"
    return None
