"""Messages of the desk flows that the core's catalogue (``app.i18n``) does not have.

:class:`FlowError` is an ``AbonoError`` (so the desk shows it like any other user-facing error) whose
message comes from :data:`MESSAGES` here, in Spanish or English.
"""

from __future__ import annotations

from typing import Any

from app.errors import InvalidInput

MESSAGES: dict[str, tuple[str, str]] = {
    "split_second_amount": (
        "El monto del segundo medio de pago debe ser menor que el total.",
        "The second method's amount must be less than the total.",
    ),
    "split_same_method": (
        "Para dividir el pago elija dos medios de pago distintos.",
        "To split the payment choose two different payment methods.",
    ),
    "passwords_differ": ("Las contraseñas no coinciden.", "The passwords do not match."),
    "field_empty": ("Complete el campo «{field}».", "Fill in '{field}'."),
    "printer_width": (
        "El ancho del papel debe ser 32, 42 o 48 columnas.",
        "The paper width must be 32, 42 or 48 columns.",
    ),
}


class FlowError(InvalidInput):
    """A value a desk form refuses before anything is sent to the core; nothing was changed."""

    def message(self, lang: str = "es") -> str:
        pair = MESSAGES.get(self.code)
        if pair is None:
            return super().message(lang)
        text = pair[1] if lang.startswith("en") else pair[0]
        try:
            return text.format(**self.params)
        except (KeyError, IndexError):
            return text


def flow_error(code: str, **params: Any) -> FlowError:
    return FlowError(code, **params)
