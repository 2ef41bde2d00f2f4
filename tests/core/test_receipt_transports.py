"""Sending jobs: real sockets on 127.0.0.1, files, FIFOs, a pty; USB and CUPS drivers faked.

Every failure must come out as one PrinterError with the right kind and a message in both languages,
within the configured timeout.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from app.receipts import PrinterError, build_job, parse_printer_uri, send
from tests.support.escpos_decoder import Command, decode
from tests.support.printer_server import PrinterServer, closed_port, printer_server_fixture  # noqa: F401
from tests.support.receipts import card_receipt, cash_receipt

BIG_JOB = b"\x1b@" + b"A" * (16 * 1024 * 1024)  # more than any socket buffer


def failure(uri: str, data: bytes = b"\x1b@hola\n") -> PrinterError:
    with pytest.raises(PrinterError) as caught:
        send(parse_printer_uri(uri), data)
    error = caught.value
    assert error.message("es") and error.message("en") and error.message("es") != error.message("en")
    return error


# ---- tcp --------------------------------------------------------------------------------------------


def test_tcp_delivers_the_whole_job(printer_server: PrinterServer) -> None:
    receipt = cash_receipt()
    settings = parse_printer_uri(printer_server.uri + "?width=48")
    data = build_job(receipt, settings, logo=None)
    send(settings, data)
    (received,) = printer_server.wait_for_jobs(1)
    assert received == data
    decoded = decode(received)
    assert decoded.commands[:2] == [Command("init"), Command("codepage", (19,))]
    assert "S/ 350.00" in decoded.text and "B012-01-000123" in decoded.text
    assert "José Ángel Muñoz Güemes de la Peña" in decoded.text and "María Ñáñez" in decoded.text
    assert decoded.qr_payloads == [receipt.verification]
    assert decoded.named("drawer") == [Command("drawer", (0, 50, 50))]
    assert decoded.commands[-1].name == "cut"


def test_tcp_card_job_has_no_drawer_kick(printer_server: PrinterServer) -> None:
    settings = parse_printer_uri(printer_server.uri)
    send(settings, build_job(card_receipt(), settings, logo=None))
    assert decode(printer_server.wait_for_jobs(1)[0]).named("drawer") == []


def test_tcp_sends_in_one_write(printer_server: PrinterServer, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real_sendall = socket.socket.sendall

    def counting_sendall(self: socket.socket, data: Any, *args: Any) -> None:
        calls.append(len(data))
        real_sendall(self, data, *args)

    monkeypatch.setattr(socket.socket, "sendall", counting_sendall)
    send(parse_printer_uri(printer_server.uri), b"\x1b@" + b"x" * 5000)
    assert calls == [5002]


def test_refused_connection() -> None:
    with closed_port() as port:
        error = failure(f"tcp://127.0.0.1:{port}")
    assert error.kind == "refused" and error.retryable
    assert f"127.0.0.1:{port}" in error.message("es") and f"127.0.0.1:{port}" in error.message("en")


def test_printer_that_stops_reading_times_out_in_time() -> None:
    with PrinterServer(mode="stall") as server:
        started = time.monotonic()
        error = failure(server.uri + "?timeout=1", BIG_JOB)
        elapsed = time.monotonic() - started
    assert error.kind == "timeout"
    assert (
        error.message("es") == f"La impresora 127.0.0.1:{server.port} no responde (tiempo de espera agotado)."
    )
    assert error.message("en") == f"The printer 127.0.0.1:{server.port} is not responding (timed out)."
    assert 0.9 <= elapsed < 2.5


@pytest.mark.parametrize("size", ["receipt", "big"])
def test_printer_that_hangs_up_mid_job(size: str) -> None:
    data = (
        build_job(cash_receipt(), parse_printer_uri("tcp://x"), logo=None) if size == "receipt" else BIG_JOB
    )
    with PrinterServer(mode="close_mid_job", close_after=64) as server:
        error = failure(server.uri + "?timeout=3", data)
    assert error.kind == "connection_lost"
    assert "incompleto" in error.message("es") and "incomplete" in error.message("en")


def test_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    error = failure("tcp://impresora-caja.invalid:9100")
    assert error.kind == "unknown_host" and "impresora-caja.invalid:9100" in error.message("es")


@pytest.mark.parametrize(
    ("raised", "kind"),
    [
        (TimeoutError("timed out"), "timeout"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "unreachable"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "unreachable"),
        (OSError(errno.ECONNRESET, "Connection reset by peer"), "connection_lost"),
        (OSError(errno.EMFILE, "Too many open files"), "io"),
        (ValueError("a driver bug"), "io"),
    ],
)
def test_connect_failures_map_to_kinds(monkeypatch: pytest.MonkeyPatch, raised: Exception, kind: str) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise raised

    monkeypatch.setattr(socket, "create_connection", fail)
    assert failure("tcp://10.9.9.9").kind == kind


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ({2: 0x12, 4: 0x72}, "paper_out"),
        ({2: 0x32, 4: 0x12}, "paper_out"),
        ({2: 0x16, 4: 0x12}, "cover_open"),
    ],
)
def test_status_check_stops_the_job(reply: dict[int, int], kind: str) -> None:
    with PrinterServer(status_reply=reply) as server:
        error = failure(server.uri + "?status=1", b"\x1b@" + b"x" * 100)
        (received,) = server.wait_for_jobs(1)
    assert error.kind == kind
    assert received == b"\x10\x04\x02\x10\x04\x04"  # only the status query, no job


def test_status_check_lets_a_healthy_printer_print() -> None:
    with PrinterServer(status_reply={2: 0x12, 4: 0x12}) as server:
        send(parse_printer_uri(server.uri + "?status=1"), b"\x1b@hola\n")
        (received,) = server.wait_for_jobs(1)
    assert received == b"\x10\x04\x02\x10\x04\x04\x1b@hola\n"


def test_status_check_on_a_printer_that_does_not_answer(printer_server: PrinterServer) -> None:
    send(parse_printer_uri(printer_server.uri + "?status=1"), b"\x1b@hola\n")
    assert printer_server.wait_for_jobs(1)[0].endswith(b"\x1b@hola\n")


# ---- file -------------------------------------------------------------------------------------------


def test_file_receives_the_job(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"old contents that must go")
    data = build_job(cash_receipt(), parse_printer_uri("file:///x"), logo=None)
    send(parse_printer_uri(f"file://{device}"), data)
    assert device.read_bytes() == data


def test_missing_device(tmp_path: Path) -> None:
    error = failure(f"file://{tmp_path}/usb/lp0")
    assert error.kind == "not_found" and str(tmp_path) in error.message("en")
    assert not (tmp_path / "usb").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_device_with_nobody_behind_it(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)  # no reader: opening for writing fails with ENXIO, like an unplugged printer
    assert failure(f"file://{fifo}").kind == "not_found"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_device_that_stops_reading_times_out(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open, never read
    try:
        started = time.monotonic()
        error = failure(f"file://{fifo}?timeout=0.5", BIG_JOB)
        assert error.kind == "timeout" and time.monotonic() - started < 2
    finally:
        os.close(reader)


def test_permission_denied(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    error = failure(f"file://{tmp_path}/lp0")
    assert error.kind == "permission_denied" and not error.retryable


# ---- usb (pyusb faked) ------------------------------------------------------------------------------


class FakeUSBError(OSError):
    pass


class FakeUSBTimeoutError(FakeUSBError):
    pass


class FakeDevice:
    def __init__(self, fail_with: Exception | None = None) -> None:
        self.fail_with = fail_with
        self.writes: list[tuple[int, bytes, int]] = []
        self.detached = False

    def is_kernel_driver_active(self, interface: int) -> bool:
        return True

    def detach_kernel_driver(self, interface: int) -> None:
        self.detached = True

    def get_active_configuration(self) -> dict[tuple[int, int], list[SimpleNamespace]]:
        return {(0, 0): [SimpleNamespace(bEndpointAddress=0x81), SimpleNamespace(bEndpointAddress=0x02)]}

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        if self.fail_with is not None:
            raise self.fail_with
        self.writes.append((endpoint, bytes(data), timeout))
        return len(data)


def fake_pyusb(monkeypatch: pytest.MonkeyPatch, device: FakeDevice | None, no_backend: bool = False) -> None:
    class NoBackendError(ValueError):
        pass

    def find(**ids: int) -> FakeDevice | None:
        assert ids == {"idVendor": 0x04B8, "idProduct": 0x0E15}
        if no_backend:
            raise NoBackendError("No backend available")
        return device

    core = SimpleNamespace(
        find=find, NoBackendError=NoBackendError, USBError=FakeUSBError, USBTimeoutError=FakeUSBTimeoutError
    )
    util = SimpleNamespace(
        endpoint_direction=lambda address: address & 0x80,
        ENDPOINT_OUT=0,
        dispose_resources=lambda device: None,
    )
    monkeypatch.setitem(sys.modules, "usb", SimpleNamespace(core=core, util=util))
    monkeypatch.setitem(sys.modules, "usb.core", core)
    monkeypatch.setitem(sys.modules, "usb.util", util)


def test_usb_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usb", None)
    monkeypatch.setitem(sys.modules, "usb.core", None)
    error = failure("usb://04b8:0e15")
    assert error.kind == "usb_unavailable" and "USB support is not installed" in error.message("en")
    assert "El soporte USB no está instalado" in error.message("es")


def test_usb_without_libusb(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pyusb(monkeypatch, None, no_backend=True)
    error = failure("usb://04b8:0e15")
    assert error.kind == "usb_unavailable" and "libusb" in error.message("en")


def test_usb_delivers_in_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    device = FakeDevice()
    fake_pyusb(monkeypatch, device)
    send(parse_printer_uri("usb://04b8:0e15?timeout=2"), b"\x1b@hola\n")
    assert device.writes == [(0x02, b"\x1b@hola\n", 2000)]
    assert device.detached


@pytest.mark.parametrize(
    ("device", "kind"),
    [
        (None, "not_found"),
        (
            FakeDevice(FakeUSBError(errno.EACCES, "Access denied (insufficient permissions)")),
            "permission_denied",
        ),
        (
            FakeDevice(FakeUSBError(errno.ENODEV, "No such device (it may have been disconnected)")),
            "not_found",
        ),
        (FakeDevice(FakeUSBError(errno.EBUSY, "Resource busy")), "busy"),
        (FakeDevice(FakeUSBTimeoutError(errno.ETIMEDOUT, "Operation timed out")), "timeout"),
    ],
)
def test_usb_failures(monkeypatch: pytest.MonkeyPatch, device: FakeDevice | None, kind: str) -> None:
    fake_pyusb(monkeypatch, device)
    error = failure("usb://04b8:0e15")
    assert error.kind == kind and "USB 04b8:0e15" in error.message("es")


def test_real_pyusb_without_a_backend_is_reported() -> None:
    core = pytest.importorskip("usb.core")
    try:
        core.find(idVendor=0x04B8, idProduct=0x0E15)
    except core.NoBackendError:
        assert failure("usb://04b8:0e15").kind == "usb_unavailable"
    else:  # pragma: no cover - a machine with libusb: no such printer is plugged in
        assert failure("usb://04b8:0e15").kind == "not_found"


# ---- serial -----------------------------------------------------------------------------------------


def test_serial_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "serial", None)
    error = failure("serial:///dev/ttyUSB0")
    assert error.kind == "serial_unavailable" and "pyserial" in error.message("en")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_serial_delivers_through_a_pty() -> None:
    pytest.importorskip("serial")
    master, slave = os.openpty()
    try:
        data = build_job(cash_receipt(), parse_printer_uri("serial:///x"), logo=None)
        received = bytearray()

        def drain() -> None:
            while len(received) < len(data):
                received.extend(os.read(master, 65536))

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        send(parse_printer_uri(f"serial://{os.ttyname(slave)}?baudrate=115200"), data)
        reader.join(timeout=5)
        assert bytes(received) == data
    finally:
        os.close(master)
        os.close(slave)


def test_serial_missing_port(tmp_path: Path) -> None:
    pytest.importorskip("serial")
    assert failure(f"serial://{tmp_path}/ttyUSB9").kind == "not_found"


# ---- cups (pycups faked) ----------------------------------------------------------------------------


class FakeIPPError(Exception):
    pass


def fake_pycups(
    monkeypatch: pytest.MonkeyPatch, queues: dict[str, dict[str, object]], fail: str = ""
) -> list[Any]:
    printed: list[Any] = []

    class Connection:
        def __init__(self) -> None:
            if fail == "connect":
                raise RuntimeError("failed to connect to server")

        def getPrinters(self) -> dict[str, dict[str, object]]:
            return queues

        def printFile(self, queue: str, path: str, title: str, options: dict[str, str]) -> int:
            if fail == "forbidden":
                raise FakeIPPError(0x0403, "Forbidden")
            printed.append((queue, Path(path).read_bytes(), title, options))
            return 7

    monkeypatch.setitem(sys.modules, "cups", SimpleNamespace(Connection=Connection, IPPError=FakeIPPError))
    return printed


def test_cups_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "cups", None)
    error = failure("cups://Caja1")
    assert error.kind == "cups_unavailable" and "pycups" in error.message("es")


def test_cups_prints_raw(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = fake_pycups(monkeypatch, {"Caja1": {"printer-state": 3}})
    send(parse_printer_uri("cups://Caja1"), b"\x1b@hola\n")
    assert printed == [
        ("Caja1", b"\x1b@hola\n", "Abono receipt", {"document-format": "application/vnd.cups-raw"})
    ]


@pytest.mark.parametrize(
    ("queues", "fail", "kind"),
    [
        ({}, "", "not_found"),
        ({"Caja1": {}}, "connect", "unreachable"),
        ({"Caja1": {}}, "forbidden", "permission_denied"),
    ],
)
def test_cups_failures(
    monkeypatch: pytest.MonkeyPatch, queues: dict[str, dict[str, object]], fail: str, kind: str
) -> None:
    fake_pycups(monkeypatch, queues, fail)
    error = failure("cups://Caja1")
    assert error.kind == kind and "Caja1" in error.message("en")
