"""The GUI thread stays responsive while the cashier types searches into a 100,000-customer branch.

The desk is set up as after login (``ui.launch.freeze_heap``). A 5 ms heartbeat timer runs on the GUI thread while keystrokes arrive every 60 ms (a fast typist);
every search runs on the database worker. The heartbeat's lateness is the event-loop delay a cashier
would feel: it must stay far below what a person notices (100 ms), and the final results must arrive.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from app.branch import Branch

TYPED = ["quispe maria", "\b" * 12, "garcia lopez", "\b" * 12, "4000", "\b" * 4, "mamani rosa"]
KEY_INTERVAL_MS = 60
HEARTBEAT_MS = 5


def test_typing_never_blocks_the_gui_thread(
    qtbot: Any, big_branch_path: Path, tasks: Any, record_property: Any, frozen_heap: None
) -> None:
    from ui.desk_widget import DeskWidget

    branch = Branch.open(big_branch_path)
    try:
        manager = next(u for u in branch.users.list() if u.is_manager)
        desk = DeskWidget(branch, manager, tasks, lock_minutes=0)
        qtbot.addWidget(desk)
        desk.show()
        qtbot.waitUntil(desk.isVisible)
        keys = [ch for chunk in TYPED for ch in chunk]
        delays: list[float] = []
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            delays.append(max(0.0, now - last[0] - HEARTBEAT_MS / 1000))
            last[0] = now

        def press() -> None:
            if not keys:
                typer.stop()
                return
            ch = keys.pop(0)
            if ch == "\b":
                QTest.keyClick(desk.search.box, "\b")
            else:
                QTest.keyClicks(desk.search.box, ch)

        heartbeat = QTimer(interval=HEARTBEAT_MS)
        heartbeat.timeout.connect(beat)
        typer = QTimer(interval=KEY_INTERVAL_MS)
        typer.timeout.connect(press)
        heartbeat.start()
        typer.start()
        qtbot.waitUntil(lambda: not keys and not typer.isActive(), timeout=30_000)
        final = desk.search.box.text()
        qtbot.waitUntil(lambda: desk.search.shown_text == final, timeout=30_000)
        heartbeat.stop()
        delays.sort()
        p95 = delays[int(len(delays) * 0.95)]
        worst = delays[-1]
        record_property("event_loop_delay_p95_ms", round(p95 * 1000, 1))
        record_property("event_loop_delay_max_ms", round(worst * 1000, 1))
        print(
            f"\nevent-loop delay while typing {final!r} into {branch.settings.branch_name}: "
            f"median {statistics.median(delays) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {worst * 1000:.1f} ms over {len(delays)} beats"
        )
        assert final == "mamani rosa"
        assert desk.search.model.rowCount() > 0
        # A person notices ~100 ms; unloaded, this machine measures p95 ~14 ms and max ~45 ms.
        assert p95 < 0.050, f"p95 event-loop delay {p95 * 1000:.1f} ms"
        assert worst < 0.150, f"worst event-loop delay {worst * 1000:.1f} ms"
    finally:
        tasks.shutdown()
        branch.close()
