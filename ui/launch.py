"""Start the desktop client: ``python main.py [--demo] [--db PATH] [--screenshot FILE.png] [--lock-minutes N]``.

- With no branch database yet, the first-run dialog sets up the branch (or opens the demo branch).
- ``--demo`` opens the demo branch in the user data directory, creating it on first use with 2,000
  demo customers, and prints the demo users' passwords.
- Then the login dialog; after it, the desk (``ui.desk_widget``). The desk locks itself after
  ``--lock-minutes`` (default ``$ABONO_LOCK_MINUTES``, else 5; 0 never locks) without activity.
- ``--screenshot FILE.png`` renders the desk (logged in as the first manager, searching "quispe mar")
  to a PNG without a screen and exits.
- Without a screen (no DISPLAY on Linux) it says how to get one instead of letting Qt abort.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()
DEMO_CUSTOMERS = 2000


def demo_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("abono", appauthor=False)) / "demo.db"


def _has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _lock_minutes(value: str | None) -> float:
    raw = value if value is not None else os.environ.get("ABONO_LOCK_MINUTES", "5")
    try:
        minutes = float(raw)
    except ValueError:
        raise SystemExit(f"abono: --lock-minutes must be a number of minutes, not {raw!r}") from None
    return max(minutes, 0.0)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="abono", description="Abono desk")
    parser.add_argument("--demo", action="store_true", help="open the demo branch (created on first use)")
    parser.add_argument("--desk", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help="branch database")
    parser.add_argument("--screenshot", type=Path, help="render the desk to a PNG and exit")
    parser.add_argument("--lock-minutes", help="lock the desk after this many idle minutes (0: never)")
    return parser.parse_args(argv)


def load_demo_branch(path: Path, *, say: Any = print) -> Any:
    """Open the demo branch at ``path``, creating it with demo data first if there is none."""
    from app.branch import Branch

    if not path.exists():
        from app.demo.loader import load_demo

        say(f"Creando sucursal de demostración en {path} ...")
        report = load_demo(path, customers=DEMO_CUSTOMERS, seed=1)
        for user, password in report["users"].items():
            say(f"usuario {user}: contraseña {password}")
    return Branch.open(path)


def run_desk(argv: list[str]) -> int:
    """The desk's entry point (``main.py`` calls it); returns the process exit code."""
    args = parse_args(argv)
    lock_minutes = _lock_minutes(args.lock_minutes)
    from app.branch import Branch
    from app.cli import default_db_path
    from app.errors import AbonoError
    from app.i18n import default_language

    path = args.db or (demo_db_path() if args.demo else default_db_path())
    branch: Any = None
    try:
        if args.demo:
            branch = load_demo_branch(path, say=lambda text: print(text, flush=True))
        elif path.exists():
            branch = Branch.open(path)
    except AbonoError as e:
        if getattr(e, "code", "") != "db_not_initialised":
            print(f"abono: {e.message(default_language())}", file=sys.stderr)
            return 1
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if branch is None:
            print("abono: --screenshot needs a branch (--demo or --db)", file=sys.stderr)
            return 1
    if not _has_screen():
        print(
            "abono: no hay pantalla (DISPLAY). Use un escritorio, o Xvfb: "
            "xvfb-run python main.py --demo. / No screen: run it on a desktop or under xvfb-run.",
            file=sys.stderr,
        )
        return 1
    from PySide6.QtWidgets import QApplication

    from ui.resources import apply_style, install_language

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("Abono")
    apply_style(qt_app)
    if args.screenshot:
        from ui.screenshots import desk_screenshot

        install_language(qt_app, branch.settings.language)
        desk_screenshot(branch, args.screenshot)
        branch.close()
        return 0
    return DeskSession(qt_app, path, branch, lock_minutes).run()


class DeskSession:
    """first run -> login -> desk, on one QApplication; owns the task manager and the branch."""

    def __init__(self, qt_app: Any, path: Path, branch: Any, lock_minutes: float) -> None:
        from app.i18n import default_language
        from ui.operations import TaskManager

        self.qt_app = qt_app
        self.path = path
        self.branch = branch
        self.lock_minutes = lock_minutes
        lang = branch.settings.language if branch is not None else default_language()
        self.tasks = TaskManager(lang)
        self.desk: Any = None
        self.dialog: Any = None

    def run(self) -> int:
        from ui.resources import install_language

        install_language(self.qt_app, self.tasks.lang)
        if self.branch is None:
            self.first_run()
        else:
            self.login()
        code = int(self.qt_app.exec())
        self.tasks.shutdown()
        if self.branch is not None:
            self.branch.close()
        return code

    def first_run(self) -> None:
        from app.flows.first_run import create_branch
        from ui.first_run_dialog import FirstRunDialog

        path = self.path

        def create(setup: Any) -> Any:
            return create_branch(path, setup)

        def demo() -> Any:
            return load_demo_branch(demo_db_path(), say=lambda _text: None)

        dialog = FirstRunDialog(create, demo, self.tasks, str(path))
        dialog.branch_ready.connect(self._branch_ready)
        dialog.rejected.connect(self.qt_app.quit)
        self.dialog = dialog
        dialog.show()

    def _branch_ready(self, branch: Any) -> None:
        from ui.resources import install_language

        self.branch = branch
        self.tasks.lang = branch.settings.language
        install_language(self.qt_app, self.tasks.lang)
        self.login()

    def login(self) -> None:
        from ui.login_dialog import LoginDialog

        s = self.branch.settings
        title = f"{s.branch_name} ({s.branch_code}-{self.branch.register})"
        dialog = LoginDialog(self.branch.users.login, self.tasks, title)
        dialog.logged_in.connect(self.open_desk)
        dialog.rejected.connect(self.qt_app.quit)
        self.dialog = dialog
        dialog.show()
        if os.environ.get("ABONO_BENCH_EXIT_AT_LOGIN"):  # bench/bench_desk.py: time to this dialog
            from PySide6.QtCore import QTimer

            def shown() -> None:
                print(f"login-shown {time.perf_counter() - STARTED:.3f}", flush=True)
                self.qt_app.quit()

            QTimer.singleShot(0, shown)

    def open_desk(self, user: Any) -> None:
        from ui.desk_widget import DeskWidget

        self.desk = DeskWidget(self.branch, user, self.tasks, lock_minutes=self.lock_minutes)
        self.desk.show()
        freeze_heap()


def freeze_heap() -> None:
    """Move everything loaded at start (Qt, SQLAlchemy, the desk) out of the garbage collector's sight.

    A full collection of that start-up heap takes ~100 ms, and it runs on whichever thread happens to
    allocate, often the GUI thread while the cashier types; after ``gc.freeze()`` full collections
    only look at what was allocated since (~10 ms)."""
    import gc

    gc.collect()
    gc.freeze()
