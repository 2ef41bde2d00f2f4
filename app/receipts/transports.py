"""Send a finished ESC/POS job to a printer, in one write, or raise one :class:`PrinterError`.

:func:`send` blocks the calling thread (run it off the GUI thread) for at most about
``settings.timeout`` seconds, whatever the printer does. It either hands the whole job to the printer
or raises ``PrinterError`` with a ``kind`` and a message in Spanish and English; no other exception
escapes. It never retries: a failed job stays in the caller's print queue.

- tcp: ``socket.create_connection`` with the timeout, ``sendall`` of the whole job, ``shutdown(SHUT_WR)``,
  then up to one second waiting for the printer to close its side, so that a printer that hangs up
  mid-job (a reset) is reported instead of silently losing the receipt.
- file: the device node is opened non-blocking (never created) and written with a deadline.
- usb: pyusb, the first bulk OUT endpoint unless ``out_ep`` is given. serial: pyserial. cups: pycups,
  raw. When the package is missing the error says so (kinds ``usb_unavailable``, ``serial_unavailable``,
  ``cups_unavailable``).
- With ``status=1`` the printer is first asked for its paper and cover status (``DLE EOT``); a printer
  that answers "paper out" or "cover open" gets no job. A printer that does not answer is printed to.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import time
from collections.abc import Callable

from app.receipts.device_drivers import send_cups, send_serial, send_usb
from app.receipts.errors import PrinterError, from_os_error, printer_error
from app.receipts.printer_status import STATUS_QUERY, STATUS_WAIT_SECONDS, status_error
from app.receipts.settings import PrinterSettings, parse_printer_uri

__all__ = ["PrinterError", "PrinterSettings", "parse_printer_uri", "send"]

CLOSE_GRACE_SECONDS = 1.0


def send(settings: PrinterSettings, data: bytes) -> None:
    """Deliver ``data`` (one complete job) to the printer of ``settings``; see the module contract."""
    senders: dict[str, Callable[[PrinterSettings, bytes], None]] = {
        "tcp": _send_tcp,
        "file": _send_file,
        "usb": send_usb,
        "serial": send_serial,
        "cups": send_cups,
    }
    try:
        senders[settings.scheme](settings, data)
    except PrinterError:
        raise
    except Exception as exc:  # a driver's surprise must still reach the cashier as a PrinterError
        raise _error("io", settings, detail=f"{type(exc).__name__}: {exc}") from exc


def _error(kind: str, settings: PrinterSettings, detail: str = "") -> PrinterError:
    return printer_error(kind, settings.describe(), detail)


def _os_error(exc: OSError, settings: PrinterSettings) -> PrinterError:
    return from_os_error(exc, settings.describe())


# ---- tcp --------------------------------------------------------------------------------------------


def _send_tcp(settings: PrinterSettings, data: bytes) -> None:
    deadline = time.monotonic() + settings.timeout
    try:
        sock = socket.create_connection((settings.target, settings.port), timeout=settings.timeout)
    except OSError as exc:
        raise _os_error(exc, settings) from exc
    with sock:
        try:
            if settings.status_check:
                _tcp_status(sock, settings, deadline)
            sock.settimeout(_remaining(deadline, settings))
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            _await_close(sock, min(CLOSE_GRACE_SECONDS, max(deadline - time.monotonic(), 0.05)))
        except OSError as exc:
            raise _os_error(exc, settings) from exc


def _remaining(deadline: float, settings: PrinterSettings) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _error("timeout", settings)
    return left


def _tcp_status(sock: socket.socket, settings: PrinterSettings, deadline: float) -> None:
    sock.settimeout(_remaining(deadline, settings))
    sock.sendall(STATUS_QUERY)
    answer = b""
    sock.settimeout(min(STATUS_WAIT_SECONDS, _remaining(deadline, settings)))
    with contextlib.suppress(TimeoutError):
        while len(answer) < 2:
            chunk = sock.recv(2 - len(answer))
            if not chunk:
                raise _error("connection_lost", settings)
            answer += chunk
    problem = status_error(answer, settings.describe())
    if problem is not None:
        raise problem


def _await_close(sock: socket.socket, grace: float) -> None:
    """Wait up to ``grace`` seconds for the printer to close; a reset means the job did not get through.

    Many printers close their side once they have read everything; others keep it open, which is
    fine too. Bytes a printer volunteers (automatic status back) are read and ignored.
    """
    sock.settimeout(grace)
    end = time.monotonic() + grace
    with contextlib.suppress(TimeoutError):
        while time.monotonic() < end:
            if not sock.recv(1024):
                return


# ---- file -------------------------------------------------------------------------------------------


def _send_file(settings: PrinterSettings, data: bytes) -> None:
    deadline = time.monotonic() + settings.timeout
    flags = (
        os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    )
    try:
        fd = os.open(settings.target, flags)
    except IsADirectoryError as exc:
        raise _error("not_found", settings) from exc
    except OSError as exc:
        raise _os_error(exc, settings) from exc
    try:
        if os.path.isfile(settings.target):
            os.ftruncate(fd, 0)
        view = memoryview(data)
        while view:
            try:
                written = os.write(fd, view)
            except BlockingIOError:
                _, ready, _ = select.select([], [fd], [], _remaining(deadline, settings))
                if not ready:
                    raise _error("timeout", settings) from None
                continue
            except OSError as exc:
                raise _os_error(exc, settings) from exc
            view = view[written:]
    finally:
        os.close(fd)
