"""The one place that turns an exception into what the user sees.

- An ``AbonoError`` (or a ``PrinterError``, which has the same ``message(lang)``) is a message for the
  user, shown as a warning in the desk's language.
- Anything else is a bug: it is logged with its traceback and shown as an internal error that says
  nothing was half-saved (every core call is one transaction).
Dialogs open window-modal and return at once (``QMessageBox.open``), so a worker's callback never
nests an event loop.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import translate

log = logging.getLogger("abono.desk")


def is_user_error(exc: BaseException) -> bool:
    return callable(getattr(exc, "message", None))


def error_text(exc: BaseException, lang: str = "es") -> str:
    """The text for the user: the error's own message, or the internal-error message for a bug."""
    if is_user_error(exc):
        message: Any = exc.message(lang)  # type: ignore[attr-defined]
        return str(message)
    return translate("internal_error", lang, detail=type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException, lang: str = "es") -> QMessageBox:
    """Show ``exc`` in a message box (non-blocking) and return the box."""
    if not is_user_error(exc):
        log.error("internal error:\n%s", "".join(traceback.format_exception(exc)))
    box = QMessageBox(parent)
    box.setWindowTitle("Abono")
    box.setIcon(QMessageBox.Icon.Warning if is_user_error(exc) else QMessageBox.Icon.Critical)
    box.setText(error_text(exc, lang))
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
