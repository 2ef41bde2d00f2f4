"""Start the desktop client: ``python main.py [--demo] [--db PATH] [--screenshot FILE.png]``.

``--demo`` opens (creating it on first use, with 2,000 demo customers) the demo branch in the user
data directory and prints the demo users' passwords. Without a screen (no DISPLAY on Linux) it says
how to get one instead of letting Qt abort.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEMO_CUSTOMERS = 2000


def demo_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("abono", appauthor=False)) / "demo.db"


def _has_screen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_desk(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="abono", description="Abono desk")
    parser.add_argument("--demo", action="store_true", help="open the demo branch (created on first use)")
    parser.add_argument("--desk", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help="branch database")
    parser.add_argument("--screenshot", type=Path, help="render the window to a PNG and exit")
    args = parser.parse_args(argv)

    from app.branch import Branch
    from app.cli import default_db_path
    from app.errors import AbonoError

    try:
        if args.demo:
            path = args.db or demo_db_path()
            if not path.exists():
                from app.demo.loader import load_demo

                print(f"Creando sucursal de demostración en {path} ...", flush=True)
                report = load_demo(path, customers=DEMO_CUSTOMERS, seed=1)
                for user, password in report["users"].items():
                    print(f"usuario {user}: contraseña {password}")
        else:
            path = args.db or default_db_path()
        branch = Branch.open(path)
    except AbonoError as e:
        print(f"abono: {e.message()}", file=sys.stderr)
        return 1
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not _has_screen():
        print(
            "abono: no hay pantalla (DISPLAY). Use un escritorio, o Xvfb: "
            "xvfb-run python main.py --demo. / No screen: run it on a desktop or under xvfb-run.",
            file=sys.stderr,
        )
        return 1
    from PySide6.QtWidgets import QApplication

    from ui.search_window import SearchWindow

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    window = SearchWindow(branch)
    window.resize(1000, 600)
    window.show()
    if args.screenshot:
        window.search_box.setText("quispe mar")
        window.run_search()
        qt_app.processEvents()
        window.grab().save(str(args.screenshot))
        branch.close()
        return 0
    code = qt_app.exec()
    branch.close()
    return int(code)
