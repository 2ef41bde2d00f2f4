"""A first, minimal desk window: find a customer and see their accounts.

The full cashier desk (login, payment dialog, printing) comes with its own issue; this window already
follows its rules: services are handed in through the constructor, the search box has focus at start
and on F2, results come as you type (debounced), Enter on a result shows the account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import AbonoError
from app.money import format_money

COLUMNS = ("Cliente", "Documento", "Teléfono", "Cuenta", "Saldo", "Vencido", "Días")


class SearchWindow(QMainWindow):
    def __init__(self, branch: Any) -> None:
        super().__init__()
        self._branch = branch
        s = branch.settings
        self.setWindowTitle(f"Abono — {s.branch_name} ({s.branch_code}-{branch.register})")
        self.search_box = QLineEdit(placeholderText="Buscar por nombre, DNI, teléfono o cuenta (F2)")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.hint = QLabel("")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.search_box)
        layout.addWidget(self.table)
        layout.addWidget(self.hint)
        self.setCentralWidget(body)
        self.statusBar().showMessage(
            f"Sucursal {s.branch_code} · Caja {branch.register} · Sincronización: no configurada"
        )
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self._open_selected)
        self.table.itemActivated.connect(lambda _i: self._open_selected())
        QShortcut(QKeySequence("F2"), self, activated=self.search_box.setFocus)
        self.search_box.setFocus()

    def _money(self, value: Decimal) -> str:
        s = self._branch.settings
        return format_money(value, s.currency, s.locale)

    def run_search(self) -> None:
        text = self.search_box.text()
        try:
            matches = self._branch.customers.search(text, limit=50)
        except AbonoError as e:
            self.hint.setText(e.message(self._branch.settings.language))
            return
        rows = [(m, a) for m in matches for a in (m.accounts or (None,))]
        self.table.setRowCount(len(rows))
        for r, (m, a) in enumerate(rows):
            values = [
                m.name,
                f"{m.doc_type} {m.doc_number}",
                m.phone or "",
                a.account_no if a else "",
                self._money(a.balance) if a else "",
                self._money(a.overdue_amount) if a and a.overdue_amount else "",
                str(a.days_past_due) if a and a.days_past_due else "",
            ]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 5 and v:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        self.hint.setText(f"{len(matches)} clientes" if text.strip() else "")

    def _open_selected(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 3) if row >= 0 else None
        if item is None or not item.text():
            return
        try:
            v = self._branch.accounts.get(item.text())
        except AbonoError as e:
            QMessageBox.warning(self, "Abono", e.message(self._branch.settings.language))
            return
        lines = [
            f"{v.customer.name} — cuenta {v.account_no} ({v.description})",
            f"Saldo {self._money(v.balance)} · Vencido {self._money(v.overdue_amount)} · "
            f"{v.days_past_due} días · Para cancelar {self._money(v.payoff_amount)}",
        ]
        if v.next_due:
            lines.append(f"Próxima cuota {v.next_due.date.isoformat()}: {self._money(v.next_due.amount)}")
        QMessageBox.information(self, "Cuenta", "\n".join(lines))
