"""The drawer wizards and the reports screen, driven with pytest-qt offscreen: open with a float, the
blind close, a difference beyond the threshold approved by a manager, X/Z/end of day with Save and Print."""

from __future__ import annotations

import os
import sqlite3

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot

from app import Branch
from app.payments import PaymentRequest
from app.reports import Reports
from tests.core.conftest import PASSWORD, MovableClock
from tests.support.escpos_decoder import decode
from tests.support.printer_server import PrinterServer
from ui.drawer_dialogs import CloseDrawerDialog, OpenDrawerDialog
from ui.operations import TaskManager
from ui.reports_widget import ReportsWidget

WAIT_MS = 15_000


@pytest.fixture
def branch(tmp_path: Path) -> Iterator[Branch]:
    clock = MovableClock(datetime(2026, 12, 4, 15, 0, tzinfo=UTC))
    b = Branch.create(tmp_path / "branch.db", "B012", "Sucursal Centro", clock=clock)
    b.users.add("cajero", PASSWORD, "cashier", "Carla Cajera")
    b.users.add("gerente", PASSWORD, "manager", "Gino Gerente")
    customer = b.customers.add("DNI", "45678912", "María Elena", "Quispe Muñoz", "987654321")
    b.accounts.open(
        "1000000001", customer.customer_id, Decimal("1200.00"), 12, Decimal("3.5"), date(2026, 6, 1)
    )
    yield b
    b.close()


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager("es")
    yield manager
    manager.shutdown()


def spin(widget: object, name: str) -> QSpinBox:
    found = widget.findChild(QSpinBox, name)  # type: ignore[attr-defined]
    assert found is not None, name
    return found


def labels(widget: object) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))  # type: ignore[attr-defined]


def open_drawer(branch: Branch) -> None:
    branch.drawer.open({Decimal("20"): 5}, branch.users.get("cajero"))
    branch.payments.take(
        PaymentRequest("1000000001", Decimal("150.00"), "cash", tendered=Decimal("200.00")),
        branch.users.get("cajero"),
    )  # expected cash: 100 + 150 = 250


def test_open_with_a_counted_float(qtbot: QtBot, branch: Branch, tasks: TaskManager) -> None:
    dialog = OpenDrawerDialog(branch.drawer, branch.users.get("cajero"), branch.settings, tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.grid.spins) == len(branch.settings.drawer.denominations) == 11
    spin(dialog, "count_20").setValue(5)
    spin(dialog, "count_0.50").setValue(10)
    assert dialog.grid.total_label.text() == "S/ 105.00"  # live total
    with qtbot.waitSignal(dialog.opened, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened.args[0].float_amount == Decimal("105.00") and branch.drawer.is_open()
    assert branch.drawer.summary().float_counts == {"20": 5, "0.50": 10}
    again = OpenDrawerDialog(branch.drawer, branch.users.get("cajero"), branch.settings, tasks)
    qtbot.addWidget(again)
    again.show()
    qtbot.mouseClick(again.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(again.error.isVisible, timeout=WAIT_MS)
    assert "ya está abierta" in again.error.text() and again.open_button.isEnabled()


def test_the_close_is_blind_until_the_count_is_submitted(
    qtbot: QtBot, branch: Branch, tasks: TaskManager
) -> None:
    open_drawer(branch)
    dialog = CloseDrawerDialog(
        branch.drawer, branch.users.get("cajero"), branch.users.login, branch.settings, tasks
    )
    qtbot.addWidget(dialog)
    dialog.show()
    spin(dialog, "count_100").setValue(2)
    spin(dialog, "count_20").setValue(2)
    spin(dialog, "count_5").setValue(1)
    spin(dialog, "count_2").setValue(1)  # 247.00: S/ 3.00 short, within the threshold
    assert "S/ 247.00" in labels(dialog)
    assert "250.00" not in labels(dialog)  # the expected cash is nowhere before the count is in
    with qtbot.waitSignal(dialog.closed, timeout=WAIT_MS) as closed:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    result = closed.args[0]
    assert (result.counted, result.expected, result.over_short, result.approved_by) == (
        Decimal("247.00"),
        Decimal("250.00"),
        Decimal("-3.00"),
        None,
    )
    assert dialog.pages.currentIndex() == dialog.DONE and not branch.drawer.is_open()
    assert "S/ 250.00" in dialog.result_text.text() and "-S/ 3.00" in dialog.result_text.text()


def test_a_difference_beyond_the_threshold_needs_a_manager_and_a_note(
    qtbot: QtBot, branch: Branch, tasks: TaskManager
) -> None:
    open_drawer(branch)
    dialog = CloseDrawerDialog(
        branch.drawer, branch.users.get("cajero"), branch.users.login, branch.settings, tasks
    )
    qtbot.addWidget(dialog)
    dialog.show()
    spin(dialog, "count_100").setValue(2)  # 200.00: S/ 50.00 short
    with qtbot.waitSignal(dialog.approval_requested, timeout=WAIT_MS) as asked:
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert asked.args[0] == Decimal("-50.00") and dialog.pages.currentIndex() == dialog.APPROVAL
    assert "S/ 250.00" in dialog.approval_text.text() and not dialog.grid.isEnabled()
    assert branch.drawer.is_open() and branch.audit.recent(1)[0].action == "drawer_count"

    def attempt(user: str, password: str, note: str) -> str:
        dialog.manager_user.setText(user)
        dialog.manager_password.setText(password)
        dialog.note.setText(note)
        dialog.approval_error.hide()
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.approval_error.isVisible, timeout=WAIT_MS)
        return dialog.approval_error.text()

    assert attempt("cajero", PASSWORD, "faltante") != ""  # a cashier cannot approve
    assert attempt("gerente", "equivocada", "faltante") != "" and dialog.manager_password.text() == ""
    assert "nota" in attempt("gerente", PASSWORD, "")  # a note is required
    assert branch.drawer.is_open()
    dialog.manager_user.setText("gerente")
    dialog.manager_password.setText(PASSWORD)
    dialog.note.setText("faltante repuesto por la cajera")
    with qtbot.waitSignal(dialog.closed, timeout=WAIT_MS) as closed:
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert closed.args[0].approved_by == "gerente" and closed.args[0].over_short == Decimal("-50.00")
    summary = branch.drawer.summary()
    assert (summary.status, summary.note, summary.approved_by) == (
        "closed",
        "faltante repuesto por la cajera",
        "gerente",
    )
    assert "gerente" in dialog.result_text.text()


def test_reports_screen_x_z_end_of_day_save_and_print(
    qtbot: QtBot, branch: Branch, tasks: TaskManager, tmp_path: Path
) -> None:
    open_drawer(branch)
    widget = ReportsWidget(Reports(branch), tasks, branch.users.get("gerente"))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.shown, timeout=WAIT_MS):
        qtbot.mouseClick(widget.x_button, Qt.MouseButton.LeftButton)
    assert (
        "R E P O R T E   X" in widget.text_view.toPlainText()
        and "S/ 250.00" in widget.text_view.toPlainText()
    )
    assert "QtPdf" in widget.preview_mode.text()  # PySide6-Essentials: the text preview
    with qtbot.waitSignal(widget.saved, timeout=WAIT_MS) as saved:
        widget.save_to(tmp_path / "x.pdf")
    assert Path(saved.args[0]).read_bytes().startswith(b"%PDF")

    branch.drawer.close({Decimal("100"): 2, Decimal("50"): 1}, branch.users.get("cajero"))
    with qtbot.waitSignal(widget.shown, timeout=WAIT_MS):
        qtbot.mouseClick(widget.z_button, Qt.MouseButton.LeftButton)
        box = widget.findChild(QMessageBox, "confirmZ")
        box.button(QMessageBox.StandardButton.Yes).click()
    assert "N.º 000001" in widget.text_view.toPlainText()
    with qtbot.waitSignal(widget.shown, timeout=WAIT_MS):
        qtbot.mouseClick(widget.z_copy_button, Qt.MouseButton.LeftButton)
    assert "*** COPIA ***" in widget.text_view.toPlainText()

    widget.day.setDate(widget.day.date().fromString("2026-12-04", "yyyy-MM-dd"))
    with qtbot.waitSignal(widget.shown, timeout=WAIT_MS) as shown:
        qtbot.mouseClick(widget.eod_button, Qt.MouseButton.LeftButton)
    assert shown.args == ["eod"]
    text = widget.text_view.toPlainText()
    assert (
        "Reporte de cobranza del día" in text and "S/ 150.00" in text and "María Elena Quispe Muñoz" in text
    )
    with qtbot.waitSignal(widget.saved, timeout=WAIT_MS) as saved:
        widget.save_to(tmp_path / "eod.pdf")
    assert Path(saved.args[0]).stat().st_size > 1000

    def checkpoint_moved() -> None:  # after showing the report, on the worker (a cache for the next one)
        con = sqlite3.connect(branch.path)
        try:
            assert con.execute("SELECT as_of FROM portfolio_checkpoint").fetchall() == [("2026-12-04",)]
        finally:
            con.close()

    qtbot.waitUntil(checkpoint_moved, timeout=WAIT_MS)
    with PrinterServer() as server:
        branch.printing.set_printer(server.uri, branch.users.get("gerente"))
        with qtbot.waitSignal(widget.printed, timeout=WAIT_MS):
            qtbot.mouseClick(widget.print_button, Qt.MouseButton.LeftButton)
        assert "CIERRE DEL DÍA" in decode(server.wait_for_jobs(1)[0]).text


def test_a_cashier_cannot_run_manager_reports(qtbot: QtBot, branch: Branch, tasks: TaskManager) -> None:
    widget = ReportsWidget(Reports(branch), tasks, branch.users.get("cajero"))
    qtbot.addWidget(widget)
    assert widget.x_button.isEnabled()
    assert not any(b.isEnabled() for b in (widget.z_button, widget.z_copy_button, widget.eod_button))
