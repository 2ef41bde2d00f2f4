"""The text rendering: golden files, wrapping that never overflows, labels in both languages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.receipts import CompanyHeader, render_text
from app.receipts.layout import Columns, Cut, DrawerKick, Qr, Text, layout, rows
from tests.support.receipts import COMPANY, LIMA, card_receipt, cash_receipt, void_slip, wallet_receipt

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("width", [32, 42, 48])
def test_golden_rendering(width: int) -> None:
    expected = (GOLDEN / f"receipt_{width}.txt").read_text(encoding="utf-8")
    assert render_text(cash_receipt(), width) == expected


@pytest.mark.parametrize("width", [32, 42, 48])
def test_every_line_fits_the_width(width: int) -> None:
    for document in (cash_receipt(), card_receipt(), wallet_receipt(), void_slip()):
        for language in ("es", "en"):
            lines = render_text(document, width, language).splitlines()
            assert all(len(line) <= width for line in lines), lines


def test_receipt_says_what_was_paid() -> None:
    text = render_text(cash_receipt(), 42)
    assert "RECIBO DE PAGO" in text.replace(" ", "") or "R E C I B O" in text
    assert "B012-01-000123" in text
    assert "TOTAL PAGADO" in text and "S/ 350.00" in text
    assert "Vuelto:" in text and "S/ 50.00" in text
    assert "DNI: ****5678" in text and "45675678" not in text
    assert "Cuenta con S/ 120.00 vencido" in text
    assert "Comercial Andina S.A.C." in text and "RUC 20123456789" in text


def test_english_labels() -> None:
    text = render_text(cash_receipt(), 48, "en")
    assert "P A Y M E N T   R E C E I P T" in text
    assert "TOTAL PAID" in text and "Change:" in text
    assert "Overdue: S/ 120.00" in text


def test_copy_says_copy_with_the_reprint_time() -> None:
    copy = cash_receipt().as_copy(datetime(2024, 3, 6, 9, 15, tzinfo=LIMA))
    assert "*** COPIA ***" in render_text(copy, 42)
    assert "Reimpreso: 6/03/24 9:15 a. m." in render_text(copy, 42)
    assert "*** COPY ***" in render_text(copy, 42, "en")
    assert "COPIA" not in render_text(cash_receipt(), 42)


def test_no_overdue_notice_when_nothing_is_overdue() -> None:
    assert "vencido" not in render_text(card_receipt(), 42)


def test_card_and_wallet_details() -> None:
    card = render_text(card_receipt(), 42)
    assert "VISA ****4242" in card and "A1B2C3" in card and "Vuelto" not in card
    wallet = render_text(wallet_receipt(), 42)
    assert "Yape" in wallet and "N.º operación:" in wallet and "98765432" in wallet


def test_credit_balance_is_shown_as_such() -> None:
    text = render_text(cash_receipt(balance_after=Decimal("-20.00")), 42)
    assert "Saldo a favor:" in text and "S/ 20.00" in text and "-S/" not in text


def test_void_slip() -> None:
    text = render_text(void_slip(), 42)
    assert "A N U L A C I Ó N" in text
    assert "Recibo anulado:" in text and "B012-01-000123" in text
    assert "MONTO ANULADO" in text and "S/ 350.00" in text
    assert "Rosa Quispe (gerente)" in text and "Monto digitado por error" in text
    assert "V O I D" in render_text(void_slip(), 42, "en")


def test_drawer_kick_only_for_cash_and_never_for_a_copy() -> None:
    reprint = datetime(2024, 3, 6, 9, 15, tzinfo=LIMA)
    assert DrawerKick() in layout(cash_receipt())
    assert DrawerKick() not in layout(card_receipt())
    assert DrawerKick() not in layout(wallet_receipt())
    assert DrawerKick() not in layout(cash_receipt().as_copy(reprint))
    assert DrawerKick() in layout(void_slip())
    assert layout(cash_receipt())[-1] == Cut()


def test_qr_item_carries_the_verification_payload() -> None:
    receipt = cash_receipt()
    assert [i.payload for i in layout(receipt) if isinstance(i, Qr)] == [receipt.verification]


def test_control_characters_never_reach_the_paper() -> None:
    text = render_text(cash_receipt(customer_name="Ana\x1b@\x1dV\x00 Pérez\nRuiz"), 42)
    assert "\x1b" not in text and "\x1d" not in text and "\x00" not in text
    assert "Ana @ V Pérez Ruiz" in text


def test_long_words_are_broken_and_amounts_stay_flush_right() -> None:
    receipt = cash_receipt(customer_name="X" * 100, company=CompanyHeader("Y" * 70, "1", "", "", ""))
    lines = render_text(receipt, 32).splitlines()
    assert all(len(line) <= 32 for line in lines)
    wrapped = rows(Columns("Una etiqueta muy larga que no cabe", "S/ 12,345.67"), 32)
    assert len(wrapped) == 2 and all(len(row) <= 32 for row in wrapped)
    assert wrapped[-1].endswith(" S/ 12,345.67") and len(wrapped[-1]) == 32
    assert rows(Text("RECIBO DE PAGO", double=True), 32) == ["RECIBO DE PAGO"]
    assert rows(Text("PAYMENT RECEIPT FOR A LONG TITLE", double=True), 32) == [
        "PAYMENT RECEIPT",
        "FOR A LONG TITLE",
    ]


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(min_size=1, max_size=120),
    address=st.text(max_size=150),
    footer=st.lists(st.text(max_size=90), max_size=3),
    width=st.sampled_from([32, 42, 48]),
    language=st.sampled_from(["es", "en"]),
)
def test_any_text_fits(name: str, address: str, footer: list[str], width: int, language: str) -> None:
    company = CompanyHeader(COMPANY.trade_name, COMPANY.tax_id, name, address, "01 445-1234", tuple(footer))
    receipt = cash_receipt(
        customer_name=name,
        company=company,
        cashier=name,
        amount=Decimal("99999.99"),
        tendered=Decimal("99999.99"),
        change=Decimal("0.00"),
    )
    for line in render_text(receipt, width, language).splitlines():
        assert len(line) <= width
        assert line.isprintable()
