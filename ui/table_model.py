"""A small base for the desk's read-only table models: rows of frozen dataclasses, columns by key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsTableModel(QAbstractTableModel):
    """Subclasses set ``columns`` (header texts) and implement :meth:`cell` (and optionally
    :meth:`style`); rows are replaced whole with :meth:`set_rows` (one model reset)."""

    right_aligned: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._texts: list[list[str]] = []

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def style(self, row: Any, column: int, role: int) -> Any:
        """Foreground/background/font for a cell; None for the default."""
        return None

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace the rows; their texts are formatted once here, not on every paint."""
        self.beginResetModel()
        self.rows = list(rows)
        columns = range(len(self.headers()))
        self._texts = [[self.cell(row, column) for column in columns] for row in self.rows]
        self.endResetModel()

    def row_at(self, index: int) -> Any:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.right_aligned:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_aligned:
            return RIGHT
        if role == ROW_ROLE:
            return row
        return self.style(row, index.column(), role)
