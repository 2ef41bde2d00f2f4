"""USB, serial and CUPS printers, through pyusb, pyserial and pycups when they are installed.

These packages are optional: a missing one is a :class:`PrinterError` (``usb_unavailable``,
``serial_unavailable``, ``cups_unavailable``) that says what to install, raised when such a printer is
used, never at import. python-escpos's own Usb/Serial/CupsPrinter classes are not used: they log through
the root logger (configuring it as a side effect) and hide the OS error behind their own exceptions.
Each ``send_*`` writes the whole job in one driver call and maps every failure to a ``PrinterError``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from types import ModuleType
from typing import Any

from app.receipts.errors import ERRNO_KINDS, PrinterError, printer_error
from app.receipts.printer_status import STATUS_QUERY, STATUS_WAIT_SECONDS, status_error
from app.receipts.settings import PrinterSettings


def _error(kind: str, settings: PrinterSettings, detail: str = "") -> PrinterError:
    return printer_error(kind, settings.describe(), detail)


# ---- usb (pyusb) ------------------------------------------------------------------------------------


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def send_usb(settings: PrinterSettings, data: bytes) -> None:
    core = _optional("usb.core")
    util = _optional("usb.util")
    if core is None or util is None:
        raise _error(
            "usb_unavailable", settings, detail="falta el paquete pyusb / the pyusb package is missing"
        )
    vendor, product = settings.usb_ids
    try:
        device = core.find(idVendor=vendor, idProduct=product)
    except core.NoBackendError as exc:
        raise _error("usb_unavailable", settings, detail="falta libusb / libusb is missing") from exc
    except core.USBError as exc:
        raise _usb_error(exc, settings, core) from exc
    if device is None:
        raise _error("not_found", settings)
    timeout_ms = max(1, int(settings.timeout * 1000))
    try:
        out_ep, in_ep = _usb_endpoints(device, settings, util)
        if settings.status_check and in_ep is not None:
            device.write(out_ep, STATUS_QUERY, timeout_ms)
            answer = b""
            with contextlib.suppress(core.USBError):
                answer = bytes(device.read(in_ep, 16, int(STATUS_WAIT_SECONDS * 1000)))
            problem = status_error(answer, settings.describe())
            if problem is not None:
                raise problem
        written = device.write(out_ep, data, timeout_ms)
        if written != len(data):
            raise _error("connection_lost", settings)
    except core.USBError as exc:
        raise _usb_error(exc, settings, core) from exc
    finally:
        with contextlib.suppress(Exception):
            util.dispose_resources(device)


def _usb_endpoints(device: Any, settings: PrinterSettings, util: ModuleType) -> tuple[int, int | None]:
    # Best effort: the usblp driver holds the interface on Linux; other systems refuse to say. A real
    # permission problem still surfaces at the write.
    with contextlib.suppress(Exception):
        if device.is_kernel_driver_active(0):
            device.detach_kernel_driver(0)
    try:
        config = device.get_active_configuration()
    except Exception:
        device.set_configuration()
        config = device.get_active_configuration()
    interface = config[(0, 0)]
    out_ep, in_ep = settings.usb_out_ep, settings.usb_in_ep
    for endpoint in interface:
        address = int(endpoint.bEndpointAddress)
        is_out = util.endpoint_direction(address) == util.ENDPOINT_OUT
        if is_out and out_ep is None:
            out_ep = address
        elif not is_out and in_ep is None:
            in_ep = address
    if out_ep is None:
        raise _error("io", settings, detail="no OUT endpoint")
    return out_ep, in_ep


def _usb_error(exc: Exception, settings: PrinterSettings, core: ModuleType) -> PrinterError:
    timeout_type = getattr(core, "USBTimeoutError", None)
    if timeout_type is not None and isinstance(exc, timeout_type):
        return _error("timeout", settings)
    code = getattr(exc, "errno", None) or getattr(exc, "backend_error_code", None)
    kind = ERRNO_KINDS.get(code if isinstance(code, int) else 0, "io")
    return _error(kind, settings, detail=str(exc))


# ---- serial (pyserial) ------------------------------------------------------------------------------


def send_serial(settings: PrinterSettings, data: bytes) -> None:
    serial = _optional("serial")
    if serial is None or not hasattr(serial, "Serial"):
        raise _error("serial_unavailable", settings)
    try:
        port = serial.Serial(
            port=settings.target,
            baudrate=settings.baudrate,
            timeout=min(STATUS_WAIT_SECONDS, settings.timeout),
            write_timeout=settings.timeout,
            rtscts=settings.flow == "rtscts",
            dsrdtr=settings.flow == "dsrdtr",
            xonxoff=settings.flow == "xonxoff",
        )
    except serial.SerialException as exc:
        raise _serial_error(exc, settings) from exc
    try:
        if settings.status_check:
            port.write(STATUS_QUERY)
            problem = status_error(bytes(port.read(2)), settings.describe())
            if problem is not None:
                raise problem
        written = port.write(data)
        port.flush()
        if written is not None and written != len(data):
            raise _error("connection_lost", settings)
    except serial.SerialTimeoutException as exc:
        raise _error("timeout", settings) from exc
    except serial.SerialException as exc:
        raise _serial_error(exc, settings) from exc
    finally:
        with contextlib.suppress(Exception):
            port.close()


def _serial_error(exc: Exception, settings: PrinterSettings) -> PrinterError:
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in ERRNO_KINDS:
        return _error(ERRNO_KINDS[code], settings, detail=str(exc))
    text = str(exc)  # on Windows pyserial only names the OS error in the text
    if "FileNotFoundError" in text:
        return _error("not_found", settings)
    if "PermissionError" in text:
        return _error("permission_denied", settings)
    return _error("io", settings, detail=text)


# ---- cups (pycups) ----------------------------------------------------------------------------------


def send_cups(settings: PrinterSettings, data: bytes) -> None:
    cups = _optional("cups")
    if cups is None or not hasattr(cups, "Connection"):
        raise _error("cups_unavailable", settings)
    try:
        connection = cups.Connection()
    except RuntimeError as exc:  # pycups raises RuntimeError when the CUPS server cannot be reached
        raise _error("unreachable", settings) from exc
    try:
        queue = connection.getPrinters().get(settings.target)
        if queue is None:
            raise _error("not_found", settings)
        with tempfile.NamedTemporaryFile(prefix="abono-receipt-", suffix=".bin", delete=False) as spool:
            spool.write(data)
        try:
            connection.printFile(
                settings.target, spool.name, "Abono receipt", {"document-format": "application/vnd.cups-raw"}
            )
        finally:
            with contextlib.suppress(OSError):
                os.unlink(spool.name)
    except cups.IPPError as exc:
        status, description = (*exc.args, None, "")[:2]
        kind = "permission_denied" if status in (0x0401, 0x0403) else "io"  # not-authorized, forbidden
        raise _error(kind, settings, detail=str(description)) from exc
