"""Printer URIs: what is accepted, and a clear bilingual refusal for everything else."""

from __future__ import annotations

import pytest

from app.receipts import PrinterError, parse_printer_uri


def test_tcp_defaults() -> None:
    settings = parse_printer_uri("tcp://192.168.1.50")
    assert (settings.scheme, settings.target, settings.port) == ("tcp", "192.168.1.50", 9100)
    assert (settings.profile, settings.width, settings.codepage) == ("default", 42, "CP858")
    assert (settings.timeout, settings.drawer_pin, settings.status_check) == (5.0, 2, False)
    assert settings.describe() == "192.168.1.50:9100"


def test_tcp_with_options() -> None:
    settings = parse_printer_uri(
        " TCP://caja1.local:9101?width=48&codepage=pc850&timeout=2.5&drawer_pin=5&status=1 "
    )
    assert (settings.target, settings.port, settings.width, settings.codepage) == (
        "caja1.local",
        9101,
        48,
        "CP850",
    )
    assert (settings.timeout, settings.drawer_pin, settings.status_check) == (2.5, 5, True)


def test_ipv6_host() -> None:
    settings = parse_printer_uri("tcp://[::1]:9100")
    assert settings.target == "::1" and settings.describe() == "[::1]:9100"


def test_profile_sets_the_default_width() -> None:
    assert parse_printer_uri("tcp://p?profile=TM-T20II").width == 48
    assert parse_printer_uri("tcp://p?profile=POS-5890").width == 32
    assert parse_printer_uri("tcp://p?profile=TM-T20II&width=42").width == 42


def test_codepage_names() -> None:
    for name in ("CP858", "cp858", "PC858_EURO", "858"):
        assert parse_printer_uri(f"tcp://p?codepage={name}").codepage == "CP858"
    assert parse_printer_uri("tcp://p?codepage=CP1252").codepage == "CP1252"


def test_other_schemes() -> None:
    usb = parse_printer_uri("usb://04B8:e15?out_ep=0x02")
    assert (usb.target, usb.usb_ids, usb.usb_out_ep, usb.usb_in_ep) == (
        "04b8:0e15",
        (0x04B8, 0x0E15),
        2,
        None,
    )
    serial = parse_printer_uri("serial:///dev/ttyUSB0?baudrate=19200&flow=rtscts")
    assert (serial.target, serial.baudrate, serial.flow) == ("/dev/ttyUSB0", 19200, "rtscts")
    assert parse_printer_uri("serial://COM3").target == "COM3"
    assert parse_printer_uri("file:///dev/usb/lp0").target == "/dev/usb/lp0"
    assert parse_printer_uri("file:///tmp/with%20space.bin").target == "/tmp/with space.bin"
    cups = parse_printer_uri("cups://Caja_1?width=32")
    assert (cups.scheme, cups.target, cups.width) == ("cups", "Caja_1", 32)


@pytest.mark.parametrize(
    "uri",
    [
        "",
        "192.168.1.50",
        "http://192.168.1.50",
        "tcp://",
        "tcp://:9100",
        "tcp://host:99999",
        "tcp://host:0",
        "tcp://host:abc",
        "tcp://host/queue",
        "tcp://host?width=40",
        "tcp://host?width=wide",
        "tcp://host?codepage=CP932",
        "tcp://host?codepage=UTF-8",
        "tcp://host?profile=TM-T88II&codepage=CP858",
        "tcp://host?profile=NoSuchPrinter",
        "tcp://host?timeout=0",
        "tcp://host?timeout=500",
        "tcp://host?timeout=soon",
        "tcp://host?drawer_pin=3",
        "tcp://host?status=maybe",
        "tcp://host?colour=red",
        "tcp://host?baudrate=9600",
        "tcp://host?width=32&width=48",
        "usb://04b8",
        "usb://zzzz:0e15",
        "usb://04b8:0e15?out_ep=300",
        "serial://dev/ttyUSB0",
        "serial:///dev/ttyUSB0?baudrate=1234",
        "serial:///dev/ttyUSB0?flow=magic",
        "file://",
        "file:///",
        "cups://",
        "cups://server/queue",
    ],
)
def test_bad_uris_are_refused_with_a_clear_message(uri: str) -> None:
    with pytest.raises(PrinterError) as caught:
        parse_printer_uri(uri)
    error = caught.value
    assert error.kind == "invalid_uri" and not error.retryable
    assert error.message("es").startswith(f"La dirección de impresora «{uri.strip()}» no es válida: ")
    assert error.message("en").startswith(f"The printer address '{uri.strip()}' is not valid: ")


def test_refusal_names_the_problem() -> None:
    with pytest.raises(PrinterError) as caught:
        parse_printer_uri("tcp://host?profile=TM-T88II&codepage=CP858")
    assert "CP437, CP850" in caught.value.message("en")
    with pytest.raises(PrinterError) as caught:
        parse_printer_uri("tcp://host?colour=red")
    assert "colour" in caught.value.message("es") and "colour" in caught.value.message("en")
