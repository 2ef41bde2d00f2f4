"""Search results: one row per credit account (a customer without accounts gets one row)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.accounts import AccountSummary
from app.customers import CustomerMatch
from ui.formatting import Formatter
from ui.table_model import RowsTableModel

OVERDUE_BG = QColor("#fde2e1")
OVERDUE_FG = QColor("#a61b1b")
CURRENT_FG = QColor("#1e6b35")


@dataclass(frozen=True, slots=True)
class ResultRow:
    match: CustomerMatch
    account: AccountSummary | None

    @property
    def account_no(self) -> str:
        return self.account.account_no if self.account else ""


def result_rows(matches: Sequence[CustomerMatch]) -> list[ResultRow]:
    return [ResultRow(m, a) for m in matches for a in (m.accounts or (None,))]


class CustomerTableModel(RowsTableModel):
    """Columns: name, document, phone, account, balance, overdue badge."""

    right_aligned = frozenset({4})

    def __init__(self, fmt: Formatter, parent: Any = None) -> None:
        super().__init__(parent)
        self._fmt = fmt

    def headers(self) -> Sequence[str]:
        return (
            self.tr("Customer"),
            self.tr("Document"),
            self.tr("Phone"),
            self.tr("Account"),
            self.tr("Balance"),
            self.tr("Overdue"),
        )

    def set_matches(self, matches: Sequence[CustomerMatch]) -> None:
        self.set_rows(result_rows(matches))

    def badge(self, row: ResultRow) -> str:
        a = row.account
        if a is None:
            return self.tr("no accounts")
        if a.status == "paid_off":
            return self.tr("paid off")
        if a.days_past_due > 0 and a.overdue_amount > 0:
            return self.tr("%n day(s) late", "", a.days_past_due) + " · " + self._fmt.money(a.overdue_amount)
        return self.tr("up to date")

    def cell(self, row: ResultRow, column: int) -> str:
        m, a = row.match, row.account
        if column == 0:
            return m.name
        if column == 1:
            return f"{m.doc_type} {m.doc_number}"
        if column == 2:
            return m.phone or ""
        if column == 3:
            return a.account_no if a else ""
        if column == 4:
            return self._fmt.money(a.balance) if a else ""
        return self.badge(row)

    def style(self, row: ResultRow, column: int, role: int) -> Any:
        if column != 5 or row.account is None:
            return None
        late = row.account.days_past_due > 0 and row.account.overdue_amount > 0
        if role == Qt.ItemDataRole.BackgroundRole and late:
            return QBrush(OVERDUE_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVERDUE_FG if late else CURRENT_FG)
        if role == Qt.ItemDataRole.FontRole and late:
            font = QFont()
            font.setBold(True)
            return font
        return None
