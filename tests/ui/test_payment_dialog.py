"""The payment dialog (F5) on a real branch: cash with change, card, split, bad amounts, double confirm."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import open_account


def open_payment(qtbot: Any, desk: Any, account_no: str = "A0001", search: str = "quispe") -> Any:
    open_account(qtbot, desk, search, account_no)
    qtbot.keyClick(desk, Qt.Key.Key_F5)
    qtbot.waitUntil(
        lambda: getattr(desk, "payment_dialog", None) is not None and desk.payment_dialog.isVisible()
    )
    return desk.payment_dialog


def payments_of(branch: Any, account_no: str = "A0001") -> list[Any]:
    return list(branch.accounts.get(account_no).payments)


def choose_method(dialog: Any, part: Any, code: str) -> None:
    part.set_method(code)


def test_cash_payment_with_change(qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, "100")
    qtbot.keyClicks(dialog.first.tendered, "150")
    assert dialog.first.change.text() == desk.fmt.money(Decimal("50.00"))
    with qtbot.waitSignal(dialog.posted, timeout=10_000) as posted:
        qtbot.keyClick(dialog.first.tendered, Qt.Key.Key_Return)
    (record,) = posted.args[0]
    assert record.amount == Decimal("100.00") and record.change == Decimal("50.00")
    assert record.method == "cash" and record.cashier == "caja01"
    assert [p.receipt_no for p in payments_of(desk_branch)] == [record.receipt_no]
    assert desk.fmt.money(Decimal("50.00")) in desk.banner.label.text()


def test_preview_shows_how_the_amount_is_applied(qtbot: Any, make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    with qtbot.waitSignal(dialog.preview_model.modelReset, timeout=10_000):
        dialog.quick_buttons["overdue"].click()
    lines = dialog.preview_model.rows
    assert lines and lines[0].installment == 1
    assert sum(line.amount for line in lines) == desk.account.view.overdue_amount


def test_card_payment(qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, "80.50")
    choose_method(dialog, dialog.first, "card")
    assert dialog.first.card_last4.isVisibleTo(dialog) and not dialog.first.tendered.isVisibleTo(dialog)
    dialog.first.card_brand.setCurrentText("Visa")
    qtbot.keyClicks(dialog.first.card_last4, "4242")
    qtbot.keyClicks(dialog.first.auth_code, "a1b2c3")
    with qtbot.waitSignal(dialog.posted, timeout=10_000) as posted:
        qtbot.keyClick(dialog.first.auth_code, Qt.Key.Key_Return)
    (record,) = posted.args[0]
    assert (record.card_brand, record.card_last4, record.auth_code) == ("Visa", "4242", "A1B2C3")
    assert record.tendered is None and record.change is None


def test_split_between_cash_and_yape_posts_two_payments(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, "100")
    dialog.split.setChecked(True)
    choose_method(dialog, dialog.second, "yape")
    qtbot.keyClicks(dialog.second.amount, "40")
    qtbot.keyClicks(dialog.second.operation_number, "12345678")
    assert dialog.first_share.text().endswith(desk.fmt.money(Decimal("60.00")))
    with qtbot.waitSignal(dialog.posted, timeout=10_000) as posted:
        dialog.confirm_button.click()
    records = posted.args[0]
    assert [(r.method, r.amount) for r in records] == [("cash", Decimal("60.00")), ("yape", Decimal("40.00"))]
    assert len({r.payment_id for r in records}) == 2
    assert len(payments_of(desk_branch)) == 2


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("abc", "no es un monto válido"),
        ("-5", "negativo"),
        ("1.234", "más de 2 decimales"),
        ("0", "mayor que cero"),
        ("", "Ingrese un monto"),
        ("99999", "supera el saldo"),
        ("4111 1111 1111 1111", "número de tarjeta"),
    ],
)
def test_bad_amount_shows_an_inline_error_and_posts_nothing(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any, text: str, fragment: str
) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, text)
    posted: list[Any] = []
    dialog.posted.connect(posted.append)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert fragment in dialog.error.text()
    assert dialog.amount.property("invalid") is True
    assert dialog.isVisible() and dialog.form.state == "editing"
    assert posted == [] and payments_of(desk_branch) == []


def test_tendered_below_the_amount_is_refused_inline(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, "100")
    qtbot.keyClicks(dialog.first.tendered, "50")
    assert "falta" in dialog.first.change.text() or "missing" in dialog.first.change.text()
    dialog.confirm_button.click()
    assert "menor que el monto" in dialog.error.text()
    assert dialog.first.tendered.property("invalid") is True
    assert payments_of(desk_branch) == []


def test_double_enter_and_double_click_post_once(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, "25")
    with qtbot.waitSignal(dialog.posted, timeout=10_000):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        dialog.confirm()  # a third, programmatic confirm while the first is still posting
        qtbot.mouseDClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.tasks.idle("db"))
    assert len(payments_of(desk_branch)) == 1


def test_a_retried_request_returns_the_same_payment(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    """The dialog's request id makes a repeated post (e.g. after a lost reply) return the first payment."""
    desk = make_desk(cashier)
    dialog = open_payment(qtbot, desk)
    qtbot.keyClicks(dialog.amount, "30")
    with qtbot.waitSignal(dialog.posted, timeout=10_000) as posted:
        dialog.confirm_button.click()
    (first,) = posted.args[0]
    request = dialog.form._frozen[0]
    again = desk_branch.payments.take(request, cashier)
    assert again.receipt_no == first.receipt_no
    assert len(payments_of(desk_branch)) == 1
