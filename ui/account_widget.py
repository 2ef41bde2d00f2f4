"""The account view: customer card, the customer's accounts, figures, installments and payment history.

Contract: :meth:`AccountWidget.show_account` loads the account on the database worker and renders it
when it arrives (``account_shown(account_no)`` then); a later call wins over an earlier one still
loading. The widget never writes: paying, voiding and reprinting are asked of the desk through
``pay_requested``, ``void_requested(receipt_no)`` and ``reprint_requested(receipt_no)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts import AccountView, PaymentSummary
from app.customers import CustomerMatch
from ui.account_table_models import InstallmentTableModel, PaymentHistoryTableModel
from ui.formatting import Formatter
from ui.operations import QueryOp, TaskManager
from ui.table_model import ROW_ROLE


def _table(model: Any, name: str) -> QTableView:
    table = QTableView(objectName=name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class AccountWidget(QWidget):
    account_shown = Signal(str)
    pay_requested = Signal()
    void_requested = Signal(str)
    reprint_requested = Signal(str)
    back_requested = Signal()

    def __init__(
        self,
        load: Callable[[str], AccountView],
        tasks: TaskManager,
        fmt: Formatter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._tasks = tasks
        self._fmt = fmt
        self.view: AccountView | None = None
        self._match: CustomerMatch | None = None
        self._wanted = ""
        self.name = QLabel(objectName="customerName")
        self.details = QLabel(objectName="customerDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self.accounts = QComboBox(objectName="accountChoice")
        self.accounts.activated.connect(self._account_picked)
        self.figures: dict[str, QLabel] = {}
        self.installments_model = InstallmentTableModel(fmt, self)
        self.payments_model = PaymentHistoryTableModel(fmt, self)
        self.installments = _table(self.installments_model, "installmentsTable")
        self._scroll_row = 0
        # the first unpaid installment goes to the top once the view knows its rows' heights
        self.installments.verticalScrollBar().rangeChanged.connect(self._scroll_to_first_open)
        self.payments = _table(self.payments_model, "paymentsTable")
        self.pay_button = QPushButton(self.tr("Take payment (F5)"), objectName="payButton")
        self.reprint_button = QPushButton(self.tr("Reprint copy (F9)"))
        self.void_button = QPushButton(self.tr("Void (F8)"))
        self.back_button = QPushButton(self.tr("Back to search (Esc)"))
        self.pay_button.clicked.connect(self.pay_requested)
        self.reprint_button.clicked.connect(self._reprint)
        self.void_button.clicked.connect(self._void)
        self.back_button.clicked.connect(self.back_requested)
        self._build()

    def _build(self) -> None:
        card = QFrame(objectName="customerCard")
        card_layout = QGridLayout(card)
        card_layout.addWidget(self.name, 0, 0, 1, 2)
        card_layout.addWidget(self.details, 1, 0, 1, 2)
        card_layout.addWidget(QLabel(self.tr("Account")), 2, 0)
        card_layout.addWidget(self.accounts, 2, 1)
        card_layout.setColumnStretch(1, 1)
        figures = QFrame(objectName="figuresCard")
        grid = QGridLayout(figures)
        labels = (
            ("balance", self.tr("Balance")),
            ("overdue", self.tr("Overdue")),
            ("payoff", self.tr("Payoff today")),
            ("next_due", self.tr("Next due")),
            ("late_fees", self.tr("Late fees")),
            ("status", self.tr("Status")),
        )
        for n, (key, text) in enumerate(labels):
            caption = QLabel(text, objectName="figureCaption")
            value = QLabel(objectName="figureValue")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.figures[key] = value
            grid.addWidget(caption, n % 3, (n // 3) * 2)
            grid.addWidget(value, n % 3, (n // 3) * 2 + 1)
        top = QHBoxLayout()
        top.addWidget(card, 3)
        top.addWidget(figures, 4)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for caption, table in (
            (self.tr("Installments"), self.installments),
            (self.tr("Payments"), self.payments),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 4, 0, 0)
            box_layout.addWidget(QLabel(caption, objectName="sectionTitle"))
            box_layout.addWidget(table)
            splitter.addWidget(box)
        buttons = QHBoxLayout()
        for button in (self.pay_button, self.reprint_button, self.void_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    # ---- loading ----------------------------------------------------------------------------------
    def show_account(self, account_no: str, match: CustomerMatch | None = None) -> None:
        if match is not None:
            self._match = match
        self._wanted = account_no
        QueryOp(self._tasks, self, lambda: self._load(account_no), self._loaded).run()

    def refresh(self) -> None:
        if self.view is not None:
            self.show_account(self.view.account_no)

    def _loaded(self, view: AccountView) -> None:
        if view.account_no != self._wanted:
            return
        self.view = view
        f = self._fmt
        c = view.customer
        self.name.setText(c.name)
        phones = " / ".join(p for p in (c.phone, c.phone2) if p)
        parts = [f"{c.doc_type} {c.doc_number}", phones, c.address]
        self.details.setText("  ·  ".join(p for p in parts if p))
        self._fill_accounts(view)
        overdue = f.money(view.overdue_amount)
        if view.days_past_due:
            overdue += "  " + self.tr("(%n day(s))", "", view.days_past_due)
        next_due = (
            f"{f.short_date(view.next_due.date)}  {f.money(view.next_due.amount)}" if view.next_due else "—"
        )
        values = {
            "balance": f.money(view.balance),
            "overdue": overdue,
            "payoff": f.money(view.payoff_amount),
            "next_due": next_due,
            "late_fees": f.money(view.late_fees),
            "status": self.status_text(view.status),
        }
        for key, text in values.items():
            self.figures[key].setText(text)
        late = view.overdue_amount > 0
        self.figures["overdue"].setProperty("late", late)
        self.figures["overdue"].style().unpolish(self.figures["overdue"])
        self.figures["overdue"].style().polish(self.figures["overdue"])
        self.installments_model.set_rows(view.installments)
        self.payments_model.set_rows(view.payments)
        if view.payments:
            self.payments.selectRow(0)
        self.pay_button.setEnabled(view.payoff_amount > 0)
        first_open = next((n for n, i in enumerate(view.installments) if i.status != "paid"), 0)
        self._scroll_row = first_open
        self._scroll_to_first_open()
        self.account_shown.emit(view.account_no)

    def _scroll_to_first_open(self) -> None:
        self.installments.verticalScrollBar().setValue(self._scroll_row)

    def status_text(self, status: str) -> str:
        names = {
            "active": self.tr("active"),
            "paid_off": self.tr("paid off"),
            "closed": self.tr("closed"),
            "written_off": self.tr("written off"),
        }
        return names.get(status, status)

    def _fill_accounts(self, view: AccountView) -> None:
        self.accounts.clear()
        summaries = (
            self._match.accounts
            if self._match and self._match.customer_id == view.customer.customer_id
            else ()
        )
        numbers = [a.account_no for a in summaries] or [view.account_no]
        for number in numbers:
            summary = next((a for a in summaries if a.account_no == number), None)
            text = number if summary is None else f"{number}  ·  {self._fmt.money(summary.balance)}"
            if number == view.account_no:
                text = f"{number}  ·  {view.description}" if view.description else number
            self.accounts.addItem(text, number)
        self.accounts.setCurrentIndex(
            max(numbers.index(view.account_no), 0) if view.account_no in numbers else 0
        )
        self.accounts.setEnabled(len(numbers) > 1)

    def _account_picked(self, index: int) -> None:
        number = self.accounts.itemData(index)
        if number and self.view is not None and number != self.view.account_no:
            self.show_account(number)

    # ---- actions on the history ----------------------------------------------------------------------
    def selected_payment(self) -> PaymentSummary | None:
        index = self.payments.currentIndex()
        if not index.isValid():
            return None
        row: Any = self.payments_model.data(index, ROW_ROLE)
        return row if isinstance(row, PaymentSummary) else None

    def _reprint(self) -> None:
        payment = self.selected_payment()
        if payment is not None:
            self.reprint_requested.emit(payment.receipt_no)

    def _void(self) -> None:
        payment = self.selected_payment()
        if payment is not None:
            self.void_requested.emit(payment.receipt_no)
