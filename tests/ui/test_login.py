"""The login dialog and the lock screen: success, failure, lockout, and unlocking after idle time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import CASHIER
from ui.login_dialog import LoginDialog


def make_login(qtbot: Any, desk_branch: Any, tasks: Any) -> LoginDialog:
    dialog = LoginDialog(desk_branch.users.login, tasks, "Sucursal Centro (B012-01)")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_and_submit(qtbot: Any, dialog: LoginDialog, user: str, password: str) -> None:
    dialog.user.clear()
    qtbot.keyClicks(dialog.user, user)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_login_success_emits_the_user(qtbot: Any, desk_branch: Any, tasks: Any) -> None:
    dialog = make_login(qtbot, desk_branch, tasks)
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as signal:
        type_and_submit(qtbot, dialog, *CASHIER)
    assert signal.args[0].username == "caja01"
    assert signal.args[0].role == "cashier"
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_wrong_password_shows_the_message_inline(qtbot: Any, desk_branch: Any, tasks: Any) -> None:
    dialog = make_login(qtbot, desk_branch, tasks)
    logged: list[Any] = []
    dialog.logged_in.connect(logged.append)
    type_and_submit(qtbot, dialog, "caja01", "no-es-la-clave")
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled())
    assert dialog.error.text() == "Usuario o contraseña incorrectos."
    assert dialog.password.text() == ""
    assert dialog.isVisible() and logged == []


def test_five_failures_lock_the_user_with_the_time_it_ends(qtbot: Any, desk_branch: Any, tasks: Any) -> None:
    dialog = make_login(qtbot, desk_branch, tasks)
    for _ in range(5):
        type_and_submit(qtbot, dialog, "caja01", "mala-clave-123")
        qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert "bloquead" in dialog.error.text().lower()
    assert "10:15" in dialog.error.text()  # locked for 15 minutes from 10:00 Lima time
    type_and_submit(qtbot, dialog, *CASHIER)  # even the right password is refused now
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    assert "bloquead" in dialog.error.text().lower()
    assert dialog.isVisible()


def test_idle_desk_locks_and_needs_the_password_again(qtbot: Any, make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier, lock_minutes=0.002, lock_check_ms=20)  # 0.12 s
    with qtbot.waitSignal(desk.locked_changed, timeout=5_000) as locked:
        pass
    assert locked.args == ["locked"]
    assert desk.pages.currentWidget() is desk.lock_screen
    assert not desk.actions_by_name["pay"].isEnabled()
    qtbot.keyClicks(desk.lock_screen.password, "equivocada-1")
    qtbot.keyClick(desk.lock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.lock_screen.error.text() != "", timeout=10_000)
    assert desk.lock_screen.error.text() == "Usuario o contraseña incorrectos."
    assert desk.idle.locked
    with qtbot.waitSignal(desk.locked_changed, timeout=10_000) as unlocked:
        qtbot.keyClicks(desk.lock_screen.password, CASHIER[1])
        qtbot.keyClick(desk.lock_screen.password, Qt.Key.Key_Return)
    assert unlocked.args == ["unlocked"]
    assert desk.pages.currentWidget() is desk.search
    assert desk.actions_by_name["pay"].isEnabled()
