"""Sync errors and their messages (Spanish first, English second).

:class:`SyncError` is an ``AbonoError``: the command line prints it in one line and the desk's error
dialog shows it like any other refusal. ``retryable`` says whether trying again later may succeed
(the network, the server) or not (a wrong token, a token of another branch, plain HTTP off loopback).
"""

from __future__ import annotations

from typing import Any

from app.errors import AbonoError
from app.i18n import translate

MESSAGES: dict[str, tuple[str, str]] = {
    "sync_not_configured": (
        "La sincronización no está configurada. Ejecute: abono sync --server URL --token TOKEN",
        "Sync is not set up. Run: abono sync --server URL --token TOKEN",
    ),
    "sync_url_invalid": (
        "Dirección del servidor no válida: «{url}». Use https://servidor[:puerto].",
        "Invalid server address '{url}'. Use https://host[:port].",
    ),
    "sync_plain_http": (
        "Se rechaza HTTP sin cifrar hacia {host}: use https:// (HTTP solo se permite en esta misma máquina).",
        "Plain HTTP to {host} is refused: use https:// (HTTP is only allowed on this machine).",
    ),
    "sync_token_missing": (
        "Falta el token de la sucursal: ejecute abono sync --server URL --token TOKEN",
        "The branch token is missing: run abono sync --server URL --token TOKEN",
    ),
    "sync_token_invalid": (
        "Token no válido: cópielo completo, tal como lo mostró la oficina central.",
        "Invalid token: copy it whole, as head office showed it.",
    ),
    "sync_unauthorized": (
        "La oficina central rechazó el token de esta sucursal (desconocido o revocado).",
        "Head office refused this branch's token (unknown or revoked).",
    ),
    "sync_forbidden": (
        "La oficina central rechazó los datos: {detail}",
        "Head office refused the data: {detail}",
    ),
    "sync_wrong_branch": (
        "El token es de la sucursal {token_branch}, pero esta base de datos es de la sucursal {branch}. "
        "No se sincronizó nada.",
        "The token belongs to branch {token_branch}, but this database is branch {branch}. "
        "Nothing was synced.",
    ),
    "sync_rate_limited": (
        "La oficina central bloqueó temporalmente esta dirección por intentos fallidos; intente en {seconds} s.",
        "Head office temporarily blocked this address after failed attempts; try again in {seconds} s.",
    ),
    "sync_unreachable": (
        "No se pudo conectar con la oficina central ({detail}). Los pagos siguen guardados en la sucursal "
        "y se enviarán en la próxima sincronización.",
        "Could not reach head office ({detail}). Payments stay saved at the branch and will be sent on "
        "the next sync.",
    ),
    "sync_server_error": (
        "La oficina central respondió con un error ({status}). Se reintentará en la próxima sincronización.",
        "Head office answered with an error ({status}). It will be retried on the next sync.",
    ),
    "sync_protocol": (
        "Respuesta inesperada de la oficina central: {detail}",
        "Unexpected answer from head office: {detail}",
    ),
    "sync_tls": (
        "No se pudo verificar el certificado de la oficina central: {detail}",
        "Could not verify head office's certificate: {detail}",
    ),
    "sync_ca_missing": (
        "No existe el archivo de certificados {path}.",
        "The certificate file {path} does not exist.",
    ),
    "sync_refused_events": (
        "La oficina central rechazó {count} eventos (p. ej. {event}: {reason}); quedan pendientes para revisión.",
        "Head office refused {count} events (e.g. {event}: {reason}); they stay pending for review.",
    ),
    "sync_token_store": (
        "No se pudo guardar el token: {detail}",
        "Could not store the token: {detail}",
    ),
}


class SyncError(AbonoError):
    """Sync could not be done (or set up); what was already committed stays committed."""

    code = "sync_error"

    def __init__(self, code: str | None = None, /, *, retryable: bool = False, **params: Any) -> None:
        self.retryable = retryable
        super().__init__(code, **params)

    def message(self, lang: str = "es") -> str:
        return sync_message(self.code, lang, **self.params)


def sync_message(code: str, lang: str = "es", **params: Any) -> str:
    """A sync message from :data:`MESSAGES` (else ``app.i18n``); never raises."""
    pair = MESSAGES.get(code)
    if pair is None:
        return translate(code, lang, **params)
    template = pair[1] if lang.startswith("en") else pair[0]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
