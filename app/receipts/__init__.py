"""Receipts: payment receipts, void slips and the X, Z and end-of-day slips as text, ESC/POS bytes and
PDF, and sending them to printers.

A pure library: it takes the frozen dataclasses of :mod:`app.receipts.model` and knows nothing of the
database. Importing it is cheap: python-escpos is imported (contained) on the first
:func:`build_job`, reportlab on the first :func:`receipt_pdf`.

Typical use, after the payment has committed::

    settings = parse_printer_uri("tcp://192.168.1.50:9100?width=48")
    job = build_job(receipt, settings, language="es")
    send(settings, job)  # raises PrinterError(kind, ...) with a message in Spanish and English
"""

from __future__ import annotations

from app.receipts.errors import PrinterError
from app.receipts.escpos_job import build_job
from app.receipts.layout import layout, render_text
from app.receipts.model import (
    CashMoveLine,
    CompanyHeader,
    DayReport,
    Document,
    DrawerCloseLine,
    DrawerReport,
    PaymentReceipt,
    ReceiptAllocation,
    ReportLine,
    TestPage,
    VoidSlip,
    verification_payload,
)
from app.receipts.pdf import receipt_pdf
from app.receipts.settings import PrinterSettings, parse_printer_uri
from app.receipts.transports import send

__all__ = [
    "CashMoveLine",
    "CompanyHeader",
    "DayReport",
    "Document",
    "DrawerCloseLine",
    "DrawerReport",
    "PaymentReceipt",
    "PrinterError",
    "PrinterSettings",
    "ReceiptAllocation",
    "ReportLine",
    "TestPage",
    "VoidSlip",
    "build_job",
    "layout",
    "parse_printer_uri",
    "receipt_pdf",
    "render_text",
    "send",
    "verification_payload",
]
