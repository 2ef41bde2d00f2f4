"""The first-run dialog and the manager's settings dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.branch import Branch
from app.flows.first_run import create_branch
from tests.support.printer_server import PrinterServer


def test_first_run_sets_up_the_branch_and_its_admin(qtbot: Any, tasks: Any, tmp_path: Path) -> None:
    from ui.first_run_dialog import FirstRunDialog

    path = tmp_path / "branch.db"
    dialog = FirstRunDialog(lambda setup: create_branch(path, setup), lambda: None, tasks, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, "B020")
    qtbot.keyClicks(dialog.name, "Sucursal Sur")
    qtbot.keyClicks(dialog.password, "clave-admin-1")
    qtbot.keyClicks(dialog.password_again, "clave-admin-2")
    dialog.create_button.click()
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=10_000)
    assert dialog.error.text() == "Las contraseñas no coinciden."
    assert not path.exists()
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "clave-admin-1")
    with qtbot.waitSignal(dialog.branch_ready, timeout=15_000) as ready:
        qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    branch: Branch = ready.args[0]
    try:
        assert branch.settings.branch_code == "B020"
        assert branch.users.login("admin", "clave-admin-1").role == "admin"
    finally:
        branch.close()


def test_settings_store_the_printer_and_print_a_test_page(
    qtbot: Any, make_desk: Any, manager: Any, desk_branch: Any
) -> None:
    desk = make_desk(manager)
    assert desk.actions_by_name["settings"].isEnabled()
    desk.show_settings()
    dialog = desk.settings_dialog
    qtbot.keyClicks(dialog.address, "lpt1:")
    dialog.save_button.click()
    assert "URI" in dialog.message.text() or "impresora" in dialog.message.text().lower()
    assert desk_branch.printing.printer_uri() is None
    with PrinterServer() as server:
        dialog.address.setText(server.uri)
        dialog.width.setCurrentIndex(dialog.width.findData(48))
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=15_000)
        assert dialog.message.text() == "La página de prueba se envió a la impresora."
        assert len(server.wait_for_jobs(1)) == 1
        dialog.trade_name.setText("Créditos del Sur S.A.C.")
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            dialog.save_button.click()
        assert desk_branch.printing.printer_uri() == f"{server.uri}?width=48"
    reopened = Branch.open(desk_branch.path)
    try:
        assert reopened.settings.company.trade_name == "Créditos del Sur S.A.C."
        assert reopened.settings.printer_uri == f"{server.uri}?width=48"
    finally:
        reopened.close()


def test_a_cashier_has_no_settings(make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier)
    assert not desk.actions_by_name["settings"].isEnabled()
    desk.show_settings()
    assert getattr(desk, "settings_dialog", None) is None


def test_drawer_wizards_open_from_the_desk_and_the_status_bar_follows(
    qtbot: Any, make_desk: Any, cashier: Any, desk_branch: Any
) -> None:
    desk = make_desk(cashier)
    qtbot.waitUntil(lambda: desk.status.drawer.text() == "Gaveta: abierta", timeout=10_000)
    desk.actions_by_name["drawer_close"].trigger()
    assert desk.drawer_dialog.isVisible()
    desk.drawer_dialog.reject()
    desk.actions_by_name["drawer_open"].trigger()
    assert desk.drawer_dialog.isVisible()
