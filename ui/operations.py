"""Run the core's work off the GUI thread (Anki's ``QueryOp`` / ``CollectionOp`` and task manager).

- :class:`TaskManager` owns two single-thread workers: ``"db"`` runs every call into the branch's
  services, one at a time (SQLite likes one writer; a search never races a payment of the same desk);
  ``"printer"`` runs printing, so a printer that times out never holds up a search; ``"sync"`` talks to
  head office and ``"upkeep"`` keeps caches (the portfolio checkpoint), each on its own worker for the
  same reason. Results come back
  to the GUI thread through a queued signal, never by touching widgets from a worker.
- :class:`QueryOp` reads; :class:`CollectionOp` writes and then announces what changed
  (``TaskManager.changed``) so each screen refreshes only what it shows. A failure goes to the op's
  ``failure`` callback if it has one, else to the one error dialog (``ui.errors.show_error``).
- A callback whose parent widget was deleted meanwhile is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from ui.errors import show_error

T = TypeVar("T")
# sync waits on the network and upkeep computes caches: neither ever in front of a search
LANES = ("db", "printer", "sync", "upkeep")


class TaskManager(QObject):
    """The desk's background workers; create one on the GUI thread and hand it to the screens."""

    changed = Signal(object)  # frozenset of what a CollectionOp changed: "payments", "settings", ...
    _finished = Signal(object)

    def __init__(self, lang: str = "es", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._pools = {lane: ThreadPoolExecutor(1, thread_name_prefix=f"abono-{lane}") for lane in LANES}
        self._running = {lane: 0 for lane in LANES}
        self._writes = 0
        self._closed = False
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    def run(self, fn: Callable[[], Any], on_done: Callable[[Future[Any]], None], lane: str = "db") -> None:
        """Run ``fn`` on ``lane``; ``on_done(future)`` is called later on the GUI thread.

        After :meth:`shutdown` (the desk is closing) work is dropped: nothing would show its result."""
        if self._closed:
            return
        self._running[lane] += 1
        future = self._pools[lane].submit(fn)
        future.add_done_callback(lambda f: self._finished.emit((f, on_done, lane)))

    def _on_finished(self, payload: tuple[Future[Any], Callable[[Future[Any]], None], str]) -> None:
        future, on_done, lane = payload
        self._running[lane] -= 1
        if future.cancelled() or self._closed:
            return
        on_done(future)

    def idle(self, lane: str | None = None) -> bool:
        """True when nothing runs or waits (on ``lane``, or on any lane)."""
        lanes = [lane] if lane else list(LANES)
        return all(self._running[name] == 0 for name in lanes)

    @property
    def writing(self) -> bool:
        return self._writes > 0

    def _write_started(self) -> None:
        self._writes += 1

    def _write_ended(self) -> None:
        self._writes -= 1

    def shutdown(self) -> None:
        """Wait for running work to end and refuse new work (called when the desk closes)."""
        self._closed = True
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)


class QueryOp(Generic[T]):
    """A read of the core off the GUI thread: ``QueryOp(tasks, parent, op, success).run()``."""

    def __init__(
        self,
        tasks: TaskManager,
        parent: QWidget | None,
        op: Callable[[], T],
        success: Callable[[T], None],
        *,
        lane: str = "db",
    ) -> None:
        self._tasks = tasks
        self._parent = parent
        self._op = op
        self._success = success
        self._failure: Callable[[Exception], None] | None = None
        self._lane = lane

    def failure(self, fn: Callable[[Exception], None]) -> QueryOp[T]:
        """Handle errors here instead of the error dialog (e.g. an inline message)."""
        self._failure = fn
        return self

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def run(self) -> None:
        self._started()
        self._tasks.run(self._op, self._done, self._lane)

    def _started(self) -> None:
        pass

    def _ended(self, ok: bool) -> None:
        pass

    def _done(self, future: Future[T]) -> None:
        exc = future.exception()
        self._ended(exc is None)
        if not self._alive():
            return
        if exc is None:
            self._success(future.result())
        elif self._failure is not None and isinstance(exc, Exception):
            self._failure(exc)
        else:
            show_error(self._parent, exc, self._tasks.lang)


class CollectionOp(QueryOp[T]):
    """A write to the core off the GUI thread; announces ``changes`` on success (see the module doc)."""

    def __init__(
        self,
        tasks: TaskManager,
        parent: QWidget | None,
        op: Callable[[], T],
        success: Callable[[T], None],
        *,
        changes: frozenset[str] = frozenset(),
        lane: str = "db",
    ) -> None:
        super().__init__(tasks, parent, op, success, lane=lane)
        self._changes = changes

    def _started(self) -> None:
        self._tasks._write_started()

    def _ended(self, ok: bool) -> None:
        self._tasks._write_ended()
        if ok and self._changes:
            self._tasks.changed.emit(self._changes)
