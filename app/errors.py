"""The typed errors of the Abono core.

Every error a user may see is an :class:`AbonoError`: it carries a stable ``code`` and the parameters
of its message, and renders that message in Spanish or English (:meth:`AbonoError.message`). Exactly one
place per front end turns these into what the user sees (the CLI's ``main``, the desk's error dialog);
anything that is not an ``AbonoError`` is a bug and is reported as an internal error.
"""

from __future__ import annotations

from typing import Any

from app.i18n import translate


class AbonoError(Exception):
    """Base of every user-facing error. ``code`` selects the message in ``app.i18n``."""

    code = "error"

    def __init__(self, code: str | None = None, /, **params: Any) -> None:
        self.code = code or type(self).code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "es") -> str:
        """The message for the user, in ``lang`` ("es" or "en")."""
        return translate(self.code, lang, **self.params)


class InvalidInput(AbonoError):
    """A value typed or imported by a user is not acceptable; nothing was changed."""

    code = "invalid_input"


class NotFound(AbonoError):
    """The customer, account, receipt or user asked for does not exist."""

    code = "not_found"


class Refused(AbonoError):
    """The request is well-formed but the business rules refuse it; nothing was changed."""

    code = "refused"


class PermissionDenied(AbonoError):
    """The user's role does not allow the action."""

    code = "permission_denied"


class AuthenticationFailed(AbonoError):
    """Wrong user or password, or a locked or inactive user."""

    code = "auth_failed"


class DatabaseRefused(AbonoError):
    """The file is not an Abono branch database, or it comes from a newer version of Abono."""

    code = "database_refused"


class ImportFailed(AbonoError):
    """A CSV file was refused whole; ``errors`` lists (line number, error) pairs, in file order."""

    code = "import_failed"

    def __init__(self, errors: list[tuple[int, AbonoError]]) -> None:
        self.errors = errors
        super().__init__("import_failed", count=len(errors))

    def message(self, lang: str = "es") -> str:
        lines = [translate("import_failed", lang, count=len(self.errors))]
        for line_no, err in self.errors[:50]:
            lines.append(translate("import_line", lang, line=line_no, message=err.message(lang)))
        if len(self.errors) > 50:
            lines.append(translate("import_more", lang, count=len(self.errors) - 50))
        return "\n".join(lines)
