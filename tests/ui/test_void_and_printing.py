"""Voids (cashier refused, manager approval), printing after a payment, the printer-failure banner and
Retry against the test printer server, reprints and the print queue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt

from app.payments import PaymentRequest
from tests.support.printer_server import PrinterServer, closed_port
from tests.ui.conftest import CASHIER, MANAGER, open_account


def pay(branch: Any, user: Any, amount: str = "50.00", *, queue: bool = True) -> Any:
    request = PaymentRequest("A0001", Decimal(amount), "yape", operation_number="99887766")
    return branch.payments.take(request, user, queue_receipt=queue)


def open_void(qtbot: Any, desk: Any) -> Any:
    open_account(qtbot, desk, "quispe", "A0001")
    qtbot.keyClick(desk, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: getattr(desk, "void_dialog", None) is not None and desk.void_dialog.isVisible())
    return desk.void_dialog


def test_a_cashier_cannot_void_with_their_own_credentials(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    record = pay(desk_branch, cashier)
    desk = make_desk(cashier)
    dialog = open_void(qtbot, desk)
    assert dialog.manager_user.isVisibleTo(dialog)  # a cashier needs a manager's approval
    qtbot.keyClicks(dialog.reason, "monto equivocado")
    qtbot.keyClicks(dialog.manager_user, CASHIER[0])
    qtbot.keyClicks(dialog.manager_password, CASHIER[1])
    qtbot.keyClick(dialog.manager_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled(), timeout=10_000)
    assert "gerente" in dialog.error.text().lower() or "permiso" in dialog.error.text().lower()
    assert not desk_branch.payments.get(record.receipt_no).voided


def test_wrong_manager_password_voids_nothing(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    record = pay(desk_branch, cashier)
    desk = make_desk(cashier)
    dialog = open_void(qtbot, desk)
    qtbot.keyClicks(dialog.reason, "monto equivocado")
    qtbot.keyClicks(dialog.manager_user, MANAGER[0])
    qtbot.keyClicks(dialog.manager_password, "no-es")
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.confirm_button.isEnabled(), timeout=10_000)
    assert dialog.error.text() == "Usuario o contraseña incorrectos."
    assert not desk_branch.payments.get(record.receipt_no).voided


def test_manager_approval_on_the_cashiers_screen_voids(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    record = pay(desk_branch, cashier)
    desk = make_desk(cashier)
    dialog = open_void(qtbot, desk)
    dialog.reason.insert("cliente pagó dos veces")  # QTest types ASCII only
    qtbot.keyClicks(dialog.manager_user, MANAGER[0])
    qtbot.keyClicks(dialog.manager_password, MANAGER[1])
    with qtbot.waitSignal(dialog.voided, timeout=10_000) as voided:
        qtbot.keyClick(dialog.manager_password, Qt.Key.Key_Return)
    void = voided.args[0]
    assert (void.manager, void.requested_by, void.reason) == ("jefe01", "caja01", "cliente pagó dos veces")
    assert desk_branch.payments.get(record.receipt_no).voided
    qtbot.waitUntil(
        lambda: desk.account.payments_model.rowCount() == 1 and desk.account.payments_model.rows[0].voided
    )
    assert desk.account.payments_model.index(0, 5).data().startswith("ANULADO")


def test_a_manager_voids_without_typing_credentials(
    qtbot: Any, make_desk: Any, manager: Any, desk_branch: Any
) -> None:
    record = pay(desk_branch, manager)
    desk = make_desk(manager)
    dialog = open_void(qtbot, desk)
    assert not dialog.manager_user.isVisibleTo(dialog)
    dialog.reason.insert("error de digitación")
    with qtbot.waitSignal(dialog.voided, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert desk_branch.payments.get(record.receipt_no).void.manager == "jefe01"


def test_a_payment_prints_its_receipt(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any, manager: Any
) -> None:
    with PrinterServer() as server:
        desk_branch.printing.set_printer(server.uri, manager)
        desk = make_desk(cashier)
        open_account(qtbot, desk, "quispe", "A0001")
        qtbot.keyClick(desk, Qt.Key.Key_F5)
        dialog = desk.payment_dialog
        qtbot.keyClicks(dialog.amount, "20")
        with qtbot.waitSignal(desk.printing_done, timeout=15_000) as done:
            qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        assert done.args == ["printed"]
        (job,) = server.wait_for_jobs(1)
        assert b"B012-01-000001" in job
        assert desk_branch.printing.waiting() == []


def test_printer_failure_shows_a_banner_and_retry_prints(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any, manager: Any
) -> None:
    with closed_port() as port:
        desk_branch.printing.set_printer(f"tcp://127.0.0.1:{port}?timeout=2", manager)
        desk = make_desk(cashier)
        open_account(qtbot, desk, "quispe", "A0001")
        qtbot.keyClick(desk, Qt.Key.Key_F5)
        dialog = desk.payment_dialog
        qtbot.keyClicks(dialog.amount, "35")
        with qtbot.waitSignal(desk.printing_done, timeout=15_000) as done:
            qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert done.args == ["failed"]
    assert desk.banner.isVisible() and desk.banner.kind == "error"
    assert desk.banner.label.text().startswith("Pago guardado; el recibo no se imprimió:")
    assert desk.banner.retry_button.isVisible()
    (job,) = desk_branch.printing.waiting()
    assert (job.receipt_no, job.status) == ("B012-01-000001", "failed")
    assert len(desk_branch.accounts.get("A0001").payments) == 1  # the payment stands
    with PrinterServer() as server:
        desk_branch.printing.set_printer(server.uri, manager)
        with qtbot.waitSignal(desk.printing_done, timeout=15_000) as retried:
            qtbot.mouseClick(desk.banner.retry_button, Qt.MouseButton.LeftButton)
        assert retried.args == ["printed"]
        (printed,) = server.wait_for_jobs(1)
    assert b"B012-01-000001" in printed
    assert desk_branch.printing.waiting() == []
    assert desk.banner.kind == "info"


def test_reprint_prints_a_copy(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any, manager: Any
) -> None:
    record = pay(desk_branch, cashier, queue=False)
    with PrinterServer() as server:
        desk_branch.printing.set_printer(server.uri, manager)
        desk = make_desk(cashier)
        open_account(qtbot, desk, "quispe", "A0001")
        with qtbot.waitSignal(desk.printing_done, timeout=15_000) as done:
            qtbot.keyClick(desk, Qt.Key.Key_F9)
        assert done.args == ["printed"]
        (job,) = server.wait_for_jobs(1)
    assert record.receipt_no.encode() in job
    assert b"COPIA" in job.upper()


def test_print_queue_lists_waiting_jobs_and_retries(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any, manager: Any
) -> None:
    from ui.print_queue_dialog import PrintQueueDialog

    pay(desk_branch, cashier)
    desk = make_desk(cashier)
    dialog = PrintQueueDialog(
        desk_branch.printing.waiting, desk_branch.printing.print_waiting, desk.tasks, desk.fmt, desk
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.model.index(0, 0).data() == "B012-01-000001"
    with PrinterServer() as server:
        desk_branch.printing.set_printer(server.uri, manager)
        dialog.retry_button.click()
        qtbot.waitUntil(
            lambda: dialog.model.rowCount() == 0 and "impres" in dialog.message.text(), timeout=15_000
        )
        server.wait_for_jobs(1)
