"""The one exception type of the printing layer.

Every failure to reach or use a printer (and every refused printer setting) is a :class:`PrinterError`
with a stable ``kind`` and a readable message in Spanish and English. No other exception escapes
:func:`app.receipts.transports.send` or :func:`app.receipts.settings.parse_printer_uri`.
:data:`MESSAGES` is the catalogue of those messages; :func:`printer_error` and :func:`from_os_error`
build the error for a printer named as ``PrinterSettings.describe()`` names it.
"""

from __future__ import annotations

import errno
import socket

# Kinds a print queue may simply try again later (the printer may come back); the others need a person
# to change a setting or install something first.
RETRYABLE_KINDS = frozenset(
    {
        "refused",
        "timeout",
        "connection_lost",
        "unreachable",
        "unknown_host",
        "not_found",
        "paper_out",
        "cover_open",
        "busy",
        "io",
    }
)

KINDS = RETRYABLE_KINDS | frozenset(
    {
        "not_configured",
        "invalid_uri",
        "usb_unavailable",
        "serial_unavailable",
        "cups_unavailable",
        "permission_denied",
    }
)


class PrinterError(Exception):
    """A printing failure the cashier must see; the payment itself is never affected.

    ``kind`` is one of :data:`KINDS` (e.g. ``"timeout"``, ``"refused"``, ``"paper_out"``,
    ``"invalid_uri"``); :meth:`message` gives the text for the user in ``"es"`` (default) or ``"en"``.
    """

    def __init__(self, kind: str, message_es: str, message_en: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown printer error kind {kind!r}")
        super().__init__(kind, message_es, message_en)
        self.kind = kind
        self.message_es = message_es
        self.message_en = message_en

    def message(self, lang: str = "es") -> str:
        """The message for the user: English when ``lang`` starts with "en", Spanish otherwise."""
        return self.message_en if lang.lower().startswith("en") else self.message_es

    @property
    def retryable(self) -> bool:
        """True when trying again later may succeed without anyone changing a setting."""
        return self.kind in RETRYABLE_KINDS

    def __str__(self) -> str:
        return self.message_es


# kind: (Spanish, English); {p} is the printer as PrinterSettings.describe() names it.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_configured": (
        "No hay impresora configurada. Configúrela en Ajustes o con --printer tcp://IP:9100.",
        "No printer is set up. Set one in Settings or pass --printer tcp://IP:9100.",
    ),
    "refused": (
        "La impresora {p} rechazó la conexión (¿está encendida y es el puerto correcto?).",
        "The printer {p} refused the connection (is it on, and is the port right?).",
    ),
    "timeout": (
        "La impresora {p} no responde (tiempo de espera agotado).",
        "The printer {p} is not responding (timed out).",
    ),
    "connection_lost": (
        "Se cortó la conexión con la impresora {p} antes de terminar; el recibo puede estar incompleto.",
        "The connection to the printer {p} was cut before the end; the receipt may be incomplete.",
    ),
    "unknown_host": (
        "No se encuentra la impresora {p} en la red (nombre desconocido).",
        "The printer {p} cannot be found on the network (unknown host name).",
    ),
    "unreachable": (
        "No hay ruta de red hacia la impresora {p}.",
        "There is no network route to the printer {p}.",
    ),
    "not_found": (
        "No se encuentra la impresora {p}: ¿está conectada y encendida?",
        "The printer {p} cannot be found: is it connected and switched on?",
    ),
    "permission_denied": (
        "No hay permiso para usar la impresora {p}; pida a soporte que le dé acceso.",
        "No permission to use the printer {p}; ask support to grant access.",
    ),
    "busy": (
        "La impresora {p} está ocupada por otro programa.",
        "The printer {p} is in use by another program.",
    ),
    "paper_out": ("La impresora {p} no tiene papel.", "The printer {p} is out of paper."),
    "cover_open": ("La tapa de la impresora {p} está abierta.", "The cover of the printer {p} is open."),
    "usb_unavailable": (
        "El soporte USB no está instalado ({detail}); no se puede usar la impresora {p}.",
        "USB support is not installed ({detail}); the printer {p} cannot be used.",
    ),
    "serial_unavailable": (
        "El soporte de puerto serie no está instalado (falta el paquete pyserial); no se puede usar {p}.",
        "Serial port support is not installed (the pyserial package is missing); {p} cannot be used.",
    ),
    "cups_unavailable": (
        "El soporte de CUPS no está instalado (falta el paquete pycups); no se puede usar {p}.",
        "CUPS support is not installed (the pycups package is missing); {p} cannot be used.",
    ),
    "io": (
        "Error al enviar a la impresora {p}: {detail}",
        "Error while sending to the printer {p}: {detail}",
    ),
}


def printer_error(kind: str, where: str, detail: str = "") -> PrinterError:
    """The :class:`PrinterError` of ``kind`` for the printer named ``where`` (e.g. ``"10.0.0.5:9100"``)."""
    spanish, english = MESSAGES[kind]
    return PrinterError(kind, spanish.format(p=where, detail=detail), english.format(p=where, detail=detail))


ERRNO_KINDS = {
    errno.ECONNREFUSED: "refused",
    errno.ETIMEDOUT: "timeout",
    errno.EPIPE: "connection_lost",
    errno.ECONNRESET: "connection_lost",
    errno.ECONNABORTED: "connection_lost",
    errno.ENOTCONN: "connection_lost",
    errno.EHOSTUNREACH: "unreachable",
    errno.ENETUNREACH: "unreachable",
    errno.EHOSTDOWN: "unreachable",
    errno.ENETDOWN: "unreachable",
    errno.EADDRNOTAVAIL: "unreachable",
    errno.ENOENT: "not_found",
    errno.ENXIO: "not_found",
    errno.ENODEV: "not_found",
    errno.EACCES: "permission_denied",
    errno.EPERM: "permission_denied",
    errno.EBUSY: "busy",
    errno.EAGAIN: "timeout",
}


def from_os_error(exc: OSError, where: str) -> PrinterError:
    """The :class:`PrinterError` an ``OSError`` from a socket, a device or a driver means."""
    if isinstance(exc, socket.gaierror):
        return printer_error("unknown_host", where)
    if isinstance(exc, TimeoutError):
        return printer_error("timeout", where)
    kind = ERRNO_KINDS.get(exc.errno or 0, "io")
    return printer_error(kind, where, detail=exc.strerror or str(exc))
