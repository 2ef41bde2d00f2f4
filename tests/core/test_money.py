"""app.money: what a cashier types becomes an exact Decimal or a clear refusal; never a float, never rounded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import InvalidInput
from app.money import (
    check_amount,
    format_money,
    from_cents,
    json_money,
    parse_amount,
    round_cents,
    round_money,
    to_cents,
)

# A Luhn-valid test PAN (Visa's documented test number).
CARD = "4111111111111111"


# ---- parse_amount: good input --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12.50", "12.50"),
        ("0.01", "0.01"),
        (".5", "0.50"),
        ("  7.25  ", "7.25"),
        ("S/ 1,234.50", "1234.50"),
        ("S/1234.5", "1234.50"),
        ("S/. 20", "20.00"),
        ("1,234,567.89", "1234567.89"),
        ("99999999.99", "99999999.99"),
    ],
)
def test_parse_amount_accepts_what_cashiers_type(typed: str, expected: str) -> None:
    value = parse_amount(typed)
    assert value == Decimal(expected)
    # Always exactly two places for PEN, so str() and the receipt show "12.50", not "12.5".
    assert str(value) == expected


def test_parse_amount_zero_only_when_allowed() -> None:
    assert parse_amount("0", allow_zero=True) == Decimal("0.00")
    with pytest.raises(InvalidInput) as err:
        parse_amount("0")
    assert err.value.code == "amount_zero"


# ---- parse_amount: bad input, each with its own reason ---------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "amount_empty"),
        ("   ", "amount_empty"),
        ("S/", "amount_empty"),
        ("-5", "amount_negative"),
        ("-0.01", "amount_negative"),
        ("0", "amount_zero"),
        ("0.00", "amount_zero"),
        ("NaN", "amount_not_finite"),
        ("nan", "amount_not_finite"),
        ("inf", "amount_not_finite"),
        ("-Infinity", "amount_not_finite"),
        ("1e3", "amount_exponent"),
        ("1E3", "amount_exponent"),
        ("2.5e-1", "amount_exponent"),
        ("abc", "amount_not_number"),
        ("12abc", "amount_not_number"),
        ("1.2.3", "amount_not_number"),
        ("0x10", "amount_not_number"),
        ("1.234", "amount_decimals"),
        ("0.001", "amount_decimals"),
        ("100000000", "amount_too_large"),
    ],
)
def test_parse_amount_refuses_with_the_reason(typed: str, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_amount(typed)
    assert err.value.code == code
    # Both languages have a real message for the code (not the bare code as a fallback).
    for lang in ("es", "en"):
        assert err.value.message(lang) and err.value.message(lang) != code


def test_parse_amount_never_rounds_to_the_currency() -> None:
    # Two decimals for PEN, none for JPY: the same text is fine in one and refused in the other.
    assert parse_amount("1.23", "PEN") == Decimal("1.23")
    with pytest.raises(InvalidInput) as err:
        parse_amount("1.5", "JPY")
    assert err.value.code == "amount_decimals"
    assert parse_amount("150", "JPY") == Decimal("150")


@pytest.mark.parametrize("typed", [CARD, "4111 1111 1111 1111", "4111-1111-1111-1111", f"S/ {CARD}"])
def test_card_number_typed_as_amount_is_refused_without_repeating_it(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_amount(typed)
    assert err.value.code == "card_number_refused"
    for text in (str(err.value), err.value.message("es"), err.value.message("en"), repr(err.value.params)):
        assert "1111" not in text.replace(" ", "").replace("-", "")


def test_card_number_with_thousands_commas_is_refused_without_repeating_it() -> None:
    # parse_amount drops commas before it reads the digits, so "4111,1111,1111,1111" IS the card number
    # to it; it must not come back in an "amount too large" message (which the desk shows and logs).
    typed = "4111,1111,1111,1111"
    with pytest.raises(InvalidInput) as err:
        parse_amount(typed)
    assert err.value.code == "card_number_refused"
    assert "1111" not in str(err.value)


def test_decimal_comma_is_not_read_as_a_thousands_separator() -> None:
    # "12,50" is S/ 12.50 to anyone used to a decimal comma; reading it as S/ 1,250.00 takes 100 times the
    # money. A comma that does not group exactly three digits must be refused, not dropped.
    with pytest.raises(InvalidInput):
        parse_amount("12,50")


# ---- check_amount: Decimals from the API and JSON -------------------------------------------------------
def test_check_amount_quantizes_to_the_minor_unit_without_rounding() -> None:
    assert str(check_amount(Decimal("5"))) == "5.00"
    assert str(check_amount(Decimal("5.1"))) == "5.10"
    assert str(check_amount(Decimal("5.100"))) == "5.10"  # trailing zeros are not extra decimals
    assert str(check_amount(Decimal("1E+3"))) == "1000.00"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("-1"), "amount_negative"),
        (Decimal("0"), "amount_zero"),
        (Decimal("-0"), "amount_zero"),
        (Decimal("NaN"), "amount_not_finite"),
        (Decimal("Infinity"), "amount_not_finite"),
        (Decimal("-Infinity"), "amount_not_finite"),
        (Decimal("1.005"), "amount_decimals"),
        (Decimal("100000000.00"), "amount_too_large"),
    ],
)
def test_check_amount_refuses(value: Decimal, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        check_amount(value)
    assert err.value.code == code


@pytest.mark.parametrize("value", [12.5, 12, "12.50", None])
def test_check_amount_takes_only_decimals(value: object) -> None:
    with pytest.raises(TypeError):
        check_amount(value)  # type: ignore[arg-type]


# ---- cents --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "cents"),
    [("0.01", 1), ("12.50", 1250), ("12.5", 1250), ("99999999.99", 9_999_999_999), ("1E+2", 10_000)],
)
def test_to_cents_and_back_are_exact(value: str, cents: int) -> None:
    assert to_cents(Decimal(value)) == cents
    assert isinstance(to_cents(Decimal(value)), int)
    back = from_cents(cents)
    assert back == Decimal(value)
    assert back.as_tuple().exponent == -2  # always two places: "12.50"


def test_to_cents_refuses_fractions_of_a_cent() -> None:
    with pytest.raises(InvalidInput) as err:
        to_cents(Decimal("1.005"))
    assert err.value.code == "amount_decimals"


def test_cents_follow_the_currency() -> None:
    assert to_cents(Decimal("150"), "JPY") == 150
    assert from_cents(150, "JPY") == Decimal("150")
    with pytest.raises(InvalidInput):
        to_cents(Decimal("1.5"), "JPY")


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN"])
def test_to_cents_refuses_non_finite_values_as_invalid_input(value: str) -> None:
    with pytest.raises(InvalidInput):
        to_cents(Decimal(value))


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: parse_amount(12.5), id="parse_amount"),  # type: ignore[arg-type]
        pytest.param(lambda: check_amount(12.5), id="check_amount"),  # type: ignore[arg-type]
        pytest.param(lambda: to_cents(12.5), id="to_cents"),  # type: ignore[arg-type]
        pytest.param(lambda: from_cents(12.5), id="from_cents"),  # type: ignore[arg-type]
        pytest.param(lambda: round_money(1.005), id="round_money"),  # type: ignore[arg-type]
        pytest.param(lambda: format_money(12.5), id="format_money"),  # type: ignore[arg-type]
    ],
)
def test_floats_are_refused_everywhere(call: object) -> None:
    # The module contract: "Floats are refused everywhere" (a float has already lost the cents).
    with pytest.raises(TypeError):
        call()  # type: ignore[operator]


# ---- rounding -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("1.005", "1.01"),  # half-up, not banker's rounding (which gives 1.00)
        ("1.015", "1.02"),
        ("1.025", "1.03"),  # banker's would give 1.02
        ("1.0049", "1.00"),
        ("2.675", "2.68"),
        ("0.125", "0.13"),
        ("-1.005", "-1.01"),  # half away from zero
        ("7", "7.00"),
    ],
)
def test_round_money_is_half_up_to_the_cent(value: str, rounded: str) -> None:
    assert str(round_money(Decimal(value))) == rounded


def test_round_cents_is_half_up() -> None:
    assert round_cents(Decimal("2.5")) == 3
    assert round_cents(Decimal("3.5")) == 4
    assert round_cents(Decimal("2.4999")) == 2


# ---- formatting ---------------------------------------------------------------------------------------
def test_format_money_reads_like_a_peruvian_price() -> None:
    assert format_money(Decimal("1234.5")) == "S/ 1,234.50"
    assert format_money(Decimal("1234.5"), "PEN", "es_PE") == "S/ 1,234.50"


def test_format_money_keeps_the_amount_exact() -> None:
    text = format_money(Decimal("99999999.99"))
    assert "99,999,999.99" in text
    assert "0.05" in format_money(Decimal("0.05"))


def test_json_money_is_a_plain_string() -> None:
    assert json_money(Decimal("123.40")) == "123.40"
    assert json_money(from_cents(10_000)) == "100.00"
    assert json_money(Decimal("1E+3").quantize(Decimal("0.01"))) == "1000.00"  # never "1E+3"
