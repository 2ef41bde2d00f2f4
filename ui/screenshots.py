"""Render the real desk to PNG files without a screen (``QT_QPA_PLATFORM=offscreen``).

``python main.py --demo --screenshot desk.png`` renders the desk after a search. For the README:
``python -m ui.screenshots --db DEMO.db resources/screenshots`` writes login.png, search.png,
account.png and payment.png. Screens are logged in as the branch's first manager without a password:
this only renders pictures of a database the caller can already read.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

SEARCH_TEXT = "quispe mar"


def wait_for(signal: SignalInstance, timeout_ms: int = 10_000) -> None:
    """Run the event loop until ``signal`` fires (or the timeout passes)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 100) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _manager(branch: Any) -> Any:
    users = branch.users.list()
    return next((u for u in users if u.is_manager and u.active), users[0])


def _save(widget: QWidget, path: Path) -> None:
    settle()
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path))


def open_desk(branch: Any, search: str = SEARCH_TEXT) -> Any:
    """A shown desk (logged in as the first manager) with the results of ``search``."""
    from ui.desk_widget import DeskWidget
    from ui.operations import TaskManager

    tasks = TaskManager(branch.settings.language)
    desk = DeskWidget(branch, _manager(branch), tasks, lock_minutes=0)
    desk.resize(1120, 700)
    desk.show()
    desk.search.box.setText(search)
    wait_for(desk.search.results_shown)
    return desk


def desk_screenshot(branch: Any, path: Path) -> None:
    """The desk after a search, as ``--screenshot`` renders it."""
    desk = open_desk(branch)
    _save(desk, path)
    desk.close()
    desk.tasks.shutdown()


def readme_screenshots(branch: Any, folder: Path) -> list[Path]:
    """login.png, search.png, account.png and payment.png in ``folder``."""
    from ui.login_dialog import LoginDialog

    desk = open_desk(branch)
    s = branch.settings
    login = LoginDialog(
        branch.users.login,
        desk.tasks,
        f"{s.branch_name} ({s.branch_code}-{branch.register})",
        username="cajero",
    )
    login.show()
    _save(login, folder / "login.png")
    login.close()
    _save(desk, folder / "search.png")
    late = next(
        (
            n
            for n, r in enumerate(desk.search.model.rows)
            if r.account and 0 < r.account.overdue_amount < r.account.balance
        ),
        0,
    )
    desk.search.table.selectRow(late)
    desk.search.open_selected()
    wait_for(desk.account.account_shown)
    _save(desk, folder / "account.png")
    desk.take_payment()
    dialog = desk.payment_dialog
    quick = dialog.quick_buttons.get("overdue") or next(iter(dialog.quick_buttons.values()))
    quick.click()
    amount = dialog.form.amounts()[0]
    dialog.first.tendered.setText(str((amount // 50 + 1) * 50))
    wait_for(dialog.preview_model.modelReset)
    _save(dialog, folder / "payment.png")
    dialog.close()
    desk.close()
    desk.tasks.shutdown()
    return [folder / name for name in ("login.png", "search.png", "account.png", "payment.png")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the desk's README screenshots")
    parser.add_argument("--db", type=Path, required=True, help="a branch database (e.g. the demo branch)")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.branch import Branch
    from ui.resources import apply_style, install_language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_style(app)
    branch = Branch.open(args.db)
    install_language(app, branch.settings.language)
    for path in readme_screenshots(branch, args.folder):
        print(path)
    branch.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
