"""Card data rules: Abono never stores a card number or CVV, only the brand, the last four digits and
the terminal's authorization code.

:func:`refuse_card_numbers` is called on every free-text field of a payment (and on typed amounts)
before anything else: a value holding a run of 13 to 19 digits (spaces and dashes ignored) that passes
the Luhn check is refused with a message that does not repeat it, so the number reaches neither the
database nor a log nor an error message.
"""

from __future__ import annotations

import re

from app.errors import InvalidInput

_DIGIT_RUN = re.compile(r"\d[\d \-]{11,30}\d")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def looks_like_card_number(text: str | None) -> bool:
    """True when ``text`` contains what is probably a full payment card number (PAN)."""
    if not text:
        return False
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"[ \-]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            return True
    return False


def refuse_card_numbers(*values: str | None) -> None:
    """Raise ``InvalidInput("card_number_refused")`` if any value looks like a full card number."""
    for value in values:
        if looks_like_card_number(value):
            raise InvalidInput("card_number_refused")
