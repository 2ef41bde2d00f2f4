"""The take-payment dialog (F5): renders ``app.flows.payment_form.PaymentForm`` and posts it.

Contract:
- Everything the cashier types goes into the form; errors are shown inline (``inlineError``) with the
  field marked, and nothing is posted while the form has an error.
- Enter confirms. The first confirm disables the button and every field, and the form hands out its
  requests only once, so a double Enter or a double click posts once; each part carries the form's
  request id, so even a retry after a lost reply returns the payment already posted.
- The parts post on the database worker (``CollectionOp``, announcing "payments"); ``posted(records)``
  is emitted when all parts are in and the dialog closes. The desk prints the receipts.
- If the first part of a split posted and the second did not, the dialog stays open in "partial" state:
  Confirm retries only the missing part, with its same request id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts import AccountView
from app.errors import AbonoError
from app.flows.payment_form import PARTIAL, POSTED, FormError, PaymentForm, PostOutcome, post_parts
from app.payments import AllocationView, PaymentRecord, PaymentRequest
from ui.errors import error_text
from ui.formatting import Formatter
from ui.operations import CollectionOp, QueryOp, TaskManager
from ui.payment_part_widget import PaymentPartWidget
from ui.table_model import RowsTableModel

PREVIEW_DELAY_MS = 150


class AllocationTableModel(RowsTableModel):
    """The allocation preview: installment, due date, late fee, interest, principal, total."""

    right_aligned = frozenset({2, 3, 4, 5})

    def __init__(self, fmt: Formatter, parent: Any = None) -> None:
        super().__init__(parent)
        self._fmt = fmt

    def headers(self) -> Sequence[str]:
        return (
            self.tr("Installment"),
            self.tr("Due"),
            self.tr("Late fee"),
            self.tr("Interest"),
            self.tr("Principal"),
            self.tr("Total"),
        )

    def cell(self, row: AllocationView, column: int) -> str:
        f = self._fmt
        if column == 0:
            return str(row.installment) if row.installment is not None else self.tr("credit")
        values = (
            "",
            f.short_date(row.due_date),
            f.money(row.late_fee),
            f.money(row.interest),
            f.money(row.principal),
            f.money(row.amount),
        )
        return values[column]


class PaymentDialog(QDialog):
    posted = Signal(object)  # tuple[PaymentRecord, ...]

    def __init__(
        self,
        form: PaymentForm,
        view: AccountView,
        take: Callable[[PaymentRequest], PaymentRecord],
        preview: Callable[[str, Decimal], tuple[AllocationView, ...]],
        tasks: TaskManager,
        fmt: Formatter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.form = form
        self._view = view
        self._take = take
        self._preview = preview
        self._tasks = tasks
        self._fmt = fmt
        self._lang = tasks.lang
        self.setWindowTitle(self.tr("Take payment"))
        self.amount = QLineEdit(objectName="amount")
        self.amount.setPlaceholderText("0.00")
        self.quick_buttons: dict[str, QPushButton] = {}
        self.first = PaymentPartWidget(form.settings, with_amount=False)
        self.second = PaymentPartWidget(form.settings, with_amount=True)
        self.split = QCheckBox(self.tr("&Split between two methods"), objectName="split")
        self.second_box = QGroupBox(self.tr("Second method"))
        self.first_share = QLabel(objectName="firstShare")
        self.preview_model = AllocationTableModel(fmt, self)
        self.preview_table = QTableView(objectName="previewTable")
        self.error = QLabel(objectName="inlineError")
        self.error.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm (Enter)"), objectName="confirm")
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._run_preview)
        self._build()
        self._connect()
        self.first.set_method(form.first.method)
        self._refresh()
        self.amount.setFocus()

    # ---- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        v, f = self._view, self._fmt
        account = self.tr("Account %1").replace("%1", v.account_no)
        heading = QLabel(f"{v.customer.name}  ·  {account}", objectName="heading")
        facts = [self.tr("Overdue %1").replace("%1", f.money(v.overdue_amount))]
        if v.next_due:
            facts.append(
                self.tr("Next due %1 on %2")
                .replace("%1", f.money(v.next_due.amount))
                .replace("%2", f.short_date(v.next_due.date))
            )
        facts.append(self.tr("Payoff %1").replace("%1", f.money(v.payoff_amount)))
        summary = QLabel("  ·  ".join(facts), objectName="hint")
        quick = QHBoxLayout()
        names = {
            "overdue": self.tr("Overdue"),
            "next_due": self.tr("Next installment"),
            "payoff": self.tr("Payoff"),
        }
        for n, q in enumerate(self.form.quick_amounts(), start=1):
            button = QPushButton(
                f"{names[q.key]}  {f.money(q.amount)}  (Ctrl+{n})", objectName=f"quick_{q.key}"
            )
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, a=q.amount: self._quick(a))
            QShortcut(QKeySequence(f"Ctrl+{n}"), self, activated=button.click)
            self.quick_buttons[q.key] = button
            quick.addWidget(button)
        quick.addStretch()
        amount_form = QFormLayout()
        amount_form.addRow(self.tr("&Amount to pay"), self.amount)
        second_layout = QVBoxLayout(self.second_box)
        second_layout.addWidget(self.second)
        second_layout.addWidget(self.first_share)
        self.second_box.setVisible(False)
        self.preview_table.setModel(self.preview_model)
        self.preview_table.verticalHeader().hide()
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview_table.setMaximumHeight(150)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.confirm_button.setDefault(True)
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addLayout(amount_form)
        layout.addLayout(quick)
        layout.addWidget(self.first)
        layout.addWidget(self.split)
        layout.addWidget(self.second_box)
        layout.addWidget(line)
        layout.addWidget(QLabel(self.tr("How the payment is applied"), objectName="sectionTitle"))
        layout.addWidget(self.preview_table)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(820)

    def _connect(self) -> None:
        self.amount.textChanged.connect(self._amount_changed)
        self.first.changed.connect(self._refresh)
        self.second.changed.connect(self._refresh)
        self.second.amount.textChanged.connect(self._amount_changed)
        self.split.toggled.connect(self._split_toggled)
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)

    # ---- editing ------------------------------------------------------------------------------------
    def _quick(self, amount: Decimal) -> None:
        self.amount.setText(self._fmt.plain(amount))
        self.first.first_detail().setFocus()

    def _amount_changed(self) -> None:
        self._refresh()
        self._preview_timer.start()

    def _split_toggled(self, on: bool) -> None:
        self.form.set_split(on)
        if on and self.form.second is not None:
            self.second.set_method(self.form.second.method)
        self.second_box.setVisible(on)
        self._refresh()
        if on:
            self.second.method.setFocus()

    def _sync_form(self) -> None:
        self.form.set_amount(self.amount.text())
        self.form.set_part(0, **_fields(self.first))
        if self.form.second is not None:
            self.form.set_part(1, **_fields(self.second))

    def _refresh(self) -> None:
        """Live figures: the change for cash and the first method's share of a split."""
        if not self.form.editable:
            return
        self._sync_form()
        change = self.form.live_change()
        for part in (self.first, self.second):
            if change is None:
                part.change.setText("")
            elif change >= 0:
                part.change.setText(self._fmt.money(change))
            else:
                part.change.setText(self.tr("%1 missing").replace("%1", self._fmt.money(-change)))
        try:
            amounts = self.form.amounts()
        except Exception:
            amounts = ()
        self.first_share.setText(
            self.tr("With the first method: %1").replace("%1", self._fmt.money(amounts[1]))
            if len(amounts) == 3
            else ""
        )
        self._clear_error()

    def _run_preview(self) -> None:
        if not self.form.editable:
            return
        try:
            total = self.form.amounts()[0]
        except Exception:
            self.preview_model.set_rows([])
            return
        account_no = self._view.account_no
        QueryOp(self._tasks, self, lambda: self._preview(account_no, total), self._previewed).failure(
            self._preview_failed
        ).run()

    def _previewed(self, lines: tuple[AllocationView, ...]) -> None:
        self.preview_model.set_rows(lines)

    def _preview_failed(self, exc: Exception) -> None:
        self.preview_model.set_rows([])
        self._show_error(exc)

    # ---- errors -------------------------------------------------------------------------------------
    def _clear_error(self) -> None:
        self.error.clear()
        for part in (self.first, self.second):
            for name in (
                "amount",
                "tendered",
                "card_brand",
                "card_last4",
                "auth_code",
                "operation_number",
                "method",
            ):
                widget = part.field_widget(name)
                if widget is not None and widget.property("invalid"):
                    _mark(widget, False)
        if self.amount.property("invalid"):
            _mark(self.amount, False)

    def _show_error(self, exc: BaseException, form_error: FormError | None = None) -> None:
        self.error.setText(error_text(exc, self._lang))
        if form_error is None:
            return
        widget: QWidget | None
        if form_error.part == 0 and form_error.field == "amount":
            widget = self.amount
        else:
            part = self.first if form_error.part == 0 else self.second
            widget = part.field_widget(form_error.field)
        if widget is not None:
            _mark(widget, True)
            widget.setFocus()

    # ---- confirming ---------------------------------------------------------------------------------
    def confirm(self) -> None:
        """Check the form and post it, once; see the module contract."""
        if not self.confirm_button.isEnabled():
            return
        if self.form.editable:
            self._sync_form()
            result = self.form.check()
            if result.error is not None:
                self._show_error(result.error.error, result.error)
                return
        requests = self.form.begin_post()
        if requests is None:
            return
        self._set_editing(False)
        self.error.setText(self.tr("Saving…"))
        take = self._take
        CollectionOp(
            self._tasks,
            self,
            lambda: post_parts(requests, take),
            self._finished,
            changes=frozenset({"payments"}),
        ).run()

    def _finished(self, outcome: PostOutcome) -> None:
        self.form.finish(outcome)
        if self.form.state == POSTED:
            self.error.clear()
            self.posted.emit(self.form.posted)
            self.accept()
            return
        assert outcome.error is not None
        if self.form.state == PARTIAL:
            first = self.form.posted[0]
            self.error.setText(
                self.tr(
                    "The first part was saved (receipt %1); the second was not: %2 "
                    "Press Confirm to retry the second part."
                )
                .replace("%1", first.receipt_no)
                .replace("%2", error_text(outcome.error, self._lang))
            )
            self.confirm_button.setEnabled(True)
            self.confirm_button.setFocus()
            return
        self._set_editing(True)
        field = (
            "amount"
            if isinstance(outcome.error, AbonoError) and outcome.error.code.startswith(("amount", "account"))
            else ""
        )
        self._show_error(outcome.error, FormError(0, field, outcome.error) if field else None)

    def _set_editing(self, on: bool) -> None:
        for widget in (
            self.amount,
            self.first,
            self.second,
            self.split,
            self.confirm_button,
            *self.quick_buttons.values(),
        ):
            widget.setEnabled(on)
        self.cancel_button.setEnabled(on)

    def reject(self) -> None:
        """Esc and Cancel close the dialog, except while a post runs (its outcome must be seen)."""
        if self.form.state == "posting":
            return
        if self.form.state == PARTIAL:
            self.posted.emit(self.form.posted)
        super().reject()


def _fields(part: PaymentPartWidget) -> dict[str, str]:
    value = part.value()
    return {
        "method": value.method,
        "amount_text": value.amount_text,
        "tendered_text": value.tendered_text,
        "card_brand": value.card_brand,
        "card_last4": value.card_last4,
        "auth_code": value.auth_code,
        "operation_number": value.operation_number,
    }


def _mark(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
