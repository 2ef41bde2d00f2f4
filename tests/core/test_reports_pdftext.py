"""Reading the text back out of a PDF, for the report tests: ``pdftotext`` (poppler-utils) when it is
installed, else pypdf, else a small reader of reportlab's own content streams (Flate-compressed ``Tj``
strings in WinAnsi), checked here against pypdf when both are there."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from app.receipts import CompanyHeader, ReportLine
from app.receipts.model import DayReport


def pdf_text(path: Path) -> str:
    """All the text of the PDF at ``path``."""
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    try:
        from pypdf import PdfReader
    except ImportError:
        return reportlab_text(path.read_bytes())
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")
_ESCAPES = {
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"\b",
    b"f": b"\f",
    b"(": b"(",
    b")": b")",
    b"\\": b"\\",
}


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i : i + 1] == b"\\" and i + 1 < len(raw):
            nxt = raw[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
                continue
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
        out += raw[i : i + 1]
        i += 1
    return bytes(out)


def _decoded(body: bytes) -> bytes:
    """A stream's content: reportlab writes ASCII85 over Flate by default, or plain Flate, or raw."""
    import base64

    attempts = (
        lambda: zlib.decompress(base64.a85decode(body.strip().removesuffix(b"~>"), adobe=False)),
        lambda: zlib.decompress(body),
    )
    for attempt in attempts:
        try:
            return attempt()
        except (ValueError, zlib.error):
            continue
    return body


def reportlab_text(data: bytes) -> str:
    """The strings a reportlab PDF shows (``(...) Tj``), one line each, decoded as WinAnsi."""
    lines = []
    for body in _STREAM.findall(data):
        lines += [_unescape(m).decode("cp1252") for m in _SHOWN.findall(_decoded(body))]
    return "\n".join(lines)


def test_the_fallback_reader_reads_what_pypdf_reads(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from app.receipts import receipt_pdf

    slip = DayReport(
        company=CompanyHeader("Comercial Andina S.A.C.", "20123456789", "Sucursal Ñaña", "Av. Perú 123"),
        business_date=date(2026, 12, 4),
        generated_at=datetime(2026, 12, 4, 19, 0, tzinfo=ZoneInfo("America/Lima")),
        generated_by="gerente",
        payments=2,
        payments_amount=Decimal("1234.50"),
        voids=0,
        voids_amount=Decimal("0.00"),
        net_collected=Decimal("1234.50"),
        reprints=0,
        by_method=(ReportLine("Depósito (año)", 2, Decimal("1234.50")),),
        by_cashier=(ReportLine("cajero", 2, Decimal("1234.50")),),
        sessions=(),
        due_amount=Decimal("0.00"),
        due_paid=Decimal("0.00"),
        efficiency_pct=None,
        aging=(),
    )
    path = tmp_path / "slip.pdf"
    receipt_pdf(slip, path)
    ours = reportlab_text(path.read_bytes())
    theirs = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)
    for expected in ("S/ 1,234.50", "Depósito (año) (2)", "Sucursal Ñaña", "CIERRE DEL DÍA"):
        assert expected in ours, ours
        assert expected in theirs, theirs
