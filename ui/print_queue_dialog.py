"""The print queue: receipts and void slips that have not printed yet, with Retry.

Contract: the list is read from ``waiting()`` on the database worker; Retry calls ``print_waiting()``
on the printer worker (a printer that times out never freezes the desk) and shows the outcome inline,
then reloads the list. ``print_waiting`` stops at the first failure and leaves the rest waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.errors import error_text
from ui.formatting import Formatter
from ui.operations import QueryOp, TaskManager
from ui.table_model import RowsTableModel


class PrintJobTableModel(RowsTableModel):
    """Columns: receipt, document, copy, status, attempts, last error, queued at."""

    right_aligned = frozenset({4})

    def __init__(self, fmt: Formatter, parent: Any = None) -> None:
        super().__init__(parent)
        self._fmt = fmt

    def headers(self) -> Sequence[str]:
        return (
            self.tr("Receipt"),
            self.tr("Document"),
            self.tr("Copy"),
            self.tr("Status"),
            self.tr("Attempts"),
            self.tr("Last error"),
            self.tr("Queued"),
        )

    def cell(self, row: Any, column: int) -> str:
        kinds = {"payment": self.tr("receipt"), "void": self.tr("void slip")}
        statuses = {"pending": self.tr("waiting"), "failed": self.tr("failed"), "printed": self.tr("printed")}
        values = (
            row.receipt_no,
            kinds.get(row.kind, row.kind),
            self.tr("yes") if row.copy else "",
            statuses.get(row.status, row.status),
            str(row.attempts),
            row.last_error or "",
            self._fmt.timestamp(row.created_at),
        )
        return values[column]


class PrintQueueDialog(QDialog):
    def __init__(
        self,
        waiting: Callable[[], list[Any]],
        print_waiting: Callable[[], list[Any]],
        tasks: TaskManager,
        fmt: Formatter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printQueueDialog")
        self.setWindowTitle(self.tr("Print queue"))
        self._waiting = waiting
        self._print_waiting = print_waiting
        self._tasks = tasks
        self.model = PrintJobTableModel(fmt, self)
        self.table = QTableView(objectName="printQueueTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(objectName="inlineError")
        self.message.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry printing"), objectName="retry")
        refresh = QPushButton(self.tr("Refresh"))
        close = QPushButton(self.tr("Close"))
        self.retry_button.clicked.connect(self.retry)
        refresh.clicked.connect(self.reload)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(refresh)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(820, 360)
        self.reload()

    def reload(self) -> None:
        QueryOp(self._tasks, self, self._waiting, self._loaded).run()

    def _loaded(self, jobs: list[Any]) -> None:
        self.model.set_rows(jobs)
        self.retry_button.setEnabled(bool(jobs))
        if not jobs:
            self.message.setText(self.tr("Nothing is waiting to print."))

    def retry(self) -> None:
        self.retry_button.setEnabled(False)
        self.message.setText(self.tr("Printing…"))
        QueryOp(self._tasks, self, self._print_waiting, self._printed, lane="printer").failure(
            self._failed
        ).run()

    def _printed(self, jobs: list[Any]) -> None:
        self.message.setText(self.tr("%n document(s) printed.", "", len(jobs)))
        self.reload()

    def _failed(self, exc: Exception) -> None:
        self.message.setText(error_text(exc, self._tasks.lang))
        self.reload()
