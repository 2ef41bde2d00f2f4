"""Printer settings: one URI says where the printer is and how to talk to it.

Accepted forms (query options after ``?``, e.g. ``tcp://10.0.0.5:9100?width=48&timeout=3``)::

    tcp://host[:port]           raw TCP, port 9100 by default
    usb://VVVV:PPPP             USB vendor:product in hex (options in_ep, out_ep)
    serial:///dev/ttyUSB0       serial port (options baudrate, flow = none|rtscts|dsrdtr|xonxoff);
    serial://COM3               on Windows
    file:///dev/usb/lp0         a device node (or an existing file) written directly
    cups://queue                a CUPS queue, sent raw

Common options: ``profile`` (a python-escpos profile, default "default"), ``width`` (32, 42 or 48
columns, default 42), ``codepage`` (default CP858; CP850, CP437, CP1252... as the profile offers),
``timeout`` (seconds, default 5), ``drawer_pin`` (2 or 5, default 2), ``status`` (1 to ask the printer
for paper/cover status before sending, where the transport can read).

:func:`parse_printer_uri` refuses anything else with a :class:`PrinterError` of kind ``invalid_uri``
whose message names the problem in Spanish and English. It never imports python-escpos.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict
from urllib.parse import parse_qsl, unquote, urlsplit

from app.receipts import profiles
from app.receipts.errors import PrinterError
from app.receipts.text import normalize_codepage

Scheme = Literal["tcp", "usb", "serial", "file", "cups"]
WIDTHS = (32, 42, 48)
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
FLOW_CONTROLS = ("none", "rtscts", "dsrdtr", "xonxoff")
MAX_TIMEOUT = 120.0

_COMMON_OPTIONS = {"profile", "width", "codepage", "timeout", "drawer_pin", "status"}
_SCHEME_OPTIONS: dict[str, set[str]] = {
    "tcp": set(),
    "usb": {"in_ep", "out_ep"},
    "serial": {"baudrate", "flow"},
    "file": set(),
    "cups": set(),
}


class _Common(TypedDict):
    profile: str
    width: int
    codepage: str
    timeout: float
    drawer_pin: int
    status_check: bool


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    """Where a receipt printer is and how to print on it. Build with :func:`parse_printer_uri`.

    ``target`` is the host (tcp), ``VVVV:PPPP`` (usb), the device path (serial, file) or the queue
    (cups). Fields that do not apply to the scheme keep their defaults.
    """

    scheme: Scheme
    target: str
    port: int = 9100
    profile: str = profiles.DEFAULT_PROFILE
    width: int = 42
    codepage: str = "CP858"
    timeout: float = 5.0
    drawer_pin: int = 2
    status_check: bool = False
    baudrate: int = 9600
    flow: str = "none"
    usb_in_ep: int | None = None
    usb_out_ep: int | None = None

    @property
    def usb_ids(self) -> tuple[int, int]:
        """(vendor, product) of a ``usb://`` printer."""
        vendor, product = self.target.split(":")
        return int(vendor, 16), int(product, 16)

    def describe(self) -> str:
        """How messages name the printer: ``10.0.0.5:9100``, ``USB 04b8:0e15``, ``/dev/ttyUSB0``..."""
        if self.scheme == "tcp":
            host = f"[{self.target}]" if ":" in self.target else self.target
            return f"{host}:{self.port}"
        if self.scheme == "usb":
            return f"USB {self.target}"
        if self.scheme == "cups":
            return f"CUPS «{self.target}»"
        return self.target


def parse_printer_uri(uri: str) -> PrinterSettings:
    """The settings in ``uri`` (see the module docstring), or ``PrinterError("invalid_uri", ...)``."""
    text = uri.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        raise _invalid(text, "no se puede leer", "it cannot be read") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEME_OPTIONS:
        raise _invalid(
            text,
            "use tcp://, usb://, serial://, file:// o cups://",
            "use tcp://, usb://, serial://, file:// or cups://",
        )
    options = _options(text, parts.query, _COMMON_OPTIONS | _SCHEME_OPTIONS[scheme])
    common = _common(text, options)
    if scheme == "tcp":
        return _tcp(text, parts.netloc, parts.path, common)
    if scheme == "usb":
        return _usb(text, parts.netloc, parts.path, options, common)
    target = _path_target(text, parts.netloc, parts.path)
    if scheme == "cups":
        if "/" in target:
            raise _invalid(text, "el nombre de la cola no lleva «/»", "a queue name has no '/'")
        return PrinterSettings("cups", target, **common)
    if scheme == "serial":
        baudrate = _int_option(text, options, "baudrate", 9600)
        if baudrate not in BAUDRATES:
            raise _invalid(
                text, f"baudrate debe ser uno de {BAUDRATES}", f"baudrate must be one of {BAUDRATES}"
            )
        flow = options.get("flow", "none").lower()
        if flow not in FLOW_CONTROLS:
            raise _invalid(
                text, f"flow debe ser uno de {FLOW_CONTROLS}", f"flow must be one of {FLOW_CONTROLS}"
            )
        return PrinterSettings("serial", target, baudrate=baudrate, flow=flow, **common)
    return PrinterSettings("file", target, **common)


def _invalid(uri: str, reason_es: str, reason_en: str) -> PrinterError:
    return PrinterError(
        "invalid_uri",
        f"La dirección de impresora «{uri}» no es válida: {reason_es}.",
        f"The printer address '{uri}' is not valid: {reason_en}.",
    )


def _options(uri: str, query: str, allowed: set[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _invalid(
            uri, "las opciones después de «?» no se pueden leer", "the options after '?' cannot be read"
        ) from None
    for key, value in pairs:
        key = key.lower()
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise _invalid(
                uri,
                f"opción desconocida «{key}» (válidas: {known})",
                f"unknown option '{key}' (valid: {known})",
            )
        if key in options:
            raise _invalid(uri, f"la opción «{key}» aparece dos veces", f"option '{key}' is given twice")
        options[key] = value.strip()
    return options


def _int_option(uri: str, options: dict[str, str], key: str, default: int) -> int:
    raw = options.get(key)
    if raw is None:
        return default
    try:
        return int(raw, 0)
    except ValueError:
        raise _invalid(uri, f"{key} debe ser un número entero", f"{key} must be a whole number") from None


def _common(uri: str, options: dict[str, str]) -> _Common:
    profile = options.get("profile", profiles.DEFAULT_PROFILE)
    if profile not in profiles.profile_names():
        raise _invalid(uri, f"no se conoce el perfil «{profile}»", f"unknown printer profile '{profile}'")
    width = _int_option(uri, options, "width", profiles.default_width(profile))
    if width not in WIDTHS:
        raise _invalid(uri, "width debe ser 32, 42 o 48 columnas", "width must be 32, 42 or 48 columns")
    try:
        codepage = normalize_codepage(options.get("codepage", "CP858"))
        profiles.codepage_slot(profile, codepage)
    except KeyError:
        pages = ", ".join(profiles.profile_codepages(profile))
        raise _invalid(
            uri,
            f"el perfil «{profile}» no tiene la página de códigos «{options.get('codepage')}» (tiene {pages})",
            f"profile '{profile}' has no code page '{options.get('codepage')}' (it has {pages})",
        ) from None
    try:
        timeout = float(options.get("timeout", "5"))
    except ValueError:
        timeout = -1.0
    if not 0 < timeout <= MAX_TIMEOUT:
        raise _invalid(
            uri, "timeout debe estar entre 0 y 120 segundos", "timeout must be between 0 and 120 seconds"
        )
    drawer_pin = _int_option(uri, options, "drawer_pin", 2)
    if drawer_pin not in (2, 5):
        raise _invalid(uri, "drawer_pin debe ser 2 o 5", "drawer_pin must be 2 or 5")
    status = options.get("status", "0").lower()
    if status not in ("0", "1", "true", "false", "yes", "no"):
        raise _invalid(uri, "status debe ser 0 o 1", "status must be 0 or 1")
    return {
        "profile": profile,
        "width": width,
        "codepage": codepage,
        "timeout": timeout,
        "drawer_pin": drawer_pin,
        "status_check": status in ("1", "true", "yes"),
    }


def _tcp(uri: str, netloc: str, path: str, common: _Common) -> PrinterSettings:
    if path not in ("", "/"):
        raise _invalid(uri, "una dirección tcp:// no lleva ruta", "a tcp:// address has no path")
    parts = urlsplit(f"//{netloc}")
    try:
        port = parts.port
    except ValueError:
        raise _invalid(
            uri, "el puerto debe ser un número de 1 a 65535", "the port must be a number from 1 to 65535"
        ) from None
    host = parts.hostname or ""
    if not host or "@" in netloc:
        raise _invalid(
            uri, "falta el nombre o la IP de la impresora", "the printer's host name or IP is missing"
        )
    if port == 0:
        raise _invalid(
            uri, "el puerto debe ser un número de 1 a 65535", "the port must be a number from 1 to 65535"
        )
    return PrinterSettings("tcp", host, port=port or 9100, **common)


def _usb(uri: str, netloc: str, path: str, options: dict[str, str], common: _Common) -> PrinterSettings:
    ids = netloc.lower().split(":")
    if path not in ("", "/") or len(ids) != 2 or not all(_is_hex16(part) for part in ids):
        raise _invalid(
            uri,
            "use usb://VVVV:PPPP con el fabricante y producto en hexadecimal, p. ej. usb://04b8:0e15",
            "use usb://VVVV:PPPP with vendor and product ids in hex, e.g. usb://04b8:0e15",
        )
    endpoints: dict[str, int | None] = {}
    for key in ("in_ep", "out_ep"):
        value = _int_option(uri, options, key, -1)
        if value != -1 and not 0 <= value <= 0xFF:
            raise _invalid(uri, f"{key} debe estar entre 0x00 y 0xff", f"{key} must be between 0x00 and 0xff")
        endpoints[key] = None if value == -1 else value
    target = f"{int(ids[0], 16):04x}:{int(ids[1], 16):04x}"
    return PrinterSettings(
        "usb", target, usb_in_ep=endpoints["in_ep"], usb_out_ep=endpoints["out_ep"], **common
    )


def _is_hex16(text: str) -> bool:
    return 1 <= len(text) <= 4 and all(c in "0123456789abcdef" for c in text)


def _path_target(uri: str, netloc: str, path: str) -> str:
    if netloc and path not in ("", "/"):
        raise _invalid(
            uri,
            "ponga tres barras antes de una ruta, p. ej. file:///dev/usb/lp0",
            "put three slashes before a path, e.g. file:///dev/usb/lp0",
        )
    target = unquote(netloc or path)
    if not target or target == "/":
        raise _invalid(uri, "falta el dispositivo o la cola", "the device or queue is missing")
    return target
