"""Behaviour of the cell parsers: known Indonesian/English examples, and properties."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.domain.errors import ValueParseError
from suara.ingest.parsing import (
    parse_amount,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_email,
    parse_gender,
    parse_int,
    parse_number,
    parse_phone,
    parse_text,
)

WIB = timezone(timedelta(hours=7))
ID_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def _parse_datetime_wib(value: object) -> datetime:
    return parse_datetime(value, tz=WIB)


PARSERS: list[Callable[[object], object]] = [
    parse_amount,
    parse_number,
    parse_int,
    parse_date,
    _parse_datetime_wib,
    parse_phone,
    parse_bool,
    parse_email,
    parse_gender,
    parse_text,
]


def _error(parser: Callable[[object], object], value: object) -> str:
    with pytest.raises(ValueParseError) as caught:
        parser(value)
    return str(caught.value)


# --- amounts and numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rp 1.250.000", 1_250_000.0),
        ("Rp1.250.000,50", 1_250_000.5),
        ("Rp. 15.000", 15_000.0),
        ("rp 15.000,-", 15_000.0),
        ("IDR 1,250,000.50", 1_250_000.5),
        ("1.250.000", 1_250_000.0),
        ("1250000", 1_250_000.0),
        ("  1250000 ", 1_250_000.0),
        ("1.250.000,50", 1_250_000.5),
        ("-Rp 5.000", -5_000.0),
        ("Rp -5.000", -5_000.0),
        ("(Rp 5.000)", -5_000.0),
        ("1,5 jt", 1_500_000.0),
        ("1,5jt", 1_500_000.0),
        ("1.5 juta", 1_500_000.0),
        ("Rp 1,1 jt", 1_100_000.0),
        ("250rb", 250_000.0),
        ("250 ribu", 250_000.0),
        ("2M", 2_000_000_000.0),
        ("2 miliar", 2_000_000_000.0),
        ("1.250", 1_250.0),
        ("1,250", 1_250.0),
        ("1,5", 1.5),
        ("12.50", 12.5),
        ("0,500", 0.5),
        ("Rp\u00a01.250.000", 1_250_000.0),
        (1250000, 1_250_000.0),
        (12.5, 12.5),
        (Decimal("1250000.50"), 1_250_000.5),
    ],
)
def test_parse_amount_reads_indonesian_and_english_forms(raw: object, expected: float) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("1.25.000", "thousands groups must have 3 digits"),
        ("1,2,3", "thousands groups must have 3 digits"),
        ("1.000,000.5", "both as decimal and as thousands"),
        ("abc", "letters"),
        ("Rp", "letters"),
        ("", "blank"),
        ("   ", "blank"),
        ("NaN", "NaN"),
        ("(-5.000)", "more than one sign"),
        ("-(Rp 5.000)", "not an amount"),
        ("--5", "more than one sign"),
        ("1" * 50, "too long"),
        (True, "true/false"),
        (float("nan"), "NaN"),
        (float("inf"), "NaN and infinity"),
        (Decimal("NaN"), "NaN"),
        (10**400, "too large"),
        ([1], "list"),
    ],
)
def test_parse_amount_rejects_with_a_reason(raw: object, problem: str) -> None:
    message = _error(parse_amount, raw)
    assert problem in message
    assert "Rp 1.250.000" in message  # says what is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.250", 1250.0), ("-3", -3.0), ("+1,5", 1.5), ("12.5", 12.5), ("1.000.000,25", 1e6 + 0.25)],
)
def test_parse_number(raw: object, expected: float) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["Rp 5.000", "1e5", "5%", "1,5 jt", "", "1.25.000", False])
def test_parse_number_rejects_currency_units_and_garbage(raw: object) -> None:
    assert "expected a number" in _error(parse_number, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.250", 1250), ("3", 3), (" 42 ", 42), ("-1.000", -1000), ("3,00", 3), (3.0, 3), (7, 7)],
)
def test_parse_int(raw: object, expected: int) -> None:
    result = parse_int(raw)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("raw", ["3,5", "12.50", 3.5, Decimal("2.5"), True, "x", float("nan")])
def test_parse_int_rejects_fractions_and_non_numbers(raw: object) -> None:
    assert "expected a whole number" in _error(parse_int, raw)


# --- dates and times -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/03/2024", date(2024, 3, 5)),
        ("5/3/2024", date(2024, 3, 5)),
        ("05-03-2024", date(2024, 3, 5)),
        ("05.03.2024", date(2024, 3, 5)),
        ("05/03/24", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/03/05", date(2024, 3, 5)),
        ("5 Januari 2024", date(2024, 1, 5)),
        ("05 Jan 2024", date(2024, 1, 5)),
        ("5-Jan-2024", date(2024, 1, 5)),
        ("5-Jan-24", date(2024, 1, 5)),
        ("Senin, 5 Februari 2024", date(2024, 2, 5)),
        ("Jum'at, 1 Maret 2024", date(2024, 3, 1)),
        ("Monday, 5 February 2024", date(2024, 2, 5)),
        ("5 January 2024", date(2024, 1, 5)),
        ("January 5, 2024", date(2024, 1, 5)),
        ("Jan 5 2024", date(2024, 1, 5)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("17 Agt 2024", date(2024, 8, 17)),
        ("1 Pebruari 2024", date(2024, 2, 1)),
        ("10 Nopember 2024", date(2024, 11, 10)),
        ("1 MEI 2024", date(2024, 5, 1)),
        ("1 Okt 2024", date(2024, 10, 1)),
        ("25 Des 2024", date(2024, 12, 25)),
        ("Sept. 5, 2024", date(2024, 9, 5)),
        (datetime(2024, 3, 5, 23, 59), date(2024, 3, 5)),
        (date(2024, 3, 5), date(2024, 3, 5)),
    ],
)
def test_parse_date_is_day_first_and_knows_month_names(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("31/13/2024", "month 13 does not exist"),
        ("31/02/2024", "February 2024 has no day 31"),
        ("29/02/2023", "February 2023 has no day 29"),
        ("2024-02-30", "February 2024 has no day 30"),
        ("12/25/2024", "day-first (dd/mm/yyyy)"),
        ("1 Maretz 2024", "'maretz' is not a month name"),
        ("Foo, 1 Maret 2024", "'foo' is not a day of the week"),
        ("45356", "Excel serial"),
        (45356, "Excel serial"),
        (45356.5, "numbers are not read as dates"),
        ("05/03/202", "year"),
        ("kemarin", "not recognised"),
        ("", "blank"),
    ],
)
def test_parse_date_rejects_with_a_reason(raw: object, problem: str) -> None:
    message = _error(parse_date, raw)
    assert problem in message
    assert "dd/mm/yyyy" in message


def test_parse_date_message_names_the_value_the_problem_and_the_format() -> None:
    assert _error(parse_date, "31/13/2024") == (
        "'31/13/2024' is not a date: month 13 does not exist"
        " (expected dd/mm/yyyy, yyyy-mm-dd or '5 Januari 2024')"
    )


def _utc(year: int, month: int, day: int, hour: int, minute: int, *rest: int) -> datetime:
    second, micro = (*rest, 0, 0)[:2]
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/03/2024 14:30", _utc(2024, 3, 5, 7, 30)),
        ("05/03/2024 14.30", _utc(2024, 3, 5, 7, 30)),
        ("05/03/2024, 14:30", _utc(2024, 3, 5, 7, 30)),
        ("05/03/2024 14:30:05", _utc(2024, 3, 5, 7, 30, 5)),
        ("05/03/2024 14:30:05.123", _utc(2024, 3, 5, 7, 30, 5, 123000)),
        ("05/03/2024 2:30 PM", _utc(2024, 3, 5, 7, 30)),
        ("05/03/2024 12:15 am", _utc(2024, 3, 4, 17, 15)),
        ("05/03/2024 14:30 WIB", _utc(2024, 3, 5, 7, 30)),
        ("05/03/2024 14:30 WITA", _utc(2024, 3, 5, 6, 30)),
        ("05/03/2024 14:30 WIT", _utc(2024, 3, 5, 5, 30)),
        ("05/03/2024 14:30 UTC", _utc(2024, 3, 5, 14, 30)),
        ("05/03/2024 14:30 GMT", _utc(2024, 3, 5, 14, 30)),
        ("05/03/2024 14:30Z", _utc(2024, 3, 5, 14, 30)),
        ("05/03/2024 14:30 +0800", _utc(2024, 3, 5, 6, 30)),
        ("05/03/2024 14:30-05:00", _utc(2024, 3, 5, 19, 30)),
        ("Senin, 5 Februari 2024 pukul 14.30", _utc(2024, 2, 5, 7, 30)),
        ("5 Jan 2024 09:00", _utc(2024, 1, 5, 2, 0)),
        ("2024-03-05T14:30:00", _utc(2024, 3, 5, 7, 30)),
        ("2024-03-05 14:30", _utc(2024, 3, 5, 7, 30)),
        ("2024-03-05T14:30:00Z", _utc(2024, 3, 5, 14, 30)),
        ("2024-03-05T14:30:00+07:00", _utc(2024, 3, 5, 7, 30)),
        ("2024-03-05 14.30 WIB", _utc(2024, 3, 5, 7, 30)),
        ("05/03/2024", _utc(2024, 3, 4, 17, 0)),
        ("senin, 05.02.24", _utc(2024, 2, 4, 17, 0)),
        ("2024-03-05", _utc(2024, 3, 4, 17, 0)),
        (datetime(2024, 3, 5, 14, 30), _utc(2024, 3, 5, 7, 30)),
        (datetime(2024, 3, 5, 14, 30, tzinfo=UTC), _utc(2024, 3, 5, 14, 30)),
        (date(2024, 3, 5), _utc(2024, 3, 4, 17, 0)),
    ],
)
def test_parse_datetime_returns_aware_utc(raw: object, expected: datetime) -> None:
    result = parse_datetime(raw, tz=WIB)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("05/03/2024 25:00", "does not exist"),
        ("05/03/2024 14:61", "does not exist"),
        ("05/03/2024 13:00 PM", "AM/PM"),
        ("31/02/2024 14:30", "February 2024 has no day 31"),
        ("05/03/2024 14.30 +2500", "not a valid UTC offset"),
        ("05/03/2024 14:30 XYZ", "not recognised"),
        ("0001-01-01", "range"),
        (1_700_000_000, "epoch"),
        (45356.25, "numbers are not read as times"),
        ("", "blank"),
    ],
)
def test_parse_datetime_rejects_with_a_reason(raw: object, problem: str) -> None:
    message = _error(_parse_datetime_wib, raw)
    assert problem in message
    assert "14:30" in message  # the expected format


# --- phone, yes/no, email, gender, text ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+62 812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 0812 3456 7890", "+6281234567890"),
        ("0062 812 3456 7890", "+6281234567890"),
        ("8123456789", "+628123456789"),
        (81234567890, "+6281234567890"),
        (81234567890.0, "+6281234567890"),
        ("+62 (21) 555-1234", "+62215551234"),
        ("(021) 5551234", "+62215551234"),
        ("+65 6123 4567", "+6561234567"),
    ],
)
def test_parse_phone_normalises_to_e164(raw: object, expected: str) -> None:
    assert parse_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("0812-ABC-7890", "letters"),
        ("0812", "too short"),
        ("0812345678901234", "too long"),
        ("08123456", "too short"),
        ("12345678", "leading 0"),
        ("6561234567", "leading 0"),
        ("+6", "8-15 digits"),
        ("0812 3456 7890 / 0813 1111 2222", "more than one number"),
        ("0112345678", "area code"),
        ("", "no digits"),
        (-81234567890, "positive"),
        (True, "bool"),
    ],
)
def test_parse_phone_rejects_with_a_reason(raw: object, problem: str) -> None:
    message = _error(parse_phone, raw)
    assert problem in message
    assert "0812-3456-7890" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(word, True) for word in ["ya", "Ya", "YES", "y", "true", "1", "benar", "setuju", "on"]],
        *[(w, False) for w in ["tidak", "No", "n", "FALSE", "0", "salah", "off", "tidak setuju"]],
        ("Tidak  Setuju", False),
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (1.0, True),
    ],
)
def test_parse_bool(raw: object, expected: bool) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw", ["t", "T", "f", "maybe", "", 2, -1, 0.5, date(2024, 1, 1)])
def test_parse_bool_rejects_ambiguous_and_unknown(raw: object) -> None:
    assert "ya/tidak" in _error(parse_bool, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(" Budi.Santoso@Contoh.CO.ID ", "budi.santoso@contoh.co.id"), ("a+tag@x.com", "a+tag@x.com")],
)
def test_parse_email(raw: object, expected: str) -> None:
    assert parse_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("budi", "no '@'"),
        ("budi@@x.com", "more than one '@'"),
        ("@x.com", "nothing comes before"),
        ("budi@localhost", "has no dot"),
        ("budi santoso@x.com", "spaces"),
        ("budi@x..com", "characters"),
        ("a@x.com, b@y.com", "more than one '@'"),
        ("", "blank"),
        (42, "int"),
    ],
)
def test_parse_email_rejects_with_a_reason(raw: object, problem: str) -> None:
    message = _error(parse_email, raw)
    assert problem in message
    assert "nama@contoh.co.id" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[(w, "female") for w in ["P", "Perempuan", "wanita", "F", "Female", "W", "Cewek"]],
        *[(w, "male") for w in ["L", "Laki-laki", "laki laki", "Pria", "M", "Male", "Cowok"]],
        *[(w, "other") for w in ["lainnya", "Other", "non-binary", "Non Binary"]],
    ],
)
def test_parse_gender(raw: object, expected: str) -> None:
    assert parse_gender(raw) == expected


@pytest.mark.parametrize("raw", ["X", "", "laki perempuan", 1])
def test_parse_gender_rejects_unknown(raw: object) -> None:
    assert "Laki-laki" in _error(parse_gender, raw)


def test_parse_text_strips_and_normalises_line_ends() -> None:
    assert parse_text("  baris satu\r\nbaris dua\rtiga \n") == "baris satu\nbaris dua\ntiga"
    assert parse_text(1001) == "1001"


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("   ", "blank"), ("\r\n", "blank"), (b"abc", "bytes"), (float("nan"), "float"), (None, "")],
)
def test_parse_text_rejects_blank_and_non_text(raw: object, problem: str) -> None:
    assert problem in _error(parse_text, raw)


def test_parse_text_enforces_max_length() -> None:
    assert parse_text("x" * 10, max_length=10) == "x" * 10
    with pytest.raises(ValueParseError, match="11 characters long"):
        parse_text("x" * 11, max_length=10)


def test_errors_are_value_errors_too() -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount("banyak")


# --- properties ----------------------------------------------------------------------------

amounts = st.tuples(st.integers(0, 10**12), st.none() | st.integers(0, 99))


def _expected(whole: int, cents: int | None) -> float:
    return float(whole) if cents is None else float(f"{whole}.{cents:02d}")


@settings(max_examples=200, deadline=None)
@given(amounts, st.sampled_from(["", "Rp ", "Rp", "Rp. ", "rp"]), st.booleans())
def test_indonesian_amounts_round_trip(
    amount: tuple[int, int | None], prefix: str, negative: bool
) -> None:
    whole, cents = amount
    text = prefix + f"{whole:,}".replace(",", ".") + ("" if cents is None else f",{cents:02d}")
    text = f"-{text}" if negative else text
    assert parse_amount(text) == (-1 if negative else 1) * _expected(whole, cents)


@settings(max_examples=200, deadline=None)
@given(amounts, st.sampled_from(["", "IDR ", "Rp "]), st.booleans())
def test_english_amounts_round_trip(
    amount: tuple[int, int | None], prefix: str, negative: bool
) -> None:
    whole, cents = amount
    text = prefix + f"{whole:,}" + ("" if cents is None else f".{cents:02d}")
    text = f"({text})" if negative else text
    assert parse_amount(text) == (-1 if negative else 1) * _expected(whole, cents)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**15), 10**15))
def test_plain_and_grouped_integers_round_trip(number: int) -> None:
    assert parse_int(str(number)) == number
    assert parse_int(f"{number:,}".replace(",", ".")) == number
    assert parse_number(f"{number:,}") == float(number)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_round_trip(day: date) -> None:
    month = ID_MONTHS[day.month - 1]
    for text in (
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
        f"{day.day} {month} {day.year}",
        f"{day.day} {month[:3]} {day.year}",
    ):
        assert parse_date(text) == day, text


@settings(max_examples=200, deadline=None)
@given(st.text("0123456789", min_size=8, max_size=11), st.sampled_from([" ", "-", ".", ""]))
def test_mobile_numbers_normalise_to_one_e164(rest: str, separator: str) -> None:
    national = "8" + rest
    groups = separator.join(national[i : i + 4] for i in range(0, len(national), 4))
    expected = "+62" + national
    for text in (
        "0" + national,
        "+62" + national,
        "62" + national,
        national,
        "0" + groups,
        "+62 " + groups,
        f"(+62) {groups}",
    ):
        assert parse_phone(text) == expected, text
    assert parse_phone(int(national)) == expected


zones = st.sampled_from([UTC, WIB, timezone(timedelta(hours=-5, minutes=-30))])


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 12, 30)),
    zones,
    zones,
)
def test_parse_datetime_is_always_aware_utc(
    moment: datetime, local: timezone, zone: timezone
) -> None:
    naive_seconds = moment.replace(microsecond=0)
    cases = [
        (moment.isoformat(), moment.replace(tzinfo=local)),
        (moment.isoformat(sep=" "), moment.replace(tzinfo=local)),
        (moment.replace(tzinfo=zone).isoformat(), moment.replace(tzinfo=zone)),
        (naive_seconds.strftime("%d/%m/%Y %H:%M:%S"), naive_seconds.replace(tzinfo=local)),
        (naive_seconds.strftime("%d/%m/%Y %H.%M"), naive_seconds.replace(second=0, tzinfo=local)),
        (moment, moment.replace(tzinfo=local)),
        (moment.replace(tzinfo=zone), moment.replace(tzinfo=zone)),
    ]
    for raw, expected in cases:
        result = parse_datetime(raw, tz=local)
        assert result.tzinfo is UTC
        assert result.utcoffset() == timedelta(0)
        assert result == expected, raw


def _only_value_parse_errors(parser: Callable[[object], object], value: object) -> None:
    try:
        parser(value)
    except ValueParseError as error:
        message = str(error)
    else:
        return
    assert message


@pytest.mark.parametrize("parser", PARSERS)
@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_arbitrary_text_raises_only_value_parse_error(
    parser: Callable[[object], object], text: str
) -> None:
    _only_value_parse_errors(parser, text)


@pytest.mark.parametrize("parser", PARSERS)
@settings(max_examples=200, deadline=None)
@given(text=st.text(" 0123456789.,-+()/:RpIDRjutarbkMTZWIBpukul", max_size=30))
def test_number_and_date_like_text_raises_only_value_parse_error(
    parser: Callable[[object], object], text: str
) -> None:
    _only_value_parse_errors(parser, text)


@pytest.mark.parametrize("parser", PARSERS)
@settings(max_examples=200, deadline=None)
@given(
    value=st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.decimals()
    | st.binary(max_size=8)
    | st.dates()
    | st.datetimes(timezones=st.none() | st.just(UTC))
    | st.lists(st.integers(), max_size=2)
)
def test_arbitrary_typed_cells_raise_only_value_parse_error(
    parser: Callable[[object], object], value: object
) -> None:
    _only_value_parse_errors(parser, value)
