"""The receipt model refuses what cannot be printed honestly; formatting follows the locale."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.receipts import verification_payload
from app.receipts.errors import PrinterError
from app.receipts.formatting import format_date, format_datetime, format_money, mask_document
from tests.support.receipts import ISSUED_AT, LIMA, cash_receipt, void_slip


def test_money_is_babel_es_pe_with_plain_spaces() -> None:
    assert format_money(Decimal("1234.5"), "PEN", "es_PE") == "S/ 1,234.50"
    assert format_money(Decimal("-120"), "PEN", "es_PE") == "-S/ 120.00"
    assert format_money(Decimal("0.00"), "PEN", "es_PE") == "S/ 0.00"


def test_money_refuses_float() -> None:
    with pytest.raises(TypeError):
        format_money(12.5, "PEN", "es_PE")  # type: ignore[arg-type]


def test_dates_are_the_locale_short_form() -> None:
    assert format_date(date(2024, 3, 5), "es_PE") == "5/03/24"
    assert format_date(date(2024, 3, 5), "en_US") == "3/5/24"
    assert format_datetime(datetime(2024, 3, 5, 14, 7, tzinfo=LIMA), "es_PE") == "5/03/24 2:07 p. m."


def test_document_number_is_masked_to_the_last_four() -> None:
    assert mask_document("45675678") == "****5678"
    assert mask_document("20123456789") == "****6789"
    assert mask_document("123") == "****"


def test_verification_payload_is_stable_ascii() -> None:
    payload = verification_payload("B012-01-000123", Decimal("350"), "PEN", "0012345", ISSUED_AT)
    assert payload == "ABONO1|B012-01-000123|0012345|2024-03-05|PEN|350.00"
    assert payload.isascii()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"amount": 350.0}, TypeError),
        ({"amount": Decimal("350.001")}, ValueError),
        ({"amount": Decimal("0")}, ValueError),
        ({"amount": Decimal("NaN")}, ValueError),
        ({"issued_at": datetime(2024, 3, 5, 14, 7)}, ValueError),
        ({"method": "cheque"}, ValueError),
        ({"card_last4": "4111111111111111"}, ValueError),
        ({"tendered": Decimal("300.00")}, ValueError),
        ({"change": Decimal("49.00")}, ValueError),
        ({"still_overdue_amount": Decimal("-1")}, ValueError),
        ({"currency": "soles"}, ValueError),
        ({"amount": Decimal("100.00"), "tendered": Decimal("150.00")}, ValueError),  # allocations exceed it
    ],
)
def test_receipt_refuses_bad_values(changes: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        cash_receipt(**changes)


def test_trailing_zeros_and_credit_balance_are_fine() -> None:
    receipt = cash_receipt(balance_after=Decimal("-20.0"), amount=Decimal("350.000"))
    assert receipt.balance_after == Decimal("-20")


def test_copy_keeps_everything_but_the_copy_marks() -> None:
    original = cash_receipt()
    copy = original.as_copy(datetime(2024, 3, 6, 9, 0, tzinfo=LIMA))
    assert copy.copy and copy.reprinted_at is not None
    assert copy.receipt_no == original.receipt_no and copy.amount == original.amount


def test_void_needs_reason_and_manager() -> None:
    with pytest.raises(ValueError):
        void_slip(reason="  ")
    with pytest.raises(ValueError):
        void_slip(approved_by="")


def test_printer_error_speaks_both_languages() -> None:
    error = PrinterError("timeout", "No responde.", "Not responding.")
    assert error.message() == "No responde." == str(error)
    assert error.message("en") == "Not responding."
    assert error.message("en_US") == "Not responding."
    assert error.retryable
    assert not PrinterError("invalid_uri", "x", "y").retryable
    with pytest.raises(ValueError):
        PrinterError("whatever", "x", "y")
