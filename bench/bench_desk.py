"""Desk benchmarks: ``python bench/bench_desk.py [--customers N] [--db PATH] [--interval-ms 120]``.

Builds (or reuses) a demo branch of N customers (default 100,000; ``--customers 1000000`` on request),
then measures, offscreen (``QT_QPA_PLATFORM=offscreen``):

- keystroke to results painted: the real desk, logged in, with a cashier typing realistic searches
  one key every ``--interval-ms``; for each keystroke, the time until the results table has painted
  results that include it (debounce, the database worker and the paint all counted). Next to it, the
  search service alone (``branch.customers.search``) on the same texts, as a baseline.
- start to login dialog: ``python main.py --desk --db PATH`` in a fresh process, from spawning it to
  the login dialog being shown (wall clock, including Python's start and every import).

Targets (issue 4): keystroke to results painted p95 <= 50 ms on 1M customers; start to login dialog
<= 1.5 s. It prints the figures and asserts nothing (shared machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = (
    "quispe maria",
    "garcia lopez",
    "mamani rosa",
    "flores ch",
    "huaman",
    "4001",
    "9876",
    "rodriguez ana",
)


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def demo_branch(customers: int, db: Path | None) -> Path:
    path = db or Path(tempfile.gettempdir()) / "abono-bench" / f"desk-{customers}.db"
    if not path.exists():
        from app.demo.loader import load_demo

        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(f"building a demo branch of {customers:,} customers at {path} ...", flush=True)
        load_demo(path, customers=customers, seed=1)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def keystroke_to_paint(path: Path, interval_ms: int) -> tuple[list[float], list[float]]:
    """(keystroke-to-painted latencies, search-service times) in ms."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.branch import Branch
    from ui.desk_widget import DeskWidget
    from ui.launch import freeze_heap
    from ui.operations import TaskManager
    from ui.resources import apply_style, install_language
    from ui.screenshots import settle

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_style(app)
    branch = Branch.open(path)
    install_language(app, branch.settings.language)
    tasks = TaskManager(branch.settings.language)
    manager = next(u for u in branch.users.list() if u.is_manager)
    desk = DeskWidget(branch, manager, tasks, lock_minutes=0)
    desk.show()
    settle(300)
    freeze_heap()

    shown: list[tuple[str, float]] = []  # (text, time its results were shown)
    painted: list[tuple[str, float]] = []  # (text on screen, time of the paint)

    class PaintWatch(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and shown:
                painted.append((shown[-1][0], time.perf_counter()))
            return False

    watch = PaintWatch()
    desk.search.table.viewport().installEventFilter(watch)
    desk.search.results_shown.connect(lambda text: shown.append((text, time.perf_counter())))
    latencies: list[float] = []
    for query in QUERIES:
        desk.search.box.clear()
        settle(200)
        keys: list[tuple[str, float]] = []  # (text after the key, time pressed)
        pending = list(query)

        def press(pending: list[str] = pending, keys: list[tuple[str, float]] = keys) -> None:
            if not pending:
                return
            ch = pending.pop(0)
            t = time.perf_counter()
            QTest.keyClicks(desk.search.box, ch)
            keys.append((desk.search.box.text(), t))

        timer = QTimer(interval=interval_ms)
        timer.timeout.connect(press)
        painted.clear()
        timer.start()
        deadline = time.perf_counter() + 30
        while (pending or not painted or painted[-1][0] != query) and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        for text, t_key in keys:
            # the first paint after the key that shows results typed at or after it
            later = [t for shown_text, t in painted if t >= t_key and len(shown_text) >= len(text)]
            if later:
                latencies.append((later[0] - t_key) * 1000)
    service: list[float] = []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            t = time.perf_counter()
            branch.customers.search(query[:n], limit=50)
            service.append((time.perf_counter() - t) * 1000)
    desk.close()
    tasks.shutdown()
    branch.close()
    return latencies, service


def start_to_login(path: Path, runs: int) -> list[float]:
    """Seconds from spawning ``python main.py --desk --db PATH`` to its login dialog being shown."""
    env = dict(os.environ, ABONO_BENCH_EXIT_AT_LOGIN="1", QT_QPA_PLATFORM="offscreen")
    out: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), "--desk", "--db", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("login-shown"):
                out.append(time.perf_counter() - started)
                break
        proc.wait(timeout=30)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing (or to be built) demo branch")
    parser.add_argument("--interval-ms", type=int, default=120, help="time between keystrokes")
    parser.add_argument("--start-runs", type=int, default=5)
    args = parser.parse_args(argv)
    path = demo_branch(args.customers, args.db)
    latencies, service = keystroke_to_paint(path, args.interval_ms)
    starts = start_to_login(path, args.start_runs)
    print(f"\nDesk benchmark, {args.customers:,} customers ({path}), one key every {args.interval_ms} ms")
    print(f"{'measure':44} {'p50':>9} {'p95':>9} {'max':>9}  target")
    print(
        f"{'keystroke to results painted (ms)':44} {statistics.median(latencies):9.1f} "
        f"{pct(latencies, 95):9.1f} {max(latencies):9.1f}  p95 <= 50 ms on 1M  ({len(latencies)} keys)"
    )
    print(
        f"{'  baseline: customers.search alone (ms)':44} {statistics.median(service):9.1f} "
        f"{pct(service, 95):9.1f} {max(service):9.1f}"
    )
    if starts:
        print(
            f"{'start to login dialog (s)':44} {statistics.median(starts):9.2f} "
            f"{pct(starts, 95):9.2f} {max(starts):9.2f}  <= 1.5 s  ({len(starts)} runs)"
        )
    else:
        print("start to login dialog: the login dialog was never shown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
