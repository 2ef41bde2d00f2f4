"""Type-to-search: a box, a results table and a hint; arrows and Enter open an account.

Contract: every keystroke restarts a short debounce; then the search runs on the database worker with
latest-wins coalescing (``app.flows.search_flow``), so typing never waits for the database and a slow
search never piles up others behind it. ``results_shown(text)`` is emitted after the table shows the
results for ``text``; ``account_chosen(account_no, match)`` when the cashier opens a row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.customers import CustomerMatch
from app.flows.search_flow import SearchCoalescer
from ui.customer_table_model import CustomerTableModel, ResultRow
from ui.formatting import Formatter
from ui.operations import QueryOp, TaskManager
from ui.table_model import ROW_ROLE

DEBOUNCE_MS = 0
RESULT_LIMIT = 50


class SearchWidget(QWidget):
    """The search page of the desk. ``search(text)`` is ``branch.customers.search`` (worker thread)."""

    account_chosen = Signal(str, object)
    results_shown = Signal(str)

    def __init__(
        self,
        search: Callable[[str], list[CustomerMatch]],
        tasks: TaskManager,
        fmt: Formatter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._tasks = tasks
        self._coalescer = SearchCoalescer()
        self.box = QLineEdit(objectName="searchBox")
        self.box.setPlaceholderText(self.tr("Search by name, ID document, phone or account (F2)"))
        self.box.setClearButtonEnabled(True)
        self.model = CustomerTableModel(fmt, self)
        self.table = QTableView(objectName="resultsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((260, 130, 105, 110, 115)):
            self.table.setColumnWidth(column, width)
        self.hint = QLabel(self.tr("Type a name, an ID number, a phone or an account number."))
        self.hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run)
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self.open_selected)
        self.box.installEventFilter(self)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.shown_text = ""

    # ---- typing -----------------------------------------------------------------------------------
    def _typed(self, text: str) -> None:
        if not text.strip():
            self._debounce.stop()
            self._coalescer.typed(text)
            self._show(text, [])
            return
        self._debounce.start()

    def _run(self) -> None:
        text = self.box.text()
        start = self._coalescer.typed(text)
        if start is not None:
            self._start(start)

    def _start(self, text: str) -> None:
        QueryOp(
            self._tasks, self, lambda: self._search(text), lambda matches: self._finished(text, matches)
        ).failure(lambda exc: self._failed(text, exc)).run()

    def _finished(self, text: str, matches: list[CustomerMatch]) -> None:
        show, nxt = self._coalescer.finished(text)
        if show:
            self._show(text, matches)
        if nxt is not None:
            self._start(nxt)

    def _failed(self, text: str, exc: Exception) -> None:
        from ui.errors import error_text

        _show, nxt = self._coalescer.finished(text)
        self.hint.setText(error_text(exc, self._tasks.lang))
        if nxt is not None:
            self._start(nxt)

    def _show(self, text: str, matches: list[CustomerMatch]) -> None:
        self.model.set_matches(matches)
        if self.model.rowCount():
            self.table.selectRow(0)
        if not text.strip():
            self.hint.setText(self.tr("Type a name, an ID number, a phone or an account number."))
        elif matches:
            self.hint.setText(
                self.tr("%n customer(s). Arrows choose, Enter opens the account.", "", len(matches))
            )
        else:
            self.hint.setText(self.tr("No customer matches “%1”.").replace("%1", text))
        self.shown_text = text
        self.results_shown.emit(text)

    # ---- choosing ---------------------------------------------------------------------------------
    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def selected_row(self) -> ResultRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row: Any = self.model.data(index, ROW_ROLE)
        return row if isinstance(row, ResultRow) else None

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None and row.account_no:
            self.account_chosen.emit(row.account_no, row.match)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down/PageUp/PageDown in the box move the selection in the table."""
        if watched is self.box and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
            step = moves.get(Qt.Key(event.key()))
            if step is not None and self.model.rowCount():
                current = max(self.table.currentIndex().row(), 0)
                target = min(max(current + step, 0), self.model.rowCount() - 1)
                self.table.selectRow(target)
                return True
        return super().eventFilter(watched, event)
