"""Strict, fast parsers for the cell values found in Indonesian e-commerce exports.

Cells arrive as text (CSV, JSON) or already typed (openpyxl, pyarrow), so every parser takes
``object``. Where a value is ambiguous the Indonesian reading wins: dates are day-first, a lone
'.' or ',' followed by exactly three digits groups thousands, 'M' is *miliar* (10^9) and a
leading 0 on a phone number is the Indonesian trunk prefix. A value that cannot be read raises
:class:`ValueParseError` saying what is wrong and what is expected; nothing else escapes.
Missing cells (None, '') are the caller's business, but a blank string still gets a clean error.

These run some ten million times per bulk import: fast paths come first, and every regex and
lookup table is built once, at import time.
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import lru_cache
from typing import NoReturn

from suara.domain.encoding import encodable
from suara.domain.errors import ValueParseError


class _ProblemError(Exception):
    """What is wrong with a value; the public parser adds the value and the expected format."""


def _fail(value: object, kind: str, problem: object, expected: str) -> NoReturn:
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:76] + "...'"
    raise ValueParseError(f"{shown} is not {kind}: {problem} ({expected})") from None


def _wrong_type(value: object, kind: str) -> _ProblemError:
    return _ProblemError(f"{type(value).__name__} values cannot be read as {kind}")


def _why_not(text: str, letters: str) -> str:
    """Name the likeliest problem of text that no number pattern matched (error path only)."""
    if not text:
        return "it is blank"
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return "NaN and infinity are not allowed"
    return letters if any(c.isalpha() for c in text) else "it is not written as a plain number"


# --- numbers -------------------------------------------------------------------------------

_AMOUNT_EXPECTED = "expected an amount like 'Rp 1.250.000', '1.250.000,50', '1,5 jt' or '250rb'"
_NUMBER_EXPECTED = "expected a number like '1.250', '1.250,5', '12.5' or '-3'"
_INT_EXPECTED = "expected a whole number like '3' or '1.250'"
_MAX_DIGITS = 40  # no real amount needs more; also keeps int() far from its 4300-digit limit

_NUMBER = re.compile(r"([-+])?\s*([0-9]+(?:[.,][0-9]+)*)")
_DOTTED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3}){1,12}")  # the common export form: 1.250.000
# Matched against lower-cased text. A sign may stand before or after the currency; ',-' after
# the number is the Indonesian "no cents" mark (Rp 15.000,-).
_AMOUNT = re.compile(
    r"([-+])?\s*(?:rp\.?|idr)?\s*([-+])?\s*([0-9]+(?:[.,][0-9]+)*)(?:[.,]-{1,2})?"
    r"(?:\s*(jt|juta|rb|ribu|k|m|miliar|milyar)\.?)?(?:\s*(?:idr|rupiah))?"
)
_UNIT_EXPONENT = {"jt": 6, "juta": 6, "rb": 3, "ribu": 3, "k": 3, "m": 9, "miliar": 9, "milyar": 9}


def _split(num: str) -> tuple[str, str]:
    """Split ``[0-9]+([.,][0-9]+)*`` into integer and fraction digits.

    With both '.' and ',' the last one is the decimal separator. One kind used more than once
    groups thousands. A single separator followed by exactly three digits groups thousands
    ('1.250' is 1250) unless the part before it cannot be a thousands group: '0,500' is 0.5 and
    '1250.000' is 1250.0. Thousands groups must be 1-3 digits (no leading 0), then threes.
    """
    if len(num) > _MAX_DIGITS:
        raise _ProblemError(f"it is too long (over {_MAX_DIGITS} characters)")
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        dec = "." if num.rfind(".") > num.rfind(",") else ","
        head, _, frac = num.rpartition(dec)
        if dec in head:
            raise _ProblemError(f"'{dec}' is used both as decimal and as thousands separator")
        groups = head.split("," if dec == "." else ".")
    elif dots + commas == 0:
        return num, ""
    elif dots + commas == 1:
        head, _, tail = num.partition("." if dots else ",")
        if len(tail) == 3 and len(head) <= 3 and head[0] != "0":
            return head + tail, ""
        return head, tail
    else:
        groups, frac = num.split("." if dots else ","), ""
    if len(groups[0]) > 3 or groups[0][0] == "0":
        raise _ProblemError(f"'{groups[0]}' cannot start a number grouped in thousands")
    for group in groups[1:]:
        if len(group) != 3:
            raise _ProblemError(f"thousands groups must have 3 digits, not '{group}'")
    return "".join(groups), frac


def _from_number(value: object) -> float:
    """Typed cells: ints, finite floats and Decimals; a bool is a yes/no, never a number."""
    if isinstance(value, bool):
        raise _ProblemError("a true/false value is not a number")
    if not isinstance(value, int | float | Decimal):
        raise _wrong_type(value, "a number")
    if isinstance(value, Decimal) and not value.is_finite():
        raise _ProblemError("NaN and infinity are not allowed")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if math.isfinite(result):
        return result
    if isinstance(value, float):
        raise _ProblemError("NaN and infinity are not allowed")
    raise _ProblemError("it is too large")


def _to_float(whole: str, frac: str, exponent: int = 0) -> float:
    """Go through decimal text, so that '1,1 jt' is exactly 1100000.0."""
    if exponent:
        return float(f"{whole}.{frac or 0}e{exponent}")
    return float(f"{whole}.{frac}") if frac else float(whole)


def _signed(text: str) -> tuple[bool, str, str]:
    if _DOTTED.fullmatch(text):
        return False, text.replace(".", ""), ""
    match = _NUMBER.fullmatch(text)
    if match is None:
        raise _ProblemError(_why_not(text, "it contains letters"))
    return (match[1] == "-", *_split(match[2]))


def parse_amount(value: object) -> float:
    """Read an IDR amount; '(...)' or a '-' before or after 'Rp' makes it negative.

    'jt'/'juta' is 10^6, 'rb'/'ribu'/'k' 10^3 and 'M'/'miliar' 10^9: in Indonesian, 'M' never
    means million.
    """
    try:
        if not isinstance(value, str):
            return _from_number(value)
        text = value.strip()
        rest = text
        if text[:2] in ("Rp", "rp", "RP"):  # fast paths for 'Rp 1.250.000' and its kin
            rest = text[3:].lstrip() if text[2:3] in (" ", ".") else text[2:]
        if rest.isdigit() and rest.isascii() and len(rest) <= _MAX_DIGITS:
            return float(rest)
        if _DOTTED.fullmatch(rest):
            return float(rest.replace(".", ""))
        negative = text[:1] == "(" and text[-1:] == ")"
        if negative:
            text = text[1:-1].strip()
        match = _AMOUNT.fullmatch(text.lower())
        if match is None:
            raise _ProblemError(_why_not(text, "it has letters other than Rp/IDR and jt/rb/M"))
        sign1, sign2, num, unit = match.groups()
        if (sign1 and sign2) or (negative and (sign1 or sign2)):
            raise _ProblemError("it has more than one sign")
        whole, frac = _split(num)
        result = _to_float(whole, frac, _UNIT_EXPONENT[unit] if unit else 0)
        return -result if (negative or "-" in (sign1, sign2)) and result else result
    except _ProblemError as problem:
        _fail(value, "an amount", problem, _AMOUNT_EXPECTED)


def parse_number(value: object) -> float:
    """Read a plain signed number with the separator rules of :func:`parse_amount`."""
    try:
        if not isinstance(value, str):
            return _from_number(value)
        text = value.strip()
        if text.isdigit() and text.isascii() and len(text) <= _MAX_DIGITS:
            return float(text)
        negative, whole, frac = _signed(text)
        result = _to_float(whole, frac)
        return -result if negative and result else result
    except _ProblemError as problem:
        _fail(value, "a number", problem, _NUMBER_EXPECTED)


def parse_int(value: object) -> int:
    """Read a whole number; '1.250' is 1250 and '3,00' is 3, but '3,5' and 3.5 are errors."""
    try:
        if isinstance(value, str):
            text = value.strip()
            if text.isdigit() and text.isascii() and len(text) <= _MAX_DIGITS:
                return int(text)
            negative, whole, frac = _signed(text)
            if frac.strip("0"):
                raise _ProblemError("it has a fractional part")
            return -int(whole) if negative else int(whole)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        number = _from_number(value)
        if not number.is_integer():
            raise _ProblemError("it has a fractional part")
        return int(value) if isinstance(value, Decimal) else int(number)
    except _ProblemError as problem:
        _fail(value, "a whole number", problem, _INT_EXPECTED)


# --- dates and times -----------------------------------------------------------------------

_DATE_EXPECTED = "expected dd/mm/yyyy, yyyy-mm-dd or '5 Januari 2024'"
_DATETIME_EXPECTED = (
    "expected a date (dd/mm/yyyy, yyyy-mm-dd or '5 Januari 2024'), optionally followed by a"
    " time like '14:30', '14.30 WIB' or '14:30:05+07:00'"
)
_MONTH_WORDS = (
    "januari jan january|februari feb pebruari february|maret mar march|april apr|mei may"
    "|juni jun june|juli jul july|agustus agu agt ags aug august|sep sept september"
    "|oktober okt oct october|nov nopember nop november|desember des dec december"
)  # the last word of each month is its English name, used in messages
_MONTHS = {w: n for n, words in enumerate(_MONTH_WORDS.split("|"), 1) for w in words.split()}
_WEEKDAY_WORDS = (
    "senin selasa rabu kamis jumat jum'at sabtu minggu ahad sen sel rab kam jum sab min monday"
    " tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
)
_WEEKDAYS = frozenset(_WEEKDAY_WORDS.split())
_ENGLISH_MONTHS = [words.rsplit(" ", 1)[-1].title() for words in _MONTH_WORDS.split("|")]

_WEEKDAY = r"(?:(?P<wd>[a-z']+)\.?\s*,?\s+)?"  # ignored, but it must be a weekday name
_NUMERIC = r"(?P<a>[0-9]{1,4})(?P<sep>[/.-])(?P<mo>[0-9]{1,2})(?P=sep)(?P<b>[0-9]{1,4})"
_CLOCK = (  # a time after its separator: space, 'T', comma or 'pukul'
    r"(?:\s+pukul\s+|\s+jam\s+|\s*,\s*|\s+|(?<=[0-9])t)"
    r"(?P<h>[0-9]{1,2})[:.](?P<mi>[0-9]{2})(?:[:.](?P<s>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?"
    r"(?:\s*(?P<ap>[ap])\.?m\.?)?(?:\s*(?P<z>z|wita|wib|wit|utc|gmt|[+-][0-9]{2}(?::?[0-9]{2})?))?"
)
_NUMERIC_DATE = re.compile(_WEEKDAY + _NUMERIC)
_NUMERIC_MOMENT = re.compile(f"{_NUMERIC}(?:{_CLOCK})?")  # the fast path for most exports
_TIME = re.compile(_CLOCK + r"\Z")
_DAY_MONTH_YEAR = re.compile(
    _WEEKDAY
    + r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?[\s.-]*(?P<m>[a-z]+)\.?[\s,-]+(?P<y>[0-9]{4}|[0-9]{2})"
)
_MONTH_DAY_YEAR = re.compile(
    _WEEKDAY + r"(?P<m>[a-z]+)\.?[\s-]*(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>[0-9]{4})"
)
_ZONES: dict[str, tzinfo] = {"z": UTC, "utc": UTC, "gmt": UTC}
_ZONES |= {
    n: timezone(timedelta(hours=h), n.upper()) for n, h in (("wib", 7), ("wita", 8), ("wit", 9))
}


def _make_date(year: int, month: int, day: int, day_first: bool = False) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        hint = ""
        if day_first and 1 <= day <= 12:
            hint = "; dates are read day-first (dd/mm/yyyy), never month-first"
        raise _ProblemError(f"month {month} does not exist{hint}")
    if not 1 <= year <= 9999:
        raise _ProblemError(f"year {year} is out of range")
    last = monthrange(year, month)[1]
    raise _ProblemError(f"{_ENGLISH_MONTHS[month - 1]} {year} has no day {day} (only {last})")


def _numeric_date(match: re.Match[str]) -> date:
    """yyyy first (ISO-like) or last, day first: d/m/yyyy; a two-digit year is 20yy."""
    first, month_text, last = match.group("a", "mo", "b")
    month = int(month_text)
    if len(first) == 4 and len(last) <= 2:
        return _make_date(int(first), month, int(last))
    if len(first) > 2 or len(last) not in (2, 4):
        raise _ProblemError("the year must have 4 digits, at the start or the end")
    year = int(last) + 2000 if len(last) == 2 else int(last)
    return _make_date(year, month, int(first), day_first=True)


def _date_text(text: str) -> date:
    """Read a stripped, lower-cased date."""
    match = (
        _NUMERIC_DATE.fullmatch(text)
        or _DAY_MONTH_YEAR.fullmatch(text)
        or _MONTH_DAY_YEAR.fullmatch(text)
    )
    if match is None:
        if not text:
            raise _ProblemError("it is blank")
        if text.isdigit():
            raise _ProblemError(
                "a bare number is not read as a date (an Excel serial or yyyymmdd?)"
            )
        raise _ProblemError("its format is not recognised")
    if match["wd"] is not None and match["wd"] not in _WEEKDAYS:
        raise _ProblemError(f"'{match['wd']}' is not a day of the week")
    if match.re is _NUMERIC_DATE:
        return _numeric_date(match)
    if match["m"] not in _MONTHS:
        raise _ProblemError(f"'{match['m']}' is not a month name")
    year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
    return _make_date(year, _MONTHS[match["m"]], int(match["d"]))


def _iso_shaped(text: str) -> str | None:
    """ISO text as is, 'dd/mm/yyyy[ hh:mm...]' (or with '-', '.') rewritten to ISO, else None.

    Only a shortcut into the C ``fromisoformat``: whatever it rejects takes the careful path,
    which also writes the error message.
    """
    if text[4:5] == "-" and text[7:8] == "-":
        return text
    separator = text[2:3]
    if (
        separator in ("/", "-", ".")
        and text[5:6] == separator
        and (len(text) == 10 or (text[10:11] == " " and text[13:14] == ":"))
    ):
        return f"{text[6:10]}-{text[3:5]}-{text[:2]}{text[10:]}"
    return None


def parse_date(value: object) -> date:
    """Read a calendar date, always day-first: '05/03/2024' is 5 March, as in Indonesia.

    Numbers are refused rather than guessed at: an Excel serial (45356) or yyyymmdd means the
    column was exported with the wrong type, and guessing would hide that.
    """
    try:
        if isinstance(value, str):
            text = value.strip()
            iso = _iso_shaped(text) if len(text) == 10 else None
            if iso is not None:
                try:
                    return date.fromisoformat(iso)
                except ValueError:
                    pass
            return _date_text(text.lower())
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            raise _ProblemError("numbers are not read as dates (an Excel serial? format as date)")
        raise _wrong_type(value, "a date")
    except _ProblemError as problem:
        _fail(value, "a date", problem, _DATE_EXPECTED)


@lru_cache(maxsize=64)
def _offset(text: str) -> tzinfo:
    hours, minutes = int(text[1:3]), int(text[-2:]) if len(text) > 3 else 0
    if hours > 23 or minutes > 59:  # as lenient as fromisoformat, which reads most ISO text
        raise _ProblemError(f"'{text}' is not a valid UTC offset")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


_OUT_OF_RANGE = "it is outside the range of supported dates"


def _to_utc(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = datetime.combine(moment, moment.time(), tz)  # much faster than .replace()
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise _ProblemError(_OUT_OF_RANGE) from None


def _at(day: date, clock: re.Match[str] | None, tz: tzinfo) -> datetime:
    """The moment ``clock`` (groups of _CLOCK; none: midnight) on ``day``, in UTC."""
    hour = minute = second = micro = 0
    zone = tz
    if clock is not None and clock["h"] is not None:
        hour_text, minute_text, seconds, fraction, half, zone_text = clock.group(
            "h", "mi", "s", "f", "ap", "z"
        )
        hour, minute, second = int(hour_text), int(minute_text), int(seconds or 0)
        micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
        if half:
            if not 1 <= hour <= 12:
                raise _ProblemError(f"hour {hour} cannot be used with AM/PM")
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour > 23 or minute > 59 or second > 59:
            raise _ProblemError(f"the time {hour_text}:{minute_text}:{second:02d} does not exist")
        if zone_text is not None:
            zone = _ZONES.get(zone_text) or _offset(zone_text)
    try:
        moment = datetime(day.year, day.month, day.day, hour, minute, second, micro, zone)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise _ProblemError(_OUT_OF_RANGE) from None


def _datetime_text(text: str, tz: tzinfo) -> datetime:
    lowered = text.lower()
    match = _NUMERIC_MOMENT.fullmatch(lowered)
    if match is not None:
        return _at(_numeric_date(match), match, tz)
    match = _TIME.search(lowered)
    if match is None:
        return _at(_date_text(lowered), None, tz)
    try:
        return _at(_date_text(lowered[: match.start()]), match, tz)
    except _ProblemError:
        try:  # 'senin, 05.02.24' also ends like a time: the whole text may be a date
            return _at(_date_text(lowered), None, tz)
        except _ProblemError:
            pass
        raise


def parse_datetime(value: object, *, tz: tzinfo) -> datetime:
    """Read a moment and return it timezone-aware in UTC.

    Text without a zone, naive datetimes and plain dates (at midnight) are local time in
    ``tz``; WIB/WITA/WIT are +7/+8/+9. Times may use '.' ('14.30', Indonesian style) and follow
    the date after a space, 'T', a comma or 'pukul'. Numbers are refused: epoch seconds,
    milliseconds and Excel serials cannot be told apart.
    """
    try:
        if isinstance(value, str):
            text = value.strip()
            iso = _iso_shaped(text)
            if iso is not None:
                try:
                    return _to_utc(datetime.fromisoformat(iso), tz)
                except ValueError:
                    pass
            return _datetime_text(text, tz)
        if isinstance(value, datetime):
            return _to_utc(value, tz)
        if isinstance(value, date):
            return _to_utc(datetime(value.year, value.month, value.day), tz)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            raise _ProblemError("numbers are not read as times (epoch seconds? an Excel serial?)")
        raise _wrong_type(value, "a date and time")
    except _ProblemError as problem:
        _fail(value, "a date and time", problem, _DATETIME_EXPECTED)


# --- phone, yes/no, email, gender, text ----------------------------------------------------

_PHONE_EXPECTED = (
    "expected an Indonesian number like '0812-3456-7890', '+62 812 3456 7890' or"
    " '(021) 555 1234', or '+' and a country code"
)
_PHONE_SEPARATORS = re.compile(r"[\s().-]+")


def _phone(value: object) -> str:
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0 or (isinstance(value, float) and not value.is_integer()):
            raise _ProblemError("it is not a positive whole number")
        text = str(int(value))  # Excel drops the leading 0: 81234567890
    else:
        raise _wrong_type(value, "a phone number")
    digits = text.replace(" ", "").replace("-", "")
    if not digits.isdigit():
        digits = _PHONE_SEPARATORS.sub("", digits)
    plus = digits[:1] == "+"  # also '(+62) 812 ...'
    digits = digits[1:] if plus else digits
    if not (digits.isdigit() and digits.isascii()):
        if not digits:
            raise _ProblemError("it has no digits")
        if any(c in "/,;" for c in text):
            raise _ProblemError("it seems to hold more than one number")
        if any(c.isalpha() for c in digits):
            raise _ProblemError("it contains letters")
        raise _ProblemError("only digits, spaces, dashes, dots and parentheses are allowed")
    if not plus and digits[:2] == "00":
        plus, digits = True, digits[2:]
    if digits[:2] == "62":
        national = digits[2:]
        national = national[1:] if national[:1] == "0" else national
    elif plus:
        if 8 <= len(digits) <= 15 and digits[0] != "0":
            return "+" + digits
        raise _ProblemError("an international number has a country code and 8-15 digits")
    elif digits[0] == "0":
        national = digits[1:]
    elif digits[0] == "8":
        national = digits
    else:
        raise _ProblemError("it needs a leading 0, or '+' and the country code")
    if not national or national[0] in "01":
        raise _ProblemError("after 0 or +62 comes an area code or a mobile prefix 8..")
    shortest = 9 if national[0] == "8" else 8
    if not shortest <= len(national) <= 12:
        size = "short" if len(national) < shortest else "long"
        raise _ProblemError(f"too {size}: {len(national)} digits after 0 or +62, not {shortest}-12")
    return "+62" + national


def parse_phone(value: object) -> str:
    """Normalise to E.164 ('+62812...').

    A leading 0 is the Indonesian trunk prefix, '00' the international one; '62...' without '+'
    and bare mobiles ('812...', what Excel leaves of '0812...') are Indonesian. A '0' after +62
    ('+62 (0)21 ...') is dropped. The Indonesian part must be 8-12 digits, 9-12 for mobiles
    (starting with 8); other countries need '+' and 8-15 digits in all.
    """
    try:
        return _phone(value)
    except _ProblemError as problem:
        _fail(value, "a phone number", problem, _PHONE_EXPECTED)


_BOOL_EXPECTED = "expected ya/tidak, yes/no, y/n, true/false, benar/salah, on/off or 1/0"
_BOOLS: dict[str, bool] = dict.fromkeys(
    ("ya", "iya", "y", "yes", "true", "1", "benar", "betul", "setuju", "on"), True
) | dict.fromkeys(("tidak", "tdk", "n", "no", "false", "0", "salah", "tidak setuju", "off"), False)


def parse_bool(value: object) -> bool:
    """Read yes/no. A single 't' or 'f' is refused: 't' could be 'tidak' as well as 'true'."""
    try:
        if isinstance(value, str):
            key = value.strip().lower()
            result = _BOOLS.get(key)
            if result is None:
                result = _BOOLS.get(" ".join(key.split()))
            if result is not None:
                return result
            if key in ("t", "f"):
                raise _ProblemError(f"'{key}' is ambiguous (t: tidak or true?)")
            raise _ProblemError("it is blank" if not key else "it is not a yes/no word")
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) or (isinstance(value, Decimal) and value.is_finite()):
            if value == 0 or value == 1:
                return bool(value)
            raise _ProblemError("only the numbers 0 and 1 are yes/no")
        raise _wrong_type(value, "yes/no")
    except _ProblemError as problem:
        _fail(value, "a yes/no value", problem, _BOOL_EXPECTED)


_EMAIL_EXPECTED = "expected one address like 'nama@contoh.co.id'"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"  # a domain label: letters/digits, inner '-' or '_'
_EMAIL = re.compile(rf"[^@\s,;:<>()\[\]\\\"]+@{_LABEL}(?:\.{_LABEL})+")


def parse_email(value: object) -> str:
    """Trim and lower-case an address; only its shape is checked, not that it is deliverable."""
    if isinstance(value, str):
        text = value.strip().lower()
        if len(text) <= 254 and _EMAIL.fullmatch(text):
            return text
        local, _, domain = text.partition("@")
        checks = (
            (not text, "it is blank"),
            ("@" not in text, "it has no '@'"),
            (text.count("@") > 1, "it has more than one '@'"),
            (any(c.isspace() for c in text), "it contains spaces"),
            (not local, "nothing comes before '@'"),
            ("." not in domain, f"the domain '{domain}' has no dot"),
            (len(text) > 254, "it is longer than 254 characters"),
        )
        problem = next((p for bad, p in checks if bad), "it has characters an address cannot have")
    else:
        problem = f"{type(value).__name__} values cannot be email addresses"
    _fail(value, "an email address", problem, _EMAIL_EXPECTED)


_GENDER_EXPECTED = "expected P/Perempuan/Wanita, L/Laki-laki/Pria, or 'lainnya'"
_GENDERS: dict[str, str] = (
    dict.fromkeys(("p", "perempuan", "wanita", "w", "cewek", "f", "female", "woman"), "female")
    | dict.fromkeys(("l", "laki-laki", "lakilaki", "laki", "pria", "cowok", "m", "male"), "male")
    | dict.fromkeys(("lainnya", "lain-lain", "other", "non-binary", "nonbinary"), "other")
)


def parse_gender(value: object) -> str:
    """Return 'female', 'male' or 'other'; 'P' is perempuan (female), 'L' laki-laki (male)."""
    if isinstance(value, str):
        key = "-".join(value.lower().split())  # 'Laki laki' and 'Non Binary' are common
        result = _GENDERS.get(key)
        if result is not None:
            return result
        problem = "it is blank" if not key else "it is not a known gender word"
    else:
        problem = f"{type(value).__name__} values are not genders"
    _fail(value, "a gender", problem, _GENDER_EXPECTED)


def parse_text(value: object, *, max_length: int = 20_000) -> str:
    """Read free text; line ends become LF so that lengths and hashes do not depend on the OS.

    Bytes and a float NaN are refused: they are a decoding slip and a missing value, not text.
    """
    refused = (
        value is None
        or isinstance(value, bytes | bytearray)
        or (isinstance(value, float) and not math.isfinite(value))
    )
    text = encodable(value) if isinstance(value, str) else "" if refused else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.strip()
    if text and len(text) <= max_length:
        return text
    expected = f"expected non-empty text of at most {max_length:,} characters"
    if refused:
        problem = f"{type(value).__name__} values are not text"
    else:
        problem = f"it is {len(text):,} characters long" if text else "it is blank"
    _fail(value, "text", problem, expected)
