"""The PDF: 80 mm wide, as tall as its content, the same words as the text rendering, and a QR code."""

from __future__ import annotations

import base64
import io
import re
import zlib
from pathlib import Path

import pytest
from PIL import Image

from app.receipts import receipt_pdf, render_text
from tests.support.receipts import cash_receipt, void_slip

MM = 72 / 25.4


def page_size(pdf: bytes) -> tuple[float, float]:
    (box,) = re.findall(rb"/MediaBox \[ ([\d. ]+) \]", pdf)
    x0, y0, x1, y1 = (float(v) for v in box.split())
    return x1 - x0, y1 - y0


def content(pdf: bytes) -> str:
    """The page's drawing operators, with the text strings decoded from WinAnsi (cp1252)."""
    streams = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        raw = match.group(1).strip()
        try:
            streams.append(zlib.decompress(base64.a85decode(raw, adobe=True)))
        except ValueError:
            continue
    ops = b"\n".join(streams)

    def unescape(m: re.Match[bytes]) -> bytes:
        body = re.sub(rb"\\([0-7]{3})", lambda e: bytes([int(e.group(1), 8)]), m.group(1))
        return b"(" + re.sub(rb"\\(.)", rb"\1", body) + b")"

    return re.sub(rb"\(((?:[^()\\]|\\.)*)\)", unescape, ops).decode("cp1252")


def shown_strings(ops: str) -> list[str]:
    return re.findall(r"\(((?:[^()])*)\) Tj", ops)


def test_pdf_is_80_mm_wide_and_fits_its_content(tmp_path: Path) -> None:
    path = tmp_path / "receipt.pdf"
    receipt_pdf(cash_receipt(), path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    width, height = page_size(pdf)
    assert width == pytest.approx(80 * MM, abs=0.01)
    rows = len(render_text(cash_receipt(), 42).splitlines())
    assert rows * 8 < height < rows * 12 + 40 * MM  # rows of ~10 pt, plus the QR code


def test_pdf_says_what_the_text_says() -> None:
    buffer = io.BytesIO()
    receipt_pdf(cash_receipt(), buffer)
    strings = shown_strings(content(buffer.getvalue()))
    expected = [row.strip() for row in render_text(cash_receipt(), 42).splitlines()]
    for row in (
        "B012-01-000123",
        "Cliente: José Ángel Muñoz Güemes de la",
        "TOTAL PAGADO                     S/ 350.00",
    ):
        assert row in expected and row in strings
    assert "RECIBO DE PAGO" in strings
    assert "¿Dudas? Llámenos al 01 445-1234 o" in strings


def test_pdf_has_a_qr_code() -> None:
    buffer = io.BytesIO()
    receipt_pdf(cash_receipt(), buffer)
    assert content(buffer.getvalue()).count(" re") > 100  # the QR modules are drawn as rectangles


def test_pdf_transliterates_what_winansi_lacks() -> None:
    buffer = io.BytesIO()
    receipt_pdf(cash_receipt(customer_name="Őrs “Ñandú” 中"), buffer)
    assert "Cliente: Ors “Ñandú” _" in shown_strings(content(buffer.getvalue()))


def test_void_slip_pdf_in_english_with_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 100), "navy").save(logo)
    buffer = io.BytesIO()
    receipt_pdf(void_slip(), buffer, language="en", width=48, logo=logo)
    pdf = buffer.getvalue()
    assert b"/Subtype /Image" in pdf
    assert "VOID" in shown_strings(content(pdf))
