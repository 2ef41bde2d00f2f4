"""Money, dates and document numbers as the receipt's locale writes them.

Babel is the source: ``format_currency(Decimal("1234.5"), "PEN", locale="es_PE")`` is
``"S/\\u00a01,234.50"`` and es_PE's short time is ``"2:07\\u202fp.\\u202fm."``. Receipts are monospaced
and we wrap them ourselves, so the no-break spaces Babel uses (U+00A0, U+202F) become plain spaces
here; U+202F exists in no DOS code page a thermal printer knows. Everything else is Babel's output as is.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})


def plain_spaces(text: str) -> str:
    """``text`` with Babel's no-break and thin spaces replaced by ordinary spaces."""
    return text.translate(_SPACES)


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """E.g. ``"S/ 1,234.50"`` for ``Decimal("1234.5")``, PEN, es_PE; ``"-S/ 120.00"`` when negative."""
    from babel.numbers import format_currency

    if not isinstance(amount, Decimal):
        raise TypeError(f"money is a Decimal, not {type(amount).__name__}")
    return plain_spaces(str(format_currency(amount, currency, locale=locale)))


def format_date(value: date, locale: str) -> str:
    """The locale's short date, e.g. ``"5/03/24"`` in es_PE, ``"3/5/24"`` in en_US."""
    from babel.dates import format_date as babel_format_date

    return plain_spaces(str(babel_format_date(value, "short", locale=locale)))


def format_datetime(value: datetime, locale: str) -> str:
    """Short date and time in the timestamp's own zone, e.g. ``"5/03/24 2:07 p. m."`` in es_PE."""
    from babel.dates import format_time

    shown_time = format_time(value, "short", tzinfo=value.tzinfo, locale=locale)
    return f"{format_date(value.date(), locale)} {plain_spaces(str(shown_time))}"


def mask_document(number: str) -> str:
    """Only the last four characters of an identity document, e.g. ``"****5678"``.

    Always four asterisks, so the printout does not even reveal the document's length.
    """
    cleaned = "".join(number.split())
    return "****" + cleaned[-4:] if len(cleaned) > 4 else "****"
