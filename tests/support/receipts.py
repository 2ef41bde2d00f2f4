"""Fixed sample documents for the receipt tests and the benchmark."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.receipts import CompanyHeader, PaymentReceipt, ReceiptAllocation, VoidSlip, verification_payload

LIMA = ZoneInfo("America/Lima")
ISSUED_AT = datetime(2024, 3, 5, 14, 7, tzinfo=LIMA)

COMPANY = CompanyHeader(
    trade_name="Comercial Andina S.A.C.",
    tax_id="20123456789",
    branch_name="Sucursal Miraflores",
    address="Av. José Larco 345, int. 2, Miraflores, Lima",
    phone="01 445-1234",
    footer_lines=(
        "Gracias por su pago puntual.",
        "¿Dudas? Llámenos al 01 445-1234 o escríbanos a pagos@andina.pe",
    ),
)


def cash_receipt(**changes: object) -> PaymentReceipt:
    """A cash payment of S/ 350.00 over three installments, with an overdue notice."""
    receipt = PaymentReceipt(
        company=COMPANY,
        receipt_no="B012-01-000123",
        issued_at=ISSUED_AT,
        cashier="María Ñáñez",
        register="01",
        customer_name="José Ángel Muñoz Güemes de la Peña",
        doc_type="DNI",
        doc_number="45675678",
        account_no="0012345",
        amount=Decimal("350.00"),
        method="cash",
        method_label="Efectivo",
        balance_after=Decimal("1234.50"),
        verification=verification_payload("B012-01-000123", Decimal("350.00"), "PEN", "0012345", ISSUED_AT),
        allocations=(
            ReceiptAllocation(3, date(2024, 2, 5), Decimal("100.00")),
            ReceiptAllocation(4, date(2024, 3, 5), Decimal("150.00")),
            ReceiptAllocation(5, date(2024, 4, 5), Decimal("100.00")),
        ),
        tendered=Decimal("400.00"),
        change=Decimal("50.00"),
        next_due_date=date(2024, 5, 5),
        next_due_amount=Decimal("150.00"),
        still_overdue_amount=Decimal("120.00"),
    )
    return replace(receipt, **changes)  # type: ignore[arg-type]


def card_receipt(**changes: object) -> PaymentReceipt:
    """A card payment: no tendered/change, brand and last four digits, authorization code."""
    base = cash_receipt(
        method="card",
        method_label="Tarjeta",
        tendered=None,
        change=None,
        card_brand="VISA",
        card_last4="4242",
        auth_code="A1B2C3",
        still_overdue_amount=Decimal("0.00"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def wallet_receipt(**changes: object) -> PaymentReceipt:
    base = cash_receipt(
        method="wallet", method_label="Yape", tendered=None, change=None, operation_number="98765432"
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def void_slip(**changes: object) -> VoidSlip:
    slip = VoidSlip(
        company=COMPANY,
        receipt_no="B012-01-000123",
        voided_at=datetime(2024, 3, 5, 16, 30, tzinfo=LIMA),
        amount=Decimal("350.00"),
        method="cash",
        method_label="Efectivo",
        customer_name="José Ángel Muñoz Güemes de la Peña",
        account_no="0012345",
        approved_by="Rosa Quispe (gerente)",
        reason="Monto digitado por error; el cliente pagó S/ 35.00",
        cashier="María Ñáñez",
        register="01",
    )
    return replace(slip, **changes)  # type: ignore[arg-type]
