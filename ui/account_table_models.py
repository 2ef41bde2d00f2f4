"""The account view's tables: installments (coloured by status) and the payment history (voids marked)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.accounts import InstallmentView, PaymentSummary
from ui.formatting import Formatter
from ui.table_model import RowsTableModel

STATUS_COLOURS = {
    "paid": (QColor("#e3f4e8"), QColor("#1e6b35")),
    "overdue": (QColor("#fde2e1"), QColor("#a61b1b")),
    "due": (QColor("#fff4d6"), QColor("#8a5a00")),
    "upcoming": (None, QColor("#4a4a4a")),
}
VOIDED_FG = QColor("#8a8a8a")


class InstallmentTableModel(RowsTableModel):
    """Columns: number, due date, amount, paid, late fee, owed now, status (with days late)."""

    right_aligned = frozenset({2, 3, 4, 5})

    def __init__(self, fmt: Formatter, parent: Any = None) -> None:
        super().__init__(parent)
        self._fmt = fmt

    def headers(self) -> Sequence[str]:
        return (
            self.tr("#"),
            self.tr("Due date"),
            self.tr("Installment"),
            self.tr("Paid"),
            self.tr("Late fee"),
            self.tr("Owed"),
            self.tr("Status"),
        )

    def status_text(self, i: InstallmentView) -> str:
        if i.status == "paid":
            return self.tr("paid")
        if i.status == "overdue":
            return self.tr("overdue %n day(s)", "", i.days_late)
        if i.status == "due":
            return self.tr("due")
        return self.tr("upcoming")

    def cell(self, row: InstallmentView, column: int) -> str:
        f = self._fmt
        values = (
            str(row.number),
            f.short_date(row.due_date),
            f.money(row.amount),
            f.money(row.paid),
            f.money(row.late_fee) if row.late_fee else "",
            f.money(row.amount_due) if row.amount_due else "",
            self.status_text(row),
        )
        return values[column]

    def style(self, row: InstallmentView, column: int, role: int) -> Any:
        background, foreground = STATUS_COLOURS.get(row.status, (None, None))
        if role == Qt.ItemDataRole.BackgroundRole and background is not None:
            return QBrush(background)
        if role == Qt.ItemDataRole.ForegroundRole and foreground is not None and column == 6:
            return QBrush(foreground)
        return None


class PaymentHistoryTableModel(RowsTableModel):
    """Columns: date, receipt, amount, method, cashier, state (voided payments struck out and grey)."""

    right_aligned = frozenset({2})

    def __init__(self, fmt: Formatter, parent: Any = None) -> None:
        super().__init__(parent)
        self._fmt = fmt

    def headers(self) -> Sequence[str]:
        return (
            self.tr("Date"),
            self.tr("Receipt"),
            self.tr("Amount"),
            self.tr("Method"),
            self.tr("Cashier"),
            self.tr("State"),
        )

    def cell(self, row: PaymentSummary, column: int) -> str:
        f = self._fmt
        if column == 5:
            if row.voided:
                return (
                    self.tr("VOIDED by %1: %2")
                    .replace("%1", row.voided_by or "")
                    .replace("%2", row.void_reason or "")
                )
            return self.tr("valid")
        values = (
            f.timestamp(row.created_at),
            row.receipt_no,
            f.money(row.amount),
            f.method(row.method),
            row.cashier,
        )
        return values[column]

    def style(self, row: PaymentSummary, column: int, role: int) -> Any:
        if not row.voided:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(VOIDED_FG)
        if role == Qt.ItemDataRole.FontRole and column in (1, 2):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None
