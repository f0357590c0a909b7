"""Field specifications: how one target field is found in a file and parsed from a cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum
from typing import Any

from suara.domain.channels import normalise_channel
from suara.domain.errors import ValueParseError
from suara.domain.geography import normalise_province
from suara.ingest import parsing

Parser = Callable[[Any], Any]
EXTRA = "__answers__"
"""Where a parsed row keeps the columns no field claims (survey answers, for responses)."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    repeats: bool = True
    """Values recur across rows (dates, channels, amounts): parse each distinct value once."""


def text(max_length: int) -> Parser:
    def parse(value: Any) -> str:
        return parsing.parse_text(value, max_length=max_length)

    return parse


def identifier(value: Any) -> str:
    """External ids: numbers from Excel come as floats (``1001.0``); keep them as ``"1001"``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return parsing.parse_text(value, max_length=128)


def datetime_in(tz: tzinfo) -> Parser:
    def parse(value: Any) -> Any:
        return parsing.parse_datetime(value, tz=tz)

    return parse


def channel(value: Any) -> str:
    key = normalise_channel(parsing.parse_text(value, max_length=32))
    if not key:
        raise ValueParseError("channel is empty")
    return key


def province(value: Any) -> str:
    """Known provinces fold to one spelling; an unknown one is kept, trimmed, as given."""
    raw = parsing.parse_text(value, max_length=128)
    return normalise_province(raw) or raw


def choice(enum: type[StrEnum], aliases: dict[str, str] | None = None) -> Parser:
    """A parser accepting an enum's keys (any case) and Indonesian/English aliases."""
    table = {member.value: member.value for member in enum}
    table.update({k.lower(): v for k, v in (aliases or {}).items()})
    allowed = ", ".join(member.value for member in enum)

    def parse(value: Any) -> str:
        key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        found = table.get(key) or table.get(str(value).strip().lower())
        if found is None:
            raise ValueParseError(f"{str(value)!r} is not one of: {allowed}")
        return found

    return parse


def bounded_number(low: float, high: float) -> Parser:
    def parse(value: Any) -> float:
        number = parsing.parse_number(value)
        if not low <= number <= high:
            raise ValueParseError(f"{number:g} is outside {low:g}–{high:g}")
        return number

    return parse


def non_negative_amount(value: Any) -> float:
    amount = parsing.parse_amount(value)
    if amount < 0:
        raise ValueParseError(f"amount {amount:,.0f} is negative")
    return amount


def positive_int(value: Any) -> int:
    number = parsing.parse_int(value)
    if number <= 0:
        raise ValueParseError(f"{number} must be at least 1")
    return number


def bounded_int(low: int, high: int) -> Parser:
    def parse(value: Any) -> int:
        number = parsing.parse_int(value)
        if not low <= number <= high:
            raise ValueParseError(f"{number} is outside {low}–{high}")
        return number

    return parse


def choice_text(allowed: tuple[str, ...], aliases: dict[str, str]) -> Parser:
    """Like :func:`choice` for small vocabularies that have no enum of their own."""
    table = {a: a for a in allowed} | aliases
    listed = ", ".join(allowed)

    def parse(value: Any) -> str:
        found = table.get(str(value).strip().lower())
        if found is None:
            raise ValueParseError(f"{str(value)!r} is not one of: {listed}")
        return found

    return parse
