"""Money: ``Decimal`` amounts in code, integer minor units (cents) in the database, strings in JSON.

Contracts:
- :func:`parse_amount` turns what a person typed into a ``Decimal`` or raises ``InvalidInput``. It refuses
  empty text, non-numbers, NaN and infinity, exponents ("1e3"), negative amounts, and more decimals than
  the currency has: an amount is never silently rounded.
- :func:`to_cents` / :func:`from_cents` convert exactly; :func:`round_money` rounds half-up to the minor
  unit and is only used where a computation (interest, a late-fee rate) produces fractions of a cent.
- Floats are refused everywhere.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from app.cards import refuse_card_numbers
from app.errors import InvalidInput

MAX_AMOUNT = Decimal("99999999.99")  # ten million minus a cent: far above any counter payment
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


@lru_cache(maxsize=32)
def minor_digits(currency: str) -> int:
    """Decimal places of ``currency`` (PEN and USD: 2; JPY: 0; CLP: 0), from Babel's CLDR data."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


def parse_amount(text: str, currency: str = "PEN", *, allow_zero: bool = False) -> Decimal:
    """Parse a typed amount; raise ``InvalidInput`` with the reason for anything not acceptable.

    Accepts "12", "12.5", "12.50", " 1,234.50 " (commas only as thousands separators, in groups of
    three) and an optional currency symbol prefix such as "S/". Refuses "", "abc", "NaN", "inf", "1e3",
    "-5", "0" (unless ``allow_zero``), "12,50" (a decimal comma would be read as a hundred times the
    money), and "1.234" for a two-decimal currency. A card number, however it is written, is refused
    without being repeated.
    """
    if isinstance(text, float):  # pragma: no cover - a programming error, not user input
        raise TypeError("amounts are never floats")
    raw = str(text).strip()
    refuse_card_numbers(raw)
    cleaned = raw
    for prefix in ("S/.", "S/", "$", "US$", "PEN", "USD"):
        if cleaned.upper().startswith(prefix.upper()):
            cleaned = cleaned[len(prefix) :].strip()
            break
    cleaned = cleaned.replace(" ", "")
    refuse_card_numbers(cleaned.replace(",", "").replace(".", ""))
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise InvalidInput("amount_not_number", text=raw)
        cleaned = cleaned.replace(",", "")
    if not cleaned:
        raise InvalidInput("amount_empty")
    lowered = cleaned.lower()
    if "nan" in lowered or "inf" in lowered:
        raise InvalidInput("amount_not_finite", text=raw)
    if "e" in lowered and re.fullmatch(r"[+-]?[\d.]+e[+-]?\d+", lowered):
        raise InvalidInput("amount_exponent", text=raw)
    if not _PLAIN_NUMBER.match(cleaned):
        raise InvalidInput("amount_not_number", text=raw)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex already refused these
        raise InvalidInput("amount_not_number", text=raw) from None
    return check_amount(value, currency, allow_zero=allow_zero, text=raw)


def check_amount(
    value: Decimal, currency: str = "PEN", *, allow_zero: bool = False, text: str = ""
) -> Decimal:
    """Validate an amount that is already a ``Decimal`` (from the API or JSON) as :func:`parse_amount` does."""
    if not isinstance(value, Decimal):
        raise TypeError(f"amounts are Decimal, not {type(value).__name__}")
    shown = text or str(value)
    if not value.is_finite():
        raise InvalidInput("amount_not_finite", text=shown)
    if value < 0:
        raise InvalidInput("amount_negative", text=shown)
    if value == 0 and not allow_zero:
        raise InvalidInput("amount_zero")
    places = minor_digits(currency)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise InvalidInput("amount_decimals", text=shown, places=places)
    if value > MAX_AMOUNT:
        raise InvalidInput("amount_too_large", text=shown)
    return value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(Decimal(1))


def _require_decimal(value: object) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"amounts are Decimal, not {type(value).__name__}")


def to_cents(value: Decimal, currency: str = "PEN") -> int:
    """Exact conversion to integer minor units; a value with more decimals than the currency raises."""
    _require_decimal(value)
    if not value.is_finite():
        raise InvalidInput("amount_not_finite", text=str(value))
    places = minor_digits(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise InvalidInput("amount_decimals", text=str(value), places=places)
    return int(scaled)


def from_cents(cents: int, currency: str = "PEN") -> Decimal:
    """Integer minor units to a ``Decimal`` with exactly the currency's decimal places."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise TypeError(f"cents are int, not {type(cents).__name__}")
    places = minor_digits(currency)
    return Decimal(cents).scaleb(-places).quantize(Decimal(1).scaleb(-places)) if places else Decimal(cents)


def round_money(value: Decimal, currency: str = "PEN") -> Decimal:
    """Round half-up to the currency's minor unit."""
    _require_decimal(value)
    places = minor_digits(currency)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_cents(value: Decimal) -> int:
    """Round a fractional number of minor units half-up to an integer number of them."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_money(value: Decimal, currency: str = "PEN", locale: str = "es_PE") -> str:
    """The amount as a person in ``locale`` reads it, e.g. ``S/ 1,234.50`` for PEN in es_PE."""
    from babel.numbers import format_currency

    _require_decimal(value)
    # CLDR puts a no-break space after "S/"; people and terminals expect a plain one.
    return str(format_currency(value, currency, locale=locale)).replace("\xa0", " ").replace("\u202f", " ")


def json_money(value: Decimal) -> str:
    """Money in JSON: a string such as "123.45", never a number."""
    return format(value, "f")
